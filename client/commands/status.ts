import type { Command } from 'commander';
import { formatMoney } from '../../domain/money/format';
import { formatTrace, localStamp } from '../../domain/views/presentation';
import type { DunningView } from '../../workflows/messages';
import { withTemporal } from '../connection';
import { describeInvoice, queryState } from '../invoice-ops';
import { formatFields, print, printJson } from '../output';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("One invoice's dunning: stage, amounts, open task, promises, disputes and the readable trace")
    .argument('<invoiceId>')
    .option('--json', 'the whole state as JSON (the workflow\'s getState answer)')
    .option('--no-trace', 'leave out the trace')
    .addHelpText(
      'after',
      `
Examples:
  $ dunning status FA-2026-0107
  $ dunning status FA-2026-0107 --json | jq '.state.amountDueCents'`,
    )
    .action((invoiceId: string, opts: { json?: boolean; trace: boolean }) =>
      withTemporal(async (t) => {
        const d = await describeInvoice(t, invoiceId);
        const view = await queryState(t, invoiceId);
        if (opts.json) {
          printJson({ workflowId: d.workflowId, runId: d.runId, status: d.status.name, state: view });
          return;
        }
        print(statusText(view, d.status.name));
        if (opts.trace) {
          print('\nTrace (debtor time):');
          for (const line of formatTrace(view.trace, view.invoice.debtor.timeZone)) print(`  ${line}`);
        }
      }),
    );
}

export function statusText(v: DunningView, runStatus: string): string {
  const money = (c: number) => formatMoney(c, v.invoice.currency, 'en');
  const tz = v.invoice.debtor.timeZone;
  const stamp = (at: number) => localStamp(at, tz);
  const task = v.openTask;
  const pending = v.promises.filter((p) => p.status === 'pending');
  const open = v.disputes.filter((d) => d.status === 'open');
  return formatFields([
    ['invoice', `${v.invoice.invoiceId} · ${v.invoice.debtor.name} (${v.invoice.debtor.debtorId})`],
    ['run', `${runStatus} · policy ${v.policyName}`],
    ['stage', v.outcome ? `${v.stage} · outcome ${v.outcome}${v.closeReason ? ` (${v.closeReason})` : ''}` : v.stage],
    ['amount', `${money(v.invoice.amountCents)} issued ${v.invoice.issueDate}, due ${v.invoice.dueDate}`],
    ['still due', `${money(v.amountDueCents)} (paid ${money(v.paidCents)}${v.creditedCents ? `, credited ${money(v.creditedCents)}` : ''})`],
    ['penalties', `${money(v.penaltiesCents)} + indemnity ${money(v.indemnityCents)}`],
    ['days past due', v.daysPastDue],
    ['next', v.next ? `${v.next.description} on ${stamp(Date.parse(v.next.at))} (${tz})` : undefined],
    ['open call task', task ? `${task.taskId} (${task.kind}) for ${task.assignee}, due by ${stamp(task.dueBy)} (${tz})` : undefined],
    ['open visit', v.openVisit ? `${v.openVisit.taskId} for ${v.openVisit.agent}, planned ${v.openVisit.day}, report by ${stamp(v.openVisit.dueBy)} (${tz})` : undefined],
    ['approval', v.openApproval ? `${v.openApproval.approvalId} ${v.openApproval.status} (${v.openApproval.approver}, since ${stamp(v.openApproval.openedAt)}, ${v.openApproval.reminders} reminder(s))` : undefined],
    ['promise', pending.length ? pending.map((p) => `${money(p.amountCents)} by ${p.date}`).join(', ') : undefined],
    ['promises kept/broken', v.promises.length ? `${v.promises.filter((p) => p.status === 'kept').length}/${v.brokenPromises}` : undefined],
    ['payment plan', v.plan ? `${v.plan.status}: ${v.plan.instalments.map((i) => `${i.date} ${money(i.amountCents)} ${i.status}`).join(', ')}` : undefined],
    ['open disputes', open.length ? open.map((d) => `${d.disputeId} (${d.kind}) ${d.details}`).join('; ') : undefined],
    ['paused', v.paused ? `${v.paused.reason}${v.paused.until ? ` until ${v.paused.until}` : ''}` : undefined],
    ['litigation', v.litigation.reason ? `${v.litigation.reason}${v.litigation.reference ? ` · file ${v.litigation.reference}` : ''}` : undefined],
    ['contacts', v.contacts.map((c, i) => `${i === v.activeContact ? '*' : ''}${c.name} (${c.role}${c.email ? `, ${c.email}` : ''}${c.phone ? `, ${c.phone}` : ''})`).join('; ')],
    ['touches', v.touches.length],
    ['to review', reviewText(v, stamp)],
  ]);
}

/** Sends a crashed worker may or may not have made (docs/sends.md): what a person must check. */
function reviewText(v: DunningView, stamp: (at: number) => string): string | undefined {
  const review = v.touches.filter((t) => t.result === 'uncertain');
  if (!review.length) return undefined;
  return review.map((t) => `${t.channel} ${t.template} of ${stamp(t.at)} may not have gone: check the provider (message ${t.messageId ?? '?'})`).join('; ');
}
