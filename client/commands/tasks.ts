import { Option, type Command } from 'commander';
import { printFieldTasks } from './field-tasks';
import { printDisputeTasks } from './dispute-tasks';
import { briefFiles } from './call-briefs';
import { buildWorklist, describeParts, groupByCall, type WorklistCall } from '../../domain/views/worklist';
import { formatMoney } from '../../domain/money/format';
import { localStamp } from '../../domain/views/presentation';
import type { DunningView } from '../../workflows/messages';
import { mapBounded } from '../bulk-start';
import { withTemporal } from '../connection';
import { positiveIntArg } from '../flags';
import { queryState } from '../invoice-ops';
import { ASSIGNEES, buildListQuery } from '../list-query';
import { note, print, printJson, printTable } from '../output';

interface TasksOptions {
  kind: 'call' | 'visit' | 'approval' | 'dispute';
  assignee?: string;
  limit: number;
  json?: boolean;
}

export function registerTasks(program: Command): void {
  program
    .command('tasks')
    .description("The collectors' worklist: open call tasks, highest priority first, with the parts of each score")
    .addOption(new Option('--kind <kind>', 'call tasks, visits (docs/field.md), legal steps waiting for approval, or open disputes').choices(['call', 'visit', 'approval', 'dispute']).default('call'))
    .option('--assignee <who>', `a role (${ASSIGNEES.join(', ')}) or the collector named in the invoice's assignee`)
    .option('--limit <n>', 'at most this many tasks', positiveIntArg, 100)
    .option('--json', 'the worklist as JSON (score parts included)')
    .addHelpText(
      'after',
      `
Examples:
  $ dunning tasks
  $ dunning tasks --assignee collector
  $ dunning tasks --assignee "Julie Morel" --json
  $ dunning tasks --kind visit --assignee "Marc Petit"
  $ dunning tasks --kind approval
  $ dunning tasks --kind dispute --assignee manager

Score = broken promise (chased first) + promise due today + dispute resolved and waiting
      + amount due + days past due + customer risk; every part is shown (domain/views/worklist.ts).
Invoices of one debtor due for a call together are ONE row: one merged call, answered once
with dunning call (--promise-all for one date covering every invoice, or per-invoice shares).
Then: dunning brief <invoice>, call, and dunning call <invoice> --outcome ...`,
    )
    .action((opts: TasksOptions) => {
      // Visits and approvals share the open-task search attribute; their assignee is filtered here.
      const role = opts.kind === 'call' && opts.assignee && (ASSIGNEES as readonly string[]).includes(opts.assignee) ? opts.assignee : undefined;
      // Runs with an open dispute (whatever their stage); the dispute task's assignee is filtered here.
      const query = opts.kind === 'dispute' ? buildListQuery({ openDispute: true }) : buildListQuery({ openTask: true, assignee: role });
      return withTemporal(async (t) => {
        const ids: string[] = [];
        for await (const w of t.client.workflow.list({ query })) ids.push(w.workflowId.replace(/^dunning-/, ''));
        // Visibility says which runs have a task; the state (score inputs) comes from each run itself.
        const views = await mapBounded(ids, 16, async (id) => {
          try {
            return await queryState(t, id);
          } catch (err) {
            note(`warning: ${id}: ${(err as Error).message}`);
            return undefined;
          }
        });
        if (opts.kind === 'dispute') return printDisputeTasks(views.filter((v): v is DunningView => v !== undefined), opts);
        if (opts.kind !== 'call') return printFieldTasks(views.filter((v): v is DunningView => v !== undefined), opts.kind, opts);
        let list = buildWorklist(views.filter((v): v is DunningView => v !== undefined));
        if (opts.assignee && !role) list = list.filter((e) => e.owner === opts.assignee);
        list = list.slice(0, opts.limit);
        const calls = groupByCall(list);
        const briefs = await briefFiles(t, calls, views.filter((v): v is DunningView => v !== undefined));
        if (opts.json) return printJson(calls.map((c) => ({ ...c, briefFile: briefs.get(c.callId) })));
        const tzOf = new Map(views.filter(Boolean).map((v) => [v!.invoice.invoiceId, v!.invoice.debtor.timeZone]));
        const first = (c: WorklistCall) => c.invoices[0];
        printTable<WorklistCall>(
          [
            { header: '#', value: (c) => calls.indexOf(c) + 1, align: 'right' },
            { header: 'SCORE', value: (c) => c.score, align: 'right' },
            { header: 'WHY', value: (c) => describeParts(c.parts) },
            { header: 'DEBTOR', value: (c) => c.debtorName },
            { header: 'INVOICES', value: (c) => c.invoices.map((e) => e.invoiceId).join(', ') },
            { header: 'DUE', value: (c) => formatMoney(c.amountDueCents, c.currency, 'en'), align: 'right' },
            { header: 'DAYS', value: (c) => c.daysPastDue, align: 'right' },
            { header: 'TASK', value: (c) => (c.invoices.length > 1 ? `${c.callId} (one call for ${c.invoices.length} invoices)` : `${c.callId} (${first(c).task.kind})`) },
            { header: 'FOR', value: (c) => (first(c).owner ? `${first(c).task.assignee}: ${first(c).owner}` : first(c).task.assignee) },
            { header: 'DUE BY', value: (c) => localStamp(c.dueBy, tzOf.get(first(c).invoiceId) ?? 'Europe/Paris') },
            { header: 'BRIEF', value: (c) => briefs.get(c.callId) ?? '' },
          ],
          calls,
          'no open call task',
        );
        await printSendsToReview(t);
      });
    });
}

/** The worklist's second part: sends that may or may not have gone (docs/sends.md), for a person to check. */
async function printSendsToReview(t: Parameters<Parameters<typeof withTemporal>[0]>[0]): Promise<void> {
  const ids: string[] = [];
  for await (const w of t.client.workflow.list({ query: buildListQuery({ toReview: true, all: true }) })) ids.push(w.workflowId.replace(/^dunning-/, ''));
  if (!ids.length) return;
  const views = await mapBounded(ids, 16, (id) => queryState(t, id).catch(() => undefined));
  print('\nSends to review (a worker died during the send; check the provider, see docs/sends.md):');
  for (const v of views) {
    if (!v) continue;
    for (const touch of v.touches.filter((x) => x.result === 'uncertain')) {
      print(`  ${v.invoice.invoiceId}  ${touch.channel} ${touch.template} of ${localStamp(touch.at, v.invoice.debtor.timeZone)}  message ${touch.messageId ?? '?'}`);
    }
  }
}
