import { describe } from 'vitest';
import { CalendarSchema } from '../../../domain/policy/schema';
import { initialState } from '../../../domain/dunning/init';
import { InvoiceSchema } from '../../../domain/invoice/schema';
import { noticeDeadline } from '../../../domain/dunning/plan';
import { DEFAULT_POLICY } from '../../../domain/policy/parse';
import { type Policy } from '../../../domain/policy/schema';
import { indemnityCents, interestAsOf, penaltiesCents } from '../../../domain/dunning/derived';
import { deadlineFrom } from '../../../domain/dunning/notice';
import { sampleInvoice } from '../../helpers/fixtures';
import { localDateTime, policyWith, Shell, table, utc } from './driver';

/**
 * French rules the core must respect (docs/domain.md §8), as rows: the formal notice deadline,
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
    // §8 "deadline (8 or 15 days) counted from the first presentation of the letter": sent Wed 24 Feb,
    // first presented Thu 25 Feb: + 8 days = Fri 5 Mar (domain/dunning/notice.ts; the run waits for the news).
    { spec: '§8', rule: 'counted from the first presentation of the letter (sent Wed 24 Feb, presented Thu 25 Feb)',
      observe: () => deadlineFrom('2027-02-25', DEFAULT_POLICY, PARIS).deadline, expected: '2027-03-05' },
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
    // 500 EUR paid Sun 14 Feb pays first the penalties accrued 4..13 Feb (Code civil 1343-1):
    // 123 456 x 10 x 12.15 / 36 500 = 410.96 -> 411, so the principal is 123 456 - (50 000 - 411) = 73 867.
    // Then 123 456 x 10 (4..13 Feb) + 73 867 x 20 (14 Feb..5 Mar) = 2 711 900 cent-days x 12.15 / 36 500 = 902.73 -> 903.
    // (2027 is past the rate table: 2026-H1's ECB 2.15 % is carried forward, + 10 points.)
    { spec: '§8', rule: 'per day on the amount still due, after a partial payment', observe: () => { const sh = Shell.start({ at: '2027-01-25T08:00:00Z' }).pay('2027-02-14T10:00:00Z', 'P1', 50_000); return penaltiesCents(sh.state, sh.policy, utc('2027-03-05T08:00:00Z')); }, expected: 903 },
    { spec: '§8', rule: 'EUR 40 fixed indemnity for a professional debtor', observe: () => indemnityCents(state(), DEFAULT_POLICY), expected: 4000 },
    { spec: '§8', rule: 'no EUR 40 indemnity for a consumer', observe: () => indemnityCents(consumer(), DEFAULT_POLICY), expected: 0 },
    // §8 B2C (L441-10 does not apply): no penalties, no EUR 40, only legal-rate interest from the formal
    // notice (Code civil 1231-6, 1344-1), so nothing is owed on the day of the notice.
    { spec: '§8', rule: 'no late-payment penalties for a consumer (nothing yet on the day of the formal notice)', observe: () => penaltiesAt(consumer(), '2027-03-05T08:00:00Z'), expected: 0 },
    // C. civ. 1231-6, 1344-1: a consumer owes the taux légal from the notice's effect, its first presentation.
    // The creditor is a company, so the rate "dans tous les autres cas" (CMF L313-2): 2.62 % (2026-H1, carried
    // forward). Notice sent Fri 5 Mar 2027, presented Tue 9 Mar; as of Fri 19 Mar, 10..19 Mar = 10 days:
    // 123 456 x 10 x 2.62 / 36 500 = 88.62 -> 89 (from the sending day: 14 days, 124). Nothing while the run
    // still waits for news of the letter.
    { spec: '§8', rule: "a consumer's legal interest runs from the notice's first presentation, not its sending",
      observe: () => {
        const sh = Shell.start({ at: '2027-01-25T08:00:00Z', invoice: { debtor: { ...sampleInvoice().debtor, kind: 'consumer' } } }).runUntil('2027-03-08T00:00:00Z');
        const waiting = interestAsOf(sh.state, sh.policy, '2027-03-08').cents;
        sh.news('2027-03-09T15:00:00Z', { type: 'letter_event', at: 0, letter: { event: 'presented', on: '2027-03-09' } });
        return { sent: localDateTime(sh.state.formalNotice!.sentAt), waiting, asOf19Mar: interestAsOf(sh.state, sh.policy, '2027-03-19').cents };
      },
      expected: { sent: '2027-03-05 09:00', waiting: 0, asOf19Mar: 89 } },
    // L441-10 II: ECB main refinancing rate 3.15 % on 1 Jan 2025 and 2.15 % on 1 Jul 2025, so 13.15 % then 12.15 %:
    // invoice due 15 Jun 2025, as of 15 Jul: 123 456 x (15 x 13.15 + 15 x 12.15) / 36 500 = 1 283.60 -> 1 284
    // (rounded once; the lines 667.16 and 616.43 share it as 667 + 617).
    { spec: '§8', rule: 'the rate changes at the half-year: 16-30 Jun 2025 at 13.15 %, 1-15 Jul at 12.15 %',
      observe: () => penaltiesAt(state({ issueDate: '2025-05-16', dueDate: '2025-06-15' }), '2025-07-15T10:00:00Z'), expected: 1284 },
    // Code civil 1343-1: 500 EUR paid on Fri 5 Mar first pays the penalties accrued 4 Feb..4 Mar (the payment's
    // own day accrues on the new balance): 123 456 x 29 x 12.15 / 36 500 = 1 191.77 -> 1 192; the principal
    // interest runs on is 123 456 - (50 000 - 1 192) = 74 648. The file still waits for 73 456 cents (the rest
    // of the invoice's sum): once it is received the file closes as paid (docs/french-law.md).
    { spec: '§8', rule: 'a partial payment goes to the penalties first',
      observe: () => { const s = Shell.start({ at: '2027-01-25T08:00:00Z' }).pay('2027-03-05T10:00:00Z', 'P1', 50_000).state; return { principal: s.balances[s.balances.length - 1].amountCents, interestPaid: s.interestPaidCents, awaited: s.amountDueCents }; },
      expected: { principal: 74_648, interestPaid: 1192, awaited: 73_456 } },
    // Policy "principal_first" (agreed otherwise): the whole payment goes to the principal.
    { spec: '§8', rule: 'principal first when the policy says so',
      observe: () => { const s = Shell.start({ at: '2027-01-25T08:00:00Z', policy: policyWith({ penalties: { ...DEFAULT_POLICY.penalties, partialPayments: 'principal_first' } }) }).pay('2027-03-05T10:00:00Z', 'P1', 50_000).state; return { principal: s.balances[s.balances.length - 1].amountCents, interestPaid: s.interestPaidCents }; },
      expected: { principal: 73_456, interestPaid: undefined } },
  ]);
});
