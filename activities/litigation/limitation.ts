/**
 * The limitation date (domain.md §8). A formal notice does not interrupt it: 5 years between
 * businesses (Code de commerce L110-4), 2 years for a professional's claim on a consumer (Code de
 * la consommation L218-2), counted here from the due date. That is the earliest possible date: an
 * acknowledgement of the debt (a part payment, a promise) starts a new period (Code civil 2240),
 * which a lawyer may rely on, but the file does not presume it.
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
  /** Counted from this date (the due date). */
  from: string;
  /** 'expired': the date has passed; 'soon': less than 6 months away. */
  warning?: 'expired' | 'soon';
}

export function limitationOf(invoice: Invoice, today: string): Limitation {
  const consumer = invoice.debtor.kind === 'consumer';
  const years = consumer ? 2 : 5;
  const basis = consumer ? 'article L218-2 du Code de la consommation' : 'article L110-4 du Code de commerce';
  const date = addYears(invoice.dueDate, years);
  const warning = date < today ? 'expired' : date < addMonths(today, LIMITATION_WARNING_MONTHS) ? 'soon' : undefined;
  return { date, years, basis, from: invoice.dueDate, ...(warning ? { warning } : {}) };
}
