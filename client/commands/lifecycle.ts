import type { Command } from 'commander';
import { CancelSchema, PauseSchema, ResumeSchema } from '../../domain/invoice/commands';
import { cancel, pause, resume } from '../../workflows/messages';
import { withTemporal } from '../connection';
import { compact, dateArg, parsePayload } from '../flags';
import { signalInvoice } from '../invoice-ops';
import { print } from '../output';

/** pause, resume and cancel: finance ops steering one invoice, always with a reason (domain.md §3). */
export function registerLifecycle(program: Command): void {
  program
    .command('pause')
    .description('Hold the dunning of an invoice (no message, no call) until resumed or until --until')
    .argument('<invoiceId>')
    .requiredOption('--reason <text>', 'why (kept in the trace)')
    .option('--until <date>', 'resume by itself on this date, YYYY-MM-DD', dateArg)
    .option('--by <name>', 'who decided')
    .addHelpText('after', '\nExamples:\n  $ dunning pause FA-2026-0107 --reason "customer audit in progress" --until 2026-06-01\n  $ dunning pause FA-2026-0107 --reason "sales asked to hold" --by "J. Morel"')
    .action((invoiceId: string, opts: { reason: string; until?: string; by?: string }) => {
      const payload = parsePayload(PauseSchema, compact({ ...opts }), { reason: '--reason', until: '--until' }, 'pause');
      return withTemporal(async (t) => {
        await signalInvoice(t, invoiceId, pause, payload);
        print(`dunning of ${invoiceId} paused${payload.until ? ` until ${payload.until}` : ''}: ${payload.reason}`);
      });
    });

  program
    .command('resume')
    .description('Resume a paused dunning; later steps move by the time lost')
    .argument('<invoiceId>')
    .option('--reason <text>', 'why')
    .option('--by <name>', 'who decided')
    .addHelpText('after', '\nExample:\n  $ dunning resume FA-2026-0107 --reason "audit over"')
    .action((invoiceId: string, opts: { reason?: string; by?: string }) => {
      const payload = parsePayload(ResumeSchema, compact({ ...opts }), { reason: '--reason' }, 'resume');
      return withTemporal(async (t) => {
        await signalInvoice(t, invoiceId, resume, payload);
        print(`dunning of ${invoiceId} resumed`);
      });
    });

  program
    .command('cancel')
    .description('Stop the dunning of an invoice for good (outcome cancelled); open call tasks are closed')
    .argument('<invoiceId>')
    .requiredOption('--reason <text>', 'why (kept in the trace)')
    .option('--by <name>', 'who decided')
    .addHelpText('after', '\nExample:\n  $ dunning cancel FA-2026-0107 --reason "invoice issued by mistake, cancelled in the ERP"')
    .action((invoiceId: string, opts: { reason: string; by?: string }) => {
      const payload = parsePayload(CancelSchema, compact({ ...opts }), { reason: '--reason' }, 'cancel');
      return withTemporal(async (t) => {
        await signalInvoice(t, invoiceId, cancel, payload);
        print(`dunning of ${invoiceId} cancelled: ${payload.reason}`);
      });
    });
}
