/**
 * What every event handler of the reducer (domain/dunning/reduce.ts) is made of: the handler
 * types, and the small state changes several events share, each with its name. They mutate the
 * reducer's own copy of the state.
 */
import { addDuration } from '../../time/calendar';
import { durationToMs } from '../../time/duration';
import type { DisputeOpened } from '../../invoice/commands';
import type { Policy } from '../../policy/schema';
import { hasPendingCommitment, tzOf } from '../derived';
import { disputeTaskFor } from '../dispute-task';
import type { DunningEvent, DunningState, TraceEntry, TraceKind } from '../state';

export type EventType = DunningEvent['type'];
export type EventMap = { [E in DunningEvent as E['type']]: E };

/** What a handler may use beside the state: the policy, and the reducer itself for the events an event leads to. */
export interface Reducing {
  policy: Policy;
  apply(e: DunningEvent): void;
}

export type Handler<K extends EventType> = (s: DunningState, e: EventMap[K], r: Reducing) => void;
export type Handlers<K extends EventType> = { [T in K]: Handler<T> };

/** Runs the handler of `e` (the map's key and the event's type are the same: no cast). */
export function run<K extends EventType>(handlers: Handlers<K>, s: DunningState, e: EventMap[K] & { type: K }, r: Reducing): void {
  const handler: Handlers<K>[K] = handlers[e.type];
  handler(s, e, r);
}

export type TraceFields = Omit<TraceEntry, 'at' | 'stage' | 'kind'>;

export function trace(s: DunningState, at: number, kind: TraceKind, fields: TraceFields): void {
  s.trace.push({ at, stage: s.stage, kind, ...fields });
}

/** A cadence step was performed (or skipped, or failed for good): the cadence moves past it. */
export function consumeStep(s: DunningState, stepIndex: number | undefined): void {
  if (stepIndex !== undefined) s.nextStepIndex = Math.max(s.nextStepIndex, stepIndex + 1);
}

/** A message decided by an event has gone (or failed for good): it leaves the queue. */
export function dropPending(s: DunningState, pendingId: string | undefined): void {
  if (pendingId) s.pending = s.pending.filter((p) => p.id !== pendingId);
}

export function recordTouch(s: DunningState, e: EventMap['touch']): void {
  s.touches.push({ ...e.touch, at: e.at, amountDueCents: s.amountDueCents });
}

/** A touch recorded on a closed file: kept for the record, with no effect on the (ended) cadence. */
export function recordTouchOnly(s: DunningState, e: DunningEvent): void {
  if (e.type !== 'touch') return;
  recordTouch(s, e);
  trace(s, e.at, 'touch', { step: e.touch.stepId, channel: e.touch.channel, template: e.touch.template, outcome: e.touch.result, detail: `${e.touch.to ? `to ${e.touch.to}, ` : ''}by the debtor's workflow after the file closed` });
}

export function setAmountDue(s: DunningState, cents: number, from: string): void {
  s.amountDueCents = Math.max(0, cents);
  // Interest runs on the principal: payments applied to interest first (C. civ. 1343-1) did not reduce it.
  const principal = s.amountDueCents > 0 ? s.amountDueCents + (s.interestPaidCents ?? 0) : 0;
  const last = s.balances[s.balances.length - 1];
  if (last && last.from === from) last.amountCents = principal;
  else s.balances.push({ from, amountCents: principal });
}

export function cancelOpenTasks(s: DunningState, at: number): void {
  for (const t of s.callTasks) {
    if (t.status === 'open') {
      t.status = 'cancelled';
      t.closedAt = at;
    }
  }
}

/**
 * A dispute or a pause holds the cadence: the open call task is withdrawn from the collector's list
 * (runs recorded before kept it open until its deadline: the event says which).
 */
export function cancelHeldTasks(s: DunningState, at: number, why: string): void {
  for (const t of s.callTasks) {
    if (t.status !== 'open') continue;
    t.status = 'cancelled';
    t.closedAt = at;
    trace(s, at, 'call_task_cancelled', { step: t.stepId, channel: 'call', detail: `${t.taskId}: ${why}` });
  }
}

export function addPromise(s: DunningState, at: number, date: string, amountCents: number, via: string, settlement = false): void {
  for (const p of s.promises) if (p.status === 'pending') p.status = 'superseded';
  for (const f of s.followUps) if (f.kind === 'broken_promise_chase') f.done = true;
  const promiseId = `promise-${++s.seq}`;
  s.promises.push({ promiseId, date, amountCents, madeAt: at, via, paidAtStartCents: s.paidCents, status: 'pending', reminderSent: false, settlement });
  trace(s, at, 'promise', { detail: `${promiseId}: ${amountCents} cents by ${date}` });
}

/** A broken promise is chased by a call the next business day, daily: one chase pending at a time. */
export function scheduleChase(s: DunningState, at: number, policy: Policy): void {
  for (const f of s.followUps) if (f.kind === 'broken_promise_chase' && !f.done) f.done = true;
  s.followUps.push({ id: `chase-${++s.seq}`, kind: 'broken_promise_chase', at: addDuration(at, policy.promises.brokenChase, policy.calendar, tzOf(s, policy)), done: false });
}

export function openDispute(s: DunningState, at: number, d: DisputeOpened, via: string, policy: Policy): void {
  const disputeId = d.disputeId ?? `dispute-${++s.seq}`;
  if (s.disputes.some((x) => x.disputeId === disputeId)) return;
  // The dispute task (domain.md §3): someone resolves it by a deadline.
  const task = disputeTaskFor(s, policy, d.kind, at);
  s.disputes.push({ disputeId, kind: d.kind, details: d.details, returnDetails: d.returnDetails, openedAt: at, status: 'open', task });
  trace(s, at, 'dispute_opened', { detail: `${disputeId} (${d.kind}, via ${via}): ${d.details}` });
}

/** The file goes to litigation: the debtor is told, follow-up calls stop (formal notice and handoff come next). */
export function decideLitigation(s: DunningState, at: number, reason: string): void {
  s.litigation.reason = reason;
  s.litigation.announcedAt = at;
  for (const f of s.followUps) f.done = true;
  s.pending.push({ id: `litigation-announce-${++s.seq}`, template: 'litigation_announce', channel: 'email', tone: 'very_firm', attachInvoice: false });
  trace(s, at, 'litigation_decided', { detail: reason });
}

/** N unsuccessful touches within the window, nothing pending, no open dispute: litigation (domain.md §2). */
export function checkUnsuccessful(s: DunningState, at: number, policy: Policy): void {
  if (s.litigation.announcedAt || s.formalNotice) return;
  escalateToCreditorManager(s, at, policy);
  const windowMs = windowToMs(policy);
  const recent = s.touches.filter((t) => t.unsuccessful && t.at > at - windowMs);
  if (recent.length >= policy.unsuccessfulTouches.count && !hasPendingCommitment(s) && !s.disputes.some((d) => d.status === 'open')) {
    decideLitigation(s, at, `${recent.length} unsuccessful touches within ${policy.unsuccessfulTouches.window.n} ${policy.unsuccessfulTouches.window.unit}`);
  }
}

/**
 * After N fruitless touches the creditor's own manager takes the calls (000: "le gérant lui-même"),
 * with their script: the creditor's side of escalation. The debtor's side (the next contact) is separate.
 */
function escalateToCreditorManager(s: DunningState, at: number, policy: Policy): void {
  const e = policy.calls.creditorEscalation;
  if (!e || s.legacyCalls || s.creditorEscalatedAt !== undefined) return;
  const failed = s.touches.filter((t) => t.unsuccessful).length;
  if (failed < e.afterFailedTouches) return;
  s.creditorEscalatedAt = at;
  trace(s, at, 'creditor_escalated', { detail: `${failed} fruitless touches: the next calls go to the creditor's manager (script ${e.script})` });
}

function windowToMs(policy: Policy): number {
  const w = policy.unsuccessfulTouches.window;
  // A window in business days is read as calendar days (x7/5): the rule is about elapsed time.
  return w.unit === 'business_days' ? Math.ceil((w.n * 7) / 5) * 86_400_000 : durationToMs(w);
}
