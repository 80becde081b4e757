import { describe, expect } from 'vitest';
import { localDateTime, once, Shell, table, taskLines, touchLines } from './driver';

/**
 * domain.md §9: no reminders to customers who pay by direct debit. Sample invoice: 1 234,56 EUR due
 * Wed 3 Feb 2027 (Paris), paymentMethod "direct_debit", default policy (directDebit.settleWithin
 * 5 business days). The debit is collected by the creditor on the due date: nothing is sent or
 * called before it has had time to settle or bounce; then the cadence runs from there.
 */
const start = { at: '2027-01-25T08:00:00Z', invoice: { paymentMethod: 'direct_debit' as const } };
const unpaid = once(() => Shell.start(start).runUntil('2027-02-20T00:00:00Z'));
const debited = once(() => Shell.start(start).pay('2027-02-05T10:00:00Z', 'SEPA-0203', 123_456).runToEnd());

describe('§9 invoices paid by direct debit', () => {
  table<unknown>([
    { spec: '§9', rule: 'no pre-due call: the step is skipped with its reason', observe: () => ({
      tasks: taskLines(unpaid().state).filter((l) => l.includes('pre_due')),
      skipped: unpaid().state.trace.filter((t) => t.kind === 'step_skipped').map((t) => t.detail ?? ''),
    }), expected: { tasks: [], skipped: [expect.stringContaining('paid by direct debit: no contact before the debit')] } },
    // Wed 3 Feb 09:00 + 5 business days = Wed 10 Feb 09:00 (Thu 4, Fri 5, Mon 8, Tue 9, Wed 10); + 1 day (reminder_1) = Thu 11 Feb 09:00.
    { spec: '§9', rule: 'the first reminder waits for the debit to settle: D+1 counted from due + 5 business days', observe: () => touchLines(unpaid().state)[0],
      expected: '2027-02-11 09:00 email reminder_1 sent' },
    // call_1 (D+7): Wed 10 Feb 09:00 + 7 days = Wed 17 Feb, call window 10:00.
    { spec: '§9', rule: 'the calls move by as much', observe: () => taskLines(unpaid().state).map((l) => l.replace(/^\S+ /, '')),
      expected: ['reminder 2027-02-17 10:00'] },
    { spec: '§9', rule: 'the debit paid on Fri 5 Feb: the file closes without a single touch', observe: () => ({ touches: touchLines(debited().state).filter((l) => !l.includes('payment_confirmation')), outcome: debited().state.outcome, closed: localDateTime(debited().state.closedAt!) }),
      expected: { touches: [], outcome: 'paid', closed: '2027-02-05 11:00' } },
    { spec: '§9', rule: 'a transfer (or no method given) keeps the default cadence: reminder_1 on Thu 4 Feb', observe: () => touchLines(Shell.start({ at: '2027-01-25T08:00:00Z', invoice: { paymentMethod: 'transfer' } }).runUntil("2027-02-05T00:00:00Z").state)[0],
      expected: '2027-02-04 09:00 email reminder_1 sent' },
  ]);
});
