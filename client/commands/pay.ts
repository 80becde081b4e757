import type { Command } from 'commander';
import { DebtorPaymentSchema, PaymentReceivedSchema } from '../../domain/invoice/commands';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { formatMoney } from '../../domain/money/format';
import { debtorPaymentReceived, getDebtorState, paymentReceived, recordPayment } from '../../workflows/messages';
import { validatePayment } from '../../domain/dunning/validate';
import { withTemporal } from '../connection';
import { CliError, EXIT, usageError } from '../errors';
import { centsArg, compact, dateArg, parsePayload } from '../flags';
import { withWorkerDeadline } from '../invoice-ops';
import { commandOrSignal } from '../operator-commands';
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
    .option('--allow-overpayment', 'record a payment larger than what is due; the excess is kept as unapplied credit (to refund or allocate)')
    .addHelpText(
      'after',
      `
Examples:
  $ dunning pay FA-2026-0107 --amount 1234.56 --payment-id VIR-20260502-0042
  $ dunning pay FA-2026-0107 --amount "600,00" --payment-id CHQ-8812 --paid-on 2026-05-02
  $ dunning pay --debtor CUST-0087 --amount 1500 --payment-id VIR-77            # oldest invoices first
  $ dunning pay --debtor CUST-0087 --amount 1500 --payment-id VIR-78 --invoices FA-2026-0102

A full payment closes the invoice (outcome paid); a partial one lowers the amount due and dunning goes on.
More than is due is refused (exit 1) unless --allow-overpayment; a payment id already recorded is
reported as a duplicate and counted once (exit 0).`,
    )
    .action((invoiceId: string | undefined, opts: PayOptions) => {
      if (opts.debtor) return payDebtor(opts.debtor, opts);
      if (!invoiceId) throw usageError('pay: give an invoice id, or --debtor <debtorId> for a payment to allocate');
      const payload = parsePayload(
        PaymentReceivedSchema,
        compact({ paymentId: opts.paymentId, amountCents: opts.amount, paidOn: opts.paidOn, reference: opts.reference }),
        { amountCents: '--amount', paymentId: '--payment-id', paidOn: '--paid-on' },
        'payment',
      );
      return withTemporal(async (t) => {
        const allow = opts.allowOverpayment === true;
        const a = await commandOrSignal(t, invoiceId, recordPayment, { payment: payload, allowOverpayment: allow }, {
          signal: paymentReceived,
          arg: payload,
          refuse: (v) => validatePayment(v, payload, allow),
          paidCents: payload.amountCents,
        });
        if (!a.ok) return refused(a.kind, a.message);
        const r = a.result;
        const money = (c: number) => formatMoney(c, r.currency, 'en');
        const left = r.outcome ? `invoice closed (${r.outcome})` : `still due ${money(r.amountDueCents)}`;
        print(`payment ${payload.paymentId} of ${money(payload.amountCents)} recorded on ${invoiceId}: ${money(r.appliedCents ?? 0)} applied, ${left}`);
        if (r.unappliedCents) print(`${money(r.unappliedCents)} more than was due: kept as unapplied credit (refund it or allocate it to another invoice)`);
      });
    });
}

interface PayOptions {
  amount: number;
  paymentId: string;
  paidOn?: string;
  reference?: string;
  debtor?: string;
  invoices?: string;
  allowOverpayment?: boolean;
}

/** A duplicate is an answer (counted once, exit 0); anything else refused exits 1. */
function refused(kind: string, message: string): void {
  if (kind === 'duplicate') {
    print(`duplicate: ${message}`);
    return;
  }
  throw new CliError(`payment refused: ${message}${kind === 'overpayment' ? '; check the amount, or pass --allow-overpayment to keep the excess as unapplied credit' : ''}`, EXIT.usage);
}

/** A debtor-level payment, allocated by the debtor's workflow (domain/debtor.ts allocatePayment). */
function payDebtor(debtorId: string, opts: PayOptions) {
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
    const debtor = await withWorkerDeadline(t, debtorId, () => handle.query(getDebtorState));
    const open = Object.values(debtor.invoices).filter((i) => !i.closed);
    const currency = open[0]?.invoice.currency ?? 'EUR';
    const money = (c: number) => formatMoney(c, currency, 'en');
    if (debtor.paymentIds.includes(payload.paymentId)) return refused('duplicate', `payment ${payload.paymentId} is already recorded for debtor ${debtorId}: counted once, nothing changed`);
    const due = open.reduce((s, i) => s + i.amountDueCents, 0);
    if (payload.amountCents > due && !opts.allowOverpayment) {
      return refused('overpayment', `the payment (${money(payload.amountCents)}) exceeds what debtor ${debtorId} owes on its open invoices (${money(due)})`);
    }
    await handle.signal(debtorPaymentReceived, payload);
    print(`payment ${payload.paymentId} of ${money(payload.amountCents)} sent to debtor ${debtorId} for allocation (oldest due first; ${money(due)} due on ${open.length} open invoice(s))`);
    if (payload.amountCents > due) print(`${money(payload.amountCents - due)} more than is due: kept as unapplied credit (refund it or allocate it)`);
  });
}
