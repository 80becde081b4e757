import { expect, it } from 'vitest';
import { CallOutcomeSchema, type CallOutcomeInput, type DisputeOpened, type DisputeResolved } from '../../../domain/invoice/commands';
import { initialState } from '../../../domain/dunning/init';
import { InvoiceSchema, type Contact, type InvoiceInput } from '../../../domain/invoice/schema';
import { catchUpEvents, nextActions, type Action } from '../../../domain/dunning/plan';
import { noticeOf } from '../../../domain/dunning/touch-events';
import { DEFAULT_POLICY } from '../../../domain/policy/parse';
import { PolicySchema, type Policy, type PolicyInput } from '../../../domain/policy/schema';
import { DEFAULT_POLICY_INPUT } from '../../../domain/policy/default';
import { reduce } from '../../../domain/dunning/reduce';
import type { DunningEvent, DunningState } from '../../../domain/dunning/state';
import { validateCallOutcome } from '../../../domain/dunning/validate';
import { tzOf } from '../../../domain/dunning/derived';
import { sampleInvoice } from '../../helpers/fixtures';

/**
 * The pure mirror of the workflow shell (workflows/dunning.ts), for unit tests of the core:
 * no Temporal, no wall clock. A `Shell` holds (state, policy, now) and does what the workflow
 * loop does:
 *
 *   - at start: `initialState` then every `catchUpEvents` (late import);
 *   - repeatedly: take `nextActions(state, policy, now)[0]`, move the clock to its `at` (never
 *     back: an action already due runs "now", as the workflow stamps it), and perform it like
 *     `perform`/`send` do:
 *       'event'     -> dispatch its event, stamped with the instant it runs;
 *       'open_call' -> dispatch `call_task_opened` (task, stepIndex, followUpId);
 *       'send'      -> dispatch a `touch` of the exact shape of `touchEvent` (the formal notice
 *                      carries `noticeOf`: from the first presentation); a letter with `copyByEmail` is followed by
 *                      its email copy (`<stepId>-copy`, no source); an email with no usable
 *                      address goes as a letter; an address listed in `bouncing` gives
 *                      `email_bounced` instead (the provider's 4xx);
 *       'handoff'   -> dispatch `handed_off` (reference `LIT-<invoiceId>`, as the recording activity).
 *   - scripted news (call outcomes, payments, disputes...) is applied at its instant, after every
 *     action due at or before that instant (a timer that is due fires before a signal arriving then).
 *     Call outcomes go through `validateCallOutcome` first, as the update validator does; a refused
 *     outcome throws, so a wrong script fails loudly.
 *
 * Not mirrored: the per-debtor coordinated mode, call brief files, continue-as-new, and activity
 * failures other than a bounce (send_failed, handoff_failed): the rows here are about the rules.
 * Run the core alone: npx vitest run --project unit test/unit/core
 */
export class Shell {
  state: DunningState;
  now: number;
  readonly policy: Policy;
  readonly bouncing: readonly string[];
  /** Every action the shell performed, with the instant it ran. */
  readonly performed: Array<{ at: number; action: Action }> = [];

  private constructor(state: DunningState, policy: Policy, now: number, bouncing: readonly string[]) {
    this.state = state;
    this.policy = policy;
    this.now = now;
    this.bouncing = bouncing;
  }

  /** A workflow started at `at` (ISO with Z) for the sample invoice, changed by `invoice`. */
  static start(opts: { at: string; invoice?: Partial<InvoiceInput>; policy?: Policy; bouncing?: string[]; fieldRules?: boolean; disputeDeadlines?: boolean }): Shell {
    const policy = opts.policy ?? DEFAULT_POLICY;
    const invoice = InvoiceSchema.parse(sampleInvoice(opts.invoice));
    const now = utc(opts.at);
    // fieldRules: a run started since visits and approvals (workflows/dunning.ts sets it behind patched()).
    const state = initialState(`dunning-${invoice.invoiceId}`, invoice, now);
    // disputeDeadlines: a run started since dispute tasks wake at their deadline (patched() too).
    const flagged = { ...state, ...(opts.fieldRules ? { fieldRules: true as const } : {}), ...(opts.disputeDeadlines ? { disputeDeadlines: true as const } : {}) };
    const sh = new Shell(flagged, policy, now, opts.bouncing ?? []);
    for (const e of catchUpEvents(sh.state, policy, now)) sh.apply(e);
    return sh;
  }

  get tz(): string {
    return tzOf(this.state, this.policy);
  }

  /** What the workflow would do next, and when. */
  next(): Action | undefined {
    return nextActions(this.state, this.policy, this.now)[0];
  }

  /** Performs every action due at or before `until`, then sets the clock to `until`. */
  runUntil(until: string | number): this {
    const limit = typeof until === 'number' ? until : utc(until);
    if (limit < this.now) throw new Error(`cannot run back to ${new Date(limit).toISOString()}: the clock is at ${new Date(this.now).toISOString()}`);
    for (let i = 0; ; i++) {
      if (i > 2000) throw new Error(`more than 2000 actions before ${new Date(limit).toISOString()}: the plan loops`);
      const a = this.next();
      if (!a || a.at > limit) break;
      this.perform(a);
    }
    this.now = limit;
    return this;
  }

  /** Runs until nothing is planned any more (the file closed and its last messages went). */
  runToEnd(limit = '2035-01-01T00:00:00Z'): this {
    this.runUntil(limit);
    if (this.next()) throw new Error(`still running at ${limit}: next ${this.next()!.description}`);
    return this;
  }

  /** Scripted news at `at`: anything the shell would dispatch from a signal (an event's own `at` is replaced by the instant). */
  news(at: string, make: DunningEvent | ((s: DunningState, at: number) => DunningEvent)): this {
    this.runUntil(at);
    this.apply(typeof make === 'function' ? make(this.state, this.now) : { ...make, at: this.now });
    return this;
  }

  /** The collector's outcome (`taskId` defaults to the open task), validated like the update. */
  complete(at: string, outcome: Omit<CallOutcomeInput, 'taskId'> & { taskId?: string }): this {
    this.runUntil(at);
    const taskId = outcome.taskId ?? this.state.callTasks.find((t) => t.status === 'open')?.taskId ?? 'no-open-task';
    const parsed = CallOutcomeSchema.parse({ ...outcome, taskId });
    const problem = validateCallOutcome(this.state, this.policy, this.now, parsed);
    if (problem) throw new Error(`outcome refused at ${at}: ${problem}`);
    this.apply({ type: 'call_completed', at: this.now, outcome: parsed });
    return this;
  }

  pay(at: string, paymentId: string, amountCents: number): this {
    return this.news(at, (_s, now) => ({ type: 'payment', at: now, payment: { paymentId, amountCents }, today: this.localDate(now) }));
  }

  openDispute(at: string, dispute: DisputeOpened): this {
    return this.news(at, (_s, now) => ({ type: 'dispute_opened', at: now, dispute }));
  }

  resolveDispute(at: string, resolution: DisputeResolved): this {
    return this.news(at, (_s, now) => ({ type: 'dispute_resolved', at: now, resolution, today: this.localDate(now) }));
  }

  apply(e: DunningEvent): void {
    this.state = reduce(this.state, e, this.policy);
  }

  private localDate(ms: number): string {
    return localDateTime(ms, this.tz).slice(0, 10);
  }

  /** `perform` + `send` of workflows/dunning.ts, with activities that always succeed. */
  private perform(a: Action): void {
    const at = Math.max(a.at, this.now);
    this.now = at;
    this.performed.push({ at, action: a });
    switch (a.kind) {
      case 'event':
        return this.apply({ ...a.event, at });
      case 'open_call':
        return this.apply({ type: 'call_task_opened', at, task: a.task, stepIndex: a.stepIndex, followUpId: a.followUpId });
      case 'handoff':
        return this.apply({ type: 'handed_off', at, reference: `LIT-${this.state.invoice.invoiceId}`, location: `outbox/litigation/${this.state.invoice.invoiceId}`, route: 'injonction_de_payer' });
      case 'send':
        return this.send(a, at);
      // docs/field.md: the task opens (the documents are activities, not mirrored), a reminder counts.
      case 'open_visit':
        return this.apply({ type: 'visit_task_opened', at, task: a.task, stepIndex: a.stepIndex });
      case 'open_approval':
        return this.apply({ type: 'approval_opened', at, approvalId: a.approvalId, step: a.step, approver: a.approver });
      case 'remind_approval':
        return this.apply({ type: 'approval_reminded', at, approvalId: a.approvalId });
    }
  }

  private send(a: Extract<Action, { kind: 'send' }>, at: number): void {
    const s = this.state;
    const notice = noticeOf(a, at, s, this.policy);
    const contact = s.contacts[s.activeContact];
    const emailContact: Contact | undefined = [...s.contacts.slice(s.activeContact), ...s.contacts.slice(0, s.activeContact)].find((c) => c.email && !s.badEmails.includes(c.email));
    const channel = a.channel === 'email' && !emailContact ? 'letter' : a.channel;
    if (channel === 'letter') {
      this.apply(touchEvent(a, 'letter', contact.name, notice, at));
      if (a.options.copyByEmail && emailContact) this.apply(touchEvent({ ...a, stepId: `${a.stepId}-copy`, source: {}, options: { ...a.options, formalNotice: false } }, 'email', emailContact.email!, undefined, at));
      return;
    }
    const email = emailContact!.email!;
    if (this.bouncing.includes(email)) {
      this.apply({ type: 'email_bounced', at, stepId: a.stepId, template: a.template, tone: a.tone, email, error: '550 mailbox unavailable', attachInvoice: a.options.attachInvoice, stepIndex: a.source.stepIndex, pendingId: a.source.pendingId });
      return;
    }
    this.apply(touchEvent(a, 'email', email, undefined, at));
  }
}

/** `touchEvent` of workflows/dunning.ts, the receipt being that of an activity that succeeded. */
function touchEvent(a: Extract<Action, { kind: 'send' }>, channel: 'email' | 'letter', to: string, notice: ReturnType<typeof noticeOf>, at: number): DunningEvent {
  const receipt = { channel, messageId: `msg-${a.stepId}`, path: channel === 'letter' ? `outbox/${a.stepId}.pdf` : undefined, trackingNumber: undefined };
  return {
    type: 'touch',
    at,
    touch: { stepId: a.stepId, channel: receipt.channel, template: a.template, tone: a.tone, to, result: 'sent', unsuccessful: false, messageId: receipt.messageId, path: receipt.path, trackingNumber: receipt.trackingNumber },
    stepIndex: a.source.stepIndex,
    pendingId: a.source.pendingId,
    promiseId: a.source.promiseId,
    instalmentSeq: a.source.instalmentSeq,
    gap: a.source.gap,
    formalNotice: notice,
  };
}

// ---------- time, without the machine's zone or locale ----------

/** An instant written as ISO with an explicit Z (or offset). */
export function utc(iso: string): number {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso)) throw new Error(`write instants with Z: ${iso}`);
  return Date.parse(iso);
}

export const iso = (ms: number): string => new Date(ms).toISOString();

const formatters = new Map<string, Intl.DateTimeFormat>();
/** `YYYY-MM-DD HH:MM` in the given IANA zone (Europe/Paris by default). */
export function localDateTime(ms: number, tz = 'Europe/Paris'): string {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Touches as `YYYY-MM-DD HH:MM channel template result` (local time in `tz`). */
export function touchLines(s: DunningState, tz = 'Europe/Paris'): string[] {
  return s.touches.map((t) => `${localDateTime(t.at, tz)} ${t.channel} ${t.template} ${t.result}`);
}

/** Call tasks as `taskId kind YYYY-MM-DD HH:MM` (opened, local time in `tz`). */
export function taskLines(s: DunningState, tz = 'Europe/Paris'): string[] {
  return s.callTasks.map((t) => `${t.taskId} ${t.kind} ${localDateTime(t.openedAt, tz)}`);
}

/** The default policy with some fields replaced (calls merged field by field). */
export function policyWith(over: Partial<Omit<PolicyInput, 'calls'>> & { calls?: Partial<PolicyInput['calls']> }): Policy {
  return PolicySchema.parse({ ...DEFAULT_POLICY_INPUT, ...over, calls: { ...DEFAULT_POLICY_INPUT.calls, ...over.calls } });
}

/** The next planned action as `kind stepId YYYY-MM-DD HH:MM` (local time in `tz`), or 'nothing'. */
export function nextLine(sh: Shell, tz = 'Europe/Paris'): string {
  const a = sh.next();
  if (!a) return 'nothing';
  const id = a.kind === 'open_call' ? a.task.stepId : a.kind === 'send' ? a.stepId : a.kind === 'event' ? a.event.type : 'litigation';
  return `${a.kind} ${id} ${localDateTime(a.at, tz)}`;
}

/** Trace entries of some kinds as `YYYY-MM-DD HH:MM stage kind` (Paris time). */
export function traceLines(s: DunningState, kinds: string[], tz = 'Europe/Paris'): string[] {
  return s.trace.filter((t) => kinds.includes(t.kind)).map((t) => `${localDateTime(t.at, tz)} ${t.stage} ${t.kind}`);
}

/** Computed once, on first use: several rows read the same scenario. */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value as T;
  };
}

// ---------- tables ----------

/**
 * One row of a rule table: what the spec says (rule, section), what to look at, and the value
 * the spec calls for. `today` is set when the code disagrees with the spec: the row then runs as
 * `it.fails` (green while the gap is there, red once the code is fixed: then drop `today`).
 * CORE_SHOW_GAPS=1 runs those rows as plain tests, to see what the code does instead.
 */
export interface Row<T> {
  rule: string;
  spec: string;
  today?: string;
  observe: () => T;
  expected: T;
}

export function table<T>(rows: Array<Row<T>>): void {
  const named = (r: Row<T>): [string, Row<T>] => [`${r.spec} ${r.rule}${r.today === undefined ? '' : ` [spec gap; today: ${r.today}]`}`, r];
  const check = (_name: string, r: Row<T>) => expect(r.observe()).toEqual(r.expected);
  const agree = rows.filter((r) => r.today === undefined).map(named);
  const gaps = rows.filter((r) => r.today !== undefined).map(named);
  if (agree.length) it.each(agree)('%s', check);
  if (gaps.length) (process.env.CORE_SHOW_GAPS === '1' ? it : it.fails).each(gaps)('%s', check);
}
