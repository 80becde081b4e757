import { InvalidArgumentError, Option, type Command } from 'commander';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { localStamp } from '../../domain/views/presentation';
import {
  CallOutcomeSchema,
  ContactChangedSchema,
  DebtorCallOutcomeSchema,
  DisputeKind,
  NonPaymentReason,
  type CallOutcomeInput,
  type DebtorCallOutcomeInput,
} from '../../domain/invoice/commands';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { ContactRole } from '../../domain/invoice/schema';
import { formatMoney } from '../../domain/money/format';
import { completeCallTask, completeDebtorCall, contactChanged, type DunningView } from '../../workflows/messages';
import { parseAmount } from '../amount';
import { withTemporal } from '../connection';
import { CliError, EXIT } from '../errors';
import { centsArg, compact, dateArg, parsePayload } from '../flags';
import { handleFor, queryState, signalInvoice, withWorkerDeadline } from '../invoice-ops';
import type { Temporal } from '../connection';
import { print } from '../output';

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
  promiseAll?: boolean;
  document?: string;
  newContactName?: string;
  newContactRole?: string;
  newContactEmail?: string;
  newContactPhone?: string;
  notes?: string;
  confirmed?: boolean;
  callBack?: string;
  callBackTime?: string;
  tense?: boolean;
}

/** The call-back flags as the outcome's field: a time alone needs its date. */
function callBackOf(f: CallFlags): CallOutcomeInput['callBack'] {
  if (f.callBack === undefined && f.callBackTime === undefined) return undefined;
  return compact({ date: f.callBack!, time: f.callBackTime });
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
    confirmedAtTerm: f.confirmed,
    callBack: callBackOf(f),
    tense: f.tense,
  });
}

/**
 * The same flags for a call the debtor's workflow merged (one call for several invoices): this
 * invoice's share, or with --promise-all one promise covering every invoice of the call.
 */
export function debtorOutcomeFromFlags(f: CallFlags, debtorTaskId: string, invoiceId: string, amountDueCents?: number): DebtorCallOutcomeInput {
  const o = outcomeFromFlags(f, debtorTaskId, amountDueCents);
  const share = compact({
    invoiceId,
    reason: o.reason,
    promise: f.promiseAll ? undefined : o.promise,
    plan: o.plan,
    dispute: o.dispute,
    settlement: o.settlement,
    documentRequested: o.documentRequested,
  });
  // Nothing agreed for this invoice in particular: no share (an unreached call cannot have one).
  const agreed = Object.keys(share).some((k) => k !== 'invoiceId' && (k !== 'reason' || o.reached));
  return compact({
    debtorTaskId,
    reached: o.reached,
    contactName: o.contactName,
    collector: o.collector,
    reason: o.reason,
    hardship: o.hardship,
    notes: o.notes,
    promiseAll: f.promiseAll ? { date: f.promiseDate! } : undefined,
    shares: agreed ? [share] : [],
    confirmedAtTerm: o.confirmedAtTerm,
    callBack: o.callBack,
    tense: o.tense,
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
  confirmedAtTerm: '--confirmed',
  callBack: '--call-back',
  'callBack.date': '--call-back',
  'callBack.time': '--call-back-time',
  tense: '--tense',
  promiseAll: '--promise-all',
  'promiseAll.date': '--promise-date',
  shares: '--promise-date/--plan/--dispute-kind',
};

/** Debtor outcome paths (`shares.0.promise.date`) named like the invoice's. */
const debtorFlags = (): Record<string, string> =>
  Object.fromEntries([...Object.entries(FLAG_OF_FIELD), ...Object.entries(FLAG_OF_FIELD).map(([k, v]) => [`shares.0.${k}`, v])]);

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
    .option('--promise-all', "a merged call (one call for several of the debtor's invoices): the promise date covers them all, each for its amount due")
    .addOption(new Option('--document <document>', 'document asked for: sent now, followed up in 7 days').choices(['invoice', 'delivery_note', 'other']))
    .option('--new-contact-name <name>', 'the right person to call from now on')
    .addOption(new Option('--new-contact-role <role>', 'their role').choices(ContactRole.options))
    .option('--new-contact-email <email>', 'their email')
    .option('--new-contact-phone <phone>', 'their phone')
    .option('--notes <text>', 'free notes (restated in the follow-up email)')
    .option('--confirmed', 'the invoice is received and validated, it will be paid at term (past the due date: give --promise-date too)')
    .option('--call-back <date>', 'call-back agreed with the debtor: date, YYYY-MM-DD (the next call task opens then, in the call window)', dateArg)
    .option('--call-back-time <HH:MM>', 'call-back agreed: local time on that date (default: the call window opens)')
    .option('--tense', 'the call turned tense: paused, called back after the policy delay (calls.tenseCallBack)')
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
  $ dunning call FA-2026-0107 --outcome reached --confirmed                       # pre-due: validated, paid at term
  $ dunning call FA-2026-0107 --outcome reached --call-back 2026-05-18 --call-back-time 14:30
  $ dunning call FA-2026-0107 --outcome reached --tense --notes "asked to talk again later"
  $ dunning call FA-2026-0107 --outcome reached --settlement-amount 1000 --approved-by "CFO" --pay-by 2026-05-20
  $ dunning call FA-2026-0107 --outcome reached --new-contact-name "Marc Girard" --new-contact-role manager \\
      --new-contact-phone "06 99 00 11 22"

  $ dunning call FA-2026-0101 --outcome reached --promise-all --promise-date 2026-05-15   # merged call: every invoice of it

A follow-up email restating what was agreed goes to the debtor after every call. When the
debtor's workflow merged this invoice's call with others of the same debtor (dunning tasks,
MERGED), the outcome is recorded once for that call: this invoice gets the promise, plan or
dispute given here, the others the call itself (reached or not), or all the same promise date
with --promise-all.`,
    )
    .action((invoiceId: string, flags: CallFlags) =>
      withTemporal(async (t) => {
        const view = await queryState(t, invoiceId);
        const taskId = flags.taskId ?? view.openTask?.taskId;
        if (!taskId) throw new CliError(`invoice ${invoiceId} has no open call task (stage ${view.stage}); see dunning tasks`, EXIT.usage);
        const task = view.callTasks.find((x) => x.taskId === taskId && x.status === 'open');
        // A task the debtor's workflow opened for several invoices is answered there, once.
        if (task?.debtorTaskId) return recordDebtorCall(t, view, task.debtorTaskId, flags);
        const outcome = parsePayload(CallOutcomeSchema, outcomeFromFlags(flags, taskId, view.amountDueCents), FLAG_OF_FIELD, 'call outcome');
        const result = await rejectedPlainly(view, () =>
          withWorkerDeadline(t, invoiceId, () => handleFor(t, invoiceId).executeUpdate(completeCallTask, { args: [outcome] })),
        );
        const money = (c: number) => formatMoney(c, view.invoice.currency, 'en');
        print(`call recorded on ${invoiceId} (task ${result.taskId}): stage ${result.stage}, still due ${money(result.amountDueCents)}`);
        if (result.next) print(`next: ${result.next.description} on ${localStamp(Date.parse(result.next.at), view.invoice.debtor.timeZone)} (${view.invoice.debtor.timeZone})`);
      }),
    );
}

/** A validator's refusal (nothing entered the history) becomes a plain message and exit 1. */
async function rejectedPlainly<T>(view: DunningView, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      throw new CliError(`call outcome rejected: ${inMoney(err.cause?.message ?? err.message, view.invoice.currency)}`, EXIT.usage);
    }
    throw err;
  }
}

async function recordDebtorCall(t: Temporal, view: DunningView, debtorTaskId: string, flags: CallFlags): Promise<void> {
  const invoiceId = view.invoice.invoiceId;
  const outcome = parsePayload(DebtorCallOutcomeSchema, debtorOutcomeFromFlags(flags, debtorTaskId, invoiceId, view.amountDueCents), debtorFlags(), 'call outcome');
  const contact = flags.newContactName
    ? parsePayload(ContactChangedSchema, { contact: compact({ name: flags.newContactName, role: flags.newContactRole, email: flags.newContactEmail, phone: flags.newContactPhone }) }, { 'contact.email': '--new-contact-email' }, 'contact')
    : undefined;
  const debtor = t.client.workflow.getHandle(debtorWorkflowId(view.invoice.debtor.debtorId));
  const result = await rejectedPlainly(view, () => withWorkerDeadline(t, invoiceId, () => debtor.executeUpdate(completeDebtorCall, { args: [outcome] })));
  // The merged outcome has no contact update: the invoice takes it directly.
  if (contact) await signalInvoice(t, invoiceId, contactChanged, contact);
  print(`call recorded on the debtor's merged call ${result.debtorTaskId}:`);
  for (const r of result.invoices) print(`  ${r.invoiceId} (task ${r.taskId}): ${r.outcome}`);
}
