import { syncWithDebtor } from '../../activities/debtor';
import { snapshotOf } from '../../activities/litigation';
import { emailRequestOf, letterRequestOf, smsRequestOf } from '../../activities/request-ref';
import type { AccountHoldReceipt, AccountHoldRequest, CallBriefRequest, DunningActivities, EmailRequest, SmsRequest, LetterRequest, LitigationReceipt, LitigationRequest, SendReceipt } from '../../activities/types';
import type { HandoffSnapshot } from '../../domain/views/handoff';

export type RecordedSend =
  | { kind: 'email'; request: EmailRequest }
  | { kind: 'letter'; request: LetterRequest }
  | { kind: 'litigation'; request: LitigationRequest; snapshot: HandoffSnapshot }
  | { kind: 'sms'; request: SmsRequest };

/**
 * Activities that only record what would have been sent, honouring idempotency keys like the
 * real ones. Used by workflow tests and by `DUNNING_CHANNELS=record` dry runs.
 */
/** A visit brief, an approval's draft or a reminder to the approver asked of the activities (docs/field.md). */
export type FieldDocument = { kind: 'visit_brief' | 'approval_draft' | 'approver_reminder'; workflowId: string; id: string; reminder?: number };

export function createRecordingActivities(log: RecordedSend[] = []): DunningActivities & { log: RecordedSend[]; briefs: CallBriefRequest[]; holds: AccountHoldRequest[]; field: FieldDocument[] } {
  const briefs: CallBriefRequest[] = [];
  // Account holds apart from the messages: they are not sends to the debtor.
  const holds: AccountHoldRequest[] = [];
  const field: FieldDocument[] = [];
  const seen = new Map<string, SendReceipt>();
  const receipt = (key: string, channel: 'email' | 'letter' | 'sms', extra: Partial<SendReceipt> = {}): SendReceipt => {
    const known = seen.get(key);
    if (known) return { ...known, duplicate: true };
    const r: SendReceipt = { messageId: `rec-${seen.size + 1}`, channel, duplicate: false, provider: 'record', ...extra };
    seen.set(key, r);
    return r;
  };
  return {
    log,
    briefs,
    holds,
    field,
    async prepareVisitBrief(request) {
      field.push({ kind: 'visit_brief', workflowId: request.workflowId, id: request.taskId });
      return { path: `visits/${request.taskId}.md` };
    },
    async prepareApprovalDraft(request) {
      field.push({ kind: 'approval_draft', workflowId: request.workflowId, id: request.approvalId });
      return { path: `approvals/${request.approvalId}-draft.pdf` };
    },
    async remindApprover(request) {
      field.push({ kind: 'approver_reminder', workflowId: request.workflowId, id: request.approvalId, reminder: request.reminder });
      return { path: `approvals/${request.approvalId}-reminder-${request.reminder}.md` };
    },
    async prepareDebtorCallBrief(request) {
      return { path: `briefs/${request.debtorWorkflowId}/${request.debtorTaskId}.md` };
    },
    async prepareCallBrief(request) {
      briefs.push(request);
      return { path: `briefs/${request.workflowId?.replace(/^dunning-/, '') ?? request.view?.invoice.invoiceId}/${request.taskId}.md` };
    },
    // Coordination is Temporal-internal: the real activity, also when channels are recorded.
    syncWithDebtor,
    async sendEmail(input) {
      // The request itself (resolved from the run when the input is a reference): what tests assert on.
      const request = await emailRequestOf(input);
      const r = receipt(request.idempotencyKey, 'email');
      if (!r.duplicate) log.push({ kind: 'email', request });
      return r;
    },
    async sendLetter(input) {
      const request = await letterRequestOf(input);
      const r = receipt(request.idempotencyKey, 'letter', {
        path: `letters/${request.invoice.invoiceId}-${request.stepId}.pdf`,
        trackingNumber: request.registered ? `RR${request.stepId.length}${request.invoice.invoiceId.length}FR` : undefined,
      });
      if (!r.duplicate) log.push({ kind: 'letter', request });
      return r;
    },
    async sendSms(input) {
      const request = await smsRequestOf(input);
      const r = receipt(request.idempotencyKey, 'sms');
      if (!r.duplicate) log.push({ kind: 'sms', request });
      return r;
    },
    async notifyAccountHold(request): Promise<AccountHoldReceipt> {
      const duplicate = holds.some((h) => h.idempotencyKey === request.idempotencyKey);
      if (!duplicate) holds.push(request);
      return { reference: `HOLD-${request.idempotencyKey}`, adapter: 'record', duplicate };
    },
    async handOffToLitigation(request): Promise<LitigationReceipt> {
      const snapshot = await snapshotOf(request);
      const invoiceId = snapshot.view.invoice.invoiceId;
      log.push({ kind: 'litigation', request, snapshot });
      return { reference: `LIT-${invoiceId}`, location: `litigation/${invoiceId}`, suggestedRoute: 'injonction de payer' };
    },
  };
}
