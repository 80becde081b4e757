import { daysBetween, localDateOf } from '../time/calendar';
import { fixedIndemnityCents } from '../money/penalties';
import { lateInterest, rateOn, type InterestTerms, type LateInterest } from '../money/interest';
import type { InterestFacts } from '../wire/vocabulary';
import type { Policy } from '../policy/schema';
import type { DunningState, PaymentPlan } from './state';

/** The debtor's time zone rules every local date and call window. */
export function tzOf(s: Pick<DunningState, 'invoice'>, policy: Policy): string {
  return s.invoice.debtor.timeZone ?? policy.calendar.timeZone;
}

/** Paused, disputed, or waiting on a promise or a plan: the cadence holds. */
export function isSuspended(s: DunningState): boolean {
  return (
    Boolean(s.paused) ||
    s.disputes.some((d) => d.status === 'open') ||
    s.promises.some((p) => p.status === 'pending') ||
    s.plan?.status === 'active'
  );
}

/** A pending promise or an active payment plan: the debtor has committed to pay. */
export function hasPendingCommitment(s: DunningState): boolean {
  return s.promises.some((p) => p.status === 'pending') || s.plan?.status === 'active';
}

export function isClosed(s: DunningState): boolean {
  return s.stage === 'closed' || s.stage === 'litigation';
}

/** Cumulative amount due up to and including instalment `seq`. */
export function instalmentDueCents(plan: PaymentPlan, seq: number): number {
  return plan.instalments.filter((i) => i.seq <= seq).reduce((sum, i) => sum + i.amountCents, 0);
}

/** Who owes what interest (domain/money/interest.ts): the debtor's kind, the terms of sale, the notice date. */
export function interestTerms(s: Pick<DunningState, 'invoice' | 'formalNotice'>, policy: Policy): InterestTerms {
  return {
    debtorKind: s.invoice.debtor.kind,
    contractualRatePct: policy.penalties.contractualRatePct,
    noticeDate: noticeEffectiveOn(s, policy),
  };
}

/**
 * The day the formal notice took effect (C. civ. 1231-6: interest "à compter de la mise en demeure"):
 * its first presentation, known or assumed; none while the run waits for news of the letter or when
 * it never reached the debtor (address unknown). Runs that count the notice from its sending day
 * (started before the presentation rule) keep that day.
 */
function noticeEffectiveOn(s: Pick<DunningState, 'invoice' | 'formalNotice'>, policy: Policy): string | undefined {
  const n = s.formalNotice;
  if (!n) return undefined;
  return n.presentation ? n.presentation.presentedOn : localDateOf(n.sentAt, tzOf(s, policy));
}

/** Interest accrued to `asOf` (a local date), period by period, less what payments already paid of it (C. civ. 1343-1). */
export function interestAsOf(s: DunningState, policy: Policy, asOf: string): LateInterest & { paidCents: number; dueCents: number } {
  const accrued = lateInterest({ dueDate: s.invoice.dueDate, asOf, balances: s.balances, terms: interestTerms(s, policy) });
  const paidCents = s.interestPaidCents ?? 0;
  return { ...accrued, paidCents, dueCents: Math.max(0, accrued.cents - paidCents) };
}

/** The interest a message or a claim states on `today`: the total, the rate in force, and each period (L441-10 II; C. civ. 1231-6). */
export function interestClaim(s: DunningState, policy: Policy, today: string): { penaltiesCents: number; penaltyRatePct: number; interest: InterestFacts } {
  const terms = interestTerms(s, policy);
  const interest = interestAsOf(s, policy, today);
  return {
    penaltiesCents: interest.cents,
    penaltyRatePct: rateOn(terms, today),
    interest: { debtorKind: terms.debtorKind, periods: interest.periods, accruedCents: interest.cents, paidCents: interest.paidCents },
  };
}

/**
 * Late-payment penalties (professional) or legal interest (consumer) accrued to today: what a claim
 * adds to amountDueCents. Interest already paid (C. civ. 1343-1) is not deducted here: it stayed
 * principal owed, so amountDueCents + this is the claim either way; letters show the split.
 */
export function penaltiesCents(s: DunningState, policy: Policy, now: number): number {
  return interestAsOf(s, policy, localDateOf(now, tzOf(s, policy))).cents;
}

export function indemnityCents(s: DunningState, policy: Policy): number {
  return fixedIndemnityCents(s.invoice.debtor.kind, policy.penalties.fixedIndemnityCents);
}

export function daysPastDue(s: DunningState, policy: Policy, now: number): number {
  const today = localDateOf(now, tzOf(s, policy));
  return Math.max(0, daysBetween(s.invoice.dueDate, today));
}

export function openCallTask(s: DunningState) {
  return s.callTasks.find((t) => t.status === 'open');
}

/**
 * The stage people read (views, search attributes): a file still `pre_due` in its state once its
 * due date has passed is overdue, whatever touch has or has not gone yet (a run started late, or
 * whose first reminder the debtor's workflow holds).
 */
export function visibleStage(s: DunningState, policy: Policy, now: number): DunningState['stage'] {
  return s.stage === 'pre_due' && localDateOf(now, tzOf(s, policy)) > s.invoice.dueDate ? 'reminding' : s.stage;
}
