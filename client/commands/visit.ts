import { Option, type Command } from 'commander';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DisputeKind } from '../../domain/invoice/commands';
import { VisitOutcomeSchema, type VisitOutcomeInput } from '../../domain/invoice/field-commands';
import { formatMoney } from '../../domain/money/format';
import { localStamp } from '../../domain/views/presentation';
import { completeVisitTask } from '../../workflows/messages';
import { withTemporal, type Temporal } from '../connection';
import { buildListQuery } from '../list-query';
import { CliError, EXIT, usageError } from '../errors';
import { centsArg, compact, dateArg, parsePayload } from '../flags';
import { handleFor, queryState, withWorkerDeadline } from '../invoice-ops';
import { print } from '../output';
import { inMoney } from './call';

interface VisitFlags {
  invoice?: string;
  debtor?: string;
  task?: string;
  outcome: VisitOutcomeInput['result'];
  promiseDate?: string;
  promiseAmount?: number;
  /** commander's choices keep it to these. */
  disputeKind?: 'administrative' | 'commercial' | 'technical';
  reason?: string;
  agent?: string;
  notes?: string;
}

const FLAG_OF_FIELD: Record<string, string> = {
  taskId: '--task',
  promise: '--promise-date',
  'promise.date': '--promise-date',
  'promise.amountCents': '--promise-amount',
  dispute: '--reason',
  'dispute.reason': '--reason',
  'dispute.kind': '--dispute-kind',
  agent: '--agent',
  notes: '--notes',
};

/** Flags to the report the workflow expects; the promise amount defaults to what is still due. */
export function visitOutcomeFromFlags(f: VisitFlags, taskId: string, amountDueCents: number): VisitOutcomeInput {
  return compact({
    taskId,
    result: f.outcome,
    promise: f.promiseDate !== undefined || f.promiseAmount !== undefined ? { date: f.promiseDate ?? '', amountCents: f.promiseAmount ?? amountDueCents } : undefined,
    dispute: f.reason !== undefined || f.disputeKind !== undefined ? compact({ kind: f.disputeKind, reason: f.reason ?? '' }) : undefined,
    agent: f.agent,
    notes: f.notes,
  });
}

export function registerVisit(program: Command): void {
  program
    .command('visit')
    .description("Record a field visit's outcome on the invoice's open visit task (docs/field.md); the workflow checks it before accepting it")
    .option('--invoice <id>', 'the invoice visited')
    .option('--debtor <id>', 'instead of --invoice: the same outcome on every open visit of this debtor (one stop of the route sheet)')
    .option('--task <id>', 'the visit task (default: the open one)')
    .addOption(new Option('--outcome <outcome>', 'what came of the visit').choices(['met', 'absent', 'promise', 'dispute', 'refused']).makeOptionMandatory())
    .option('--promise-date <date>', 'promise: date to pay, YYYY-MM-DD', dateArg)
    .option('--promise-amount <amount>', 'promise: amount (default: all that is still due)', centsArg)
    .addOption(new Option('--dispute-kind <kind>', 'dispute: its kind (default commercial)').choices(DisputeKind.options))
    .option('--reason <text>', 'dispute: what is disputed')
    .option('--agent <name>', 'who visited')
    .option('--notes <text>', 'what was said (write down every verbal agreement)')
    .addHelpText(
      'after',
      `
Examples:
  $ dunning visit --invoice FA-2026-0107 --outcome absent --notes "closed, note left"
  $ dunning visit --invoice FA-2026-0107 --outcome promise --promise-date 2026-05-15 --promise-amount 5000
  $ dunning visit --invoice FA-2026-0107 --outcome dispute --dispute-kind technical --reason "machine never installed"
  $ dunning visit --debtor CUST-0087 --outcome absent        # one stop, every invoice visited

met, absent and refused are fruitless touches (they count toward litigation); a promise holds the
cadence until its date; a dispute pauses it. See dunning tasks --kind visit and dunning route-sheet.`,
    )
    .action((flags: VisitFlags) => {
      // Usage first, before any connection.
      if (Boolean(flags.invoice) === Boolean(flags.debtor)) throw usageError('give --invoice, or --debtor for every open visit of that debtor (one stop of the route sheet)');
      if (flags.debtor && (flags.task || flags.promiseAmount !== undefined)) throw usageError('--debtor records the same outcome on each invoice (a promise: each for its amount due): no --task or --promise-amount');
      return withTemporal(async (t) => {
        const ids = flags.invoice ? [flags.invoice] : await debtorVisits(t, flags.debtor!);
        if (!ids.length) throw new CliError(`debtor ${flags.debtor} has no open visit; see dunning tasks --kind visit`, EXIT.usage);
        const refused: string[] = [];
        for (const id of ids) {
          const problem = await recordVisit(t, id, flags);
          if (problem) refused.push(problem);
        }
        if (refused.length) throw new CliError(refused.join('\n'), EXIT.usage);
      });
    });
}

/** The running invoices of the debtor with an open visit (visibility finds the open tasks, each run says whether one is a visit). */
async function debtorVisits(t: Temporal, debtorId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of t.client.workflow.list({ query: buildListQuery({ debtor: debtorId, openTask: true }) })) ids.push(w.workflowId.replace(/^dunning-/, ''));
  const views = await Promise.all(ids.map((id) => queryState(t, id).catch(() => undefined)));
  return views.filter((v) => v?.openVisit).map((v) => v!.invoice.invoiceId).sort();
}

/** One invoice's report; a refusal (nothing entered its history) is returned as a message. */
async function recordVisit(t: Temporal, invoiceId: string, flags: VisitFlags): Promise<string | undefined> {
  const view = await queryState(t, invoiceId);
  const taskId = flags.task ?? view.openVisit?.taskId;
  if (!taskId) throw new CliError(`invoice ${invoiceId} has no open visit task (stage ${view.stage}); see dunning tasks --kind visit`, EXIT.usage);
  const outcome = parsePayload(VisitOutcomeSchema, visitOutcomeFromFlags(flags, taskId, view.amountDueCents), FLAG_OF_FIELD, 'visit outcome');
  let result;
  try {
    result = await withWorkerDeadline(t, invoiceId, () => handleFor(t, invoiceId).executeUpdate(completeVisitTask, { args: [outcome] }));
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) return `visit outcome rejected${flags.debtor ? ` on ${invoiceId}` : ''}: ${inMoney(err.cause?.message ?? err.message, view.invoice.currency)}`;
    throw err;
  }
  print(`visit recorded on ${invoiceId} (task ${result.taskId}): stage ${result.stage}, still due ${formatMoney(result.amountDueCents, view.invoice.currency, 'en')}`);
  if (result.next) print(`next: ${result.next.description} on ${localStamp(Date.parse(result.next.at), view.invoice.debtor.timeZone)} (${view.invoice.debtor.timeZone})`);
  return undefined;
}
