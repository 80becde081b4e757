import { addDays, daysBetween } from '../time/calendar';

/**
 * Late-payment penalties (domain.md §8, Code de commerce L441-10): simple interest, per day, on the
 * amount still due, from the day after the due date, at an annual rate in percent over a 365-day
 * year; rounded once, at the end, to the nearest cent (half up).
 *
 * Worked example (tested exactly):
 *   EUR 1 234.56 due 2026-03-31, rate 12.15 %, as of 2026-05-15: days 2026-04-01..2026-05-15 = 45.
 *   123 456 c x 45 d = 5 555 520 cent-days; x 12.15 / 36 500 = 1 849.303... -> 1 849 c (EUR 18.49).
 *   Same invoice, EUR 500.00 paid so that 73 456 c is due from 2026-04-21:
 *   123 456 x 20 d (04-01..04-20) + 73 456 x 25 d (04-21..05-15) = 4 305 520 cent-days;
 *   x 12.15 / 36 500 = 1 433.207... -> 1 433 c (EUR 14.33).
 */

// Rate kept as an integer number of millionths of a percent so the sum stays exact (BigInt).
const RATE_SCALE = 1_000_000n;

export interface Balance {
  /** First day (debtor-local, YYYY-MM-DD) on which this amount is outstanding. */
  from: string;
  amountCents: number;
}

export interface PenaltyInput {
  dueDate: string;
  /** Last day counted, inclusive. */
  asOf: string;
  annualRatePct: number;
  /** Outstanding amount over time; the first entry must start on or before dueDate + 1. */
  balances: readonly Balance[];
}

export function accruePenalties(input: PenaltyInput): number {
  return roundHalfUp(accrualNumerator(input));
}

/** Cents = numerator / ACCRUAL_DENOMINATOR, exactly: sums of several periods round once (domain/money/interest.ts). */
export const ACCRUAL_DENOMINATOR = 100n * 365n * RATE_SCALE;

export function roundHalfUp(num: bigint): number {
  return Number((2n * num + ACCRUAL_DENOMINATOR) / (2n * ACCRUAL_DENOMINATOR));
}

export function accrualNumerator({ dueDate, asOf, annualRatePct, balances }: PenaltyInput): bigint {
  if (!Number.isFinite(annualRatePct) || annualRatePct < 0) throw new Error(`annualRatePct must be a number >= 0, got ${annualRatePct}`);
  const firstDay = addDays(dueDate, 1);
  if (daysBetween(dueDate, asOf) <= 0) return 0n;
  if (balances.length === 0) throw new Error('accruePenalties: balances is empty');
  for (const b of balances) {
    if (!Number.isSafeInteger(b.amountCents) || b.amountCents < 0) throw new Error(`accruePenalties: amountCents must be integer cents >= 0, got ${b.amountCents}`);
  }
  // Stable sort: among equal `from`, the later entry wins.
  const sorted = [...balances].sort((a, b) => daysBetween(b.from, a.from));
  if (daysBetween(sorted[0].from, firstDay) < 0) {
    throw new Error(`accruePenalties: the first balance starts ${sorted[0].from}, after ${firstDay} (the day after the due date)`);
  }

  let centDays = 0n;
  for (let i = 0; i < sorted.length; i++) {
    const start = maxDate(sorted[i].from, firstDay);
    const nextFrom = i + 1 < sorted.length ? sorted[i + 1].from : addDays(asOf, 1);
    const days = daysBetween(start, minDate(nextFrom, addDays(asOf, 1)));
    if (days > 0) centDays += BigInt(sorted[i].amountCents) * BigInt(days);
  }

  return centDays * BigInt(Math.round(annualRatePct * Number(RATE_SCALE)));
}

/** D441-5: EUR 40 per late invoice for professional debtors, none for consumers. */
export function fixedIndemnityCents(debtorKind: 'professional' | 'consumer', perInvoiceCents = 4000): number {
  return debtorKind === 'professional' ? perInvoiceCents : 0;
}

const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);
