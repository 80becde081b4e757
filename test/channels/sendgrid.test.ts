import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createEmailSender } from '../../activities/email';
import type { EmailTransport } from '../../activities/email-message';
import { createSendGridTransport, EMAIL_PROVIDER_UNAVAILABLE, type SendGridConfig } from '../../activities/email-sendgrid';
import { createFileSentLog, messageIdFor, SEND_RECONCILING, sha256Hex, type FileSentLogOptions, type SentLog } from '../../activities/sent-log';
import { EMAIL_REJECTED, type EmailRequest } from '../../activities/types';
import { DEFAULT_DOCUMENT_MAX_BYTES } from '../../config/documents';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { sampleEmailRequest } from '../helpers/samples';
import { useFakeSendGrid, tempDir } from './helpers';

const fakeSendGrid = useFakeSendGrid();

function sendgridConfig(overrides: Partial<SendGridConfig> = {}): SendGridConfig {
  return { apiKey: 'SG.test-key', from: 'Ateliers Verbois <relances@verbois.example>', baseUrl: fakeSendGrid().baseUrl, ...overrides };
}

function setup(opts: { sendgrid?: Partial<SendGridConfig>; sentLog?: (log: SentLog) => SentLog; transport?: (t: EmailTransport) => EmailTransport; lock?: FileSentLogOptions } = {}) {
  const outboxDir = tempDir();
  const fileLog = createFileSentLog(outboxDir, opts.lock);
  const sentLog = opts.sentLog ? opts.sentLog(fileLog) : fileLog;
  const sendgrid = sendgridConfig(opts.sendgrid);
  const sendEmail = createEmailSender({
    outboxDir,
    sentLog,
    creditor: DEFAULT_CREDITOR,
    documents: { dir: outboxDir, maxBytes: DEFAULT_DOCUMENT_MAX_BYTES },
    sendgrid,
    ...(opts.transport ? { transport: opts.transport(createSendGridTransport(sendgrid)) } : {}),
  });
  return { outboxDir, sentLog: fileLog, sendEmail };
}

/** The worker dies once after the provider answered, before the receipt is written. */
function dyingBeforeReceipt(log: SentLog): SentLog {
  let armed = true;
  return {
    ...log,
    async record(key, receipt, intent) {
      if (armed) {
        armed = false;
        throw new Error('worker died before recording the receipt');
      }
      return log.record(key, receipt, intent);
    },
  };
}

/** The worker dies once after recording the intent, before its request leaves. */
function dyingBeforeRequest(t: EmailTransport): EmailTransport {
  let armed = true;
  return {
    ...t,
    async send(email) {
      if (armed) {
        armed = false;
        throw new Error('worker died before the request left');
      }
      return t.send(email);
    },
  };
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
    expect(body.subject).toBe('Rappel : facture INV-2026-0412 arrivée à échéance le mercredi 1er avril 2026');
    expect(body.content.map((c: { type: string }) => c.type)).toEqual(['text/plain', 'text/html']);
    expect(body.content[0].value).toContain('1 234,56\u00a0€');
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

describe('SendGrid: the uncertain case (issue #11)', () => {
  const key = sampleEmailRequest('reminder_1').idempotencyKey;

  it('a worker dying between SendGrid\'s answer and the receipt: the retry sends nothing and answers uncertain (policy: review)', async () => {
    const { sendEmail, sentLog } = setup({ sentLog: dyingBeforeReceipt });
    const req = sampleEmailRequest('reminder_1');
    await expect(sendEmail(req)).rejects.toThrow('worker died before recording the receipt');
    const intent = await sentLog.read(key);
    expect(intent).toMatchObject({ state: 'intent', intent: { attempt: 1, provider: 'sendgrid', channel: 'email' } });

    const retry = await sendEmail(req);
    expect(fakeSendGrid().sendsFor(key)).toHaveLength(1);
    expect(retry).toEqual({
      messageId: messageIdFor(key),
      channel: 'email',
      duplicate: false,
      provider: 'sendgrid',
      uncertain: {
        since: intent?.state === 'intent' ? intent.intent.startedAt : '',
        reason: 'a previous attempt called SendGrid and died before recording its answer; the SendGrid activity lookup is off (SENDGRID_ACTIVITY_LOOKUP=1 turns it on); not resent (policy: review)',
      },
    });
    // Marked as reviewed: later attempts answer the same, still without a request.
    expect(await sendEmail(req)).toEqual(retry);
    expect(fakeSendGrid().requests).toHaveLength(1);
    expect(await sentLog.read(key)).toMatchObject({ state: 'uncertain', uncertain: retry.uncertain });
  });

  it('an answer lost to a timeout (slow SendGrid): the message went, the retry does not send it again', async () => {
    fakeSendGrid().latencyMs = 400;
    const { sendEmail } = setup({ sendgrid: { timeoutMs: 100 } });
    const req = sampleEmailRequest('reminder_1');
    const err = await sendEmail(req).catch((e) => e);
    expect(err.message).toMatch(/timeout/i);
    const retry = await sendEmail(req);
    expect(retry.uncertain?.reason).toContain('not resent (policy: review)');
    expect(fakeSendGrid().sendsFor(key)).toHaveLength(1);
  });

  it("onUncertain: 'resend' sends exactly one more request, then the key is an ordinary duplicate", async () => {
    const { sendEmail, sentLog } = setup({ sentLog: dyingBeforeReceipt });
    const req = { ...sampleEmailRequest('reminder_1'), onUncertain: 'resend' as const };
    await expect(sendEmail(req)).rejects.toThrow('worker died');
    const resent = await sendEmail(req);
    expect(resent).toEqual({ messageId: messageIdFor(key), channel: 'email', duplicate: false, provider: 'sendgrid', providerMessageId: 'sg-2' });
    expect(fakeSendGrid().sendsFor(key)).toHaveLength(2);
    expect(await sentLog.read(key)).toMatchObject({ state: 'sent', intent: { attempt: 2 } });
    expect(await sendEmail(req)).toEqual({ ...resent, duplicate: true });
    expect(fakeSendGrid().sendsFor(key)).toHaveLength(2);
  });

  it('activity lookup finds the message: a normal receipt with its msg_id, nothing resent', async () => {
    const { sendEmail, sentLog } = setup({ sentLog: dyingBeforeReceipt, sendgrid: { activityLookup: true } });
    const req = sampleEmailRequest('reminder_1');
    await expect(sendEmail(req)).rejects.toThrow('worker died');
    const retry = await sendEmail(req);
    expect(retry).toEqual({ messageId: messageIdFor(key), channel: 'email', duplicate: true, provider: 'sendgrid', providerMessageId: 'sg-1.filter0001.1.0' });
    expect(fakeSendGrid().sendsFor(key)).toHaveLength(1);
    expect(fakeSendGrid().lookups).toHaveLength(1);
    const url = new URL(fakeSendGrid().lookups[0].url, 'http://x');
    expect(url.pathname).toBe('/v3/messages');
    expect(url.searchParams.get('query')).toBe(`unique_args['idempotencyKey']="${key}"`);
    expect(url.searchParams.get('limit')).toBe('1');
    expect(fakeSendGrid().lookups[0].headers.authorization).toBe('Bearer SG.test-key');
    expect(await sentLog.get(key)).toMatchObject({ providerMessageId: 'sg-1.filter0001.1.0' });
  });

  it('activity lookup finds nothing (the request never left): sent now, once', async () => {
    const { sendEmail } = setup({ transport: dyingBeforeRequest, sendgrid: { activityLookup: true, activitySettleMs: 0 } });
    const req = sampleEmailRequest('reminder_1');
    await expect(sendEmail(req)).rejects.toThrow('worker died before the request left');
    expect(fakeSendGrid().requests).toHaveLength(0);
    const retry = await sendEmail(req);
    expect(retry).toMatchObject({ duplicate: false, providerMessageId: 'sg-1' });
    expect(retry.uncertain).toBeUndefined();
    expect(fakeSendGrid().sendsFor(key)).toHaveLength(1);
    expect(fakeSendGrid().lookups).toHaveLength(1);
  });

  it('activity lookup finds nothing YET (the call is recent, activity data lags): retryable SendReconciling, nothing sent', async () => {
    const { sendEmail } = setup({ transport: dyingBeforeRequest, sendgrid: { activityLookup: true, activitySettleMs: 60_000 } });
    const req = sampleEmailRequest('reminder_1');
    await expect(sendEmail(req)).rejects.toThrow('worker died');
    const err = await sendEmail(req).catch((e) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: SEND_RECONCILING, nonRetryable: false });
    expect(err.nextRetryDelay).toBeGreaterThan(50_000);
    expect(fakeSendGrid().requests).toHaveLength(0);
  });

  it('activity lookup fails: not reconciled, reviewed (no resend); with resend policy, exactly one more request', async () => {
    const { sendEmail } = setup({ sentLog: dyingBeforeReceipt, sendgrid: { activityLookup: true } });
    const req = sampleEmailRequest('reminder_1');
    await expect(sendEmail(req)).rejects.toThrow('worker died');
    fakeSendGrid().lookupQueue.push(500);
    const retry = await sendEmail(req);
    expect(retry.uncertain?.reason).toBe(
      'a previous attempt called SendGrid and died before recording its answer; the SendGrid activity lookup failed (SendGrid answered 500: {"errors":[{"message":"fake activity error 500"}]}); not resent (policy: review)',
    );
    expect(fakeSendGrid().sendsFor(key)).toHaveLength(1);

    const other = setup({ sentLog: dyingBeforeReceipt, sendgrid: { activityLookup: true } });
    const req2 = { ...sampleEmailRequest('reminder_1', { idempotencyKey: 'k-2' }), onUncertain: 'resend' as const };
    await expect(other.sendEmail(req2)).rejects.toThrow('worker died');
    fakeSendGrid().lookupQueue.push(503);
    expect(await other.sendEmail(req2)).toMatchObject({ duplicate: false });
    expect(fakeSendGrid().sendsFor('k-2')).toHaveLength(2);
  });

  it('a corrupt sent-log entry: no JSON error and no request, the key is uncertain', async () => {
    const { sendEmail, outboxDir } = setup();
    mkdirSync(join(outboxDir, 'sent-log'), { recursive: true });
    writeFileSync(join(outboxDir, 'sent-log', `${sha256Hex(key)}.json`), '{\n  "idempotencyKey": "dunning-INV-2026-0412/remin');
    const r = await sendEmail(sampleEmailRequest('reminder_1'));
    expect(r.uncertain?.reason).toMatch(/^the sent-log entry of this key is unreadable \(not JSON: /);
    expect(fakeSendGrid().requests).toHaveLength(0);
  });

  it('two concurrent attempts of one key on a slow SendGrid (300 ms): one request, the other answers the receipt', async () => {
    fakeSendGrid().latencyMs = 300;
    // The lock's stale timeout is shorter than the provider's latency: the live holder keeps it fresh.
    const { sendEmail } = setup({ lock: { lockStaleMs: 150, lockWaitMs: 5_000 } });
    const req = sampleEmailRequest('reminder_1');
    const first = sendEmail(req);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the "retry" of a zombie first attempt
    const second = sendEmail(req);
    const [a, b] = await Promise.all([first, second]);
    expect(fakeSendGrid().sendsFor(key)).toHaveLength(1);
    expect(a).toMatchObject({ duplicate: false, providerMessageId: 'sg-1' });
    expect(b).toEqual({ ...a, duplicate: true });
  });

  it('a retry finding the lock of a dead attempt: waits, takes it over once stale, and reviews (no resend)', async () => {
    const { sendEmail, outboxDir } = setup({ lock: { lockStaleMs: 300, lockWaitMs: 5_000 } });
    const req = sampleEmailRequest('reminder_1');
    // What a worker killed during the request leaves: its intent and its lock.
    const dir = join(outboxDir, 'sent-log');
    mkdirSync(dir, { recursive: true });
    const startedAt = new Date().toISOString();
    const intent = { payloadHash: 'x'.repeat(64), startedAt, lastStartedAt: startedAt, attempt: 1, provider: 'sendgrid', channel: 'email' };
    writeFileSync(join(dir, `${sha256Hex(key)}.json`), JSON.stringify({ idempotencyKey: key, state: 'intent', intent }));
    writeFileSync(join(dir, `${sha256Hex(key)}.lock`), '{"token":"killed"}\n');
    const t0 = Date.now();
    const r = await sendEmail(req);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(r.uncertain).toMatchObject({ since: startedAt });
    expect(r.uncertain?.reason).toContain('the message changed since');
    expect(fakeSendGrid().requests).toHaveLength(0);
  });
});

