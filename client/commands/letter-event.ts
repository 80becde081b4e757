import { Option, type Command } from 'commander';
import { LetterEventSchema } from '../../domain/invoice/commands';
import { withTemporal } from '../connection';
import { CliError, EXIT } from '../errors';
import { compact, dateArg, parsePayload } from '../flags';
import { recordLetterEventFor, type LetterRef } from '../letter-events';
import { print } from '../output';

interface Opts {
  invoice?: string;
  reference?: string;
  event: string;
  date: string;
  reason?: string;
  presentedOn?: string;
  tracking?: string;
  source?: string;
}

export function registerLetterEvent(program: Command): void {
  program
    .command('letter-event')
    .description("News of the registered formal notice from the postal side: first presented, delivered or returned. The notice's deadline runs from the first presentation")
    .option('--invoice <invoiceId>', 'the invoice whose formal notice it is (every invoice of the same letter gets it)')
    .option('--reference <key>', "or the reference the postal provider was given (<workflow id>/<step id>, in the postal log)")
    .addOption(new Option('--event <event>', 'what happened').choices(LetterEventSchema.shape.event.options).makeOptionMandatory())
    .requiredOption('--date <date>', 'when, YYYY-MM-DD', dateArg)
    .addOption(new Option('--reason <reason>', "a return's reason: unclaimed (avisé non réclamé), refused, address_unknown (NPAI)").choices(LetterEventSchema.shape.reason.unwrap().options))
    .option('--presented-on <date>', 'a return: the first presentation shown by the tracking, YYYY-MM-DD', dateArg)
    .option('--tracking <number>', "the letter's tracking number (checked against the notice's)")
    .option('--source <who>', 'who reported it (La Poste tracking, avis de réception, the provider)')
    .addHelpText(
      'after',
      `
The run waits for the first presentation (policy formalNotice.presentationTimeout, 15 days by
default); the deadline is that day + formalNotice.deadline, moved to the next working day, and the
file goes to litigation on the first business day after it. "Avisé non réclamé" still counts from
the first presentation; a letter returned address unknown reached nobody: the file goes to the
litigation partner at once.

Examples:
  $ dunning letter-event --invoice FA-2026-0107 --event presented --date 2026-04-30
  $ dunning letter-event --invoice FA-2026-0107 --event returned --reason unclaimed --presented-on 2026-04-30 --date 2026-05-18
  $ dunning letter-event --reference dunning-FA-2026-0107/formal_notice --event delivered --date 2026-05-03 --tracking 1A01234567890`,
    )
    .action((opts: Opts) => {
      if (Boolean(opts.invoice) === Boolean(opts.reference)) throw new CliError('letter-event: give --invoice or --reference (one of them)', EXIT.usage);
      const event = parsePayload(
        LetterEventSchema,
        compact({ event: opts.event, on: opts.date, reason: opts.reason, presentedOn: opts.presentedOn, trackingNumber: opts.tracking, source: opts.source }),
        { on: '--date', presentedOn: '--presented-on', trackingNumber: '--tracking' },
        'letter-event',
      );
      const ref: LetterRef = opts.invoice ? { invoiceId: opts.invoice } : { reference: opts.reference! };
      return withTemporal(async (t) => {
        const answers = await recordLetterEventFor(t.client, ref, event);
        for (const a of answers) {
          print(a.ok ? `${a.workflowId}: ${event.event} on ${event.on} ${a.already ? 'already recorded' : 'recorded'}; ${a.presentedOn ? `first presented ${a.presentedOn}, ` : ''}deadline ${a.deadline ?? 'unknown'}` : `${a.workflowId}: refused: ${a.message}`);
        }
        if (!answers.some((a) => a.ok)) throw new CliError('letter-event: no invoice took it', EXIT.usage);
      });
    });
}
