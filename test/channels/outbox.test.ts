import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_MISSING, createEmailSender } from '../../activities/email';
import { createFileSentLog, messageIdFor, sha256Hex } from '../../activities/sent-log';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { SAMPLE_FACTS, sampleEmailRequest } from '../../templates/samples';
import { tempDir } from './helpers';

function setup() {
  const outboxDir = tempDir();
  return { outboxDir, sendEmail: createEmailSender({ outboxDir, sentLog: createFileSentLog(outboxDir), creditor: DEFAULT_CREDITOR }) };
}

/** Decodes RFC 2047 encoded-words of a header value. */
const decodeHeader = (v: string) =>
  v.replace(/\r\n /g, '').replace(/=\?UTF-8\?B\?([^?]+)\?=/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));

describe('local outbox (no SendGrid key)', () => {
  it('writes a readable .eml, the .html and a .json summary', async () => {
    const { sendEmail, outboxDir } = setup();
    const invoicePdf = join(outboxDir, 'invoice.pdf');
    writeFileSync(invoicePdf, '%PDF-1.4 invoice');
    const base = sampleEmailRequest('reminder_1');
    const req = { ...base, invoice: { ...base.invoice, pdfPath: invoicePdf }, attachInvoicePdf: true };
    const receipt = await sendEmail(req);

    const id = messageIdFor(req.idempotencyKey);
    expect(receipt).toEqual({ messageId: id, channel: 'email', duplicate: false, provider: 'outbox', path: join(outboxDir, 'emails', `${id}.eml`) });
    expect(readdirSync(join(outboxDir, 'emails')).sort()).toEqual([`${id}.eml`, `${id}.html`, `${id}.json`]);

    const eml = readFileSync(receipt.path!, 'utf8');
    const split = eml.indexOf('\r\n\r\n');
    const [head, body] = [eml.slice(0, split), eml.slice(split + 4)];
    expect(head).toContain('From: Ateliers Verbois <comptabilite@verbois.example>');
    expect(head).toContain('To: Sophie Lambert <compta@marcel-fils.example>');
    expect(head).toContain('Reply-To: Claire Martin <claire.martin@verbois.example>');
    expect(head).toContain(`Message-ID: <${id}@verbois.example>`);
    expect(head).toContain(`X-Dunning-Idempotency-Key: ${req.idempotencyKey}`);
    expect(head).toContain('X-Dunning-Attachments: Facture-INV-2026-0412.pdf');
    expect(head).toContain('Content-Type: text/plain; charset=utf-8');
    expect(decodeHeader(/^Subject: (.*(?:\r\n .*)*)/m.exec(head)![1])).toBe('Rappel : facture INV-2026-0412 arrivée à échéance le 1er avril 2026');
    expect(body).toContain('Bonjour Sophie Lambert,');
    expect(body).toContain('1 234,56 €');
    expect(body).toContain('- Facture-INV-2026-0412.pdf (application/pdf, 16 bytes)');

    const html = readFileSync(join(outboxDir, 'emails', `${id}.html`), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<table');

    const summary = JSON.parse(readFileSync(join(outboxDir, 'emails', `${id}.json`), 'utf8'));
    expect(summary).toMatchObject({
      messageId: id,
      idempotencyKey: req.idempotencyKey,
      to: { email: 'compta@marcel-fils.example', name: 'Sophie Lambert' },
      subject: 'Rappel : facture INV-2026-0412 arrivée à échéance le 1er avril 2026',
      attachments: [{ filename: 'Facture-INV-2026-0412.pdf', type: 'application/pdf', bytes: 16, sourcePath: invoicePdf }],
      categories: ['dunning', 'reminder_1'],
      customArgs: { invoiceId: 'INV-2026-0412', stepId: 'reminder_1-1', idempotencyKey: req.idempotencyKey },
    });
  });

  it('writes nothing more when the same key is sent again', async () => {
    const { sendEmail, outboxDir } = setup();
    const req = sampleEmailRequest('gap_reminder');
    const first = await sendEmail(req);
    const second = await sendEmail(req);
    expect(second).toEqual({ ...first, duplicate: true });
    expect(readdirSync(join(outboxDir, 'emails'))).toHaveLength(3);
    expect(readdirSync(join(outboxDir, 'sent-log'))).toEqual([`${sha256Hex(req.idempotencyKey)}.json`]);
  });

  it('attaches a requested document and says so', async () => {
    const { sendEmail, outboxDir } = setup();
    const note = join(outboxDir, 'BL-7781.pdf');
    writeFileSync(note, '%PDF-1.4 delivery note');
    const req = sampleEmailRequest('document_resend', { facts: { ...SAMPLE_FACTS, document: 'delivery_note' }, extraAttachments: [{ path: note }] });
    const receipt = await sendEmail(req);
    const eml = readFileSync(receipt.path!, 'utf8');
    expect(eml).toContain('vous trouverez ci-joint le bon de livraison correspondant à la facture INV-2026-0412');
    expect(eml).toContain('X-Dunning-Attachments: BL-7781.pdf');
  });

  it('fails without retry when the letter to attach is missing', async () => {
    const { sendEmail, outboxDir } = setup();
    const err = await sendEmail(sampleEmailRequest('letter_1', { attachLetterPath: join(outboxDir, 'nope.pdf') })).catch((e) => e);
    expect(err).toMatchObject({ type: ATTACHMENT_MISSING, nonRetryable: true });
  });
});
