import type { Command } from 'commander';
import { DebtorPaymentSchema, PaymentReceivedSchema } from '../../domain/invoice/commands';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { debtorPaymentReceived, paymentReceived } from '../../workflows/messages';
import { withTemporal } from '../connection';
import { CliError, EXIT, usageError } from '../errors';
import { centsArg, compact, dateArg, parsePayload } from '../flags';
import { signalInvoice } from '../invoice-ops';
import { print } from '../output';

export function registerPay(program: Command): void {
  program
    .command('pay')
    .description('Record a payment received (full or partial); the same --payment-id twice is counted once')
    .argument('[invoiceId]', 'the invoice paid (or use --debtor)')
    .option('--debtor <debtorId>', "a payment for the debtor: allocated to --invoices first, then oldest due date first (not to invoices in dispute)")
    .option('--invoices <ids>', 'with --debtor: the invoices the remittance names, in order (comma-separated)')
    .requiredOption('--amount <amount>', 'amount received, e.g. 1234.56 or "1 234,56"', centsArg)
    .requiredOption('--payment-id <id>', 'bank transaction or remittance id')
    .option('--paid-on <date>', 'value date, YYYY-MM-DD (default: today)', dateArg)
    .option('--reference <text>', 'reference written on the transfer')
    .addHelpText(
      'after',
      `
Examples:
  $ dunning pay FA-2026-0107 --amount 1234.56 --payment-id VIR-20260502-0042
  $ dunning pay FA-2026-0107 --amount "600,00" --payment-id CHQ-8812 --paid-on 2026-05-02
  $ dunning pay --debtor CUST-0087 --amount 1500 --payment-id VIR-77            # oldest invoices first
  $ dunning pay --debtor CUST-0087 --amount 1500 --payment-id VIR-78 --invoices FA-2026-0102

A full payment closes the invoice (outcome paid); a partial one lowers the amount due and dunning goes on.`,
    )
    .action((invoiceId: string | undefined, opts: { amount: number; paymentId: string; paidOn?: string; reference?: string; debtor?: string; invoices?: string }) => {
      if (opts.debtor) return payDebtor(opts.debtor, opts);
      if (!invoiceId) throw usageError('pay: give an invoice id, or --debtor <debtorId> for a payment to allocate');
      const payload = parsePayload(
        PaymentReceivedSchema,
        compact({ paymentId: opts.paymentId, amountCents: opts.amount, paidOn: opts.paidOn, reference: opts.reference }),
        { amountCents: '--amount', paymentId: '--payment-id', paidOn: '--paid-on' },
        'payment',
      );
      return withTemporal(async (t) => {
        await signalInvoice(t, invoiceId, paymentReceived, payload);
        print(`payment ${payload.paymentId} of ${(payload.amountCents / 100).toFixed(2)} sent to the dunning of ${invoiceId}`);
      });
    });
}

/** A debtor-level payment, allocated by the debtor's workflow (domain/debtor.ts allocatePayment). */
function payDebtor(debtorId: string, opts: { amount: number; paymentId: string; paidOn?: string; invoices?: string }) {
  const payload = parsePayload(
    DebtorPaymentSchema,
    compact({ paymentId: opts.paymentId, amountCents: opts.amount, paidOn: opts.paidOn, invoiceIds: opts.invoices?.split(',').map((x) => x.trim()).filter(Boolean) }),
    { amountCents: '--amount', paymentId: '--payment-id', paidOn: '--paid-on', invoiceIds: '--invoices' },
    'payment',
  );
  return withTemporal(async (t) => {
    const handle = t.client.workflow.getHandle(debtorWorkflowId(debtorId));
    try {
      await handle.describe();
    } catch {
      throw new CliError(`no debtor workflow for ${debtorId} (its invoices were started per invoice, or none is open)`, EXIT.notFound);
    }
    await handle.signal(debtorPaymentReceived, payload);
    print(`payment ${payload.paymentId} of ${(payload.amountCents / 100).toFixed(2)} sent to debtor ${debtorId} for allocation`);
  });
}
