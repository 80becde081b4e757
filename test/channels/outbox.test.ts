import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_MISSING, createEmailSender } from '../../activities/email';
import { createOutboxTransport } from '../../activities/email-outbox';
import { createFileSentLog, messageIdFor, sha256Hex, type SentLog } from '../../activities/sent-log';
import { DEFAULT_DOCUMENT_MAX_BYTES } from '../../config/documents';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { SAMPLE_FACTS, sampleEmailRequest } from '../helpers/samples';
import { tempDir } from './helpers';

function setup() {
  const outboxDir = tempDir();
  return {
    outboxDir,
    sendEmail: createEmailSender({ outboxDir, sentLog: createFileSentLog(outboxDir), creditor: DEFAULT_CREDITOR, documents: { dir: outboxDir, maxBytes: DEFAULT_DOCUMENT_MAX_BYTES } }),
  };
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
    expect(decodeHeader(/^Subject: (.*(?:\r\n .*)*)/m.exec(head)![1])).toBe('Rappel : facture INV-2026-0412 arrivée à échéance le mercredi 1er avril 2026');
    expect(body).toContain('Bonjour Sophie Lambert,');
    expect(body).toContain('1 234,56\u00a0€');
    expect(body).toContain('- Facture-INV-2026-0412.pdf (application/pdf, 16 bytes)');

    const html = readFileSync(join(outboxDir, 'emails', `${id}.html`), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<table');

    const summary = JSON.parse(readFileSync(join(outboxDir, 'emails', `${id}.json`), 'utf8'));
    expect(summary).toMatchObject({
      messageId: id,
      idempotencyKey: req.idempotencyKey,
      to: { email: 'compta@marcel-fils.example', name: 'Sophie Lambert' },
      subject: 'Rappel : facture INV-2026-0412 arrivée à échéance le mercredi 1er avril 2026',
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

/** Every file of the emails folder with its bytes and mtime: proves nothing was rewritten. */
const snapshot = (dir: string) => readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8'), statSync(join(dir, f)).mtimeMs]);

describe('local outbox: at most one message per key (issue #11)', () => {
  it('a crash between writing the message and the receipt: the retry writes nothing and returns a normal receipt', async () => {
    const outboxDir = tempDir();
    const fileLog = createFileSentLog(outboxDir);
    let armed = true;
    const dying: SentLog = {
      ...fileLog,
      async record(key, receipt, intent) {
        if (armed) {
          armed = false;
          throw new Error('worker died before recording the receipt');
        }
        return fileLog.record(key, receipt, intent);
      },
    };
    const sendEmail = createEmailSender({ outboxDir, sentLog: dying, creditor: DEFAULT_CREDITOR });
    const req = sampleEmailRequest('gap_reminder');
    await expect(sendEmail(req)).rejects.toThrow('worker died');
    const emails = join(outboxDir, 'emails');
    const before = snapshot(emails);
    expect(before.map(([f]) => f)).toHaveLength(3);

    const id = messageIdFor(req.idempotencyKey);
    const retry = await sendEmail(req);
    // Local reconciliation is exact: the complete summary is the proof the message was written.
    expect(retry).toEqual({ messageId: id, channel: 'email', duplicate: true, provider: 'outbox', path: join(emails, `${id}.eml`) });
    expect(snapshot(emails)).toEqual(before);
    expect(await fileLog.read(req.idempotencyKey)).toMatchObject({ state: 'sent', receipt: { path: join(emails, `${id}.eml`) }, intent: { attempt: 1 } });
  });

  it('a crash before the summary (message incomplete): the retry completes it, dated by the first attempt', async () => {
    const outboxDir = tempDir();
    const sentLog = createFileSentLog(outboxDir);
    const req = sampleEmailRequest('gap_reminder');
    const first = await createEmailSender({ outboxDir, sentLog, creditor: DEFAULT_CREDITOR })(req);
    const id = first.messageId;
    const emails = join(outboxDir, 'emails');
    const eml = readFileSync(join(emails, `${id}.eml`), 'utf8');
    // Back to the state of a worker that died after the .eml, before the summary and the receipt.
    rmSync(join(emails, `${id}.json`));
    const logged = await sentLog.read(req.idempotencyKey);
    if (logged?.state !== 'sent' || !logged.intent) throw new Error('expected a receipt with its intent');
    await sentLog.recordIntent(req.idempotencyKey, logged.intent);

    const retry = await createEmailSender({ outboxDir, sentLog, creditor: DEFAULT_CREDITOR })(req);
    expect(retry).toEqual({ ...first, duplicate: false });
    expect(readFileSync(join(emails, `${id}.eml`), 'utf8')).toBe(eml); // same bytes, same Date header
    expect(readdirSync(emails).sort()).toEqual([`${id}.eml`, `${id}.html`, `${id}.json`]);
    expect(await sentLog.read(req.idempotencyKey)).toMatchObject({ state: 'sent', intent: { attempt: 2, startedAt: logged.intent.startedAt } });
  });

  it('the transport never rewrites a complete message, even called again directly', async () => {
    const outboxDir = tempDir();
    const transport = createOutboxTransport(outboxDir);
    const send = createEmailSender({ outboxDir, sentLog: createFileSentLog(outboxDir), creditor: DEFAULT_CREDITOR, transport });
    const req = sampleEmailRequest('gap_reminder');
    await send(req);
    const emails = join(outboxDir, 'emails');
    const before = snapshot(emails);
    const again = await transport.send({
      messageId: messageIdFor(req.idempotencyKey),
      idempotencyKey: req.idempotencyKey,
      from: { email: 'a@b.example' },
      to: { email: 'c@d.example' },
      replyTo: { email: 'a@b.example' },
      subject: 'another text',
      text: 'another text',
      html: '<p>another</p>',
      attachments: [],
      customArgs: {},
      categories: [],
      headers: {},
    });
    expect(again.path).toBe(join(emails, `${messageIdFor(req.idempotencyKey)}.eml`));
    expect(snapshot(emails)).toEqual(before);
  });
});

