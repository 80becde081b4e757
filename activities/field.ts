/**
 * The documents of visits and approvals (docs/field.md), each written where a person finds it:
 * <outbox>/visits/<invoice>/<task>.md (visit brief), <outbox>/approvals/<invoice>/<approval>.pdf
 * (the draft notice, or the litigation file summary for a handoff) and the reminders to the
 * approver as files in <outbox>/approvals/<invoice>/ (the outbox of approvers). Ids only in the
 * requests: the contents come from the run (queries). A retry rewrites the same file.
 */
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import type { CreditorProfile } from '../config/creditor';
import { formatMoney } from '../domain/money/format';
import { localStamp } from '../domain/views/presentation';
import { escapeMarkdown } from '../domain/text/markdown';
import { visitBriefText } from '../templates/visit-brief';
import { getHandoff, getNoticeDraft, getState } from '../workflows/messages';
import { safeFileName, writeFileAtomic } from './files';
import { litigationCase } from './litigation/case';
import { renderSummaryPdf } from './litigation/summary-pdf';
import { letterRecipient } from './letters';
import { renderLetterPdf } from './pdf/render-letter';
import { sha256Hex } from './sent-log';
import type { ApprovalDocumentRequest, VisitBriefRequest } from './types';

const handle = (workflowId: string) => Context.current().client.workflow.getHandle(workflowId);
const name = (id: string) => safeFileName(id, sha256Hex);

export function createFieldDocuments(outboxDir: string, creditor: CreditorProfile) {
  return {
    async prepareVisitBrief(req: VisitBriefRequest): Promise<{ path: string }> {
      const view = await handle(req.workflowId).query(getState);
      const task = view.visitTasks?.find((t) => t.taskId === req.taskId);
      if (!task) throw new Error(`no visit task ${req.taskId} on ${req.workflowId}`);
      const path = join(outboxDir, 'visits', name(view.invoice.invoiceId), `${name(task.taskId)}.md`);
      await writeFileAtomic(path, `${visitBriefText(view, task)}\n`);
      return { path };
    },

    async prepareApprovalDraft(req: ApprovalDocumentRequest): Promise<{ path: string }> {
      const view = await handle(req.workflowId).query(getState);
      const approval = view.approvals?.find((a) => a.approvalId === req.approvalId);
      if (!approval) throw new Error(`no approval ${req.approvalId} on ${req.workflowId}`);
      const path = join(outboxDir, 'approvals', name(view.invoice.invoiceId), `${name(approval.approvalId)}-draft.pdf`);
      if (approval.step === 'handoff') {
        const snapshot = await handle(req.workflowId).query(getHandoff);
        const c = litigationCase({ idempotencyKey: `${req.workflowId}/litigation`, workflowId: req.workflowId }, snapshot, creditor);
        await writeFileAtomic(path, await renderSummaryPdf({ ...c, documents: [], contents: ['Projet soumis à approbation : aucune pièce transmise à ce stade.'] }, { draft: true }));
        return { path };
      }
      const draft = await handle(req.workflowId).query(getNoticeDraft);
      if (!draft) throw new Error(`the policy of ${req.workflowId} has no formal notice step`);
      const address = draft.invoice.debtor.address ?? draft.invoice.debtor.registeredOffice;
      const letter = { ...draft, idempotencyKey: `${req.workflowId}/${approval.approvalId}-draft`, workflowId: req.workflowId, stepId: `${approval.approvalId}-draft` };
      const recipient = letterRecipient(letter, address ?? { lines: ['(no postal address)'], postalCode: '', city: '', country: 'FR' });
      const { pdf } = await renderLetterPdf(letter, creditor, recipient, { draft: true });
      await writeFileAtomic(path, pdf);
      return { path };
    },

    /** A reminder to the approver, one file per reminder (the approvers' outbox; a mail gateway can pick them up). */
    async remindApprover(req: ApprovalDocumentRequest & { reminder: number }): Promise<{ path: string }> {
      const view = await handle(req.workflowId).query(getState);
      const a = view.approvals?.find((x) => x.approvalId === req.approvalId);
      if (!a) throw new Error(`no approval ${req.approvalId} on ${req.workflowId}`);
      const inv = view.invoice;
      const tz = inv.debtor.timeZone;
      const what = a.step === 'handoff' ? 'litigation handoff' : 'formal notice';
      const path = join(outboxDir, 'approvals', name(inv.invoiceId), `${name(a.approvalId)}-reminder-${req.reminder}.md`);
      const text = [
        `To: ${escapeMarkdown(a.approver)}`,
        `Subject: reminder ${req.reminder}: the ${what} of invoice ${escapeMarkdown(inv.invoiceId)} waits for your approval`,
        '',
        `The ${what} to ${escapeMarkdown(inv.debtor.name)} for ${formatMoney(view.amountDueCents, inv.currency, 'en')} has waited since ${localStamp(a.openedAt, tz)}.`,
        a.draftPath ? `Draft: ${escapeMarkdown(a.draftPath)}` : 'Draft: not written (see the run).',
        '',
        `dunning approve --invoice ${escapeMarkdown(inv.invoiceId)} --decision approve|edit|hold`,
      ].join('\n');
      await writeFileAtomic(path, `${text}\n`);
      return { path };
    },
  };
}
