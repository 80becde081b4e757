/**
 * The call rules of docs/calls.md, pure: which call is a fruitless touch (domain.md §2, 003 §10), when
 * a call may come under the cap of calls per 30 days (domain.md §8), and the calls follow-ups ask for
 * (a call-back agreed holds the cadence's calls). Shared by the invoice's planner and reducer and by
 * the debtor's grouping.
 */
import type { CallOutcome } from '../invoice/commands';
import { DAY_MS } from '../time/duration';
import type { CallTaskKind, Tone } from '../wire/vocabulary';
import { openCallTask } from './derived';
import type { DunningState } from './state';

/** Reasons that explain the delay without refusing to pay: the invoice never arrived, is wrong, or the goods went back. */
export const LEGITIMATE_REASONS: ReadonlyArray<NonNullable<CallOutcome['reason']>> = ['not_received', 'invoice_wrong', 'goods_returned'];

/**
 * A fruitless call: unanswered, or answered with neither a dated promise, plan, settlement, dispute,
 * document to resend, better contact, confirmation that the invoice is validated and paid at term,
 * agreed call-back, pause after a tense call, nor a legitimate reason. A cordial pre-due call never is.
 * `legacy`: the rule of runs started before (any call without a commitment, pre-due calls included).
 */
export function isFruitlessCall(kind: CallTaskKind, o: CallOutcome, legacy = false): boolean {
  const committed = Boolean(o.promise || o.plan || o.dispute || o.settlement || o.documentRequested || o.contactUpdate);
  if (legacy) return !committed;
  if (kind === 'pre_due') return false;
  if (!o.reached) return true;
  const explained = Boolean(o.confirmedAtTerm || o.callBack || o.tense || (o.reason && LEGITIMATE_REASONS.includes(o.reason)));
  return !committed && !explained;
}

export const CALL_CAP_WINDOW_MS = 30 * DAY_MS;

/**
 * The earliest instant at or after `at` when one more call keeps at most `cap` calls in any 30 days,
 * given the instants of the calls made (none of them after now). Calls made after `at` count too: a
 * planned time already past is moved to "now" by the planner, and must not slip past the cap then.
 */
export function underCallCap(at: number, calls: readonly number[], cap: number): number {
  let t = at;
  for (;;) {
    const recent = calls.filter((c) => c > t - CALL_CAP_WINDOW_MS);
    if (recent.length < cap) return t;
    // The window allows one more call once the oldest of its last `cap` calls has left it.
    const sorted = [...recent].sort((a, b) => a - b);
    t = sorted[recent.length - cap] + CALL_CAP_WINDOW_MS;
  }
}

/** A call's outcome in a few words, for the collector's answer, the brief and merged follow-ups. */
export function callOutcomeWord(o: CallOutcome): string {
  if (o.promise || o.plan || o.dispute || o.settlement) return o.promise ? 'promise' : o.plan ? 'plan' : o.dispute ? 'dispute' : 'settlement';
  if (o.callBack) return `call back ${o.callBack.date}${o.callBack.time ? ` ${o.callBack.time}` : ''}`;
  return o.tense ? 'tense: call back later' : o.confirmedAtTerm ? 'confirmed, paid at term' : o.reached ? 'reached' : 'unreached';
}

/** Every call attempt made on this invoice (reached or not). */
export function callAttemptTimes(s: DunningState): number[] {
  return s.touches.filter((t) => t.channel === 'call' && (t.result === 'reached' || t.result === 'unreached')).map((t) => t.at);
}

/** The call a follow-up asks for: a document check, a broken-promise chase, a call-back. */
export function followUpCall(f: DunningState['followUps'][number]): { kind: CallTaskKind; script: string; tone: Tone; objective: string } {
  if (f.kind === 'document') return { kind: 'document_follow_up', script: 'call_1', tone: 'friendly_firm', objective: 'Check the document resent was received and get a payment date.' };
  if (f.kind === 'broken_promise_chase') return { kind: 'broken_promise', script: 'broken_promise', tone: 'firm', objective: 'Chase the broken promise: get the payment today or a new dated promise.' };
  return { kind: 'call_back', script: f.call?.script ?? 'call_1', tone: f.call?.tone ?? 'friendly_firm', objective: f.call?.objective ?? 'Call back as agreed.' };
}

/** Until when the cadence's calls yield to an agreed call-back: pending, or open and not yet due. */
export function callBackHold(s: DunningState): number | undefined {
  const pending = s.followUps.find((f) => f.kind === 'call_back' && !f.done);
  if (pending) return pending.at;
  const open = openCallTask(s);
  return open?.kind === 'call_back' ? open.dueBy : undefined;
}
