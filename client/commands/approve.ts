import { Option, type Command } from 'commander';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApprovalDecisionSchema, type ApprovalDecisionInput } from '../../domain/invoice/field-commands';
import { formatMoney } from '../../domain/money/format';
import { localStamp } from '../../domain/views/presentation';
import { decideApproval } from '../../workflows/messages';
import { withTemporal } from '../connection';
import { CliError, EXIT } from '../errors';
import { centsArg, compact, parsePayload } from '../flags';
import { handleFor, queryState, withWorkerDeadline } from '../invoice-ops';
import { print } from '../output';
import { inMoney } from './call';

interface ApproveFlags {
  invoice: string;
  decision: ApprovalDecisionInput['decision'];
  amount?: number;
  reason?: string;
  by?: string;
}

export function registerApprove(program: Command): void {
  program
    .command('approve')
    .description('Decide on the formal notice or the litigation handoff waiting for approval (docs/field.md): approve, edit the amount, or hold')
    .requiredOption('--invoice <id>', 'the invoice whose legal step waits')
    .addOption(new Option('--decision <decision>', 'approve; edit (a lower amount, with --amount and --reason); hold (with --reason)').choices(['approve', 'edit', 'hold']).makeOptionMandatory())
    .option('--amount <amount>', 'edit: the amount the legal step claims (more than 0, at most what is due; the rest is written off)', centsArg)
    .option('--reason <text>', 'why (edit and hold)')
    .option('--by <name>', 'who decides')
    .addHelpText(
      'after',
      `
Examples:
  $ dunning tasks --kind approval
  $ dunning approve --invoice FA-2026-0107 --decision approve --by "Julie Morel"
  $ dunning approve --invoice FA-2026-0107 --decision edit --amount 1000 --reason "goods partly returned"
  $ dunning approve --invoice FA-2026-0107 --decision hold --reason "meeting with the customer on the 17th"

Approved or edited, the step goes at the next send slot; held, it waits (no reminders) until approved.`,
    )
    .action((flags: ApproveFlags) =>
      withTemporal(async (t) => {
        const view = await queryState(t, flags.invoice);
        const decision = parsePayload(ApprovalDecisionSchema, compact({ decision: flags.decision, amountCents: flags.amount, reason: flags.reason, by: flags.by }), { amountCents: '--amount', reason: '--reason', by: '--by' }, 'decision');
        let result;
        try {
          result = await withWorkerDeadline(t, flags.invoice, () => handleFor(t, flags.invoice).executeUpdate(decideApproval, { args: [decision] }));
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError) throw new CliError(`decision rejected: ${inMoney(err.cause?.message ?? err.message, view.invoice.currency)}`, EXIT.usage);
          throw err;
        }
        print(`${result.approvalId} on ${flags.invoice}: ${result.status}, amount due ${formatMoney(result.amountDueCents, view.invoice.currency, 'en')}`);
        if (result.next) print(`next: ${result.next.description} on ${localStamp(Date.parse(result.next.at), view.invoice.debtor.timeZone)} (${view.invoice.debtor.timeZone})`);
      }),
    );
}
