import type { Command } from 'commander';
import { parsePhone } from '../../domain/text/phone';
import { smsStop, type SmsStop } from '../../workflows/messages';
import { CliError, EXIT } from '../errors';
import { withTemporal } from '../connection';
import { applyToTargets, commandInvoice, targetsOf } from '../operator-commands';

/** The update's payload; a number that does not read is refused here, before connecting (the workflow checks it again). */
export function smsStopPayload(opts: { phone?: string; source: string }): SmsStop {
  if (opts.phone === undefined) return { source: opts.source };
  const p = parsePhone(opts.phone);
  if (!p.ok) throw new CliError(`--phone: ${p.message}`, EXIT.usage);
  return { phone: p.e164, source: opts.source };
}

/** A debtor answered STOP to an SMS: recorded on its running invoices, none sends an SMS to that number again. */
export function registerSmsStop(program: Command): void {
  program
    .command('sms-stop')
    .description('Record a STOP answered to an SMS: no SMS to that number (or, without --phone, to any number of the debtor) any more; other channels go on')
    .argument('[invoiceId]', 'one invoice (or use --debtor: every running invoice of the debtor)')
    .option('--debtor <debtorId>', 'every running invoice of this debtor')
    .option('--phone <number>', 'the number that answered STOP, e.g. "06 12 34 56 78" or +33612345678')
    .option('--source <text>', 'where the STOP came from', 'cli')
    .addHelpText('after', '\nExamples:\n  $ dunning sms-stop --debtor CUST-0087 --phone "06 99 00 55 13"\n  $ dunning sms-stop FA-2026-0107\n\nA number that does not read as a phone number is refused (exit 1).')
    .action((invoiceId: string | undefined, opts: { debtor?: string; phone?: string; source: string }) => {
      const target = targetsOf('sms-stop', invoiceId, opts.debtor);
      const payload = smsStopPayload(opts);
      return withTemporal((t) =>
        applyToTargets(t, target, 'stopped SMS', (id) => commandInvoice(t, id, smsStop, payload), (id, r) => `${id}: no SMS any more to ${r.optedOut.map((n) => (n === '*' ? 'any number of the debtor' : n)).join(', ')}`),
      );
    });
}
