import { syncWithDebtor } from '../../activities/debtor';
import { complete as completeLitigationRequest } from '../../activities/litigation';
import type { CallBriefRequest, DunningActivities, EmailRequest, FullLitigationRequest, LetterRequest, LitigationReceipt, SendReceipt } from '../../activities/types';

export type RecordedSend =
  | { kind: 'email'; request: EmailRequest }
  | { kind: 'letter'; request: LetterRequest }
  | { kind: 'litigation'; request: FullLitigationRequest };

/**
 * Activities that only record what would have been sent, honouring idempotency keys like the
 * real ones. Used by workflow tests and by `DUNNING_CHANNELS=record` dry runs.
 */
export function createRecordingActivities(log: RecordedSend[] = []): DunningActivities & { log: RecordedSend[]; briefs: CallBriefRequest[] } {
  const briefs: CallBriefRequest[] = [];
  const seen = new Map<string, SendReceipt>();
  const receipt = (key: string, channel: 'email' | 'letter', extra: Partial<SendReceipt> = {}): SendReceipt => {
    const known = seen.get(key);
    if (known) return { ...known, duplicate: true };
    const r: SendReceipt = { messageId: `rec-${seen.size + 1}`, channel, duplicate: false, provider: 'record', ...extra };
    seen.set(key, r);
    return r;
  };
  return {
    log,
    briefs,
    async prepareCallBrief(request) {
      briefs.push(request);
      return { path: `briefs/${request.workflowId?.replace(/^dunning-/, '') ?? request.view?.invoice.invoiceId}/${request.taskId}.md` };
    },
    // Coordination is Temporal-internal: the real activity, also when channels are recorded.
    syncWithDebtor,
    async sendEmail(request) {
      const r = receipt(request.idempotencyKey, 'email');
      if (!r.duplicate) log.push({ kind: 'email', request });
      return r;
    },
    async sendLetter(request) {
      const r = receipt(request.idempotencyKey, 'letter', {
        path: `letters/${request.invoice.invoiceId}-${request.stepId}.pdf`,
        trackingNumber: request.registered ? `RR${request.stepId.length}${request.invoice.invoiceId.length}FR` : undefined,
      });
      if (!r.duplicate) log.push({ kind: 'letter', request });
      return r;
    },
    async handOffToLitigation(ids): Promise<LitigationReceipt> {
      const request = await completeLitigationRequest(ids);
      log.push({ kind: 'litigation', request });
      return { reference: `LIT-${request.invoice.invoiceId}`, location: `litigation/${request.invoice.invoiceId}`, suggestedRoute: 'injonction de payer' };
    },
  };
}
