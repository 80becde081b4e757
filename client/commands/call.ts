import { InvalidArgumentError, Option, type Command } from 'commander';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { CallOutcomeSchema, DisputeKind, NonPaymentReason, type CallOutcomeInput } from '../../domain/commands';
import { ContactRole } from '../../domain/invoice';
import { formatMoney } from '../../domain/money';
import { completeCallTask } from '../../workflows/messages';
import { parseAmount } from '../amount';
import { withTemporal } from '../connection';
import { CliError, EXIT } from '../errors';
import { centsArg, compact, dateArg, parsePayload } from '../flags';
import { handleFor, queryState, withWorkerDeadline } from '../invoice-ops';

export interface CallFlags {
  outcome: 'reached' | 'unreached';
  taskId?: string;
  contactName?: string;
  collector?: string;
  reason?: string;
  promiseDate?: string;
  promiseAmount?: number;
  plan?: Array<{ date: string; amountCents: number }>;
  disputeKind?: string;
  disputeDetails?: string;
  returnDetails?: string;
  settlementAmount?: number;
  approvedBy?: string;
  payBy?: string;
  hardship?: boolean;
  document?: string;
  newContactName?: string;
  newContactRole?: string;
  newContactEmail?: string;
  newContactPhone?: string;
  notes?: string;
}

/** "2026-05-01:600,2026-06-01:317.28" (a `;` works too, and French amounts: "2026-05-01:600,50;..."). */
export function planArg(value: string): Array<{ date: string; amountCents: number }> {
  return value
    .split(/[;,]\s*(?=\d{4}-\d{2}-\d{2}:)/)
    .map((part) => {
      const m = /^\s*(\d{4}-\d{2}-\d{2})\s*:\s*(.+?)\s*$/.exec(part);
      if (!m) throw new InvalidArgumentError(`"${part}" is not DATE:AMOUNT (e.g. 2026-05-01:600,2026-06-01:317.28)`);
      const amount = parseAmount(m[2]);
      if (!amount.ok) throw new InvalidArgumentError(`instalment ${m[1]}: ${amount.error}`);
      return { date: dateArg(m[1]), amountCents: amount.cents };
    });
}

/** Flags to the outcome the workflow expects; the promise amount defaults to what is still due. */
export function outcomeFromFlags(f: CallFlags, taskId: string, amountDueCents?: number): CallOutcomeInput {
  const anyOf = (...v: unknown[]) => v.some((x) => x !== undefined);
  return compact({
    taskId,
    reached: f.outcome === 'reached',
    contactName: f.contactName,
    collector: f.collector,
    reason: f.reason as CallOutcomeInput['reason'],
    promise: anyOf(f.promiseDate, f.promiseAmount) ? { date: f.promiseDate!, amountCents: f.promiseAmount ?? amountDueCents! } : undefined,
    plan: f.plan ? { instalments: f.plan } : undefined,
    dispute: anyOf(f.disputeKind, f.disputeDetails, f.returnDetails)
      ? (compact({ kind: f.disputeKind, details: f.disputeDetails, returnDetails: f.returnDetails }) as CallOutcomeInput['dispute'])
      : undefined,
    settlement: anyOf(f.settlementAmount, f.approvedBy, f.payBy) ? { amountCents: f.settlementAmount!, approvedBy: f.approvedBy!, payBy: f.payBy! } : undefined,
    hardship: f.hardship,
    documentRequested: f.document as CallOutcomeInput['documentRequested'],
    contactUpdate: anyOf(f.newContactName, f.newContactRole, f.newContactEmail, f.newContactPhone)
      ? (compact({ name: f.newContactName, role: f.newContactRole, email: f.newContactEmail, phone: f.newContactPhone }) as CallOutcomeInput['contactUpdate'])
      : undefined,
    notes: f.notes,
  });
}

const FLAG_OF_FIELD: Record<string, string> = {
  taskId: '--task-id',
  reason: '--reason',
  'promise.date': '--promise-date',
  'promise.amountCents': '--promise-amount',
  promise: '--promise-date/--promise-amount',
  plan: '--plan',
  'dispute.kind': '--dispute-kind',
  'dispute.details': '--dispute-details',
  dispute: '--dispute-kind/--dispute-details',
  'settlement.amountCents': '--settlement-amount',
  'settlement.approvedBy': '--approved-by',
  'settlement.payBy': '--pay-by',
  settlement: '--settlement-amount',
  documentRequested: '--document',
  'contactUpdate.name': '--new-contact-name',
  'contactUpdate.email': '--new-contact-email',
  'contactUpdate.phone': '--new-contact-phone',
  contactUpdate: '--new-contact-name',
  notes: '--notes',
};

/** The workflow speaks cents; a collector reads "€734.56". */
export function inMoney(message: string, currency: string): string {
  return message.replace(/(\d+) cents/g, (_, c: string) => formatMoney(Number(c), currency, 'en'));
}

export function registerCall(program: Command): void {
  program
    .command('call')
    .description("Record a call's outcome on the invoice's open call task; the workflow checks it before accepting it")
    .argument('<invoiceId>')
    .addOption(new Option('--outcome <outcome>', 'was someone reached').choices(['reached', 'unreached']).makeOptionMandatory())
    .option('--task-id <id>', 'the call task (default: the open one)')
    .option('--contact-name <name>', 'who answered')
    .option('--collector <name>', 'who called')
    .addOption(new Option('--reason <reason>', 'why it is not paid').choices(NonPaymentReason.options))
    .option('--promise-date <date>', 'promise to pay: date, YYYY-MM-DD', dateArg)
    .option('--promise-amount <amount>', 'promise to pay: amount (default: all that is still due)', centsArg)
    .option('--plan <instalments>', 'payment plan: DATE:AMOUNT,DATE:AMOUNT... adding up to the amount due', planArg)
    .addOption(new Option('--dispute-kind <kind>', 'dispute raised on the call').choices(DisputeKind.options))
    .option('--dispute-details <text>', 'what is disputed')
    .option('--return-details <text>', 'goods returned: date, carrier, reference')
    .option('--settlement-amount <amount>', 'settlement with discount: amount agreed', centsArg)
    .option('--approved-by <name>', 'settlement: who approved the discount')
    .option('--pay-by <date>', 'settlement: date to pay, YYYY-MM-DD', dateArg)
    .option('--hardship', 'the debtor declared financial hardship')
    .addOption(new Option('--document <document>', 'document asked for: sent now, followed up in 7 days').choices(['invoice', 'delivery_note', 'other']))
    .option('--new-contact-name <name>', 'the right person to call from now on')
    .addOption(new Option('--new-contact-role <role>', 'their role').choices(ContactRole.options))
    .option('--new-contact-email <email>', 'their email')
    .option('--new-contact-phone <phone>', 'their phone')
    .option('--notes <text>', 'free notes (restated in the follow-up email)')
    .addHelpText(
      'after',
      `
Examples:
  $ dunning call FA-2026-0107 --outcome unreached --notes "voicemail, message left"
  $ dunning call FA-2026-0107 --outcome reached --contact-name "Sophie Lambert" --reason forgot \\
      --promise-date 2026-05-15 --promise-amount 1234.56
  $ dunning call FA-2026-0107 --outcome reached --reason cannot_pay --hardship \\
      --plan "2026-05-01:600,2026-06-01:634.56"
  $ dunning call FA-2026-0107 --outcome reached --reason invoice_wrong --dispute-kind commercial \\
      --dispute-details "unit price differs from the quote"
  $ dunning call FA-2026-0107 --outcome reached --reason not_received --document invoice
  $ dunning call FA-2026-0107 --outcome reached --settlement-amount 1000 --approved-by "CFO" --pay-by 2026-05-20
  $ dunning call FA-2026-0107 --outcome reached --new-contact-name "Marc Girard" --new-contact-role manager \\
      --new-contact-phone "06 99 00 11 22"

A follow-up email restating what was agreed goes to the debtor after every call.`,
    )
    .action((invoiceId: string, flags: CallFlags) =>
      withTemporal(async (t) => {
        const view = await queryState(t, invoiceId);
        const taskId = flags.taskId ?? view.openTask?.taskId;
        if (!taskId) throw new CliError(`invoice ${invoiceId} has no open call task (stage ${view.stage}); see dunning tasks`, EXIT.usage);
        const outcome = parsePayload(CallOutcomeSchema, outcomeFromFlags(flags, taskId, view.amountDueCents), FLAG_OF_FIELD, 'call outcome');
        let result;
        try {
          result = await withWorkerDeadline(t, invoiceId, () => handleFor(t, invoiceId).executeUpdate(completeCallTask, { args: [outcome] }));
        } catch (err) {
          // The workflow's validator refused it: nothing entered the history.
          if (err instanceof WorkflowUpdateFailedError) {
            throw new CliError(`call outcome rejected: ${inMoney(err.cause?.message ?? err.message, view.invoice.currency)}`, EXIT.usage);
          }
          throw err;
        }
        const money = (c: number) => formatMoney(c, view.invoice.currency, 'en');
        console.log(`call recorded on ${invoiceId} (task ${result.taskId}): stage ${result.stage}, still due ${money(result.amountDueCents)}`);
        if (result.next) console.log(`next: ${result.next.description} at ${result.next.at}`);
      }),
    );
}
