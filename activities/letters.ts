/**
 * The sendLetter activity: checks the sent-log, renders the PDF into <outbox>/letters/, hands it
 * to the postal adapter and records the receipt.
 */
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { CreditorProfile } from '../config/creditor';
import { safeFileName, writeFileAtomic } from './files';
import type { PostalRecipient } from './pdf/address';
import { renderLetterPdf } from './pdf/render-letter';
import { createFilingPostalAdapter, type PostalAdapter } from './postal';
import { messageIdFor, sha256Hex, type SentLog } from './sent-log';
import { LETTER_UNDELIVERABLE, type LetterRequest, type SendReceipt } from './types';

export interface LetterSenderDeps {
  outboxDir: string;
  sentLog: SentLog;
  creditor: CreditorProfile;
  postal?: PostalAdapter;
}

/** Deterministic: the same step of the same invoice always writes the same file. */
export function letterPath(outboxDir: string, invoiceId: string, stepId: string): string {
  return join(outboxDir, 'letters', `${safeFileName(invoiceId, sha256Hex)}_${safeFileName(stepId, sha256Hex)}.pdf`);
}

export function createLetterSender(deps: LetterSenderDeps): (req: LetterRequest) => Promise<SendReceipt> {
  const postal = deps.postal ?? createFilingPostalAdapter(deps.outboxDir);
  const { creditor, sentLog } = deps;

  return async function sendLetter(req: LetterRequest): Promise<SendReceipt> {
    const logged = await sentLog.get(req.idempotencyKey);
    if (logged) return { ...logged, duplicate: true };

    const address = req.invoice.debtor.address;
    if (!address) {
      throw ApplicationFailure.nonRetryable(`debtor ${req.invoice.debtor.debtorId} has no postal address`, LETTER_UNDELIVERABLE, {
        invoiceId: req.invoice.invoiceId,
      });
    }
    const recipient: PostalRecipient = { name: req.invoice.debtor.name, attention: req.to.name, address };
    const { pdf } = await renderLetterPdf(req, creditor, recipient);
    const pdfPath = letterPath(deps.outboxDir, req.invoice.invoiceId, req.stepId);
    await writeFileAtomic(pdfPath, pdf);

    const posted = await postal.send({ pdfPath, registered: req.registered, to: recipient, idempotencyKey: req.idempotencyKey });
    const receipt: SendReceipt = {
      messageId: messageIdFor(req.idempotencyKey),
      channel: 'letter',
      duplicate: false,
      path: pdfPath,
      provider: posted.provider,
      ...(posted.trackingNumber ? { trackingNumber: posted.trackingNumber } : {}),
    };
    await sentLog.record(req.idempotencyKey, receipt);
    return receipt;
  };
}
