import { Option, type Command } from 'commander';
import { loadCreditorProfile } from '../../config/creditor';
import { buildCallBrief, type CallBrief } from '../../domain/brief';
import type { Lang } from '../../domain/money';
import { CALL_SCRIPT_STAGES, renderCallScript, type CallScript, type CallScriptStage } from '../../templates/call-scripts';
import { templateVars } from '../../templates/vars';
import { briefText } from '../brief-text';
import { withTemporal } from '../connection';
import { queryState } from '../invoice-ops';
import { printJson } from '../output';

/**
 * The script file for a task: its own script id when a file exists for it, else the nearest
 * stage by kind and tone (a policy may name scripts the templates do not have yet).
 */
export function scriptStageFor(task: CallBrief['task']): CallScriptStage {
  if (!task) return 'call_1';
  if ((CALL_SCRIPT_STAGES as readonly string[]).includes(task.script)) return task.script as CallScriptStage;
  if (task.kind === 'broken_promise') return 'broken_promise';
  if (task.kind === 'pre_due') return 'pre_due';
  return ['firm', 'very_firm', 'formal'].includes(task.tone) ? 'call_2' : 'call_1';
}

export function renderBriefScript(brief: CallBrief, view: Parameters<typeof buildCallBrief>[0], lang: Lang): CallScript {
  const vars = templateVars({ invoice: view.invoice, to: brief.callContact, facts: brief.scriptFacts, language: lang }, loadCreditorProfile());
  return renderCallScript(scriptStageFor(brief.task), lang, vars);
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
        const script = renderBriefScript(brief, view, lang);
        if (opts.json) return printJson({ brief, script: { stage: script.stage, title: script.title, tone: script.tone, sections: script.sections, objections: script.objections } });
        console.log(briefText(brief, script, lang));
      }),
    );
}
