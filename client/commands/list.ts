import { InvalidArgumentError, Option, type Command } from 'commander';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { SA } from '../../workflows/search-attributes';
import { localStamp } from '../../domain/views/presentation';
import { daysBetween, localDateOf } from '../../domain/time/calendar';
import { DEFAULT_POLICY } from '../../domain/policy/parse';
import { withTemporal } from '../connection';
import { centsArg, dateArg, intArg, positiveIntArg } from '../flags';
import { ASSIGNEES, buildListQuery, OUTCOMES, STAGES, type ListFilters } from '../list-query';
import { formatCsv, note, printJson, printTable } from '../output';

export interface ListedInvoice {
  invoiceId: string;
  workflowId: string;
  status: string;
  debtorId?: string;
  debtorName?: string;
  stage?: string;
  amountDue?: number;
  daysPastDue?: number;
  nextActionTime?: string;
  nextAction?: string;
  callTaskOpen: boolean;
  callAssignee?: string;
  outcome?: string;
  brokenPromises?: number;
  openDisputes?: number;
  /** Last day to act before limitation (open files), YYYY-MM-DD. */
  limitationDate?: string;
}

/**
 * One row from the run's search attributes alone: no query, so no worker needed and no per-row cost.
 * `today` (YYYY-MM-DD): a running file's days past due from its due date, not as of its last change.
 */
export function listedInvoice(w: Pick<WorkflowExecutionInfo, 'workflowId' | 'typedSearchAttributes'> & { status: { name: string } }, today?: string): ListedInvoice {
  const sa = w.typedSearchAttributes;
  const due = sa.get(SA.dueDate)?.toISOString().slice(0, 10);
  const published = sa.get(SA.daysPastDue);
  const daysPastDue = today && due && w.status.name === 'RUNNING' ? Math.max(0, daysBetween(due, today)) : published;
  return {
    invoiceId: sa.get(SA.invoiceId) ?? w.workflowId.replace(/^dunning-/, ''),
    workflowId: w.workflowId,
    status: w.status.name,
    debtorId: sa.get(SA.debtorId),
    debtorName: sa.get(SA.debtorName),
    stage: sa.get(SA.stage),
    amountDue: sa.get(SA.amountDue),
    daysPastDue,
    nextActionTime: sa.get(SA.nextActionTime)?.toISOString(),
    nextAction: sa.get(SA.nextAction),
    callTaskOpen: sa.get(SA.callTaskOpen) ?? false,
    callAssignee: sa.get(SA.callAssignee),
    outcome: sa.get(SA.outcome),
    brokenPromises: sa.get(SA.brokenPromises),
    openDisputes: sa.get(SA.openDisputes),
    limitationDate: sa.get(SA.limitationDate)?.toISOString().slice(0, 10),
  };
}

/** "2026-05-02 10:00" in the given zone (list prints one zone, named in its heading). */
export function localMinute(iso: string | undefined, tz: string): string {
  return iso ? localStamp(Date.parse(iso), tz) : '';
}

export function zoneArg(value: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    throw new InvalidArgumentError('an IANA time zone such as Europe/Paris');
  }
}

interface ListOptions {
  stage?: string;
  debtor?: string;
  minDays?: number;
  minAmount?: number;
  openTask?: boolean;
  outcome?: string;
  assignee?: string;
  limitationBefore?: string;
  all?: boolean;
  limit: number;
  json?: boolean;
  csv?: boolean;
  format?: 'table' | 'json' | 'csv';
  tz: string;
}

/** The CSV export's columns (a spreadsheet for finance ops): formula prefixes neutralised by formatCsv. */
const CSV_COLUMNS: Array<{ header: string; value: (r: ListedInvoice) => string | number | boolean | undefined }> = [
  { header: 'invoice_id', value: (r) => r.invoiceId },
  { header: 'debtor_id', value: (r) => r.debtorId },
  { header: 'debtor_name', value: (r) => r.debtorName },
  { header: 'status', value: (r) => r.status },
  { header: 'stage', value: (r) => r.stage },
  { header: 'outcome', value: (r) => r.outcome },
  { header: 'amount_due', value: (r) => r.amountDue },
  { header: 'days_past_due', value: (r) => r.daysPastDue },
  { header: 'next_action', value: (r) => r.nextAction },
  { header: 'next_action_time', value: (r) => r.nextActionTime },
  { header: 'call_task_open', value: (r) => r.callTaskOpen },
  { header: 'call_assignee', value: (r) => r.callAssignee },
  { header: 'broken_promises', value: (r) => r.brokenPromises },
  { header: 'open_disputes', value: (r) => r.openDisputes },
  { header: 'limitation_date', value: (r) => r.limitationDate },
];

export function listCsv(rows: ListedInvoice[]): string {
  return formatCsv(CSV_COLUMNS, rows);
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description('Invoices under dunning, filtered on their search attributes (no worker needed)')
    .addOption(new Option('--stage <stage>', 'only this stage').choices(STAGES))
    .option('--debtor <debtorId>', 'only this debtor')
    .option('--min-days <n>', 'at least this many days past due', intArg)
    .option('--min-amount <amount>', 'at least this amount due (e.g. 1000 or 1 000,00)', centsArg)
    .option('--open-task', 'only invoices with an open task: a call, a visit or an approval (docs/field.md)')
    .addOption(new Option('--assignee <role>', 'open call task assigned to this role').choices(ASSIGNEES))
    .addOption(new Option('--outcome <outcome>', 'closed with this outcome').choices(OUTCOMES))
    .option('--limitation-before <date>', 'open files whose limitation date (5 years B2B, 2 years consumers) falls on or before this date', dateArg)
    .option('--all', 'closed runs too (default: running only)')
    .option('--limit <n>', 'at most this many rows', positiveIntArg, 500)
    .option('--json', 'rows as JSON')
    .option('--tz <zone>', 'time zone of the times shown (IANA name)', zoneArg, DEFAULT_POLICY.calendar.timeZone)
    .addOption(new Option('--format <format>', 'output: table, json, or csv for a spreadsheet').choices(['table', 'json', 'csv']))
    .option('--csv', 'rows as CSV for a spreadsheet (cells that would run as formulas are made text)')
    .addHelpText(
      'after',
      `
Examples:
  $ dunning list
  $ dunning list --stage formal_notice
  $ dunning list --debtor CUST-0087 --all
  $ dunning list --min-days 30 --min-amount 5000
  $ dunning list --open-task --assignee collector
  $ dunning list --outcome paid --json
  $ dunning list --all --format csv > dunning.csv
  $ dunning list --limitation-before 2027-06-30        # files to act on before they are time-barred

Visibility is updated by each run as it changes; on the dev server it lags by a second or so.`,
    )
    .action((opts: ListOptions) => {
      const today = localDateOf(Date.now(), opts.tz);
      const filters: ListFilters = { ...opts, minAmountCents: opts.minAmount, today };
      const query = buildListQuery(filters);
      return withTemporal(async (t) => {
        const rows: ListedInvoice[] = [];
        for await (const w of t.client.workflow.list({ query, pageSize: Math.min(opts.limit, 1000) })) {
          if (rows.length === opts.limit) {
            note(`(first ${opts.limit} shown; --limit to see more)`);
            break;
          }
          rows.push(listedInvoice(w, today));
        }
        rows.sort((a, b) => (b.daysPastDue ?? 0) - (a.daysPastDue ?? 0) || (b.amountDue ?? 0) - (a.amountDue ?? 0) || a.invoiceId.localeCompare(b.invoiceId));
        if (opts.json || opts.format === 'json') return printJson(rows);
        if (opts.csv || opts.format === 'csv') return void process.stdout.write(listCsv(rows));
        printTable(
          [
            { header: 'INVOICE', value: (r) => r.invoiceId },
            { header: 'DEBTOR', value: (r) => (r.debtorName ? `${r.debtorName} (${r.debtorId})` : r.debtorId) },
            { header: 'STAGE', value: (r) => (r.outcome && r.outcome !== r.stage ? `${r.stage} (${r.outcome})` : r.stage) },
            { header: 'AMOUNT DUE', value: (r) => r.amountDue?.toFixed(2), align: 'right' },
            { header: 'DAYS', value: (r) => r.daysPastDue, align: 'right' },
            // A closed run keeps its last published next action: not worth showing.
            { header: `NEXT ACTION (${opts.tz})`, value: (r) => (r.nextAction && r.status === 'RUNNING' ? `${localMinute(r.nextActionTime, opts.tz)} ${r.nextAction}` : '') },
            { header: 'OPEN TASK', value: (r) => (r.callTaskOpen ? (r.callAssignee ?? 'yes') : '-') },
            { header: 'LIMITATION', value: (r) => (r.status === 'RUNNING' ? (r.limitationDate ?? '') : '') },
          ],
          rows,
          `no invoice matches (${query})`,
        );
      });
    });
}
