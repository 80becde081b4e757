import type { Invoice } from '../domain/invoice/schema';
import { debtorWorkflowId } from '../domain/debtor/state';

/** What the Web UI shows of a run without decoding its input: ids, company name and amounts only. */
export function invoiceMemo(invoice: Invoice): { invoice: { invoiceId: string; debtor: string; amountCents: number; currency: string; dueDate: string } } {
  return { invoice: { invoiceId: invoice.invoiceId, debtor: invoice.debtor.name, amountCents: invoice.amountCents, currency: invoice.currency, dueDate: invoice.dueDate } };
}

/** Coordinated runs: the invoice's memo names its debtor's run (the Web UI shows the memo on the run page). */
export function coordinatedInvoiceMemo(invoice: Invoice): ReturnType<typeof invoiceMemo> & { debtorRun: string } {
  return { ...invoiceMemo(invoice), debtorRun: debtorWorkflowId(invoice.debtor.debtorId) };
}

/** The debtor run's memo: who it is and the list query that finds its invoice runs. */
export function debtorMemo(debtorId: string, name: string): { debtor: { debtorId: string; name: string; invoiceRuns: string } } {
  return { debtor: { debtorId, name, invoiceRuns: `WorkflowType = 'dunningWorkflow' AND DunningDebtorId = ${JSON.stringify(debtorId)}` } };
}
