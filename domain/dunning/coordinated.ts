import { localDateOf } from '../time/calendar';
import { DAY_MS, toMs } from '../time/duration';
import type { Action } from './plan';
import { nextActions, noticePlannedAt, PLAIN_SEND } from './plan';
import type { Policy } from '../policy/schema';
import type { DunningEvent, DunningState } from './state';
import { consumed, copyAction, noticeOf, touchEvent, type SendAction } from './touch-events';
import { smsRecipient } from './sms';
import { holdChange, holdWanted } from './hold';
import { indemnityCents, interestTerms, isClosed, openCallTask, tzOf } from './derived';
import type { DebtorTouchDone, InvoiceSync, PlannedTouch } from '../coordination/messages';

/**
 * The invoice's side of per-debtor coordination (docs/coordination.md): which touch it hands to its
 * debtor's workflow, when to tell the debtor, how a touch the debtor performed is recorded, and
 * when a closed invoice may end. Pure; the workflow shell performs the steps.
 */

export type Touching = Extract<Action, { kind: 'send' | 'open_call' }>;

/** What the invoice workflow does next, in either mode. */
export type InvoiceStep =
  /** A touch the debtor performed has come up: record it now. */
  | { kind: 'apply'; event: DunningEvent }
  /** Tell the debtor's workflow the invoice's picture and next touch (an activity: signal-with-start). */
  | { kind: 'sync'; sync: InvoiceSync; fingerprint: string; handed?: { key: string; at: number } }
  /** A step of the invoice's own: wait until `action.at` (news may come first), then perform it. */
  | { kind: 'perform'; action: Action }
  /**
   * The next touch is the debtor's to perform (due `at`): wait for news; at `until`, tell the debtor
   * again. `dueUntil`: the watchdog from the due time alone, as runs recorded before `until` counted
   * from the last sync waited (workflows/dunning.ts keeps them replaying so).
   */
  | { kind: 'await_debtor'; at: number; until: number; dueUntil: number; description: string }
  /** Closed: wait for the debtor to confirm nothing is in flight for this invoice, at most until `until`. */
  | { kind: 'await_ack'; until: number }
  /** Nothing planned: wait for news (a payment, a resolution, a resume). */
  | { kind: 'idle' }
  /** Closed and nothing left: the workflow returns. */
  | { kind: 'finish' };

/** Every touch has a key unique to its invoice run: `<workflow id>/<step id>`, calls `.../call/<task id>`. */
export function touchKey(workflowId: string, a: Touching): string {
  return `${workflowId}/${a.kind === 'open_call' ? `call/${a.task.taskId}` : a.stepId}`;
}

/** Calls and dunning messages go through the debtor; transactional messages (post-call, thank-you) stay local. */
export function isDelegable(s: DunningState, a: Action): a is Touching {
  if (a.kind === 'open_call') return true;
  if (a.kind !== 'send') return false;
  return !s.pending.find((p) => p.id === a.source.pendingId)?.immediate;
}

/** How long the invoice waits for a handed touch before telling the debtor again (the debtor may be gone). */
export function watchdogMs(policy: Policy): number {
  return 2 * toMs(policy.coordination.mergeWindow) + (policy.calendar.enabled ? 4 * DAY_MS : 0);
}

/** The next step of an invoice run. `coordinated`: the default mode, touches go through the debtor. */
export function planInvoice(s: DunningState, policy: Policy, now: number, coordinated: boolean): InvoiceStep {
  const actions = nextActions(s, policy, now);
  const first = actions[0];
  if (!coordinated) {
    const hold = holdChange(s, policy);
    if (hold) return { kind: 'perform', action: { kind: 'hold', at: now, change: hold, description: hold === 'place' ? 'Put the account on hold' : 'Release the account hold' } };
    return first ? { kind: 'perform', action: first } : isClosed(s) ? { kind: 'finish' } : { kind: 'idle' };
  }

  const c = s.coordination ?? { seq: 0, done: [], ackedSeq: 0 };
  const handed = isClosed(s) ? undefined : actions.find((a) => isDelegable(s, a));
  const key = handed && touchKey(s.workflowId, handed);
  const done = key !== undefined ? c.done.find((d) => d.key === key) : undefined;
  if (handed && done) return { kind: 'apply', event: { type: 'debtor_touch_applied', at: done.at, key: done.key, events: appliedEvents(s, policy, handed, done) } };

  // A touch already due at the debtor keeps the time it was handed with: only news re-syncs.
  const before = c.handed;
  const at = handed && before && key === before.key && before.at <= now && handed.at >= now ? before.at : handed?.at;
  const sync = debtorSync(s, policy, handed && { key: key!, action: handed, at: at! }, c.seq + 1);
  const fingerprint = fingerprintOf(sync);
  if (fingerprint !== c.sent) return { kind: 'sync', sync, fingerprint, handed: handed && { key: key!, at: at! } };

  if (first && handed && first === handed) {
    // The debtor has the watchdog's time from when it was last told, not only from the due time:
    // told again after the due time, it waits again (else it would be told again and again at once).
    const dueUntil = at! + watchdogMs(policy);
    const until = Math.max(at!, c.sentAt ?? at!) + watchdogMs(policy);
    return { kind: 'await_debtor', at: at!, until, dueUntil, description: `${handed.description} (by the debtor's workflow)` };
  }
  if (first) return { kind: 'perform', action: first };
  if (!isClosed(s)) return { kind: 'idle' };
  if (c.closedSeq !== undefined && c.ackedSeq < c.closedSeq) return { kind: 'await_ack', until: (s.closedAt ?? now) + toMs(policy.coordination.mergeWindow) };
  return { kind: 'finish' };
}

/** What the debtor did for `handed`, as the events the invoice would have recorded doing it itself. */
export function appliedEvents(s: DunningState, policy: Policy, handed: Touching, d: DebtorTouchDone): DunningEvent[] {
  if (handed.kind === 'open_call') {
    return [{ type: 'call_task_opened', at: d.at, task: { ...handed.task, debtorTaskId: d.debtorTaskId }, stepIndex: handed.stepIndex, followUpId: handed.followUpId }];
  }
  if (d.bounced) {
    const { stepIndex, pendingId } = consumed(handed);
    return [{ type: 'email_bounced', at: d.at, stepId: handed.stepId, template: handed.template, tone: handed.tone, email: d.bounced.email, error: d.bounced.error, attachInvoice: handed.options.attachInvoice, stepIndex, pendingId }];
  }
  if (!d.receipt) {
    return [{ type: 'send_failed', at: d.at, stepId: handed.stepId, channel: handed.channel, template: handed.template, error: d.failed ?? 'failed at the debtor', ...consumed(handed) }];
  }
  const events = [touchEvent(handed, d.receipt, d.to ?? '', noticeOf(handed, d.at, s, policy), d.at)];
  if (d.copy) events.push(touchEvent(copyAction(handed), d.copy.receipt, d.copy.to, undefined, d.at));
  return events;
}

/** A touch done by the debtor that never came up here (the invoice moved on or closed), recorded as it happened. */
export function unplannedTouchEvents(d: DebtorTouchDone, template: string): DunningEvent[] {
  if (!d.receipt) return [];
  const action = (stepId: string): SendAction => ({
    kind: 'send', at: d.at, stepId, channel: d.receipt!.channel, template: template as SendAction['template'], tone: 'friendly',
    options: PLAIN_SEND, source: {}, description: '',
  });
  const stepId = d.key.slice(d.key.lastIndexOf('/') + 1);
  const events = [touchEvent(action(stepId), d.receipt, d.to ?? '', undefined, d.at)];
  if (d.copy) events.push(touchEvent(action(`${stepId}-copy`), d.copy.receipt, d.copy.to, undefined, d.at));
  return events;
}

/** The invoice's picture for its debtor's workflow, with the touch it hands over (if any). */
export function debtorSync(s: DunningState, policy: Policy, next: { key: string; action: Touching; at: number } | undefined, seq: number): InvoiceSync {
  const tz = tzOf(s, policy);
  const ordered = [...s.contacts.slice(s.activeContact), ...s.contacts.slice(0, s.activeContact)];
  return {
    invoiceId: s.invoice.invoiceId,
    workflowId: s.workflowId,
    invoice: s.invoice,
    stage: s.stage,
    closed: isClosed(s),
    amountDueCents: s.amountDueCents,
    paidCents: s.paidCents,
    indemnityCents: indemnityCents(s, policy),
    // Kept for the protocol's first readers; the debtor computes interest from the fields below.
    penaltyRatePct: policy.penalties.contractualRatePct ?? policy.penalties.annualRatePct ?? 0,
    contractualRatePct: policy.penalties.contractualRatePct,
    noticeDate: interestTerms(s, policy).noticeDate,
    interestPaidCents: s.interestPaidCents,
    balances: s.balances,
    openTaskId: openCallTask(s)?.taskId,
    recipient: ordered.find((c) => c.email && !s.badEmails.includes(c.email)),
    addressee: s.contacts[s.activeContact],
    previousTouches: s.touches.filter((t) => t.result !== 'bounced').map((t) => ({ date: localDateOf(t.at, tz), channel: t.channel, template: t.template })),
    planned: next && withNotice(planned(next.key, next.action, next.at, s, !s.noticeFromSending), s, policy),
    // Only when true: syncs of runs without an account hold stay as they were.
    ...(holdWanted(s, policy) ? { holdWanted: true as const } : {}),
    seq,
    protocol: 2,
  };
}

/** The sync without its seq: two syncs with the same fingerprint tell the debtor the same thing. */
export function fingerprintOf(sync: InvoiceSync): string {
  return JSON.stringify({ ...sync, seq: undefined });
}

function planned(key: string, a: Touching, at: number, s: DunningState, fromPresentation: boolean): PlannedTouch {
  if (a.kind === 'open_call') {
    return {
      key, channel: 'call', at, stepId: a.task.stepId, template: a.task.script, tone: a.task.tone,
      registered: false, formalNotice: false, attachInvoice: false, copyByEmail: false,
      call: { taskId: a.task.taskId, kind: a.task.kind, objective: a.task.objective, script: a.task.script, assignee: a.task.assignee },
    };
  }
  return {
    key, channel: a.channel, at, stepId: a.stepId, template: a.template, tone: a.tone,
    registered: a.options.registered, formalNotice: a.options.formalNotice, attachInvoice: a.options.attachInvoice, copyByEmail: a.options.copyByEmail,
    ...(a.options.formalNotice && fromPresentation ? { noticeFromPresentation: true } : {}),
    ...(a.channel === 'sms' ? { smsTo: smsRecipient(s)?.phone } : {}),
  };
}

/** A notice announcement carries when the notice is planned (only then: other syncs are unchanged). */
function withNotice(p: PlannedTouch, s: DunningState, policy: Policy): PlannedTouch {
  if (p.template !== 'notice_announce') return p;
  const noticeAt = noticePlannedAt(s, policy);
  return noticeAt === undefined ? p : { ...p, noticeAt };
}
