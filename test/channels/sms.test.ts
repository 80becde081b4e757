import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { activitiesFromEnv } from '../../activities';
import { collectDocuments } from '../../activities/litigation/documents';
import { createSmsSender } from '../../activities/sms';
import { createBrevoSmsTransport, SMS_PROVIDER_UNAVAILABLE } from '../../activities/sms-brevo';
import type { SmsTransport } from '../../activities/sms-message';
import { createFileSentLog, messageIdFor, type SentLog } from '../../activities/sent-log';
import { SMS_REJECTED, type SmsRequest } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { InvoiceSchema } from '../../domain/invoice/schema';
import { useFakeBrevo } from '../helpers/fake-brevo';
import { sampleInvoice } from '../helpers/fixtures';
import { SAMPLE_FACTS } from '../helpers/samples';
import { tempDir } from './helpers';

const brevo = useFakeBrevo();

const invoice = InvoiceSchema.parse(sampleInvoice());
function request(overrides: Partial<SmsRequest> = {}): SmsRequest {
  return {
    idempotencyKey: 'dunning-INV-2027-001/sms_1',
    workflowId: 'dunning-INV-2027-001',
    stepId: 'sms_1',
    template: 'sms_reminder',
    tone: 'friendly',
    language: 'fr',
    invoice,
    facts: { ...SAMPLE_FACTS, today: '2027-02-08', amountDueCents: 123_456 },
    to: { name: 'Paul Durand', phone: '+33612345678' },
    maxSegments: 2,
    ...overrides,
  };
}

function setup(opts: { sentLog?: (l: SentLog) => SentLog; transport?: (t: SmsTransport) => SmsTransport } = {}) {
  const outboxDir = tempDir();
  const fileLog = createFileSentLog(outboxDir);
  const config = { apiKey: 'xkeysib-test', sender: 'Verbois', baseUrl: brevo.baseUrl };
  const sendSms = createSmsSender({
    outboxDir,
    sentLog: opts.sentLog ? opts.sentLog(fileLog) : fileLog,
    creditor: DEFAULT_CREDITOR,
    brevo: config,
    ...(opts.transport ? { transport: opts.transport(createBrevoSmsTransport(config)) } : {}),
  });
  return { outboxDir, sentLog: fileLog, sendSms };
}

describe('Brevo SMS adapter (official SDK @getbrevo/brevo against a local fake)', () => {
  it('posts one transactional SMS with the API key, sender, E.164 digits, text and debtor tag; once per key', async () => {
    const { sendSms, sentLog, outboxDir } = setup();
    const receipt = await sendSms(request());
    expect(brevo.requests).toHaveLength(1);
    const r = brevo.requests[0];
    expect(r.url).toBe('POST /v3/transactionalSMS/sms');
    expect(r.headers['api-key']).toBe('xkeysib-test');
    expect(r.body).toEqual({
      sender: 'Verbois',
      recipient: '33612345678',
      content: "Ateliers Verbois : sauf erreur, la facture INV-2027-001 échue le 3 février 2027 reste impayée (1 234,56 €). Merci de régler ou d'appeler le 01 99 00 12 40.",
      type: 'transactional',
      tag: 'debtor:ACME',
      unicodeEnabled: false,
    });
    const messageId = messageIdFor('dunning-INV-2027-001/sms_1');
    // The text is kept locally even when Brevo sent it: the litigation file holds a copy.
    const copy = join(outboxDir, 'sms', `${messageId}.txt`);
    expect(receipt).toEqual({ messageId, channel: 'sms', duplicate: false, provider: 'brevo', providerMessageId: '1511882900176221', path: copy });
    expect(readFileSync(copy, 'utf8')).toBe(`${r.body.content}\n`);
    const filed = await collectDocuments(outboxDir, [{ at: Date.parse('2027-02-08T08:00:00Z'), stepId: 'sms_1', channel: 'sms', template: 'sms_reminder', result: 'sent', unsuccessful: false, amountDueCents: 123_456, messageId, path: copy }], 'Europe/Paris');
    expect(filed.documents).toMatchObject([{ channel: 'sms', date: '2027-02-08', files: ['sms/2027-02-08_sms_reminder.txt'], piece: 1 }]);
    expect(Buffer.from(filed.entries.get('sms/2027-02-08_sms_reminder.txt')!).toString('utf8')).toBe(`${r.body.content}\n`);
    expect(await sentLog.read('dunning-INV-2027-001/sms_1')).toMatchObject({ state: 'sent', intent: { channel: 'sms', provider: 'brevo', attempt: 1 } });
    expect(await sendSms(request())).toMatchObject({ duplicate: true, channel: 'sms' });
    expect(brevo.requests).toHaveLength(1);
  });

  it('400: non-retryable SmsRejected, recorded as failed (nothing was sent), so a corrected retry sends', async () => {
    const { sendSms, sentLog } = setup();
    brevo.queue.push(400);
    const err = await sendSms(request()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: SMS_REJECTED, nonRetryable: true });
    expect(await sentLog.read('dunning-INV-2027-001/sms_1')).toMatchObject({ state: 'failed' });
    await sendSms(request());
    expect(brevo.requests).toHaveLength(2);
  });

  it('503 and 429: retryable, the retry sends under the same key', async () => {
    const { sendSms } = setup();
    brevo.queue.push(503, 429);
    for (let i = 0; i < 2; i++) expect(await sendSms(request()).catch((e: unknown) => e)).toMatchObject({ type: SMS_PROVIDER_UNAVAILABLE, nonRetryable: false });
    expect(await sendSms(request())).toMatchObject({ duplicate: false, provider: 'brevo' });
    expect(brevo.requests.map((r) => r.body.recipient)).toEqual(['33612345678', '33612345678', '33612345678']);
  });

  it('the worker dies after Brevo took the SMS, before the receipt: the retry does not send again, it is marked for review', async () => {
    let armed = true;
    const { sendSms } = setup({
      sentLog: (log) => ({
        ...log,
        async record(key, receipt, intent) {
          if (armed) {
            armed = false;
            throw new Error('worker killed before recording the receipt');
          }
          return log.record(key, receipt, intent);
        },
      }),
    });
    await expect(sendSms(request())).rejects.toThrow(/worker killed/);
    const retry = await sendSms(request());
    expect(brevo.requests).toHaveLength(1);
    expect(retry.uncertain?.reason).toMatch(/called brevo and died before recording its answer.*not resent/);
  });

  it('a text longer than the policy allows is refused before any request', async () => {
    const { sendSms } = setup();
    const err = await sendSms(request({ maxSegments: 1, template: 'sms_firm' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ type: SMS_REJECTED, nonRetryable: true, message: expect.stringMatching(/takes 2 segments \(GSM-7, \d+ units\); the policy allows 1/) });
    expect(brevo.requests).toHaveLength(0);
  });
});

describe('SMS outbox (no BREVO_API_KEY)', () => {
  it('writes <outbox>/sms/<messageId>.txt and .json once per key', async () => {
    const outboxDir = tempDir();
    const sendSms = activitiesFromEnv({ DUNNING_OUTBOX_DIR: outboxDir }).sendSms;
    const receipt = await sendSms(request());
    const base = join(outboxDir, 'sms', messageIdFor(request().idempotencyKey));
    expect(receipt).toMatchObject({ provider: 'outbox', channel: 'sms', path: `${base}.txt` });
    expect(readFileSync(`${base}.txt`, 'utf8')).toMatch(/^Ateliers Verbois : sauf erreur, la facture INV-2027-001/);
    expect(JSON.parse(readFileSync(`${base}.json`, 'utf8'))).toMatchObject({ recipient: '+33612345678', sender: 'AteliersVer', encoding: 'GSM-7', segments: 1, tag: 'debtor:ACME' });
    expect(await sendSms(request())).toMatchObject({ duplicate: true });
    expect(existsSync(join(outboxDir, 'emails'))).toBe(false);
  });

  it('BREVO_API_KEY and BREVO_BASE_URL select Brevo', async () => {
    const outboxDir = tempDir();
    const sendSms = activitiesFromEnv({ DUNNING_OUTBOX_DIR: outboxDir, BREVO_API_KEY: 'k', BREVO_SMS_SENDER: 'Verbois', BREVO_BASE_URL: brevo.baseUrl }).sendSms;
    expect(await sendSms(request())).toMatchObject({ provider: 'brevo' });
    expect(brevo.requests[0].body.sender).toBe('Verbois');
  });
});
