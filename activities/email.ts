/**
 * The sendEmail activity: checks the sent-log, renders the template, attaches the documents,
 * records the intent, sends through SendGrid (or the local outbox without an API key) and records
 * the receipt; a key left uncertain by a dead attempt is reconciled or reviewed (sendOnce).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { CreditorProfile } from '../config/creditor';
import { readInvoiceDocument, type DocumentRules } from '../config/documents';
import { renderTemplate, templateVars } from '../templates/render';
import { mimeTypeOf, parseMailbox, type EmailTransport, type OutgoingAttachment, type OutgoingEmail } from './email-message';
import { createOutboxTransport } from './email-outbox';
import { createSendGridTransport, type SendGridConfig } from './email-sendgrid';
import { messageIdFor, sendOnce, sha256Hex, type PreviousAttempt, type SentLog } from './sent-log';
import { safeFileName } from './files';
import { emailRequestOf } from './request-ref';
import { EMAIL_REJECTED, type EmailInput, type EmailRequest, type SendReceipt } from './types';

export interface EmailSenderDeps {
  outboxDir: string;
  sentLog: SentLog;
  creditor: CreditorProfile;
  /** Where invoice PDFs may be read from (config/documents.ts); without it no invoice PDF is attached. */
  documents?: DocumentRules;
  sendgrid?: SendGridConfig;
  /** Overrides the transport chosen from `sendgrid` (tests, other providers). */
  transport?: EmailTransport;
}

/** A missing attachment cannot appear by retrying: fail without retry, naming the file. */
export const ATTACHMENT_MISSING = 'AttachmentMissing';

async function attachment(path: string, filename: string): Promise<OutgoingAttachment> {
  if (!existsSync(path)) throw ApplicationFailure.nonRetryable(`attachment ${filename} not found at ${path}`, ATTACHMENT_MISSING, { path });
  return { filename, type: mimeTypeOf(filename), content: await readFile(path), sourcePath: path };
}

/**
 * The invoice PDF is attached only when asked for, present and allowed: inside the documents
 * directory, a PDF, not too big (config/documents.ts). Anything else is left out with a warning
 * (as a missing file always was): the reminder still goes, without the attachment and without
 * saying one is attached.
 */
async function invoiceAttachment(req: EmailRequest, documents: DocumentRules | undefined): Promise<OutgoingAttachment | undefined> {
  const invoicePath = req.invoice.pdfPath;
  if (!req.attachInvoicePdf || !invoicePath) return undefined;
  if (!documents) {
    warn(`invoice PDF ${invoicePath} not attached: no documents directory is configured`);
    return undefined;
  }
  const read = await readInvoiceDocument(invoicePath, documents);
  if (!read.ok) {
    if (!read.missing) warn(`invoice PDF refused, not attached: ${read.reason}`);
    return undefined;
  }
  const filename = `${req.language === 'fr' ? 'Facture' : 'Invoice'}-${safeFileName(req.invoice.invoiceId, sha256Hex)}.pdf`;
  return { filename, type: 'application/pdf', content: read.content, sourcePath: read.path };
}

/** The activity's logger inside an activity, the console in unit tests that call the function directly. */
function warn(message: string): void {
  try {
    log.warn(message);
  } catch {
    console.warn(message);
  }
}

async function collectAttachments(req: EmailRequest, documents: DocumentRules | undefined): Promise<{ list: OutgoingAttachment[]; invoice: boolean; letter: boolean; extra: boolean }> {
  const list: OutgoingAttachment[] = [];
  const invoicePdf = await invoiceAttachment(req, documents);
  const invoice = Boolean(invoicePdf);
  if (invoicePdf) list.push(invoicePdf);
  if (req.attachLetterPath) list.push(await attachment(req.attachLetterPath, basename(req.attachLetterPath)));
  for (const extra of req.extraAttachments ?? []) list.push(await attachment(extra.path, extra.filename ?? basename(extra.path)));
  return { list, invoice, letter: Boolean(req.attachLetterPath), extra: Boolean(req.extraAttachments?.length) };
}

/**
 * What identifies the rendered message in the intent: recipient, subject, both bodies and each
 * attachment's name and bytes. A template changed between two attempts changes it.
 */
export function emailPayloadHash(email: OutgoingEmail): string {
  return sha256Hex(
    JSON.stringify({
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      attachments: email.attachments.map((a) => ({ filename: a.filename, sha256: sha256Hex(a.content) })),
    }),
  );
}

export function createEmailSender(deps: EmailSenderDeps): (req: EmailInput) => Promise<SendReceipt> {
  const transport = deps.transport ?? (deps.sendgrid?.apiKey ? createSendGridTransport(deps.sendgrid) : createOutboxTransport(deps.outboxDir));
  const { creditor, sentLog } = deps;
  const from = deps.sendgrid?.from ? parseMailbox(deps.sendgrid.from, creditor.companyName) : { email: creditor.email, name: creditor.companyName };

  async function compose(req: EmailRequest): Promise<OutgoingEmail> {
    if (!req.to.email) {
      throw ApplicationFailure.nonRetryable(`contact ${req.to.name} has no email address`, EMAIL_REJECTED, { reason: 'no_address' });
    }
    const files = await collectAttachments(req, deps.documents);
    const vars = templateVars(req, creditor, {
      channel: 'email',
      invoiceAttached: files.invoice,
      letterAttached: files.letter,
      documentAttached: (req.facts.document ?? 'invoice') === 'invoice' ? files.invoice : files.extra,
    });
    const message = renderTemplate(req.template, req.language, vars, { tone: req.tone });
    return {
      messageId: messageIdFor(req.idempotencyKey),
      idempotencyKey: req.idempotencyKey,
      from,
      to: { email: req.to.email, name: req.to.name },
      replyTo: { email: creditor.collector.email, name: creditor.collector.name },
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: files.list,
      customArgs: {
        invoiceId: req.invoice.invoiceId,
        // One email for several invoices of the debtor: all of them, in the order of facts.invoices.
        ...(vars.merged ? { invoiceIds: (req.facts.invoices ?? []).map((l) => l.invoiceId).join(',') } : {}),
        stepId: req.stepId,
        idempotencyKey: req.idempotencyKey,
      },
      categories: ['dunning', req.template],
      headers: { 'X-Dunning-Idempotency-Key': req.idempotencyKey },
    };
  }

  return async function sendEmail(input: EmailInput): Promise<SendReceipt> {
    const req = await emailRequestOf(input);
    const messageId = messageIdFor(req.idempotencyKey);
    const lookup = transport.lookup?.bind(transport);
    return sendOnce({
      sentLog,
      idempotencyKey: req.idempotencyKey,
      channel: 'email',
      provider: transport.provider,
      onUncertain: req.onUncertain,
      async prepare() {
        const email = await compose(req);
        return {
          payloadHash: emailPayloadHash(email),
          async send(intent) {
            // Dated by the first attempt: a resend composes the same message.
            const sent = await transport.send({ ...email, date: new Date(intent.startedAt) });
            return {
              messageId,
              channel: 'email',
              duplicate: false,
              provider: transport.provider,
              ...(sent.path ? { path: sent.path } : {}),
              ...(sent.providerMessageId ? { providerMessageId: sent.providerMessageId } : {}),
            };
          },
        };
      },
      ...(lookup ? { reconcile: (previous: PreviousAttempt) => lookup({ idempotencyKey: req.idempotencyKey, messageId }, previous) } : {}),
      ...(transport.failedBeforeSending ? { failedBeforeSending: transport.failedBeforeSending.bind(transport) } : {}),
    });
  };
}
