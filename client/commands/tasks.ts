import type { Command } from 'commander';
import { buildWorklist, describeParts, type WorklistEntry } from '../../domain/worklist';
import { formatMoney } from '../../domain/money';
import { localStamp } from '../../domain/presentation';
import type { DunningView } from '../../workflows/messages';
import { mapBounded } from '../bulk-start';
import { withTemporal } from '../connection';
import { positiveIntArg } from '../flags';
import { queryState } from '../invoice-ops';
import { ASSIGNEES, buildListQuery } from '../list-query';
import { note, printJson, printTable } from '../output';

interface TasksOptions {
  assignee?: string;
  limit: number;
  json?: boolean;
}

export function registerTasks(program: Command): void {
  program
    .command('tasks')
    .description("The collectors' worklist: open call tasks, highest priority first, with the parts of each score")
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

Score = broken promise (chased first) + promise due today + dispute resolved and waiting
      + amount due + days past due + customer risk; every part is shown (domain/worklist.ts).
Invoices of one debtor due for a call together share one merged call (MERGED column): one
dunning call answers it for all of them (--promise-all for one date covering every invoice).
Then: dunning brief <invoice>, call, and dunning call <invoice> --outcome ...`,
    )
    .action((opts: TasksOptions) => {
      const role = opts.assignee && (ASSIGNEES as readonly string[]).includes(opts.assignee) ? opts.assignee : undefined;
      const query = buildListQuery({ openTask: true, assignee: role });
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
        let list = buildWorklist(views.filter((v): v is DunningView => v !== undefined));
        if (opts.assignee && !role) list = list.filter((e) => e.owner === opts.assignee);
        list = list.slice(0, opts.limit);
        if (opts.json) return printJson(list);
        const merged = (e: WorklistEntry) => {
          const others = list.filter((x) => x !== e && x.task.debtorTaskId && x.task.debtorTaskId === e.task.debtorTaskId).map((x) => x.invoiceId);
          return others.length ? `one call with ${others.join(', ')}` : '';
        };
        const tzOf = new Map(views.filter(Boolean).map((v) => [v!.invoice.invoiceId, v!.invoice.debtor.timeZone]));
        printTable<WorklistEntry>(
          [
            { header: '#', value: (e) => list.indexOf(e) + 1, align: 'right' },
            { header: 'SCORE', value: (e) => e.score, align: 'right' },
            { header: 'WHY', value: (e) => describeParts(e.parts) },
            { header: 'INVOICE', value: (e) => e.invoiceId },
            { header: 'DEBTOR', value: (e) => e.debtorName },
            { header: 'DUE', value: (e) => formatMoney(e.amountDueCents, e.currency, 'en'), align: 'right' },
            { header: 'DAYS', value: (e) => e.daysPastDue, align: 'right' },
            { header: 'TASK', value: (e) => `${e.task.taskId} (${e.task.kind})` },
            { header: 'FOR', value: (e) => (e.owner ? `${e.task.assignee}: ${e.owner}` : e.task.assignee) },
            { header: 'DUE BY', value: (e) => localStamp(e.task.dueBy, tzOf.get(e.invoiceId) ?? 'Europe/Paris') },
            { header: 'MERGED', value: merged },
          ],
          list,
          'no open call task',
        );
      });
    });
}
