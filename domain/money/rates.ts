import table from './reference-rates.json';
import { addDays } from '../time/calendar';

/**
 * The half-year reference rates (domain/money/reference-rates.json, shipped as data; how to update
 * it: docs/french-law.md). Read by pure code and workflows alike: a JSON import, no IO.
 */
export interface HalfYearRates {
  /** First day of the half-year: YYYY-01-01 or YYYY-07-01. */
  from: string;
  /** ECB main refinancing rate in force on that day (Code de commerce L441-10 II). */
  ecbPct: number;
  /** Taux de l'intérêt légal, creditor other than a private person (Code monétaire et financier L313-2). */
  legalProfessionalPct: number;
  /** Taux de l'intérêt légal, creditor a private person not acting for professional needs. */
  legalPrivatePct: number;
}

export interface RatesOf extends HalfYearRates {
  /** The table has no entry for this half-year yet: the last known one is carried forward. */
  provisional: boolean;
}

/** Every entry on a half-year boundary, in order, rates within 0..100: a bad table fails at load, not in a letter. */
export function checkRateTable(rows: readonly HalfYearRates[]): readonly HalfYearRates[] {
  if (rows.length === 0) throw new Error('reference rates: the table is empty');
  rows.forEach((r, i) => {
    if (!/^\d{4}-(01|07)-01$/.test(r.from)) throw new Error(`reference rates: entry ${i} starts ${r.from}, not on 1 January or 1 July`);
    if (i > 0 && halfYearAfter(rows[i - 1].from) !== r.from) throw new Error(`reference rates: entry ${i} (${r.from}) does not follow ${rows[i - 1].from}`);
    for (const v of [r.ecbPct, r.legalProfessionalPct, r.legalPrivatePct]) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) throw new Error(`reference rates: entry ${r.from} has a rate ${v} outside 0..100`);
    }
  });
  return rows;
}

export const REFERENCE_RATES: readonly HalfYearRates[] = checkRateTable(table.halfYears);

/** First day of the half-year holding `date`. */
export function halfYearOf(date: string): string {
  return `${date.slice(0, 4)}-${date.slice(5, 7) < '07' ? '01' : '07'}-01`;
}

export function halfYearAfter(start: string): string {
  return start.slice(5, 7) === '01' ? `${start.slice(0, 4)}-07-01` : `${Number(start.slice(0, 4)) + 1}-01-01`;
}

/** Last day of the half-year holding `date`. */
export function halfYearEnd(date: string): string {
  return addDays(halfYearAfter(halfYearOf(date)), -1);
}

/** The rates of the half-year holding `date`; before the table, its first entry; after it, its last, provisional. */
export function ratesOn(date: string, rows: readonly HalfYearRates[] = REFERENCE_RATES): RatesOf {
  const start = halfYearOf(date);
  const found = rows.find((r) => r.from === start);
  if (found) return { ...found, provisional: false };
  const last = rows[rows.length - 1];
  if (start > last.from) return { ...last, from: start, provisional: true };
  return { ...rows[0], from: start, provisional: true };
}
