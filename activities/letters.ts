/**
 * The sendLetter activity: checks the sent-log, renders the PDF, records the intent, writes the PDF
 * into <outbox>/letters/, hands it to the postal adapter and records the receipt; a key left
 * uncertain by a dead attempt is reconciled through the adapter's lookup or reviewed (sendOnce).
 */
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { CreditorProfile } from '../config/creditor';
import { safeFileName, writeFileAtomic } from './files';
import type { PostalRecipient } from './pdf/address';
import { renderLetterPdf } from './pdf/render-letter';
import { createFilingPostalAdapter, type PostalAdapter } from './postal';
import { messageIdFor, sendOnce, sha256Hex, type Reconciliation, type SentLog } from './sent-log';
import { letterRequestOf } from './request-ref';
import { LETTER_UNDELIVERABLE, type LetterInput, type LetterRequest, type SendReceipt } from './types';
import type { Address } from '../domain/invoice/schema';
import { loadLabels } from '../templates/labels';

/**
 * Who a letter goes to. A formal notice to a company goes to its legal representative at its
 * registered office (domain.md §8): the debtor's legalRepresentative and registeredOffice when the
 * import gave them, else "its legal representative" at the debtor's address. Other letters, and
 * any letter to a consumer, go to the contact at the debtor's address.
 */
export function letterRecipient(req: Pick<LetterRequest, 'invoice' | 'to' | 'template' | 'language'>, address: Address): PostalRecipient {
  const debtor = req.invoice.debtor;
  if (req.template !== 'formal_notice' || debtor.kind !== 'professional') return { name: debtor.name, attention: req.to.name, address };
  const labels = loadLabels(req.language);
  const rep = debtor.legalRepresentative;
  const who = rep ? [rep.civility ? `${labels.civility[rep.civility]} ${rep.name}` : rep.name, rep.title].filter(Boolean).join(', ') : labels.letter.legalRepresentative;
  return { name: debtor.name, attention: who, address: debtor.registeredOffice ?? address };
}

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

/** What identifies the letter in the intent: the PDF's bytes and the recipient. */
export function letterPayloadHash(pdf: Uint8Array, to: PostalRecipient, registered: boolean): string {
  return sha256Hex(JSON.stringify({ pdf: sha256Hex(pdf), to, registered }));
}

export function createLetterSender(deps: LetterSenderDeps): (req: LetterInput) => Promise<SendReceipt> {
  const postal = deps.postal ?? createFilingPostalAdapter(deps.outboxDir);
  const { creditor, sentLog } = deps;
  const provider = postal.provider ?? 'postal';
  const lookup = postal.lookup?.bind(postal);

  return async function sendLetter(input: LetterInput): Promise<SendReceipt> {
    const req = await letterRequestOf(input);
    const pdfPath = letterPath(deps.outboxDir, req.invoice.invoiceId, req.stepId);
    return sendOnce({
      sentLog,
      idempotencyKey: req.idempotencyKey,
      channel: 'letter',
      provider,
      onUncertain: req.onUncertain,
      async prepare() {
        const address = req.invoice.debtor.address ?? (req.template === 'formal_notice' ? req.invoice.debtor.registeredOffice : undefined);
        if (!address) {
          throw ApplicationFailure.nonRetryable(`debtor ${req.invoice.debtor.debtorId} has no postal address`, LETTER_UNDELIVERABLE, {
            invoiceId: req.invoice.invoiceId,
          });
        }
        const recipient = letterRecipient(req, address);
        const { pdf } = await renderLetterPdf(req, creditor, recipient);
        return {
          payloadHash: letterPayloadHash(pdf, recipient, req.registered),
          path: pdfPath,
          async send() {
            // Written only on the way to the postal adapter: the PDF of a letter already posted
            // is never replaced by a later render.
            await writeFileAtomic(pdfPath, pdf);
            const posted = await postal.send({ pdfPath, registered: req.registered, to: recipient, idempotencyKey: req.idempotencyKey });
            return {
              messageId: messageIdFor(req.idempotencyKey),
              channel: 'letter',
              duplicate: false,
              path: pdfPath,
              provider: posted.provider,
              ...(posted.trackingNumber ? { trackingNumber: posted.trackingNumber } : {}),
            };
          },
        };
      },
      ...(lookup
        ? {
            async reconcile(): Promise<Reconciliation> {
              const posted = await lookup(req.idempotencyKey);
              return posted ? { outcome: 'sent', path: pdfPath, ...(posted.trackingNumber ? { trackingNumber: posted.trackingNumber } : {}) } : { outcome: 'not_sent' };
            },
          }
        : {}),
      ...(postal.failedBeforeSending ? { failedBeforeSending: postal.failedBeforeSending.bind(postal) } : {}),
    });
  };
}
