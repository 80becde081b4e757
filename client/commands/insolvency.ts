import { Option, type Command } from 'commander';
import { InsolvencyOpenedSchema } from '../../domain/invoice/commands';
import { insolvencyOpened } from '../../workflows/messages';
import { withTemporal } from '../connection';
import { compact, dateArg, parsePayload } from '../flags';
import { signalInvoice } from '../invoice-ops';
import { runningInvoicesOf, targetsOf } from '../operator-commands';
import { print } from '../output';

export function registerInsolvency(program: Command): void {
  program
    .command('insolvency')
    .description('The debtor entered insolvency proceedings: all dunning stops (file the claim with the administrator instead)')
    .argument('[invoiceId]', 'an invoice of the debtor (or use --debtor)')
    .option('--debtor <debtorId>', 'every running invoice of this debtor (the stay of proceedings covers them all, L622-21)')
    .addOption(new Option('--procedure <procedure>', 'kind of proceedings').choices(InsolvencyOpenedSchema.shape.procedure.unwrap().options).makeOptionMandatory())
    .option('--reference <ref>', 'court / case reference')
    .option('--administrator <name>', 'administrator or liquidator to file the claim with')
    .option('--opened-on <date>', 'judgment date, YYYY-MM-DD', dateArg)
    .addHelpText(
      'after',
      '\nExamples:\n  $ dunning insolvency FA-2026-0107 --procedure receivership --administrator "Me Dupont, Lyon" --opened-on 2026-04-20\n  $ dunning insolvency --debtor CUST-0087 --procedure liquidation --opened-on 2026-04-20',
    )
    .action((invoiceId: string | undefined, opts: { procedure: string; reference?: string; administrator?: string; openedOn?: string; debtor?: string }) => {
      const target = targetsOf('insolvency', invoiceId, opts.debtor);
      const payload = parsePayload(
        InsolvencyOpenedSchema,
        compact({ procedure: opts.procedure, reference: opts.reference, administrator: opts.administrator, openedOn: opts.openedOn }),
        { procedure: '--procedure', openedOn: '--opened-on' },
        'insolvency',
      );
      return withTemporal(async (t) => {
        const ids = 'invoiceId' in target ? [target.invoiceId] : await runningInvoicesOf(t, target.debtorId);
        for (const id of ids) {
          await signalInvoice(t, id, insolvencyOpened, payload);
          print(`insolvency (${payload.procedure}) recorded on ${id}: dunning stops`);
        }
      });
    });
}
