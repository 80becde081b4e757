import type { Command } from 'commander';
import { PaymentReceivedSchema } from '../../domain/commands';
import { paymentReceived } from '../../workflows/messages';
import { withTemporal } from '../connection';
import { centsArg, compact, dateArg, parsePayload } from '../flags';
import { signalInvoice } from '../invoice-ops';

export function registerPay(program: Command): void {
  program
    .command('pay')
    .description('Record a payment received (full or partial); the same --payment-id twice is counted once')
    .argument('<invoiceId>')
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

A full payment closes the invoice (outcome paid); a partial one lowers the amount due and dunning goes on.`,
    )
    .action((invoiceId: string, opts: { amount: number; paymentId: string; paidOn?: string; reference?: string }) => {
      const payload = parsePayload(
        PaymentReceivedSchema,
        compact({ paymentId: opts.paymentId, amountCents: opts.amount, paidOn: opts.paidOn, reference: opts.reference }),
        { amountCents: '--amount', paymentId: '--payment-id', paidOn: '--paid-on' },
        'payment',
      );
      return withTemporal(async (t) => {
        await signalInvoice(t, invoiceId, paymentReceived, payload);
        console.log(`payment ${payload.paymentId} of ${(payload.amountCents / 100).toFixed(2)} sent to the dunning of ${invoiceId}`);
      });
    });
}
