import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { addDays, localDateOf, zonedInstant } from '../../domain/time/calendar';
import { DEFAULT_POLICY } from '../../domain/policy/parse';
import type { DunningView } from '../../domain/views/read-model';
import { mapBounded } from '../bulk-start';
import { withTemporal } from '../connection';
import { dateArg, positiveIntArg } from '../flags';
import { queryState } from '../invoice-ops';
import { buildListQuery } from '../list-query';
import { note, print, printJson } from '../output';
import { purgePlan } from '../purge';

interface PurgeOptions {
  closedBefore?: string;
  retentionDays: number;
  outbox?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function registerPurge(program: Command): void {
  program
    .command('purge')
    .description("GDPR retention: delete the outbox's working documents (briefs, visit briefs, approval drafts, email and SMS copies) of invoices paid, settled, cancelled or credited before the cut-off")
    .option('--closed-before <YYYY-MM-DD>', 'files closed before this day (default: today less --retention-days)', dateArg)
    .option('--retention-days <n>', 'retention period after closing, in days', positiveIntArg, 90)
    .option('--outbox <dir>', 'the worker\'s outbox (default: DUNNING_OUTBOX_DIR, else ./outbox)')
    .option('--dry-run', 'say what would go, delete nothing')
    .option('--json', 'the plan as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ dunning purge --dry-run                       # files closed more than 90 days ago
  $ dunning purge --closed-before 2026-01-01

Kept: letters (the creditor's proof of its formal correspondence), the sent-log (exactly-once
proof), files in litigation or insolvency (the claim is still pursued), anything of an invoice still
open, and a message merged for several invoices while one of them is kept. Temporal's own copy of
a closed run goes with the namespace's retention period (docs/operations.md). Reads every run: a
worker must be polling.`,
    )
    .action((opts: PurgeOptions) =>
      withTemporal(async (t) => {
        const tz = DEFAULT_POLICY.calendar.timeZone;
        const cut = opts.closedBefore ?? addDays(localDateOf(Date.now(), tz), -opts.retentionDays);
        const outbox = resolve(opts.outbox ?? (process.env.DUNNING_OUTBOX_DIR || './outbox'));
        const ids: string[] = [];
        for await (const w of t.client.workflow.list({ query: buildListQuery({ all: true }) })) ids.push(w.workflowId.replace(/^dunning-/, ''));
        const views = (await mapBounded(ids, 16, (id) => queryState(t, id).catch((err: Error) => note(`skipped ${id}: ${err.message}`)))).filter((v): v is DunningView => v !== undefined);
        const plan = purgePlan(views, zonedInstant(cut, '00:00', tz));
        if (!opts.dryRun) for (const p of plan.paths) await rm(join(outbox, p), { recursive: true, force: true });
        if (opts.json) return printJson({ closedBefore: cut, outbox, dryRun: Boolean(opts.dryRun), ...plan });
        print(`${opts.dryRun ? 'would purge' : 'purged'} ${plan.invoices.length} invoice(s) closed before ${cut} (${tz}) in ${outbox}: ${plan.paths.length} path(s)`);
        for (const p of plan.paths) print(`  ${p}`);
        if (plan.kept.length) print(`kept ${plan.kept.length} closed invoice(s): ${plan.kept.map((k) => `${k.invoiceId} (${k.reason})`).join('; ')}`);
      }),
    );
}
