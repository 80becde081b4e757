import type { InvoiceSync } from '../coordination/messages';
import { byText, type DebtorState } from './state';

export interface PaymentAllocation {
  shares: Array<{ invoiceId: string; workflowId: string; amountCents: number }>;
  unappliedCents: number;
}

/**
 * A debtor-level payment goes to the invoices the remittance names, in that order, then to the
 * others (not in dispute) oldest due date first; what exceeds every amount due stays unapplied.
 */
export function allocatePayment(s: DebtorState, amountCents: number, invoiceIds?: string[]): PaymentAllocation {
  const open = Object.values(s.invoices).filter((i) => !i.closed && i.amountDueCents > 0);
  const named = (invoiceIds ?? []).map((id) => open.find((i) => i.invoiceId === id)).filter((i): i is InvoiceSync => Boolean(i));
  // A disputed invoice is paid only when the remittance names it.
  const rest = open
    .filter((i) => !named.includes(i) && i.stage !== 'disputed')
    .sort((a, b) => byText(a.invoice.dueDate, b.invoice.dueDate) || byText(a.invoiceId, b.invoiceId));
  let left = amountCents;
  const shares: PaymentAllocation['shares'] = [];
  for (const i of [...named, ...rest]) {
    if (left <= 0) break;
    const share = Math.min(left, i.amountDueCents);
    shares.push({ invoiceId: i.invoiceId, workflowId: i.workflowId, amountCents: share });
    left -= share;
  }
  return { shares, unappliedCents: left };
}
