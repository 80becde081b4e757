import { describe } from 'vitest';
import { CallOutcomeSchema, describeZodError, type CallOutcomeInput } from '../../../domain/invoice/commands';
import { validateCallOutcome } from '../../../domain/dunning/validate';
import { once, Shell, table } from './driver';

/**
 * The call outcome against the state (shared/domain.md §3, §4), as rows: what `validateCallOutcome`
 * answers (the update validator refuses the outcome with this message before it enters history),
 * undefined when the outcome is accepted. Invoice due Wed 3 Feb 2027, 123 456 cents; call_1-1 opened
 * Wed 10 Feb 10:00 Paris and answered at 10:30; promise horizon 60 days: 10 Feb + 60 = Sun 11 Apr.
 */

const callOpen = once(() => Shell.start({ at: '2027-02-04T06:00:00Z' }).runUntil('2027-02-10T09:30:00Z'));

/** What the validator says about this outcome (the payload parsed with the zod schema first). */
function verdict(sh: Shell, o: Partial<CallOutcomeInput>): string | undefined {
  return validateCallOutcome(sh.state, sh.policy, sh.now, CallOutcomeSchema.parse({ taskId: 'call_1-1', reached: true, ...o }));
}
const at1030 = (o: Partial<CallOutcomeInput>) => verdict(callOpen(), o);
const plan = (...instalments: Array<[string, number]>) => ({ instalments: instalments.map(([date, amountCents]) => ({ date, amountCents })) });

describe('§4 validateCallOutcome: the task', () => {
  table<string | undefined>([
    { spec: '§4', rule: 'unknown task, another one open', observe: () => at1030({ taskId: 'call_9-9', reached: false }), expected: 'unknown call task "call_9-9" (the open task is "call_1-1")' },
    { spec: '§4', rule: 'unknown task, none open (before call 1 opens)', observe: () => verdict(Shell.start({ at: '2027-02-04T06:00:00Z' }).runUntil('2027-02-09T09:00:00Z'), { taskId: 'call_1-1', reached: false }), expected: 'unknown call task "call_1-1" (no call task is open)' },
    { spec: '§4', rule: 'task already completed', observe: () => verdict(Shell.start({ at: '2027-02-04T06:00:00Z' }).complete('2027-02-10T09:30:00Z', { reached: false }), { reached: false }), expected: 'call task "call_1-1" is already closed (done)' },
    // Deadline Fri 12 Feb 10:00, reopened once until Tue 16 Feb 10:00, then missed.
    { spec: '§4', rule: 'task closed as missed after its deadlines', observe: () => verdict(Shell.start({ at: '2027-02-04T06:00:00Z' }).runUntil('2027-02-16T09:00:00Z'), { reached: false }), expected: 'call task "call_1-1" is already closed (missed)' },
    { spec: '§4', rule: 'valid: not reached, nothing agreed', observe: () => at1030({ reached: false }), expected: undefined },
  ]);
});

describe('§3 §4 validateCallOutcome: promise, settlement, plan', () => {
  table<string | undefined>([
    { spec: '§3', rule: 'promise in the past', observe: () => at1030({ promise: { date: '2027-02-09', amountCents: 1000 } }), expected: 'promise date 2027-02-09 is in the past (today is 2027-02-10)' },
    { spec: '§3', rule: 'valid: promise for today', observe: () => at1030({ promise: { date: '2027-02-10', amountCents: 1000 } }), expected: undefined },
    { spec: '§3', rule: 'valid: promise on the last day of the horizon', observe: () => at1030({ promise: { date: '2027-04-11', amountCents: 123_456 } }), expected: undefined },
    { spec: '§3', rule: 'promise beyond the horizon', observe: () => at1030({ promise: { date: '2027-04-12', amountCents: 1000 } }), expected: "promise date 2027-04-12 is beyond the policy's maximum (2027-04-11)" },
    { spec: '§3', rule: 'promised amount over what is due', observe: () => at1030({ promise: { date: '2027-02-20', amountCents: 123_457 } }), expected: 'promised amount 123457 cents is more than the 123456 cents due' },
    { spec: '§3', rule: 'valid: promise for part of the amount', observe: () => at1030({ promise: { date: '2027-02-20', amountCents: 50_000 } }), expected: undefined },
    { spec: '§3', rule: 'after a partial payment, the whole original amount is more than is due', observe: () => verdict(Shell.start({ at: '2027-02-04T06:00:00Z' }).pay('2027-02-08T10:00:00Z', 'P1', 50_000).runUntil('2027-02-10T09:30:00Z'), { promise: { date: '2027-02-20', amountCents: 123_456 } }),
      expected: 'promised amount 123456 cents is more than the 73456 cents due' },
    // 23:30Z on 10 Feb is already 00:30 on 11 Feb in Paris: "today" is the debtor's.
    { spec: '§3', rule: "today is the debtor's local date (11 Feb 00:30 Paris)", observe: () => verdict(Shell.start({ at: '2027-02-04T06:00:00Z' }).runUntil('2027-02-10T23:30:00Z'), { promise: { date: '2027-02-10', amountCents: 1000 } }),
      expected: 'promise date 2027-02-10 is in the past (today is 2027-02-11)' },
    { spec: '§3', rule: 'settlement not below what is due', observe: () => at1030({ settlement: { amountCents: 123_456, approvedBy: 'CFO', payBy: '2027-02-20' } }), expected: 'a settlement is for less than the 123456 cents due (got 123456)' },
    { spec: '§3', rule: 'settlement above what is due', observe: () => at1030({ settlement: { amountCents: 130_000, approvedBy: 'CFO', payBy: '2027-02-20' } }), expected: 'a settlement is for less than the 123456 cents due (got 130000)' },
    { spec: '§3', rule: 'settlement to pay in the past', observe: () => at1030({ settlement: { amountCents: 100_000, approvedBy: 'CFO', payBy: '2027-02-09' } }), expected: 'settlement date 2027-02-09 is in the past (today is 2027-02-10)' },
    { spec: '§3', rule: 'settlement to pay beyond the horizon', observe: () => at1030({ settlement: { amountCents: 100_000, approvedBy: 'CFO', payBy: '2027-05-01' } }), expected: "settlement date 2027-05-01 is beyond the policy's maximum (2027-04-11)" },
    { spec: '§3', rule: 'valid: settlement below what is due, approved, dated', observe: () => at1030({ settlement: { amountCents: 100_000, approvedBy: 'CFO', payBy: '2027-02-26' } }), expected: undefined },
    { spec: '§3', rule: 'plan not adding up (short)', observe: () => at1030({ plan: plan(['2027-03-01', 60_000], ['2027-04-01', 60_000]) }), expected: "the plan's instalments add up to 120000 cents, not the 123456 cents due" },
    { spec: '§3', rule: 'plan not adding up (over)', observe: () => at1030({ plan: plan(['2027-03-01', 60_000], ['2027-04-01', 70_000]) }), expected: "the plan's instalments add up to 130000 cents, not the 123456 cents due" },
    { spec: '§3', rule: 'plan dates not increasing', observe: () => at1030({ plan: plan(['2027-04-01', 60_000], ['2027-03-01', 63_456]) }), expected: 'instalment 2 (2027-03-01) is not after instalment 1 (2027-04-01)' },
    { spec: '§3', rule: 'plan with two instalments the same day', observe: () => at1030({ plan: plan(['2027-03-01', 60_000], ['2027-03-01', 63_456]) }), expected: 'instalment 2 (2027-03-01) is not after instalment 1 (2027-03-01)' },
    { spec: '§3', rule: 'plan starting in the past', observe: () => at1030({ plan: plan(['2027-02-09', 60_000], ['2027-03-01', 63_456]) }), expected: 'first instalment 2027-02-09 is in the past (today is 2027-02-10)' },
    { spec: '§3', rule: "valid: plan with a larger first instalment (ticket d'entrée)", observe: () => at1030({ plan: plan(['2027-02-26', 60_000], ['2027-03-26', 31_728], ['2027-04-26', 31_728]) }), expected: undefined },
  ]);
});

describe('§3 §4 the outcome payload itself (CallOutcomeSchema)', () => {
  // The field at fault and, for the product's own rules, its message (zod's stock wording is not pinned).
  const refused = (o: object) => {
    const r = CallOutcomeSchema.safeParse({ taskId: 'call_1-1', ...o });
    return r.success ? 'accepted' : describeZodError(r.error);
  };
  table<string>([
    { spec: '§3', rule: 'a promise must carry a date', observe: () => refused({ reached: true, promise: { amountCents: 1000 } }).split(':')[0], expected: 'promise.date' },
    { spec: '§3', rule: 'a date written YYYY-MM-DD', observe: () => refused({ reached: true, promise: { date: '20/02/2027', amountCents: 1000 } }), expected: 'promise.date: a date written YYYY-MM-DD; promise.date: not a real calendar date' },
    { spec: '§4', rule: 'a promise needs someone reached', observe: () => refused({ reached: false, promise: { date: '2027-02-20', amountCents: 1000 } }), expected: 'promise: promise needs a call where someone was reached' },
    { spec: '§3', rule: 'one commitment at a time', observe: () => refused({ reached: true, promise: { date: '2027-02-20', amountCents: 1000 }, plan: plan(['2027-03-01', 60_000], ['2027-04-01', 63_456]) }), expected: 'plan: only one of promise, plan, settlement (got promise, plan)' },
    { spec: '§3', rule: 'a plan has several instalments', observe: () => refused({ reached: true, plan: plan(['2027-03-01', 123_456]) }), expected: 'plan.instalments: a plan has at least 2 instalments' },
    { spec: '§3', rule: 'a settlement needs an approver', observe: () => refused({ reached: true, settlement: { amountCents: 100_000, approvedBy: '', payBy: '2027-02-26' } }).split(':')[0], expected: 'settlement.approvedBy' },
    { spec: '§4', rule: 'valid: reached, hardship, notes', observe: () => refused({ reached: true, hardship: true, reason: 'cannot_pay', notes: 'CFO says cash is short until March' }), expected: 'accepted' },
  ]);
});
