import type { MessageFacts } from '../wire/vocabulary';
import { localDateOf } from '../time/calendar';
import type { Action } from './plan';
import type { Policy } from '../policy/schema';
import type { DunningState } from './state';
import { rateOn } from '../money/interest';
import { daysPastDue, indemnityCents, interestAsOf, interestTerms, tzOf } from './derived';

type SendAction = Extract<Action, { kind: 'send' }>;

/** What the templates need for one message (or the litigation file, with no action), from the state at that time. */
export function buildFacts(s: DunningState, policy: Policy, now: number, action?: SendAction, noticeDeadline?: string): MessageFacts {
  const tz = tzOf(s, policy);
  const task = action?.callTaskId ? s.callTasks.find((t) => t.taskId === action.callTaskId) : undefined;
  const promise = action?.promiseId
    ? s.promises.find((p) => p.promiseId === action.promiseId)
    : [...s.promises].reverse().find((p) => p.status === 'pending' || p.status === 'broken');
  const instalment = action?.instalmentSeq !== undefined ? s.plan?.instalments.find((i) => i.seq === action.instalmentSeq) : undefined;
  const today = localDateOf(now, tz);
  const terms = interestTerms(s, policy);
  const interest = interestAsOf(s, policy, today);
  return {
    today,
    amountDueCents: s.amountDueCents,
    paidCents: s.paidCents,
    penaltiesCents: interest.cents,
    penaltyRatePct: rateOn(terms, today),
    indemnityCents: indemnityCents(s, policy),
    interest: { debtorKind: terms.debtorKind, periods: interest.periods, accruedCents: interest.cents, paidCents: interest.paidCents },
    daysPastDue: daysPastDue(s, policy, now),
    noticeDeadline: noticeDeadline ?? s.formalNotice?.deadline,
    penaltiesWaived: policy.penalties.waiveAfterPayment || undefined,
    promise: instalment ? { date: instalment.date, amountCents: instalment.amountCents } : promise ? { date: promise.date, amountCents: promise.amountCents } : undefined,
    plan: s.plan?.instalments.map((i) => ({ seq: i.seq, date: i.date, amountCents: i.amountCents, status: i.status })),
    callSummary: task ? { reached: task.outcome?.reached ?? false, contactName: task.outcome?.contactName ?? s.contacts[task.contactIndex]?.name, notes: task.outcome?.notes } : undefined,
    document: action?.document,
    previousTouches: s.touches
      .filter((t) => t.result !== 'bounced')
      .map((t) => ({ date: localDateOf(t.at, tz), channel: t.channel, template: t.template })),
  };
}
