import { addDuration, localDateOf } from '../time/calendar';
import type { CallOutcome } from '../invoice/commands';
import type { Policy } from '../policy/schema';
import type { DunningState } from './state';
import { tzOf, visibleStage } from './derived';
import { formatMoney } from '../money/format';

/**
 * What a call outcome must satisfy against the current state; the update validator runs this
 * so that a wrong outcome is refused before it enters history. Returns the problem, or undefined.
 */
export function validateCallOutcome(s: DunningState, policy: Policy, now: number, o: CallOutcome): string | undefined {
  const task = s.callTasks.find((t) => t.taskId === o.taskId);
  if (!task) {
    const open = s.callTasks.find((t) => t.status === 'open');
    return `unknown call task "${o.taskId}"${open ? ` (the open task is "${open.taskId}")` : ' (no call task is open)'}`;
  }
  if (task.status !== 'open') return `call task "${o.taskId}" is already closed (${task.status})`;
  const tz = tzOf(s, policy);
  // Past the due date, "validated, paid at term" is a promise for a date: 003 §8 wants it dated.
  if (o.confirmedAtTerm && !o.promise && !o.plan && localDateOf(now, tz) > s.invoice.dueDate) {
    return `the invoice was due on ${s.invoice.dueDate}: a confirmation now needs the payment date (a promise)`;
  }
  return validateCommitment(o, s.amountDueCents, now, tz, policy) ?? validateCallBack(o.callBack, now, tz, policy);
}

/** An agreed call-back date: not in the past, not beyond the promise horizon (shared with merged debtor calls). */
export function validateCallBack(callBack: CallOutcome['callBack'], now: number, tz: string, policy: Policy): string | undefined {
  if (!callBack) return undefined;
  const today = localDateOf(now, tz);
  const horizon = localDateOf(addDuration(now, policy.promises.maxHorizon, { ...policy.calendar, enabled: false }, tz), tz);
  if (callBack.date < today) return `call-back date ${callBack.date} is in the past (today is ${today})`;
  if (callBack.date > horizon) return `call-back date ${callBack.date} is beyond the policy's maximum (${horizon})`;
  return undefined;
}

/** The promise, settlement or plan of an outcome against what is due (shared with merged debtor calls). */
export function validateCommitment(
  o: Pick<CallOutcome, 'promise' | 'settlement' | 'plan'>,
  due: number,
  now: number,
  tz: string,
  policy: Policy,
): string | undefined {
  const today = localDateOf(now, tz);
  const horizon = localDateOf(addDuration(now, policy.promises.maxHorizon, { ...policy.calendar, enabled: false }, tz), tz);
  const dated = (what: string, date: string) => {
    if (date < today) return `${what} ${date} is in the past (today is ${today})`;
    if (date > horizon) return `${what} ${date} is beyond the policy's maximum (${horizon})`;
    return undefined;
  };
  if (o.promise) {
    const bad = dated('promise date', o.promise.date);
    if (bad) return bad;
    if (o.promise.amountCents > due) return `promised amount ${o.promise.amountCents} cents is more than the ${due} cents due`;
  }
  if (o.settlement) {
    const bad = dated('settlement date', o.settlement.payBy);
    if (bad) return bad;
    if (o.settlement.amountCents >= due) return `a settlement is for less than the ${due} cents due (got ${o.settlement.amountCents})`;
  }
  if (o.plan) {
    const items = o.plan.instalments;
    const total = items.reduce((sum, i) => sum + i.amountCents, 0);
    if (total !== due) return `the plan's instalments add up to ${total} cents, not the ${due} cents due`;
    if (items[0].date < today) return `first instalment ${items[0].date} is in the past (today is ${today})`;
    for (let i = 1; i < items.length; i++) {
      if (items[i].date <= items[i - 1].date) return `instalment ${i + 1} (${items[i].date}) is not after instalment ${i} (${items[i - 1].date})`;
    }
  }
  return undefined;
}

/** Why an operator's command is refused: `duplicate` is a repeat of what is already recorded. */
export interface Refusal {
  kind: 'duplicate' | 'overpayment' | 'closed' | 'past' | 'not_paused' | 'no_notice' | 'unknown_letter' | 'date' | 'invalid';
  message: string;
}

/** A payment against the state: a repeated id, or more than is due without the operator's say-so, is refused. */
export function validatePayment(s: DunningState, p: { paymentId: string; amountCents: number }, allowOverpayment: boolean): Refusal | undefined {
  if (s.paymentIds.includes(p.paymentId)) return { kind: 'duplicate', message: `payment ${p.paymentId} is already recorded on invoice ${s.invoice.invoiceId}: counted once, nothing changed` };
  if (s.outcome) return { kind: 'closed', message: `the dunning of invoice ${s.invoice.invoiceId} is closed (${s.outcome})` };
  if (p.amountCents > s.amountDueCents && !allowOverpayment) {
    const money = (c: number) => formatMoney(c, s.invoice.currency, 'en');
    return { kind: 'overpayment', message: `the payment (${money(p.amountCents)}) exceeds the amount due on invoice ${s.invoice.invoiceId} (${money(s.amountDueCents)})` };
  }
  return undefined;
}

/** A pause must end in the future (debtor's calendar) and needs an open file. */
export function validatePause(s: DunningState, policy: Policy, now: number, p: { until?: string }): Refusal | undefined {
  if (s.outcome) return { kind: 'closed', message: `the dunning of invoice ${s.invoice.invoiceId} is closed (${s.outcome})` };
  const today = localDateOf(now, tzOf(s, policy));
  if (p.until !== undefined && p.until <= today) return { kind: 'past', message: `--until ${p.until} is not after today (${today}): a pause must end in the future` };
  return undefined;
}

/** Only a paused file can be resumed. */
export function validateResume(s: DunningState, policy: Policy, now: number): Refusal | undefined {
  if (s.outcome) return { kind: 'closed', message: `the dunning of invoice ${s.invoice.invoiceId} is closed (${s.outcome})` };
  if (!s.paused) return { kind: 'not_paused', message: `the dunning of invoice ${s.invoice.invoiceId} is not paused (stage ${visibleStage(s, policy, now)}): nothing to resume` };
  return undefined;
}
