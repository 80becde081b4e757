import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { renderRouteSheetPdf } from '../../activities/pdf/route-sheet';
import { loadCreditorProfile } from '../../config/creditor';
import { localDateOf } from '../../domain/time/calendar';
import type { DunningView } from '../../domain/views/read-model';
import { routeStops } from '../../domain/views/visits';
import { mapBounded } from '../bulk-start';
import { withTemporal } from '../connection';
import { dateArg } from '../flags';
import { queryState } from '../invoice-ops';
import { buildListQuery } from '../list-query';
import { note, print } from '../output';

interface RouteSheetOptions {
  agent: string;
  date: string;
  out?: string;
}

/** A file name from the agent's name: letters, digits and dashes only. */
export function routeSheetFileName(agent: string, date: string): string {
  return `route-sheet-${agent.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'agent'}-${date}.pdf`;
}

export function registerRouteSheet(program: Command): void {
  program
    .command('route-sheet')
    .description("A field agent's route sheet for a day (PDF): the open visits, ordered by postcode then city, with addresses, map links, contacts, amounts due and outcome boxes")
    .requiredOption('--agent <name>', "the field agent (the policy's visits.agent)")
    .requiredOption('--date <YYYY-MM-DD>', 'the day of the round', dateArg)
    .option('--out <file>', 'where to write the PDF (default: route-sheet-<agent>-<date>.pdf here)')
    .addHelpText(
      'after',
      `
Examples:
  $ dunning route-sheet --agent "Marc Petit" --date 2026-05-18
  $ dunning route-sheet --agent field_agent --date 2026-05-18 --out /tmp/round.pdf

A visit stays on the sheet from its planned day until its report deadline; a debtor with several
invoices to visit is one stop. After each stop: dunning visit --invoice ... --outcome ...`,
    )
    .action((opts: RouteSheetOptions) =>
      withTemporal(async (t) => {
        const ids: string[] = [];
        for await (const w of t.client.workflow.list({ query: buildListQuery({ openTask: true }) })) ids.push(w.workflowId.replace(/^dunning-/, ''));
        const views = await mapBounded(ids, 16, (id) =>
          queryState(t, id).catch((err: Error) => {
            note(`warning: ${id}: ${err.message}`);
            return undefined;
          }),
        );
        const stops = routeStops(views.filter((v): v is DunningView => v !== undefined), opts.agent, opts.date, localDateOf);
        const path = opts.out ?? routeSheetFileName(opts.agent, opts.date);
        await writeFile(path, await renderRouteSheetPdf({ agent: opts.agent, day: opts.date, stops, creditor: loadCreditorProfile() }));
        print(`route sheet of ${opts.agent} for ${opts.date}: ${stops.length} stop(s) -> ${path}`);
        stops.forEach((s, i) => print(`  ${i + 1}. ${s.address?.postalCode ?? '?'} ${s.address?.city ?? ''}  ${s.debtorName}  ${s.invoices.map((x) => x.invoiceId).join(', ')}`));
      }),
    );
}
