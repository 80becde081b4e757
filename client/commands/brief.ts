import { Option, type Command } from 'commander';
import { buildCallBrief } from '../../domain/views/brief';
import type { Lang } from '../../domain/money/format';
import { briefText } from '../../templates/brief-text';
import { renderBriefScript } from '../../templates/call-brief';
import { withTemporal } from '../connection';
import { queryState } from '../invoice-ops';
import { print, printJson } from '../output';

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
        print(briefText(brief, script, lang));
      }),
    );
}
