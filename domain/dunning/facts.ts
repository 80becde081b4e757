import type { AgreementFacts, MessageFacts } from '../wire/vocabulary';
import type { CallOutcome } from '../invoice/commands';
import { localDateOf } from '../time/calendar';
import { noticePlannedAt, type Action } from './plan';
import type { Policy } from '../policy/schema';
import type { DunningState } from './state';
import { daysPastDue, indemnityCents, interestClaim, tzOf } from './derived';

type SendAction = Extract<Action, { kind: 'send' }>;

/** What the templates need for one message, from the state at that time (the litigation file reads views/handoff.ts). */
export function buildFacts(s: DunningState, policy: Policy, now: number, action: SendAction, noticeDeadline?: string): MessageFacts {
  const tz = tzOf(s, policy);
  const task = action.callTaskId ? s.callTasks.find((t) => t.taskId === action.callTaskId) : undefined;
  const promise = action.promiseId
    ? s.promises.find((p) => p.promiseId === action.promiseId)
    : [...s.promises].reverse().find((p) => p.status === 'pending' || p.status === 'broken');
  const instalment = action.instalmentSeq !== undefined ? s.plan?.instalments.find((i) => i.seq === action.instalmentSeq) : undefined;
  const today = localDateOf(now, tz);
  const { penaltiesCents, penaltyRatePct, interest } = interestClaim(s, policy, today);
  return {
    today,
    amountDueCents: s.amountDueCents,
    paidCents: s.paidCents,
    penaltiesCents,
    penaltyRatePct,
    indemnityCents: indemnityCents(s, policy),
    interest,
    daysPastDue: daysPastDue(s, policy, now),
    noticeDeadline: noticeDeadline ?? s.formalNotice?.deadline,
    ...(action.template === 'notice_announce' ? noticePlanned(s, policy, today) : {}),
    penaltiesWaived: policy.penalties.waiveAfterPayment || undefined,
    promise: instalment ? { date: instalment.date, amountCents: instalment.amountCents } : promise ? { date: promise.date, amountCents: promise.amountCents } : undefined,
    plan: s.plan?.instalments.map((i) => ({ seq: i.seq, date: i.date, amountCents: i.amountCents, status: i.status })),
    callSummary: task
      ? {
          reached: task.outcome?.reached ?? false,
          contactName: task.outcome?.contactName ?? s.contacts[task.contactIndex]?.name,
          notes: task.outcome?.notes,
          // The promise and the plan have their own sentences here; a dispute or a document asked for is restated too.
          ...(task.outcome?.dispute || task.outcome?.documentRequested ? { agreements: [agreementOf(s.invoice.invoiceId, { dispute: task.outcome.dispute, documentRequested: task.outcome.documentRequested })] } : {}),
        }
      : undefined,
    document: action.document,
    ...(action.payment ? { payment: action.payment } : {}),
    previousTouches: s.touches
      .filter((t) => t.result !== 'bounced')
      .map((t) => ({ date: localDateOf(t.at, tz), channel: t.channel, template: t.template })),
  };
}

/** What one invoice's call outcome settled, as message data (the follow-up words it in the debtor's language). */
export function agreementOf(invoiceId: string, o: Pick<CallOutcome, 'promise' | 'plan' | 'settlement' | 'dispute' | 'documentRequested'>): AgreementFacts {
  return {
    invoiceId,
    ...(o.promise ? { promise: { date: o.promise.date, amountCents: o.promise.amountCents } } : {}),
    ...(o.plan ? { plan: o.plan.instalments.map((i) => ({ date: i.date, amountCents: i.amountCents })) } : {}),
    ...(o.settlement ? { settlement: { amountCents: o.settlement.amountCents, payBy: o.settlement.payBy } } : {}),
    ...(o.dispute ? { dispute: { kind: o.dispute.kind, details: o.dispute.details } } : {}),
    ...(o.documentRequested ? { document: o.documentRequested } : {}),
  };
}

/** The day the formal notice is planned, today at the earliest (an announcement sent late never names a past day). */
function noticePlanned(s: DunningState, policy: Policy, today: string): Pick<MessageFacts, 'noticePlannedOn'> {
  const at = noticePlannedAt(s, policy);
  if (at === undefined) return {};
  const day = localDateOf(at, tzOf(s, policy));
  return { noticePlannedOn: day < today ? today : day };
}
