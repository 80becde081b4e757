import type { Command } from 'commander';
import { CancelSchema, PauseSchema, ResumeSchema } from '../../domain/invoice/commands';
import { cancel, pause, pauseDunning, resume, resumeDunning, type DunningView } from '../../workflows/messages';
import { localDateOf } from '../../domain/time/calendar';
import { withTemporal } from '../connection';
import { compact, dateArg, parsePayload } from '../flags';
import { signalInvoice } from '../invoice-ops';
import { applyToTargets, commandOrSignal, targetsOf } from '../operator-commands';
import { print } from '../output';

/** pause, resume and cancel: finance ops steering one invoice (or a debtor's), always with a reason (domain.md §3). */
export function registerLifecycle(program: Command): void {
  program
    .command('pause')
    .description('Hold the dunning of an invoice, or of every open invoice of --debtor (no message, no call) until resumed or until --until')
    .argument('[invoiceId]', 'the invoice (or use --debtor)')
    .option('--debtor <debtorId>', "every running invoice of this debtor")
    .requiredOption('--reason <text>', 'why (kept in the trace)')
    .option('--until <date>', 'resume by itself on this date, YYYY-MM-DD (after today)', dateArg)
    .option('--by <name>', 'who decided')
    .addHelpText(
      'after',
      '\nExamples:\n  $ dunning pause FA-2026-0107 --reason "customer audit in progress" --until 2026-06-01\n  $ dunning pause --debtor CUST-0087 --reason "sales asked to hold" --by "J. Morel"\n\nA date that is not after today is refused (exit 1); so is a closed invoice.',
    )
    .action((invoiceId: string | undefined, opts: { reason: string; until?: string; by?: string; debtor?: string }) => {
      const target = targetsOf('pause', invoiceId, opts.debtor);
      const payload = parsePayload(PauseSchema, compact({ reason: opts.reason, until: opts.until, by: opts.by }), { reason: '--reason', until: '--until' }, 'pause');
      return withTemporal((t) =>
        applyToTargets(t, target, 'paused', (id) => commandOrSignal(t, id, pauseDunning, payload, { signal: pause, arg: payload, refuse: (v) => refusePause(v, payload.until) }), (id) => `dunning of ${id} paused${payload.until ? ` until ${payload.until}` : ''}: ${payload.reason}`),
      );
    });

  program
    .command('resume')
    .description('Resume a paused dunning (of an invoice, or of every paused invoice of --debtor); later steps move by the time lost')
    .argument('[invoiceId]', 'the invoice (or use --debtor)')
    .option('--debtor <debtorId>', "every running invoice of this debtor that is paused")
    .option('--reason <text>', 'why')
    .option('--by <name>', 'who decided')
    .addHelpText('after', '\nExamples:\n  $ dunning resume FA-2026-0107 --reason "audit over"\n  $ dunning resume --debtor CUST-0087\n\nResuming an invoice that is not paused is refused (exit 1).')
    .action((invoiceId: string | undefined, opts: { reason?: string; by?: string; debtor?: string }) => {
      const target = targetsOf('resume', invoiceId, opts.debtor);
      const payload = parsePayload(ResumeSchema, compact({ reason: opts.reason, by: opts.by }), { reason: '--reason' }, 'resume');
      return withTemporal((t) => applyToTargets(t, target, 'resumed', (id) => commandOrSignal(t, id, resumeDunning, payload, { signal: resume, arg: payload, refuse: (v) => (v.paused ? undefined : { kind: 'not_paused', message: `the dunning of invoice ${id} is not paused (stage ${v.stage}): nothing to resume` }) }), (id, r) => `dunning of ${id} resumed (stage ${r.stage})`));
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

/** A first-version run has no validator: the client refuses what the update's validator would. */
function refusePause(v: DunningView, until: string | undefined): { kind: string; message: string } | undefined {
  if (v.outcome) return { kind: 'closed', message: `the dunning of invoice ${v.invoice.invoiceId} is closed (${v.outcome})` };
  const today = localDateOf(Date.now(), v.invoice.debtor.timeZone);
  if (until !== undefined && until <= today) return { kind: 'past', message: `--until ${until} is not after today (${today}): a pause must end in the future` };
  return undefined;
}
