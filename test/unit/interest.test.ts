import { describe, expect, it } from 'vitest';
import { lateInterest, rateFor, type InterestInput } from '../../domain/money/interest';
import { checkRateTable, halfYearEnd, ratesOn, REFERENCE_RATES } from '../../domain/money/rates';
import { PolicySchema } from '../../domain/policy/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { checkPolicy } from '../../domain/wire/policy';

const TEN_THOUSAND = [{ from: '2025-01-01', amountCents: 1_000_000 }];
const pro = { debtorKind: 'professional' as const };

describe('late interest by half-year (Code de commerce L441-10 II)', () => {
  it('10 000 EUR due 31 Dec 2024, counted to 30 Jun 2025: 13.15 % -> 652.10 EUR', () => {
    // 1 Jan..30 Jun 2025 = 181 days, all in 2025-H1: ECB rate on 1 Jan 2025 3.15 % + 10 points = 13.15 %.
    // 1 000 000 c x 181 d x 13.15 / 36 500 = 65 209.59 -> 65 210 c = 652.10 EUR (one rate frozen at 12.15 % gave 602.51).
    const r = lateInterest({ dueDate: '2024-12-31', asOf: '2025-06-30', balances: TEN_THOUSAND, terms: pro });
    expect(r).toEqual({ cents: 65_210, periods: [{ from: '2025-01-01', to: '2025-06-30', ratePct: 13.15, basis: 'L441-10', cents: 65_210, provisional: false }] });
  });

  it('a period spanning two half-years is computed piece by piece', () => {
    // Due 31 May 2025, to 31 Aug 2025: 1..30 Jun = 30 d at 3.15 + 10 = 13.15 %; 1 Jul..31 Aug = 62 d at 2.15 + 10 = 12.15 %.
    // 1 000 000 x 30 x 13.15 / 36 500 = 10 808.22; 1 000 000 x 62 x 12.15 / 36 500 = 20 638.36; total 31 446.58 -> 31 447.
    // Lines: 10 808 + 20 638 = 31 446, the cent left goes to the larger remainder (.36): 10 808 + 20 639.
    const r = lateInterest({ dueDate: '2025-05-31', asOf: '2025-08-31', balances: [{ from: '2025-06-01', amountCents: 1_000_000 }], terms: pro });
    expect(r.cents).toBe(31_447);
    expect(r.periods.map((p) => [p.from, p.to, p.ratePct, p.cents])).toEqual([
      ['2025-06-01', '2025-06-30', 13.15, 10_808],
      ['2025-07-01', '2025-08-31', 12.15, 20_639],
    ]);
  });

  it('a consumer owes nothing before the formal notice, then the taux légal per half-year (C. civ. 1231-6, 1344-1)', () => {
    const base: Omit<InterestInput, 'terms'> = { dueDate: '2025-01-31', asOf: '2025-08-31', balances: [{ from: '2025-02-01', amountCents: 1_000_000 }] };
    expect(lateInterest({ ...base, terms: { debtorKind: 'consumer' } })).toEqual({ cents: 0, periods: [] });
    // Notice 10 Mar 2025: 11 Mar..30 Jun = 112 d at the taux légal 2025-H1 3.71 %; 1 Jul..31 Aug = 62 d at 2.76 %
    // (the "autres cas" rate: the creditor is a company, Code monétaire et financier L313-2).
    // 1 000 000 x 112 x 3.71 / 36 500 = 11 384.11; 1 000 000 x 62 x 2.76 / 36 500 = 4 688.22; 16 072.33 -> 16 072.
    const r = lateInterest({ ...base, terms: { debtorKind: 'consumer', noticeDate: '2025-03-10' } });
    expect(r.cents).toBe(16_072);
    expect(r.periods.map((p) => [p.from, p.ratePct, p.basis, p.cents])).toEqual([
      ['2025-03-11', 3.71, 'legal_rate', 11_384],
      ['2025-07-01', 2.76, 'legal_rate', 4_688],
    ]);
  });

  it('a contractual rate applies, floored at 3 x the taux légal of each half-year', () => {
    expect(rateFor({ ...pro, contractualRatePct: 20 }, ratesOn('2025-03-01'))).toEqual({ ratePct: 20, basis: 'contract' });
    // 2024-H1 taux légal 5.07 %: 3 x 5.07 = 15.21 % > 9 %.
    expect(rateFor({ ...pro, contractualRatePct: 9 }, ratesOn('2024-03-01'))).toEqual({ ratePct: 15.21, basis: 'legal_floor' });
  });

  it('a half-year past the table carries the last rate forward, flagged provisional', () => {
    const last = REFERENCE_RATES[REFERENCE_RATES.length - 1];
    expect(ratesOn('2030-08-15')).toEqual({ ...last, from: '2030-07-01', provisional: true });
    expect(ratesOn(last.from).provisional).toBe(false);
    expect(halfYearEnd('2024-02-10')).toBe('2024-06-30');
    expect(halfYearEnd('2024-07-01')).toBe('2024-12-31');
  });

  it('the shipped table has every half-year from 2019 to 2026 H1, in order', () => {
    expect(REFERENCE_RATES[0].from).toBe('2019-01-01');
    expect(REFERENCE_RATES.map((r) => r.from)).toContain('2026-01-01');
    expect(() => checkRateTable([{ from: '2025-01-01', ecbPct: 3.15, legalProfessionalPct: 3.71, legalPrivatePct: 7.21 }, { from: '2026-01-01', ecbPct: 2.15, legalProfessionalPct: 2.62, legalPrivatePct: 6.67 }])).toThrow('does not follow 2025-01-01');
    expect(() => checkRateTable([{ from: '2025-02-01', ecbPct: 3.15, legalProfessionalPct: 3.71, legalPrivatePct: 7.21 }])).toThrow('not on 1 January or 1 July');
  });
});

describe('policy: a contractual rate never below 3 x the taux légal (L441-10 II)', () => {
  // Latest half-year of the table, 2026-H1: taux légal 2.62 %, floor 7.86 %.
  const withRate = (contractualRatePct: number) => ({ ...DEFAULT_POLICY_INPUT, penalties: { ...DEFAULT_POLICY_INPUT.penalties, contractualRatePct } });
  it.each([[7.85, false], [7.86, true], [15, true]])('%s %% accepted: %s (CLI and workflow readers agree)', (rate, ok) => {
    expect(PolicySchema.safeParse(withRate(rate)).success).toBe(ok);
    expect(checkPolicy(withRate(rate)).ok).toBe(ok);
  });
});
