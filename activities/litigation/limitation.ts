/**
 * The limitation date in the litigation file (domain.md §8). A formal notice does not interrupt it:
 * 5 years between businesses (Code de commerce L110-4), 2 years for a professional's claim on a
 * consumer (Code de la consommation L218-2), counted from the delivery of the goods or the
 * completion of the service (Cass. 1re civ. 19 May 2021, n° 20-12.520): the invoice's delivery
 * date, else its issue date (the latest defensible start, stated in the file). An acknowledgement
 * of the debt (a payment, a promise, a payment plan) starts a new period (Code civil 2240): the
 * latest one recorded in the run counts. The same rule as domain/dunning/limitation.ts, in years.
 */
import type { Invoice } from '../../domain/invoice/schema';
import { addMonths, addYears } from './dates';

/** Warn when the limitation date is less than this many months away. */
export const LIMITATION_WARNING_MONTHS = 6;

export interface Limitation {
  /** YYYY-MM-DD: the last day to act. */
  date: string;
  years: number;
  basis: string;
  /** Counted from this date. */
  from: string;
  /** What `from` is: the delivery, the issue date (no delivery date known), or the last acknowledgement. */
  fromWhat: 'delivery' | 'issue_date' | 'acknowledgement';
  /** 'expired': the date has passed; 'soon': less than 6 months away. */
  warning?: 'expired' | 'soon';
}

export function limitationOf(invoice: Invoice, today: string, acknowledgedOn?: string): Limitation {
  const consumer = invoice.debtor.kind === 'consumer';
  const years = consumer ? 2 : 5;
  const basis = consumer ? 'article L218-2 du Code de la consommation' : 'article L110-4 du Code de commerce';
  const from = acknowledgedOn ?? invoice.deliveryDate ?? invoice.issueDate;
  const fromWhat: Limitation['fromWhat'] = acknowledgedOn ? 'acknowledgement' : invoice.deliveryDate ? 'delivery' : 'issue_date';
  const date = addYears(from, years);
  const warning = date < today ? 'expired' : date < addMonths(today, LIMITATION_WARNING_MONTHS) ? 'soon' : undefined;
  return { date, years, basis, from, fromWhat, ...(warning ? { warning } : {}) };
}
