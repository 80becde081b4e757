/**
 * A pure simulation of one debtor and its invoices in the default (coordinated) mode: the same core
 * functions the workflows run (planInvoice/reduce, planDebtor/reduceDebtor), with the shells'
 * effects replaced by queues. A seeded scheduler picks, at each tick, which run acts, which
 * message is delivered (FIFO per sender and receiver, as Temporal delivers them), when a send in
 * flight answers, when state is carried over continue-as-new (a JSON round trip), and which outside
 * event happens (payments, call outcomes, disputes). What it records is what the invariants check.
 */
import { planInvoice, type InvoiceStep } from '../../domain/dunning/coordinated';
import type { DebtorAck, DebtorProtocol, DebtorResync, DebtorSent, DebtorTouchDone, ForwardedCallOutcome, InvoiceSync, InvoiceSyncDelta } from '../../domain/coordination/messages';
import { deltaOf } from '../../domain/coordination/delta';
import { validateDebtorCall } from '../../domain/debtor/calls';
import { debtorTz, mergeWindowMs } from '../../domain/debtor/grouping';
import { planDebtor, type DebtorStep } from '../../domain/debtor/plan';
import { reduceDebtor } from '../../domain/debtor/reduce';
import { initialDebtorState, type DebtorEvent, type DebtorState, type GroupRecord } from '../../domain/debtor/state';
import type { DebtorCallOutcome, PaymentReceived } from '../../domain/invoice/commands';
import { initialState } from '../../domain/dunning/init';
import { InvoiceSchema } from '../../domain/invoice/schema';
import type { Action } from '../../domain/dunning/plan';
import { catchUpEvents } from '../../domain/dunning/plan';
import type { Policy } from '../../domain/policy/schema';
import { reduce } from '../../domain/dunning/reduce';
import type { DunningEvent, DunningState } from '../../domain/dunning/state';
import { copyAction, touchEvent } from '../../domain/dunning/touch-events';
import { validateCallOutcome } from '../../domain/dunning/validate';
import type { SendReceipt } from '../../domain/wire/vocabulary';
import { sampleInvoice } from '../helpers/fixtures';

export type InvoiceMessage =
  | { kind: 'done'; done: DebtorTouchDone }
  | { kind: 'ack'; ack: DebtorAck }
  | { kind: 'outcome'; forwarded: ForwardedCallOutcome }
  | { kind: 'payment'; payment: PaymentReceived }
  | { kind: 'sent'; sent: DebtorSent }
  | { kind: 'protocol'; protocol: DebtorProtocol }
  | { kind: 'resync'; resync: DebtorResync };
/** A sync as sent (a delta once the debtor said it reads them), with the whole picture it stands for. */
export type DebtorMessage = { kind: 'sync'; sync: InvoiceSync | InvoiceSyncDelta; whole: InvoiceSync } | { kind: 'payment'; paymentId: string; amountCents: number };

/** An outside event the property test generates. */
export type Outside =
  | { kind: 'pay'; invoice: number; share: number }
  | { kind: 'debtor_pay'; share: number }
  | { kind: 'call'; reached: boolean; promise: boolean }
  | { kind: 'dispute'; invoice: number }
  | { kind: 'resolve'; invoice: number };

export interface SimSend {
  key: string;
  channel: 'email' | 'letter' | 'sms';
  at: number;
  by: string;
  /** A dunning message (not a transactional one): counts for the merge window. */
  dunning: boolean;
}

interface InvoiceRun {
  id: string;
  workflowId: string;
  state: DunningState;
  inbox: InvoiceMessage[];
  finished: boolean;
  /** The last sync sent, whole: the run's memory (workflows/dunning/steps.ts), lost on continue-as-new. */
  lastSync?: InvoiceSync;
}

interface DebtorRun {
  state: DebtorState;
  inbox: DebtorMessage[];
  /** A send started and not yet answered (its activity is running). */
  inFlight?: { group: GroupRecord; receipt: SendReceipt; to: string; copy?: { receipt: SendReceipt; to: string } };
  closed: boolean;
  runs: number;
}

export interface SimResult {
  invoices: InvoiceRun[];
  debtors: DebtorState[];
  sends: SimSend[];
  steps: number;
  now: number;
  stuck: string[];
  /** Protocol 3: a sync the debtor held that is not the picture the invoice sent with that seq. */
  mismatches: string[];
  /** Syncs sent whole and as deltas. */
  syncs: { whole: number; delta: number };
}

const receipt = (key: string, channel: 'email' | 'letter' | 'sms'): SendReceipt => ({ messageId: `m:${key}`, channel, duplicate: false, provider: 'sim' });

export class Sim {
  now: number;
  readonly invoices: InvoiceRun[];
  debtor: DebtorRun;
  readonly sends: SimSend[] = [];
  readonly finishedDebtors: DebtorState[] = [];
  readonly mismatches: string[] = [];
  readonly syncs = { whole: 0, delta: 0 };
  private steps = 0;

  constructor(
    readonly policy: Policy,
    start: number,
    invoiceCount: number,
    private readonly random: () => number,
  ) {
    this.now = start;
    this.debtor = this.newDebtor();
    this.invoices = Array.from({ length: invoiceCount }, (_, i) => {
      const invoice = InvoiceSchema.parse(sampleInvoice({ invoiceId: `INV-${i + 1}`, amountCents: 100_000 * (i + 1), dueDate: '2027-02-03' }));
      const workflowId = `dunning-INV-${i + 1}`;
      let state = initialState(workflowId, invoice, start + i * 1000);
      for (const e of catchUpEvents(state, policy, start)) state = reduce(state, e, policy);
      return { id: invoice.invoiceId, workflowId, state, inbox: [], finished: false };
    });
  }

  private newDebtor(): DebtorRun {
    // A debtor run started today reads deltas (patched 'sync-deltas').
    const state: DebtorState = { ...initialDebtorState('ACME', this.now, `run${(this.debtor?.runs ?? 0) + 1}xxxx`), deltas: true };
    return { state, inbox: [], closed: false, runs: (this.debtor?.runs ?? 0) + 1 };
  }

  /** Runs until every run is finished or nothing can happen any more; outside events are spread over the run. */
  run(outside: Outside[], maxSteps = 5_000): SimResult {
    let pending = [...outside];
    while (this.steps < maxSteps) {
      const moves = this.moves();
      if (pending.length && this.random() < 0.08) {
        this.outside(pending[0]);
        pending = pending.slice(1);
        continue;
      }
      if (moves.length) {
        moves[Math.floor(this.random() * moves.length)]();
        this.steps += 1;
        continue;
      }
      const next = this.nextDeadline();
      if (next === undefined) {
        if (!pending.length) break;
        this.outside(pending[0]);
        pending = pending.slice(1);
        continue;
      }
      this.now = Math.max(this.now + 1, next);
    }
    return { invoices: this.invoices, debtors: [...this.finishedDebtors, this.debtor.state], sends: this.sends, steps: this.steps, now: this.now, stuck: this.stuck(), mismatches: this.mismatches, syncs: this.syncs };
  }

  /** Every move possible now; each is a closure that performs it. */
  private moves(): Array<() => void> {
    const out: Array<() => void> = [];
    for (const inv of this.invoices) {
      if (inv.finished) continue;
      if (inv.inbox.length) out.push(() => this.receiveInvoice(inv));
      if (this.invoiceCanAct(inv)) out.push(() => this.actInvoice(inv));
      if (this.random() < 0.02) out.push(() => this.invoiceContinuesAsNew(inv));
    }
    const d = this.debtor;
    if (d.inbox.length) out.push(() => this.receiveDebtor());
    // The debtor continues as new only between steps (no send in flight), with its state carried.
    if (!d.inFlight && !d.closed && this.random() < 0.02) out.push(() => (d.state = JSON.parse(JSON.stringify(d.state)) as DebtorState));
    if (d.inFlight) out.push(() => this.answerSend());
    else if (!d.closed && this.debtorCanAct()) out.push(() => this.actDebtor());
    return out;
  }

  // --- invoices -----------------------------------------------------------------------------
  /** The invoice's next step; planned once per state and instant (the sim asks several times a tick). */
  private readonly planned = new WeakMap<DunningState, { now: number; step: InvoiceStep }>();
  private stepOf(inv: InvoiceRun): InvoiceStep {
    const memo = this.planned.get(inv.state);
    if (memo && memo.now === this.now) return memo.step;
    const step = planInvoice(inv.state, this.policy, this.now, true);
    this.planned.set(inv.state, { now: this.now, step });
    return step;
  }

  private dispatch(inv: InvoiceRun, e: DunningEvent): void {
    inv.state = reduce(inv.state, e, this.policy);
  }

  private invoiceCanAct(inv: InvoiceRun): boolean {
    const step = this.stepOf(inv);
    switch (step.kind) {
      case 'idle':
        return false;
      case 'perform':
        return step.action.at <= this.now;
      case 'await_debtor':
      case 'await_ack':
        return step.until <= this.now;
      default:
        return true;
    }
  }

  /** Continue-as-new: the state carried (a JSON round trip), the memory lost. */
  private invoiceContinuesAsNew(inv: InvoiceRun): void {
    inv.state = JSON.parse(JSON.stringify(inv.state)) as DunningState;
    inv.lastSync = undefined;
  }

  private actInvoice(inv: InvoiceRun): void {
    const step = this.stepOf(inv);
    switch (step.kind) {
      case 'apply':
        return this.dispatch(inv, step.event);
      case 'sync': {
        // As the shell does: a delta on the last sync sent, once the debtor said it reads them.
        const c = inv.state.coordination;
        const base = inv.lastSync;
        const sync = c?.deltas && base?.seq !== undefined && base.seq === c.seq ? deltaOf(base, step.sync) : step.sync;
        this.toDebtor({ kind: 'sync', sync, whole: step.sync });
        inv.lastSync = step.sync;
      }
        return this.dispatch(inv, { type: 'debtor_sync_sent', at: this.now, seq: step.sync.seq ?? 0, fingerprint: step.fingerprint, handed: step.handed, closed: step.sync.closed });
      case 'await_debtor':
        return this.dispatch(inv, { type: 'debtor_sync_expired', at: this.now });
      case 'await_ack':
        return this.dispatch(inv, { type: 'debtor_ack_timeout', at: this.now });
      case 'perform':
        return this.performLocal(inv, step.action);
      case 'finish':
        inv.finished = true;
        return;
      case 'idle':
        return;
    }
  }

  private performLocal(inv: InvoiceRun, a: Action): void {
    const at = this.now;
    switch (a.kind) {
      case 'event':
        return this.dispatch(inv, { ...a.event, at });
      case 'open_call':
        return this.dispatch(inv, { type: 'call_task_opened', at, task: a.task, stepIndex: a.stepIndex, followUpId: a.followUpId });
      case 'handoff':
        return this.dispatch(inv, { type: 'handed_off', at, reference: `LIT-${inv.id}`, location: 'sim', route: 'sim' });
      case 'send': {
        const key = `${inv.workflowId}/${a.stepId}`;
        const pending = inv.state.pending.find((p) => p.id === a.source.pendingId);
        this.sends.push({ key, channel: a.channel, at, by: inv.workflowId, dunning: !pending?.immediate });
        this.dispatch(inv, touchEvent(a, receipt(key, a.channel), 'sim', undefined, at));
        if (a.channel === 'letter' && a.options.copyByEmail) {
          this.sends.push({ key: `${key}-copy`, channel: 'email', at, by: inv.workflowId, dunning: false });
          this.dispatch(inv, touchEvent(copyAction(a), receipt(`${key}-copy`, 'email'), 'sim', undefined, at));
        }
        return;
      }
    }
  }

  private receiveInvoice(inv: InvoiceRun): void {
    const m = inv.inbox.shift()!;
    const at = this.now;
    switch (m.kind) {
      case 'done':
        return this.dispatch(inv, { type: 'debtor_touch_done', at, done: m.done });
      case 'ack':
        return this.dispatch(inv, { type: 'debtor_ack', at, seq: m.ack.seq });
      case 'sent':
        return this.dispatch(inv, { type: 'debtor_sent', at, sent: m.sent });
      case 'payment':
        return this.dispatch(inv, { type: 'payment', at, payment: m.payment, today: '2027-02-03' });
      case 'protocol':
        return this.dispatch(inv, { type: 'debtor_protocol', at, protocol: m.protocol.protocol });
      case 'resync':
        return this.dispatch(inv, { type: 'debtor_resync', at, seq: m.resync.seq });
      case 'outcome': {
        const problem = validateCallOutcome(inv.state, this.policy, at, m.forwarded.outcome);
        return this.dispatch(inv, problem ? { type: 'signal_rejected', at, signal: 'callOutcomeForwarded', error: problem } : { type: 'call_completed', at, outcome: m.forwarded.outcome, viaDebtor: true, debtorAttempts: m.forwarded.debtorAttempts });
      }
    }
  }

  // --- the debtor ---------------------------------------------------------------------------
  private toDebtor(m: DebtorMessage): void {
    // Signal-with-start: a message to a debtor whose run ended starts a new run.
    // The activity never starts a run with a delta: it asks the invoice run for the whole picture.
    if (this.debtor.closed) {
      this.finishedDebtors.push(this.debtor.state);
      this.debtor = this.newDebtor();
      if (m.kind === 'sync') m = { ...m, sync: m.whole };
    }
    if (m.kind === 'sync') this.syncs[m.sync.protocol === 3 ? 'delta' : 'whole'] += 1;
    this.debtor.inbox.push(m);
  }

  private dispatchDebtor(e: DebtorEvent): void {
    this.debtor.state = reduceDebtor(this.debtor.state, e, this.policy);
  }

  private receiveDebtor(): void {
    const m = this.debtor.inbox.shift()!;
    if (m.kind === 'sync') {
      this.dispatchDebtor({ type: 'sync', at: this.now, sync: JSON.parse(JSON.stringify(m.sync)) as InvoiceSync | InvoiceSyncDelta });
      // Whatever the debtor holds under this seq is the picture the invoice sent (the amount due
      // aside: the debtor lowers it at once on a debtor-level payment).
      const held = this.debtor.state.invoices[m.whole.invoiceId];
      const same = (x: InvoiceSync) => JSON.stringify(Object.entries({ ...x, amountDueCents: 0 }).sort(([a], [b]) => (a < b ? -1 : 1)));
      if (held?.seq === m.whole.seq && same(held) !== same(JSON.parse(JSON.stringify(m.whole)) as InvoiceSync)) this.mismatches.push(`${m.whole.invoiceId} seq ${m.whole.seq}`);
    } else this.dispatchDebtor({ type: 'payment', at: this.now, payment: { paymentId: m.paymentId, amountCents: m.amountCents } });
  }

  private readonly debtorPlanned = new WeakMap<DebtorState, { now: number; step: DebtorStep }>();
  private debtorStep(): DebtorStep {
    const memo = this.debtorPlanned.get(this.debtor.state);
    if (memo && memo.now === this.now) return memo.step;
    const step = planDebtor(this.debtor.state, this.policy, this.now);
    this.debtorPlanned.set(this.debtor.state, { now: this.now, step });
    return step;
  }

  private debtorCanAct(): boolean {
    const step = this.debtorStep();
    return step.kind !== 'wait' || (step.until !== undefined && step.until <= this.now);
  }

  private actDebtor(): void {
    const d = this.debtor;
    const step = this.debtorStep();
    switch (step.kind) {
      case 'deliver': {
        const n = step.notice;
        const inv = this.invoices.find((i) => i.workflowId === n.workflowId);
        if (!inv || inv.finished) return this.dispatchDebtor({ type: 'notice_undeliverable', at: this.now, id: n.id, error: 'workflow completed' });
        if (n.kind === 'done') inv.inbox.push({ kind: 'done', done: n.done });
        else if (n.kind === 'ack') inv.inbox.push({ kind: 'ack', ack: n.ack });
        else if (n.kind === 'outcome') inv.inbox.push({ kind: 'outcome', forwarded: n.forwarded });
        else if (n.kind === 'payment') inv.inbox.push({ kind: 'payment', payment: n.payment });
        else if (n.kind === 'sent') inv.inbox.push({ kind: 'sent', sent: n.sent });
        else if (n.kind === 'protocol') inv.inbox.push({ kind: 'protocol', protocol: n.protocol });
        else if (n.kind === 'resync') inv.inbox.push({ kind: 'resync', resync: n.resync });
        // The simulation never opens insolvency proceedings.
        return this.dispatchDebtor({ type: 'notice_delivered', at: this.now, id: n.id });
      }
      case 'event':
        return this.dispatchDebtor(step.event);
      case 'followup': {
        const key = `debtor-ACME/${step.followUp.id}`;
        this.sends.push({ key, channel: 'email', at: this.now, by: 'debtor', dunning: false });
        return this.dispatchDebtor({ type: 'followup_done', at: this.now, id: step.followUp.id, template: 'call_followup', receipt: receipt(key, 'email'), to: 'sim' });
      }
      case 'send': {
        const key = `debtor-ACME/${step.group.groupId}`;
        this.dispatchDebtor({ type: 'send_started', at: this.now, group: step.group });
        this.sends.push({ key, channel: step.group.channel === 'letter' ? 'letter' : 'email', at: this.now, by: 'debtor', dunning: true });
        const copy = step.group.channel === 'letter' && step.lead.copyByEmail && step.lead.lead.recipient ? { receipt: receipt(`${key}-copy`, 'email'), to: 'sim' } : undefined;
        if (copy) this.sends.push({ key: `${key}-copy`, channel: 'email', at: this.now, by: 'debtor', dunning: false });
        d.inFlight = { group: step.group, receipt: receipt(key, step.group.channel === 'letter' ? 'letter' : 'email'), to: 'sim', copy };
        return;
      }
      case 'brief':
        // The merged call's brief file (a file, not a send): written at once.
        return this.dispatchDebtor({ type: 'call_brief_ready', at: this.now, debtorTaskId: step.debtorTaskId, path: `briefs/debtor-ACME/${step.debtorTaskId}.md` });
      case 'wait':
        return;
      case 'close':
        d.closed = true;
        return;
    }
  }

  private answerSend(): void {
    const f = this.debtor.inFlight!;
    this.debtor.inFlight = undefined;
    this.dispatchDebtor({ type: 'send_done', at: this.now, groupId: f.group.groupId, receipt: f.receipt, to: f.to, copy: f.copy });
  }

  // --- the outside world ----------------------------------------------------------------------
  private outside(o: Outside): void {
    const inv = 'invoice' in o ? this.invoices[o.invoice % this.invoices.length] : undefined;
    switch (o.kind) {
      case 'pay': {
        const amount = Math.max(1, Math.floor(inv!.state.amountDueCents * o.share));
        if (!inv!.finished) inv!.inbox.push({ kind: 'payment', payment: { paymentId: `P-${this.steps}-${inv!.id}`, amountCents: amount } });
        return;
      }
      case 'debtor_pay':
        return this.toDebtor({ kind: 'payment', paymentId: `DP-${this.steps}`, amountCents: Math.max(1, Math.floor(250_000 * o.share)) });
      case 'call': {
        const task = this.debtor.state.callTasks.find((t) => t.status === 'open');
        if (!task || this.debtor.closed) return;
        const outcome: DebtorCallOutcome = { debtorTaskId: task.debtorTaskId, reached: o.reached, shares: [] };
        if (o.reached && o.promise) outcome.promiseAll = { date: '2027-02-20' };
        const s = this.debtor.state;
        if (validateDebtorCall(s, this.policy, this.now, debtorTz(s, this.policy), outcome)) return; // refused by the update validator
        return this.dispatchDebtor({ type: 'call_completed', at: this.now, outcome });
      }
      case 'dispute':
        if (!inv!.finished) this.dispatch(inv!, { type: 'dispute_opened', at: this.now, dispute: { disputeId: `D-${inv!.id}`, kind: 'commercial', details: 'price differs' } });
        return;
      case 'resolve':
        if (!inv!.finished) this.dispatch(inv!, { type: 'dispute_resolved', at: this.now, resolution: { disputeId: `D-${inv!.id}`, resolution: 'resume' }, today: '2027-02-03' });
        return;
    }
  }

  // --- time -----------------------------------------------------------------------------------
  /** The earliest time at which some run wants to act; undefined when every run waits on news only. */
  private nextDeadline(): number | undefined {
    const times: number[] = [];
    for (const inv of this.invoices) {
      if (inv.finished) continue;
      const step = this.stepOf(inv);
      if (step.kind === 'perform') times.push(step.action.at);
      if (step.kind === 'await_debtor' || step.kind === 'await_ack') times.push(step.until);
    }
    if (!this.debtor.closed) {
      const step = this.debtorStep();
      if (step.kind === 'wait' && step.until !== undefined) times.push(step.until);
    }
    return times.length ? Math.min(...times) : undefined;
  }

  /** Runs left that can never move again: open, with no deadline and no message on the way. */
  private stuck(): string[] {
    const out: string[] = [];
    for (const inv of this.invoices) {
      if (inv.finished) continue;
      const step = this.stepOf(inv);
      // A disputed or paused invoice waits for a person: that is not stuck.
      const waitsForPerson = inv.state.stage === 'disputed' || inv.state.stage === 'paused';
      if (step.kind === 'idle' && !waitsForPerson) out.push(`${inv.workflowId}: idle in stage ${inv.state.stage}`);
    }
    return out;
  }

  windowMs(): number {
    return mergeWindowMs(this.policy);
  }
}
