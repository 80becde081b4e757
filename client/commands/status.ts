import type { Command } from 'commander';
import { describeNotice } from '../../domain/dunning/notice';
import { formatMoney } from '../../domain/money/format';
import { formatTrace, localStamp } from '../../domain/views/presentation';
import { disputeTaskLine } from '../../domain/dunning/dispute-task';
import type { DunningView } from '../../workflows/messages';
import { withTemporal, type Temporal } from '../connection';
import { describeInvoice, queryState, withWorkerDeadline } from '../invoice-ops';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { getDebtorState } from '../../workflows/messages';
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
        const byDebtor = await debtorPlanned(t, view);
        if (opts.json) {
          printJson({ workflowId: d.workflowId, runId: d.runId, status: d.status.name, state: view, ...(byDebtor ? { debtorPlannedAt: new Date(byDebtor.at).toISOString() } : {}) });
          return;
        }
        print(statusText(view, d.status.name, byDebtor));
        if (opts.trace) {
          print('\nTrace (debtor time):');
          for (const line of formatTrace(view.trace, view.invoice.debtor.timeZone)) print(`  ${line}`);
        }
      }),
    );
}

/**
 * In the coordinated mode the debtor's run performs the invoice's next touch, and may move it (gap
 * between calls, calls per 30 days, merge and send windows): its time is the true one. Undefined
 * when the invoice has no touch waiting at its debtor (or the debtor's run cannot answer).
 */
async function debtorPlanned(t: Temporal, v: DunningView): Promise<{ at: number } | undefined> {
  const handed = v.coordination?.handed;
  // The invoice's next step is the touch it handed (not a deadline or a message of its own).
  if (!handed || v.outcome || !v.next || !['send', 'open_call'].includes(v.next.kind)) return undefined;
  const debtorId = v.invoice.debtor.debtorId;
  const debtor = await withWorkerDeadline(t, debtorId, () => t.client.workflow.getHandle(debtorWorkflowId(debtorId)).query(getDebtorState)).catch(() => undefined);
  const planned = debtor?.planned?.[v.invoice.invoiceId];
  return planned && planned.key === handed.key ? { at: planned.at } : undefined;
}

export function statusText(v: DunningView, runStatus: string, byDebtor?: { at: number }): string {
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
    ['unapplied', v.unappliedCents ? `${money(v.unappliedCents)} paid beyond what was due: refund it or allocate it to another invoice` : undefined],
    ['penalties', `${money(v.penaltiesCents)} + indemnity ${money(v.indemnityCents)}`],
    ['days past due', v.daysPastDue],
    ['next', v.next ? nextText(v.next, byDebtor, stamp, tz) : undefined],
    ['open call task', task ? `${task.taskId} (${task.kind}) for ${task.assignee}, due by ${stamp(task.dueBy)} (${tz})` : undefined],
    ['open visit', v.openVisit ? `${v.openVisit.taskId} for ${v.openVisit.agent}, planned ${v.openVisit.day}, report by ${stamp(v.openVisit.dueBy)} (${tz})` : undefined],
    ['approval', v.openApproval ? `${v.openApproval.approvalId} ${v.openApproval.status} (${v.openApproval.approver}, since ${stamp(v.openApproval.openedAt)}, ${v.openApproval.reminders} reminder(s))` : undefined],
    ['promise', pending.length ? pending.map((p) => `${money(p.amountCents)} by ${p.date}`).join(', ') : undefined],
    ['promises kept/broken', v.promises.length ? `${v.promises.filter((p) => p.status === 'kept').length}/${v.brokenPromises}` : undefined],
    ['payment plan', v.plan ? `${v.plan.status}: ${v.plan.instalments.map((i) => `${i.date} ${money(i.amountCents)} ${i.status}`).join(', ')}` : undefined],
    ['open disputes', open.length ? open.map((d) => `${d.disputeId} (${d.kind}) ${d.details}`).join('; ') : undefined],
    ['dispute task', v.openDisputes?.length ? v.openDisputes.map((t) => disputeTaskLine(t, (at) => `${stamp(at)} (${tz})`)).join('; ') : undefined],
    ['paused', v.paused ? `${v.paused.reason}${v.paused.until ? ` until ${v.paused.until}` : ''}` : undefined],
    ['formal notice', v.formalNotice ? describeNotice(v.formalNotice, tz) : undefined],
    ['litigation', v.litigation.reason ? `${v.litigation.reason}${v.litigation.reference ? ` · file ${v.litigation.reference}` : ''}` : undefined],
    ['contacts', v.contacts.map((c, i) => `${i === v.activeContact ? '*' : ''}${c.name} (${c.role}${c.email ? `, ${c.email}` : ''}${c.phone ? `, ${c.phone}` : ''})`).join('; ')],
    ['touches', v.touches.length],
    ['to review', reviewText(v, stamp)],
  ]);
}

function nextText(next: { description: string; at: string }, byDebtor: { at: number } | undefined, stamp: (at: number) => string, tz: string): string {
  const own = Date.parse(next.at);
  if (!byDebtor) return `${next.description} on ${stamp(own)} (${tz})`;
  const moved = byDebtor.at !== own ? ` (planned for ${stamp(own)}; moved by the debtor's calls and sending windows)` : '';
  return `${next.description} on ${stamp(byDebtor.at)} (${tz}), by the debtor's workflow${moved}`;
}

/** Sends a crashed worker may or may not have made (docs/sends.md): what a person must check. */
function reviewText(v: DunningView, stamp: (at: number) => string): string | undefined {
  const review = v.touches.filter((t) => t.result === 'uncertain');
  if (!review.length) return undefined;
  return review.map((t) => `${t.channel} ${t.template} of ${stamp(t.at)} may not have gone: check the provider (message ${t.messageId ?? '?'})`).join('; ');
}
