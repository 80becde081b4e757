import { Option, type Command } from 'commander';
import { buildCallBrief } from '../../domain/views/brief';
import type { Lang } from '../../domain/money/format';
import { briefText } from '../../templates/brief-text';
import { renderBriefScript } from '../../templates/call-brief';
import { withTemporal } from '../connection';
import { queryState } from '../invoice-ops';
import { note, print, printJson } from '../output';
import { debtorWorkflowId } from '../../domain/debtor/state';
import type { DunningView } from '../../domain/views/read-model';
import { getDebtorState } from '../../workflows/messages';
import type { Temporal } from '../connection';
import { withWorkerDeadline } from '../invoice-ops';

/** A merged call (coordinated mode) covers several invoices of the debtor: the views of the others. */
async function mergedInvoices(t: Temporal, view: DunningView): Promise<{ views: DunningView[]; briefPath?: string }> {
  const debtorTaskId = view.openTask?.debtorTaskId;
  if (!debtorTaskId) return { views: [] };
  const debtorId = view.invoice.debtor.debtorId;
  const debtor = await withWorkerDeadline(t, debtorId, () => t.client.workflow.getHandle(debtorWorkflowId(debtorId)).query(getDebtorState));
  const task = debtor.callTasks.find((c) => c.debtorTaskId === debtorTaskId);
  const ids = Object.keys(task?.tasks ?? {}).filter((id) => id !== view.invoice.invoiceId).sort();
  return { views: await Promise.all(ids.map((id) => queryState(t, id))), briefPath: task?.briefPath };
}

export function registerBrief(program: Command): void {
  program
    .command('brief')
    .description('The call brief to read before dialling: invoice, amounts, every touch, promises, disputes, contacts, objective and script')
    .argument('<invoiceId>')
    .addOption(new Option('--lang <lang>', "language of the brief and script (default: the debtor's)").choices(['fr', 'en']))
    .option('--json', 'the structured brief and the script as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ dunning brief FA-2026-0107
  $ dunning brief FA-2026-0107 --lang en
  $ dunning brief FA-2026-0107 --json | jq .brief.task.objective`,
    )
    .action((invoiceId: string, opts: { lang?: Lang; json?: boolean }) =>
      withTemporal(async (t) => {
        const view = await queryState(t, invoiceId);
        const lang = opts.lang ?? view.invoice.debtor.language;
        const brief = buildCallBrief(view, lang);
        const merged = await mergedInvoices(t, view);
        const others = merged.views.map((v) => buildCallBrief(v, lang));
        const script = renderBriefScript(brief, view, lang, undefined, 'text', others);
        // The merged call's one brief file, written by the debtor run when the task opened.
        const briefFile = merged.briefPath ?? view.openTask?.briefPath;
        if (opts.json) return printJson({ brief, script: { stage: script.stage, title: script.title, tone: script.tone, sections: script.sections, objections: script.objections }, otherInvoices: others, briefFile });
        print(briefText(brief, script, lang, others));
        if (briefFile) note(`brief file: ${briefFile}`);
      }),
    );
}
