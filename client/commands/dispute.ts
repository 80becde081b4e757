import { Option, type Command } from 'commander';
import { DisputeOpenedSchema, DisputeResolvedSchema, DisputeKind } from '../../domain/invoice/commands';
import { disputeOpened, disputeResolved } from '../../workflows/messages';
import { withTemporal, type Temporal } from '../connection';
import { CliError, EXIT } from '../errors';
import { centsArg, compact, parsePayload } from '../flags';
import { queryState, signalInvoice } from '../invoice-ops';
import { note, print } from '../output';
import { localStamp } from '../../domain/views/presentation';

export function registerDispute(program: Command): void {
  const dispute = program
    .command('dispute')
    .description('Open or resolve a dispute: the cadence pauses while a dispute is open')
    .addHelpText(
      'after',
      `
Examples:
  $ dunning dispute open FA-2026-0107 --kind commercial --details "price differs from the quote"
  $ dunning dispute resolve FA-2026-0107 --dispute-id D-0107-1 --resolution resume --note "quote checked: price is right"
  $ dunning dispute resolve FA-2026-0107 --dispute-id D-0107-1 --resolution credit_note --credit-note-amount 200 --credit-note-ref AV-2026-0012`,
    );

  dispute
    .command('open')
    .description('Open a dispute (administrative, commercial, technical); dunning holds until it is resolved')
    .argument('<invoiceId>')
    .addOption(new Option('--kind <kind>', 'kind of dispute').choices(DisputeKind.options).makeOptionMandatory())
    .requiredOption('--details <text>', 'what the debtor disputes')
    .option('--return-details <text>', 'goods returned: date, carrier, reference')
    .option('--dispute-id <id>', 'your reference for it (default: generated and printed)')
    .addHelpText('after', '\nExample:\n  $ dunning dispute open FA-2026-0107 --kind technical --details "oven door seal faulty" --dispute-id D-0107-1')
    .action((invoiceId: string, opts: { kind: string; details: string; returnDetails?: string; disputeId?: string }) => {
      // An id chosen here lets the user resolve the dispute later without looking it up.
      const disputeId = opts.disputeId ?? `D-${Date.now().toString(36).toUpperCase()}`;
      const payload = parsePayload(
        DisputeOpenedSchema,
        compact({ disputeId, kind: opts.kind, details: opts.details, returnDetails: opts.returnDetails }),
        { kind: '--kind', details: '--details', disputeId: '--dispute-id', returnDetails: '--return-details' },
        'dispute',
      );
      return withTemporal(async (t) => {
        await signalInvoice(t, invoiceId, disputeOpened, payload);
        print(`dispute ${disputeId} opened on ${invoiceId}; dunning holds until: dunning dispute resolve ${invoiceId} --dispute-id ${disputeId} --resolution resume|credit_note`);
        const task = await openedTask(t, invoiceId, disputeId);
        if (task) print(`dispute task for the ${task.assignee}, resolve by ${task.by}; see dunning tasks --kind dispute`);
      });
    });

  dispute
    .command('resolve')
    .description('Resolve a dispute: resume dunning, or issue a credit note that reduces or cancels the invoice')
    .argument('<invoiceId>')
    .requiredOption('--dispute-id <id>', 'the dispute (see dunning status)')
    .addOption(new Option('--resolution <resolution>', 'resume: claim rejected or fixed; credit_note: invoice reduced').choices(['resume', 'credit_note']).makeOptionMandatory())
    .option('--credit-note-amount <amount>', 'credit note amount (credit_note)', centsArg)
    .option('--credit-note-ref <ref>', 'credit note number')
    .option('--note <text>', 'what was decided')
    .addHelpText('after', '\nExample:\n  $ dunning dispute resolve FA-2026-0107 --dispute-id D-0107-1 --resolution credit_note --credit-note-amount "200,00" --credit-note-ref AV-12')
    .action((invoiceId: string, opts: { disputeId: string; resolution: string; creditNoteAmount?: number; creditNoteRef?: string; note?: string }) => {
      const payload = parsePayload(
        DisputeResolvedSchema,
        compact({ disputeId: opts.disputeId, resolution: opts.resolution, creditNoteCents: opts.creditNoteAmount, creditNoteRef: opts.creditNoteRef, note: opts.note }),
        { disputeId: '--dispute-id', resolution: '--resolution', creditNoteCents: '--credit-note-amount', creditNoteRef: '--credit-note-ref' },
        'resolution',
      );
      return withTemporal(async (t) => {
        await checkOpenDispute(t, invoiceId, payload.disputeId);
        await signalInvoice(t, invoiceId, disputeResolved, payload);
        print(`dispute ${payload.disputeId} of ${invoiceId} resolved (${payload.resolution})`);
      });
    });
}

/** The workflow would only trace an unknown dispute id; say it here, before sending. */
async function checkOpenDispute(t: Temporal, invoiceId: string, disputeId: string): Promise<void> {
  let open: string[];
  try {
    open = (await queryState(t, invoiceId)).disputes.filter((d) => d.status === 'open').map((d) => d.disputeId);
  } catch (err) {
    if (err instanceof CliError && err.exitCode === EXIT.notFound) throw err;
    note(`warning: could not check the dispute (${(err as Error).message}); sending anyway`);
    return;
  }
  if (!open.includes(disputeId)) {
    throw new CliError(`invoice ${invoiceId} has no open dispute ${disputeId} (open: ${open.length ? open.join(', ') : 'none'})`, EXIT.usage);
  }
}

/** The dispute task as the run recorded it (the signal is taken within moments); none said if it does not show in time. */
async function openedTask(t: Temporal, invoiceId: string, disputeId: string): Promise<{ assignee: string; by: string } | undefined> {
  for (let i = 0; i < 6; i++) {
    const view = await queryState(t, invoiceId).catch(() => undefined);
    const task = view?.openDisputes?.find((d) => d.disputeId === disputeId);
    if (view && task) return { assignee: task.assignee, by: `${localStamp(task.dueBy, view.invoice.debtor.timeZone)} (${view.invoice.debtor.timeZone})` };
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}
