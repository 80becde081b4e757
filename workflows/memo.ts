import type { Invoice } from '../domain/invoice/schema';

/** What the Web UI shows of a run without decoding its input: ids, company name and amounts only. */
export function invoiceMemo(invoice: Invoice): { invoice: { invoiceId: string; debtor: string; amountCents: number; currency: string; dueDate: string } } {
  return { invoice: { invoiceId: invoice.invoiceId, debtor: invoice.debtor.name, amountCents: invoice.amountCents, currency: invoice.currency, dueDate: invoice.dueDate } };
}
