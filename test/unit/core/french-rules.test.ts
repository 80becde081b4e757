import { describe } from 'vitest';
import { CalendarSchema } from '../../../domain/policy/schema';
import { initialState } from '../../../domain/dunning/init';
import { InvoiceSchema } from '../../../domain/invoice/schema';
import { noticeDeadline } from '../../../domain/dunning/plan';
import { DEFAULT_POLICY } from '../../../domain/policy/parse';
import { type Policy } from '../../../domain/policy/schema';
import { indemnityCents, penaltiesCents } from '../../../domain/dunning/derived';
import { sampleInvoice } from '../../helpers/fixtures';
import { localDateTime, policyWith, Shell, table, utc } from './driver';

/**
 * French rules the core must respect (shared/domain.md §8), as rows: the formal notice deadline,
 * late-payment penalties and the EUR 40 indemnity as the core computes them for the facts of a
 * message. Sample invoice: 123 456 cents due Wed 3 Feb 2027; default rate 12.15 % a year (365 days).
 */

const PARIS = 'Europe/Paris';
const deadline = (sentAt: string, policy: Policy = DEFAULT_POLICY) => {
  const d = noticeDeadline(utc(sentAt), policy, PARIS);
  return `${d.deadline}, handoff from ${localDateTime(d.deadlineAt)}`;
};
const alsace = policyWith({ calendar: CalendarSchema.parse({ holidays: 'FR-alsace-moselle' }) });

describe('§8 formal notice deadline: 8 days, a non-working day moves it to the next working day', () => {
  table<string | { atLeastEightDaysAfterPresentation: boolean }>([
    { spec: '§8', rule: 'Fri 5 Mar + 8 = Sat 13 Mar -> Mon 15 Mar', observe: () => deadline('2027-03-05T08:00:00Z'), expected: '2027-03-15, handoff from 2027-03-16 09:00' },
    { spec: '§8', rule: 'Wed 24 Feb + 8 = Thu 4 Mar, a working day: kept', observe: () => deadline('2027-02-24T09:30:00Z'), expected: '2027-03-04, handoff from 2027-03-05 09:00' },
    { spec: '§8', rule: 'Wed 3 Nov + 8 = Thu 11 Nov (Armistice) -> Fri 12 Nov', observe: () => deadline('2027-11-03T08:00:00Z'), expected: '2027-11-12, handoff from 2027-11-13 09:00' },
    { spec: '§8', rule: 'Tue 6 Jul + 8 = Wed 14 Jul (Fête nationale) -> Thu 15 Jul', observe: () => deadline('2027-07-06T07:00:00Z'), expected: '2027-07-15, handoff from 2027-07-16 09:00' },
    { spec: '§8', rule: 'a 15-day deadline: Fri 5 Mar + 15 = Sat 20 Mar -> Mon 22 Mar', observe: () => deadline('2027-03-05T08:00:00Z', policyWith({ formalNotice: { deadline: '15 days' } })), expected: '2027-03-22, handoff from 2027-03-23 09:00' },
    { spec: '§8', rule: 'Thu 18 Dec 2025 + 8 = Fri 26 Dec: a working day in France', observe: () => deadline('2025-12-18T08:00:00Z'), expected: '2025-12-26, handoff from 2025-12-27 09:00' },
    { spec: '§8', rule: 'Thu 18 Dec 2025 + 8 = Fri 26 Dec: a holiday in Alsace-Moselle -> Mon 29 Dec', observe: () => deadline('2025-12-18T08:00:00Z', alsace), expected: '2025-12-29, handoff from 2025-12-30 09:00' },
    // spec: §8 "deadline (8 or 15 days) counted from the first presentation of the letter"; today: counted
    // from the day the letter is sent (domain/dunning/plan.ts:355-357 `start = localDateOf(at)`), and a
    // registered letter is presented at the earliest the day after: sent Wed 24 Feb, presented Thu 25 Feb
    // at the earliest, so the deadline is Fri 5 Mar at the earliest; the code says Thu 4 Mar.
    { spec: '§8', rule: 'counted from the first presentation of the letter (the day after sending at the earliest)', today: 'counted from the sending day: 2027-03-04',
      observe: () => ({ atLeastEightDaysAfterPresentation: noticeDeadline(utc('2027-02-24T09:30:00Z'), DEFAULT_POLICY, PARIS).deadline >= '2027-03-05' }), expected: { atLeastEightDaysAfterPresentation: true } },
  ]);
});

describe('§8 late-payment penalties and the fixed indemnity', () => {
  const state = (over: Parameters<typeof sampleInvoice>[0] = {}) => initialState('dunning-INV', InvoiceSchema.parse(sampleInvoice(over)), utc('2027-01-25T08:00:00Z'));
  const consumer = () => state({ debtor: { ...sampleInvoice().debtor, name: 'Jean Dupuis', kind: 'consumer' } });
  const penaltiesAt = (s: ReturnType<typeof state>, at: string) => penaltiesCents(s, DEFAULT_POLICY, utc(at));
  table<unknown>([
    { spec: '§8', rule: 'penalties run from the day after the due date, without any reminder', observe: () => state().balances, expected: [{ from: '2027-02-04', amountCents: 123_456 }] },
    { spec: '§8', rule: 'none on the due date itself', observe: () => penaltiesAt(state(), '2027-02-03T22:00:00Z'), expected: 0 },
    // 123 456 x 1 day x 12.15 / 36 500 = 41.09 -> 41.
    { spec: '§8', rule: 'one day late (Thu 4 Feb)', observe: () => penaltiesAt(state(), '2027-02-04T12:00:00Z'), expected: 41 },
    // 4 Feb..5 Mar = 30 days: 123 456 x 30 x 12.15 / 36 500 = 1 232.87 -> 1 233 (the figure on the formal notice).
    { spec: '§8', rule: 'at the formal notice (D+30)', observe: () => penaltiesAt(state(), '2027-03-05T08:00:00Z'), expected: 1233 },
    // Imported 40 days late, no reminder ever sent: 123 456 x 40 x 12.15 / 36 500 = 1 643.83 -> 1 644.
    { spec: '§8', rule: 'owed even when no reminder was ever sent (imported 40 days late)', observe: () => { const sh = Shell.start({ at: '2027-03-15T09:00:00Z' }); return { touches: sh.state.touches.length, penalties: penaltiesCents(sh.state, sh.policy, sh.now) }; }, expected: { touches: 0, penalties: 1644 } },
    // 500 EUR paid Sun 14 Feb: 123 456 x 10 (4..13 Feb) + 73 456 x 20 (14 Feb..5 Mar) = 2 703 680 cent-days
    // x 12.15 / 36 500 = 899.99 -> 900.
    { spec: '§8', rule: 'per day on the amount still due, after a partial payment', observe: () => { const sh = Shell.start({ at: '2027-01-25T08:00:00Z' }).pay('2027-02-14T10:00:00Z', 'P1', 50_000); return penaltiesCents(sh.state, sh.policy, utc('2027-03-05T08:00:00Z')); }, expected: 900 },
    { spec: '§8', rule: 'EUR 40 fixed indemnity for a professional debtor', observe: () => indemnityCents(state(), DEFAULT_POLICY), expected: 4000 },
    { spec: '§8', rule: 'no EUR 40 indemnity for a consumer', observe: () => indemnityCents(consumer(), DEFAULT_POLICY), expected: 0 },
    // spec: §8 "B2C (L441-10 does not apply): no penalties, no EUR 40, only legal-rate interest ... from
    // the formal notice", so nothing is owed on the day of the notice; today: domain/dunning/derived.ts:30-37
    // penaltiesCents ignores debtor.kind and charges the B2B rate from D+1 (1 233 cents at D+30).
    { spec: '§8', rule: 'no late-payment penalties for a consumer (nothing yet on the day of the formal notice)', today: '1233 cents, the B2B penalties', observe: () => penaltiesAt(consumer(), '2027-03-05T08:00:00Z'), expected: 0 },
    // spec: §8 "the ECB rate in force on 1 January applies to days of the first half-year and the one in
    // force on 1 July to days of the second ... computed piece by piece (keep the rates as dated data)";
    // ECB main refinancing rate 3.15 % on 1 Jan 2025 and 2.15 % on 1 Jul 2025, so 13.15 % then 12.15 %:
    // invoice due 15 Jun 2025, as of 15 Jul: 123 456 x (15 x 13.15 + 15 x 12.15) / 36 500 = 1 283.60 -> 1 284.
    // today: one annual rate in the policy (domain/policy/schema.ts:84 `annualRatePct`, 12.15 at :139) for every day
    // (domain/dunning/derived.ts:34): 123 456 x 30 x 12.15 / 36 500 -> 1 233.
    { spec: '§8', rule: 'the rate changes at the half-year: 16-30 Jun 2025 at 13.15 %, 1-15 Jul at 12.15 %', today: '1233 cents, 12.15 % for every day',
      observe: () => penaltiesAt(state({ issueDate: '2025-05-16', dueDate: '2025-06-15' }), '2025-07-15T10:00:00Z'), expected: 1284 },
    // spec: §8 "Partial payments go to interest first unless agreed otherwise (Code civil 1343-1)": 500 EUR
    // paid on 5 Mar, when 1 233 cents of penalties are owed (the figure of that day's formal notice), pays
    // them first and 48 767 cents of principal: 123 456 - 48 767 = 74 689 still due; today: the whole
    // payment goes to the principal (domain/dunning/reduce.ts:357-360): 73 456.
    { spec: '§8', rule: 'a partial payment goes to the penalties first', today: '73456 cents still due (all of it on the principal)',
      observe: () => Shell.start({ at: '2027-01-25T08:00:00Z' }).pay('2027-03-05T10:00:00Z', 'P1', 50_000).state.amountDueCents, expected: 74_689 },
  ]);
});
