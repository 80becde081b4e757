import { join } from 'node:path';
import type { CreditorProfile } from '../config/creditor';
import { callBriefText, mergedCallBriefText } from '../templates/call-brief';
import { Context } from '@temporalio/activity';
import { getDebtorState, getState } from '../workflows/messages';
import { safeFileName, writeFileAtomic } from './files';
import { sha256Hex } from './sent-log';
import type { CallBriefRequest, DebtorCallBriefRequest } from './types';

/**
 * The call brief of domain.md §4, written when a call task opens, so a collector can read it
 * before dialling without the CLI: <outbox>/briefs/<invoiceId>/<taskId>.md. Rewriting the same
 * task's brief on a retry gives the same file. Markdown: what the debtor wrote is escaped.
 */
export function createCallBriefWriter(outboxDir: string, creditor: CreditorProfile) {
  return async function prepareCallBrief(req: CallBriefRequest): Promise<{ path: string }> {
    const view = req.view ?? (await Context.current().client.workflow.getHandle(req.workflowId!).query(getState));
    const path = join(outboxDir, 'briefs', safeFileName(view.invoice.invoiceId, sha256Hex), `${safeFileName(req.taskId, sha256Hex)}.md`);
    await writeFileAtomic(path, `${callBriefText(view, undefined, creditor, 'markdown')}\n`);
    return { path };
  };
}

/**
 * The one brief file of a merged call of the debtor run: <outbox>/briefs/debtor-<debtorId>/<debtorTaskId>.md,
 * every invoice of the call in it (the first by id leads: its task and script). Reads the states by
 * query; an invoice that does not show the task yet (its notice still on the way) fails the attempt,
 * and the retry reads again; an invoice closed since is left out.
 */
export function createDebtorCallBriefWriter(outboxDir: string, creditor: CreditorProfile) {
  return async function prepareDebtorCallBrief(req: DebtorCallBriefRequest): Promise<{ path: string }> {
    const client = Context.current().client.workflow;
    const debtor = await client.getHandle(req.debtorWorkflowId).query(getDebtorState);
    const task = debtor.callTasks.find((t) => t.debtorTaskId === req.debtorTaskId);
    if (!task) throw new Error(`no call task ${req.debtorTaskId} in ${req.debtorWorkflowId}`);
    const ids = Object.keys(task.tasks).sort();
    // An invoice closed since (paid, cancelled) is not on the call any more.
    const views = (await Promise.all(ids.map((id) => client.getHandle(debtor.invoices[id]?.workflowId ?? `dunning-${id}`).query(getState)))).filter((v) => !v.outcome);
    const behind = views.filter((v) => v.openTask?.debtorTaskId !== req.debtorTaskId).map((v) => v.invoice.invoiceId);
    if (behind.length || !views.length) throw new Error(`${behind.join(', ') || 'no open invoice'}: the task ${req.debtorTaskId} is not shown (yet)`);
    const path = join(outboxDir, mergedBriefPath(debtor.debtorId, req.debtorTaskId));
    await writeFileAtomic(path, `${mergedCallBriefText(views, undefined, creditor, 'markdown')}\n`);
    return { path };
  };
}

/** The merged call's brief file, relative to the outbox (the writer above, `dunning purge`). */
export function mergedBriefPath(debtorId: string, debtorTaskId: string): string {
  return `briefs/${safeFileName(`debtor-${debtorId}`, sha256Hex)}/${safeFileName(debtorTaskId, sha256Hex)}.md`;
}
