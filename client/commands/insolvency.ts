import { Option, type Command } from 'commander';
import { InsolvencyOpenedSchema } from '../../domain/invoice/commands';
import { insolvencyOpened } from '../../workflows/messages';
import { withTemporal } from '../connection';
import { compact, dateArg, parsePayload } from '../flags';
import { signalInvoice } from '../invoice-ops';
import { print } from '../output';

export function registerInsolvency(program: Command): void {
  program
    .command('insolvency')
    .description('The debtor entered insolvency proceedings: all dunning stops (file the claim with the administrator instead)')
    .argument('<invoiceId>')
    .addOption(new Option('--procedure <procedure>', 'kind of proceedings').choices(InsolvencyOpenedSchema.shape.procedure.unwrap().options).makeOptionMandatory())
    .option('--reference <ref>', 'court / case reference')
    .option('--administrator <name>', 'administrator or liquidator to file the claim with')
    .option('--opened-on <date>', 'judgment date, YYYY-MM-DD', dateArg)
    .addHelpText('after', '\nExample:\n  $ dunning insolvency FA-2026-0107 --procedure receivership --administrator "Me Dupont, Lyon" --opened-on 2026-04-20')
    .action((invoiceId: string, opts: { procedure: string; reference?: string; administrator?: string; openedOn?: string }) => {
      const payload = parsePayload(InsolvencyOpenedSchema, compact({ ...opts }), { procedure: '--procedure', openedOn: '--opened-on' }, 'insolvency');
      return withTemporal(async (t) => {
        await signalInvoice(t, invoiceId, insolvencyOpened, payload);
        print(`insolvency (${payload.procedure}) recorded on ${invoiceId}: dunning stops`);
      });
    });
}
