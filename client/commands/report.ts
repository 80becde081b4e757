import { Option, type Command } from 'commander';
import { DEFAULT_POLICY } from '../../domain/policy/parse';
import { addDays, localDateOf } from '../../domain/time/calendar';
import { buildReport, type ReportRow } from '../../domain/views/report';
import { getState } from '../../workflows/messages';
import { withTemporal } from '../connection';
import { usageError } from '../errors';
import { dateArg, positiveIntArg } from '../flags';
import { buildListQuery } from '../list-query';
import { zoneArg } from './list';
import { note, printJson } from '../output';
import { reportCsv, reportRow, reportTable } from '../report/format';

export const FORMATS = ['table', 'json', 'csv'] as const;

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Receivables for finance: aging, totals per stage and per collector, promised and falling due this week, broken promises, DSO')
    .option('--from <date>', 'start of the DSO period, YYYY-MM-DD (default: 89 days before --to)', dateArg)
    .option('--to <date>', 'end of the DSO period and the day the report is as of, YYYY-MM-DD (default: today)', dateArg)
    .option('--tz <zone>', "whose today (IANA zone)", zoneArg, DEFAULT_POLICY.calendar.timeZone)
    .addOption(new Option('--format <format>', 'output').choices(FORMATS).default('table'))
    .option('--concurrency <n>', 'invoice runs read at once', positiveIntArg, 8)
    .addHelpText(
      'after',
      `
Examples:
  $ dunning report
  $ dunning report --from 2026-01-01 --to 2026-03-31 --format csv > q1.csv
  $ dunning report --format json

Reads every invoice run (running and closed: a worker must be polling). Aging buckets count days
past due of what is still owed (not due, 0-30, 31-60, 61-90, 90+); invoices handed to litigation or
in insolvency are still owed. DSO = receivables on --to / invoices issued in the period x its days.`,
    )
    .action((opts: { from?: string; to?: string; tz: string; format: (typeof FORMATS)[number]; concurrency: number }) =>
      withTemporal(async (t) => {
        const to = opts.to ?? localDateOf(Date.now(), opts.tz);
        const from = opts.from ?? addDays(to, -89);
        if (from > to) throw usageError(`--from ${from} is after --to ${to}`);
        const ids: string[] = [];
        for await (const w of t.client.workflow.list({ query: buildListQuery({ all: true }) })) ids.push(w.workflowId);
        const rows: ReportRow[] = [];
        const queue = [...ids];
        const worker = async () => {
          for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
            try {
              rows.push(reportRow(await t.client.workflow.getHandle(id).query(getState, new Date().toISOString())));
            } catch (err) {
              note(`skipped ${id}: ${(err as Error).message}`);
            }
          }
        };
        await Promise.all(Array.from({ length: opts.concurrency }, worker));
        const report = buildReport(rows, to, { from, to });
        if (opts.format === 'json') return printJson(report);
        if (opts.format === 'csv') return void process.stdout.write(reportCsv(report));
        process.stdout.write(`${reportTable(report)}\n`);
      }),
    );
}
