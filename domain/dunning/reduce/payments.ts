/** Events of money and commitments: a payment, a promise or instalment coming due, a plan proposed. */
import type { Policy } from '../../policy/schema';
import { addDays } from '../../time/calendar';
import { instalmentDueCents, interestAsOf } from '../derived';
import type { DunningState, PromiseRecord } from '../state';
import { decideLitigation, scheduleChase, setAmountDue, trace, type EventMap, type Handlers, type Reducing } from './helpers';
import { closeFile } from './lifecycle';

export const PAYMENT_HANDLERS: Handlers<'payment' | 'promise_due' | 'plan_proposal_decided'> = {
  payment: (s, e, { policy }) => onPayment(s, e, policy),
  promise_due: (s, e, r) => onPromiseDue(s, e, r),
  plan_proposal_decided: (s, e) => {
    s.planProposedAt = e.at;
    s.pending.push({ id: `plan-proposal-${++s.seq}`, template: 'plan_proposal', channel: 'email', tone: 'firm', attachInvoice: false });
    trace(s, e.at, 'plan_proposed', { detail: 'financial hardship declared: a payment plan is proposed instead of litigation' });
  },
};

function onPayment(s: DunningState, e: EventMap['payment'], policy: Policy): void {
  const p = e.payment;
  if (s.paymentIds.includes(p.paymentId)) {
    trace(s, e.at, 'payment_duplicate', { detail: `payment ${p.paymentId} already recorded: ignored` });
    return;
  }
  s.paymentIds.push(p.paymentId);
  const paidOn = p.paidOn ?? e.today;
  const toInterest = interestShare(s, policy, p.amountCents, paidOn);
  const applied = Math.min(p.amountCents, s.amountDueCents);
  s.paidCents += applied;
  s.unappliedCents += p.amountCents - applied;
  if (toInterest > 0) s.interestPaidCents = (s.interestPaidCents ?? 0) + toInterest;
  setAmountDue(s, s.amountDueCents - applied, paidOn);
  trace(s, e.at, 'payment', {
    outcome: s.amountDueCents === 0 ? 'full' : 'partial',
    detail: `${p.amountCents} cents (${p.paymentId})${toInterest > 0 ? `, ${toInterest} cents to interest first (Code civil 1343-1)` : ''}${p.amountCents > applied ? `, ${p.amountCents - applied} cents unapplied` : ''}; ${s.amountDueCents} cents still due`,
  });
  if (s.plan?.status === 'active') {
    const paid = s.paidCents - s.plan.paidAtStartCents;
    for (const i of s.plan.instalments) if (i.status === 'pending' && paid >= instalmentDueCents(s.plan, i.seq)) i.status = 'paid';
    if (s.plan.instalments.every((i) => i.status === 'paid')) s.plan.status = 'completed';
  }
  for (const pr of s.promises) if (pr.status === 'pending' && s.paidCents - pr.paidAtStartCents >= pr.amountCents) keep(s, e.at, pr);
  if (s.amountDueCents > 0) return;
  const thanks = policy.thankYouOnPayment
    ? [{ id: `paid-${p.paymentId}`, template: 'payment_confirmation' as const, channel: 'email' as const, tone: 'friendly' as const, attachInvoice: false, immediate: true, payment: { receivedCents: p.amountCents, appliedCents: applied, unappliedCents: p.amountCents - applied } }]
    : [];
  closeFile(s, e.at, s.settlement ? 'settled' : 'paid', s.settlement ? `settled for ${s.settlement.amountCents} cents` : 'paid in full', thanks);
}

/**
 * Code civil 1343-1: a partial payment pays the interest accrued to the day before it first, then
 * the principal (policy.penalties.partialPayments, default "interest_first", runs whose policy
 * predates the option included: amountDueCents, which drives the run, is the same either way).
 * The share paid on interest stays principal owed
 * (the balance interest runs on, see setAmountDue) while amountDueCents still counts down the
 * sum the file waits for: once the invoice's sum is received the file closes as paid, and a
 * payment that clears it takes no interest share.
 */
function interestShare(s: DunningState, policy: Policy, amountCents: number, paidOn: string): number {
  if (policy.penalties.partialPayments !== 'interest_first' || amountCents >= s.amountDueCents) return 0;
  return Math.min(amountCents, interestAsOf(s, policy, addDays(paidOn, -1)).dueCents);
}

/** A promise's date (plus the grace) has come: kept if paid since it was made, else broken. Instalments alike. */
function onPromiseDue(s: DunningState, e: EventMap['promise_due'], r: Reducing): void {
  const paidSince = (start: number) => s.paidCents - start;
  if (e.promiseId) {
    const p = s.promises.find((x) => x.promiseId === e.promiseId && x.status === 'pending');
    if (!p) return;
    if (paidSince(p.paidAtStartCents) >= p.amountCents) keep(s, e.at, p);
    else {
      p.status = 'broken';
      brokenPromise(s, e.at, `${p.promiseId}: ${p.amountCents} cents promised for ${p.date}`, r);
    }
    return;
  }
  if (e.instalmentSeq === undefined || !s.plan || s.plan.status !== 'active') return;
  const i = s.plan.instalments.find((x) => x.seq === e.instalmentSeq);
  if (!i || i.status !== 'pending') return;
  if (paidSince(s.plan.paidAtStartCents) >= instalmentDueCents(s.plan, i.seq)) {
    i.status = 'paid';
  } else {
    i.status = 'missed';
    s.plan.status = 'broken';
    brokenPromise(s, e.at, `instalment ${i.seq} of ${i.amountCents} cents due ${i.date} missed`, r);
  }
}

function keep(s: DunningState, at: number, p: PromiseRecord): void {
  p.status = 'kept';
  trace(s, at, 'promise_kept', { detail: `${p.promiseId}: ${p.amountCents} cents by ${p.date}` });
}

/**
 * A broken promise is chased (an email, then a call every business day); the policy's last one
 * leads to litigation, unless the debtor declared hardship: a payment plan is proposed instead (§2).
 */
function brokenPromise(s: DunningState, at: number, detail: string, { policy, apply }: Reducing): void {
  s.brokenPromises += 1;
  trace(s, at, 'promise_broken', { outcome: 'broken', detail: `${detail} (${s.brokenPromises} broken)` });
  if (s.brokenPromises >= policy.brokenPromises.allowed) {
    if (s.hardship && policy.brokenPromises.hardshipException && !s.planProposedAt) {
      apply({ type: 'plan_proposal_decided', at });
      scheduleChase(s, at, policy);
      return;
    }
    if (!s.litigation.announcedAt) decideLitigation(s, at, `${s.brokenPromises} broken promises (the policy allows ${policy.brokenPromises.allowed})`);
    return;
  }
  s.pending.push({ id: `broken-${++s.seq}`, template: 'broken_promise', channel: 'email', tone: 'firm', attachInvoice: false });
  scheduleChase(s, at, policy);
}
