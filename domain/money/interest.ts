import { addDays, daysBetween } from '../time/calendar';
import { ACCRUAL_DENOMINATOR, accrualNumerator, roundHalfUp, type Balance } from './penalties';
import { halfYearEnd, ratesOn, REFERENCE_RATES, type HalfYearRates } from './rates';

/**
 * What a late debtor owes on top of the principal (domain.md §8), by the debtor's kind:
 * - professional: late-payment penalties from the day after the due date, without any reminder
 *   (Code de commerce L441-10 II), at the ECB rate in force on 1 January (first half-year) or
 *   1 July (second half-year) + 10 points, or the terms of sale's rate, never below 3 x the
 *   taux légal of the half-year; a period spanning half-years is computed piece by piece.
 * - consumer: no L441-10 penalties; interest at the taux légal from the formal notice only
 *   (Code civil 1231-6, 1344-1), from the day after the notice's date; nothing before it.
 * The creditor is a company, so the taux légal is the "autres cas" one (Code monétaire et
 * financier L313-2: the "particuliers" rate is for private-person creditors).
 * The total is rounded once, to the cent (half up); the half-year lines share it so that a
 * letter's lines add up to its total.
 */
export interface InterestTerms {
  debtorKind: 'professional' | 'consumer';
  /** Professional debtors: the terms of sale's annual rate (policy.penalties.contractualRatePct). */
  contractualRatePct?: number;
  /** Consumer debtors: the local date of the formal notice; no interest without one. */
  noticeDate?: string;
}

export type InterestBasis = 'L441-10' | 'contract' | 'legal_floor' | 'legal_rate';

export interface InterestPeriod {
  /** First and last day counted, inclusive. */
  from: string;
  to: string;
  ratePct: number;
  basis: InterestBasis;
  cents: number;
  /** The table had no entry for this half-year: the last known rate was used (docs/french-law.md). */
  provisional: boolean;
}

export interface LateInterest {
  cents: number;
  periods: InterestPeriod[];
}

export interface InterestInput {
  dueDate: string;
  asOf: string;
  balances: readonly Balance[];
  terms: InterestTerms;
  table?: readonly HalfYearRates[];
}

/** The annual rate for a half-year and why (L441-10 II; floor: 3 x taux légal). */
export function rateFor(terms: InterestTerms, rates: HalfYearRates): { ratePct: number; basis: InterestBasis } {
  if (terms.debtorKind === 'consumer') return { ratePct: rates.legalProfessionalPct, basis: 'legal_rate' };
  if (terms.contractualRatePct === undefined) return { ratePct: round2(rates.ecbPct + 10), basis: 'L441-10' };
  const floor = round2(3 * rates.legalProfessionalPct);
  return terms.contractualRatePct >= floor ? { ratePct: terms.contractualRatePct, basis: 'contract' } : { ratePct: floor, basis: 'legal_floor' };
}

/** First day interest runs, or undefined when none runs (a consumer without a formal notice). */
export function interestStart(dueDate: string, terms: InterestTerms): string | undefined {
  if (terms.debtorKind === 'professional') return addDays(dueDate, 1);
  if (!terms.noticeDate) return undefined;
  const afterNotice = addDays(terms.noticeDate, 1);
  return afterNotice > addDays(dueDate, 1) ? afterNotice : addDays(dueDate, 1);
}

export function lateInterest({ dueDate, asOf, balances, terms, table = REFERENCE_RATES }: InterestInput): LateInterest {
  const start = interestStart(dueDate, terms);
  const periods: InterestPeriod[] = [];
  if (!start || daysBetween(start, asOf) < 0) return { cents: 0, periods };
  const exact: bigint[] = [];
  for (let from = start; from <= asOf; from = addDays(halfYearEnd(from), 1)) {
    const to = halfYearEnd(from) < asOf ? halfYearEnd(from) : asOf;
    const rates = ratesOn(from, table);
    const { ratePct, basis } = rateFor(terms, rates);
    exact.push(accrualNumerator({ dueDate: addDays(from, -1), asOf: to, annualRatePct: ratePct, balances: clip(balances, from) }));
    periods.push({ from, to, ratePct, basis, cents: 0, provisional: rates.provisional });
  }
  const cents = roundHalfUp(exact.reduce((a, b) => a + b, 0n));
  apportion(exact, cents).forEach((c, i) => (periods[i].cents = c));
  return { cents, periods };
}

/**
 * The total is rounded once (half up); each period gets its cents rounded down, and the cents left
 * go to the periods with the largest remainders (ties: the earlier), so the lines add up to the total.
 */
function apportion(exact: bigint[], total: number): number[] {
  const floors = exact.map((n) => Number(n / ACCRUAL_DENOMINATOR));
  let left = total - floors.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((n, i) => ({ i, r: n % ACCRUAL_DENOMINATOR })).sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    floors[i] += 1;
    left -= 1;
  }
  return floors;
}

/** The balances as seen from `from` on: the one in force that day starts it. */
function clip(balances: readonly Balance[], from: string): Balance[] {
  const sorted = [...balances].sort((a, b) => daysBetween(b.from, a.from));
  const before = sorted.filter((b) => b.from <= from);
  const inForce = before.length ? before[before.length - 1] : { from, amountCents: 0 };
  return [{ from, amountCents: inForce.amountCents }, ...sorted.filter((b) => b.from > from)];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The rate that applies on `date` under these terms (the letter's "au taux annuel de"). */
export function rateOn(terms: InterestTerms, date: string, table: readonly HalfYearRates[] = REFERENCE_RATES): number {
  return rateFor(terms, ratesOn(date, table)).ratePct;
}
