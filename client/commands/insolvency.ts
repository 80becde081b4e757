import { Option, type Command } from 'commander';
import { InsolvencyOpenedSchema } from '../../domain/invoice/commands';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { claimFiling, describeClaimFiling } from '../../domain/dunning/insolvency';
import { debtorInsolvencyOpened, insolvencyOpened } from '../../workflows/messages';
import { withTemporal, type Temporal } from '../connection';
import { compact, dateArg, parsePayload } from '../flags';
import { signalInvoice } from '../invoice-ops';
import { runningInvoicesOf, targetsOf } from '../operator-commands';
import { print } from '../output';

interface Opts {
  procedure: string;
  reference?: string;
  administrator?: string;
  mandatary?: string;
  openedOn?: string;
  bodacc?: string;
  debtor?: string;
}

/** A debtor's workflow that is running, if its invoices are coordinated. */
async function runningDebtorRun(t: Temporal, debtorId: string) {
  const handle = t.client.workflow.getHandle(debtorWorkflowId(debtorId));
  const d = await handle.describe().catch(() => undefined);
  return d?.status.name === 'RUNNING' ? handle : undefined;
}

export function registerInsolvency(program: Command): void {
  program
    .command('insolvency')
    .description('The debtor entered insolvency proceedings: dunning stops (stay of individual actions, L622-21); file the claim with the mandataire judiciaire or liquidateur instead')
    .argument('[invoiceId]', 'one invoice (or use --debtor: every open invoice of the debtor)')
    .option('--debtor <debtorId>', "every open invoice of the debtor (through the debtor's workflow when its invoices are coordinated)")
    .addOption(new Option('--procedure <procedure>', 'kind of proceedings').choices(InsolvencyOpenedSchema.shape.procedure.unwrap().options).makeOptionMandatory())
    .option('--reference <ref>', 'court / case reference')
    .option('--mandatary <name>', 'the mandataire judiciaire (safeguard, receivership) or liquidateur (liquidation) to file the claim with')
    .option('--administrator <name>', 'older name of --mandatary')
    .option('--opened-on <date>', 'judgment date, YYYY-MM-DD', dateArg)
    .option('--bodacc <date>', 'BODACC publication date, YYYY-MM-DD: the claim is due within 2 months of it (R622-24)', dateArg)
    .addHelpText('after', '\nExamples:\n  $ dunning insolvency --debtor CUST-0112 --procedure liquidation --mandatary "Me Dupont, Rouen" --opened-on 2026-04-20 --bodacc 2026-05-02\n  $ dunning insolvency FA-2026-0107 --procedure receivership --mandatary "Me Martin, Lyon"')
    .action((invoiceId: string | undefined, opts: Opts) => {
      const target = targetsOf('insolvency', invoiceId, opts.debtor);
      const { bodacc, debtor: _debtor, ...rest } = opts;
      const payload = parsePayload(InsolvencyOpenedSchema, compact({ ...rest, bodaccPublishedOn: bodacc }), { procedure: '--procedure', openedOn: '--opened-on', bodaccPublishedOn: '--bodacc' }, 'insolvency');
      const todo = describeClaimFiling(claimFiling(payload));
      return withTemporal(async (t) => {
        if ('invoiceId' in target) {
          await signalInvoice(t, target.invoiceId, insolvencyOpened, payload);
          print(`insolvency (${payload.procedure}) recorded on ${target.invoiceId}: dunning stops; ${todo}`);
          return;
        }
        const debtorRun = await runningDebtorRun(t, target.debtorId);
        if (debtorRun) {
          await debtorRun.signal(debtorInsolvencyOpened, payload);
          print(`insolvency (${payload.procedure}) sent to debtor ${target.debtorId}: every open invoice stops; ${todo}`);
          return;
        }
        // Invoices started per invoice: no debtor workflow, each one is told.
        const ids = await runningInvoicesOf(t, target.debtorId);
        for (const id of ids) {
          await signalInvoice(t, id, insolvencyOpened, payload);
          print(`insolvency (${payload.procedure}) recorded on ${id}: dunning stops`);
        }
        print(`${ids.length} invoice(s) of ${target.debtorId} stopped; ${todo}`);
      });
    });
}
