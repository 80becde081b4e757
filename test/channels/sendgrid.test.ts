import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createEmailSender } from '../../activities/email';
import { EMAIL_PROVIDER_UNAVAILABLE } from '../../activities/email-sendgrid';
import { createFileSentLog, messageIdFor, sha256Hex } from '../../activities/sent-log';
import { EMAIL_REJECTED, type EmailRequest } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { sampleEmailRequest } from '../../templates/samples';
import { useFakeSendGrid, tempDir } from './helpers';

const fakeSendGrid = useFakeSendGrid();

function setup() {
  const outboxDir = tempDir();
  const sentLog = createFileSentLog(outboxDir);
  const sendEmail = createEmailSender({
    outboxDir,
    sentLog,
    creditor: DEFAULT_CREDITOR,
    sendgrid: { apiKey: 'SG.test-key', from: 'Ateliers Verbois <relances@verbois.example>', baseUrl: fakeSendGrid().baseUrl },
  });
  return { outboxDir, sentLog, sendEmail };
}

function requestWithFiles(outboxDir: string, overrides: Partial<EmailRequest> = {}): EmailRequest {
  const invoicePdf = join(outboxDir, 'invoice.pdf');
  const letterPdf = join(outboxDir, 'INV-2026-0412_letter_1.pdf');
  writeFileSync(invoicePdf, '%PDF-1.4 invoice');
  writeFileSync(letterPdf, '%PDF-1.4 letter');
  const base = sampleEmailRequest('reminder_1');
  return { ...base, invoice: { ...base.invoice, pdfPath: invoicePdf }, attachInvoicePdf: true, attachLetterPath: letterPdf, ...overrides };
}

describe('SendGrid email', () => {
  it('posts a complete v3 mail/send payload', async () => {
    const { sendEmail, outboxDir } = setup();
    const req = requestWithFiles(outboxDir);
    const receipt = await sendEmail(req);

    expect(fakeSendGrid().requests).toHaveLength(1);
    const { method, url, headers, body } = fakeSendGrid().requests[0];
    expect(method).toBe('POST');
    expect(url).toBe('/v3/mail/send');
    expect(headers.authorization).toBe('Bearer SG.test-key');
    expect(body.from).toEqual({ email: 'relances@verbois.example', name: 'Ateliers Verbois' });
    expect(body.personalizations).toHaveLength(1);
    expect(body.personalizations[0].to).toEqual([{ email: 'compta@marcel-fils.example', name: 'Sophie Lambert' }]);
    expect(body.reply_to).toEqual({ email: 'claire.martin@verbois.example', name: 'Claire Martin' });
    expect(body.subject).toBe('Rappel : facture INV-2026-0412 arrivée à échéance le 1er avril 2026');
    expect(body.content.map((c: { type: string }) => c.type)).toEqual(['text/plain', 'text/html']);
    expect(body.content[0].value).toContain('1 234,56 €');
    expect(body.content[0].value).toContain('Vous trouverez ci-joint une copie de cette facture');
    expect(body.content[1].value).toContain('<table');
    expect(body.attachments).toEqual([
      { content: Buffer.from('%PDF-1.4 invoice').toString('base64'), filename: 'Facture-INV-2026-0412.pdf', type: 'application/pdf', disposition: 'attachment' },
      { content: Buffer.from('%PDF-1.4 letter').toString('base64'), filename: 'INV-2026-0412_letter_1.pdf', type: 'application/pdf', disposition: 'attachment' },
    ]);
    expect(body.custom_args).toEqual({ invoiceId: 'INV-2026-0412', stepId: 'reminder_1-1', idempotencyKey: req.idempotencyKey });
    expect(body.categories).toEqual(['dunning', 'reminder_1']);
    expect(body.headers).toEqual({ 'X-Dunning-Idempotency-Key': req.idempotencyKey });

    expect(receipt).toEqual({ messageId: messageIdFor(req.idempotencyKey), channel: 'email', duplicate: false, provider: 'sendgrid', providerMessageId: 'sg-1' });
  });

  it('leaves out the invoice PDF when the file does not exist', async () => {
    const { sendEmail, outboxDir } = setup();
    const req = requestWithFiles(outboxDir, { attachLetterPath: undefined });
    await sendEmail({ ...req, invoice: { ...req.invoice, pdfPath: join(outboxDir, 'missing.pdf') } });
    expect(fakeSendGrid().requests[0].body.attachments).toBeUndefined();
    expect(fakeSendGrid().requests[0].body.content[0].value).not.toContain('ci-joint');
  });

  for (const status of [429, 500]) {
    it(`throws a retryable failure on ${status}, then succeeds on the retry`, async () => {
      const { sendEmail, sentLog } = setup();
      const req = sampleEmailRequest('reminder_1');
      fakeSendGrid().queue.push(status);
      const err = await sendEmail(req).catch((e) => e);
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect(err).toMatchObject({ type: EMAIL_PROVIDER_UNAVAILABLE, nonRetryable: false });
      expect(err.message).toContain(`SendGrid answered ${status}`);
      if (status === 429) expect(err.nextRetryDelay).toBe(2000); // from Retry-After
      expect(await sentLog.get(req.idempotencyKey)).toBeUndefined();

      const receipt = await sendEmail(req);
      expect(receipt.duplicate).toBe(false);
      expect(fakeSendGrid().requests).toHaveLength(2);
      expect(await sentLog.get(req.idempotencyKey)).toMatchObject({ messageId: receipt.messageId });
    });
  }

  it('throws a non-retryable EmailRejected on 400', async () => {
    const { sendEmail } = setup();
    fakeSendGrid().queue.push(400);
    const err = await sendEmail(sampleEmailRequest('reminder_1')).catch((e) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: EMAIL_REJECTED, nonRetryable: true });
    expect(err.details[0]).toMatchObject({ status: 400, body: { errors: [{ field: 'personalizations.0.to' }] } });
  });

  it('rejects a contact without email address without calling SendGrid', async () => {
    const { sendEmail } = setup();
    const req = sampleEmailRequest('reminder_1');
    const err = await sendEmail({ ...req, to: { name: 'Sans Adresse', role: 'accounts_payable' } }).catch((e) => e);
    expect(err).toMatchObject({ type: EMAIL_REJECTED, nonRetryable: true });
    expect(fakeSendGrid().requests).toHaveLength(0);
  });

  it('sends nothing the second time a key is seen (sent-log)', async () => {
    const { sendEmail, outboxDir } = setup();
    const req = requestWithFiles(outboxDir);
    const first = await sendEmail(req);
    const second = await sendEmail(req);
    expect(fakeSendGrid().requests).toHaveLength(1);
    expect(second).toEqual({ ...first, duplicate: true });
    const logged = JSON.parse(readFileSync(join(outboxDir, 'sent-log', `${sha256Hex(req.idempotencyKey)}.json`), 'utf8'));
    expect(logged).toMatchObject({ idempotencyKey: req.idempotencyKey, receipt: { ...first, duplicate: false } });
  });
});
