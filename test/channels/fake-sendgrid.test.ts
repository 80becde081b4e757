/** The chaos test's fake SendGrid: its log (the count of sends per key) and its Email Activity answers. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmailSender } from '../../activities/email';
import { createFileSentLog } from '../../activities/sent-log';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { parseActivityQuery, readSendGridLog, startFakeSendGrid, type FakeSendGrid } from '../../scripts/chaos/fake-sendgrid';
import { sampleEmailRequest } from '../../templates/samples';
import { tempDir } from './helpers';

let fake: FakeSendGrid | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function sendThroughProduct(logFile: string, latencyMs = { min: 0, max: 0 }) {
  fake = await startFakeSendGrid({ logFile, latencyMs });
  const outboxDir = tempDir();
  const sendEmail = createEmailSender({
    outboxDir,
    sentLog: createFileSentLog(outboxDir),
    creditor: DEFAULT_CREDITOR,
    sendgrid: { apiKey: 'SG.fake', from: 'Ateliers Verbois <relances@verbois.example>', baseUrl: fake.baseUrl },
  });
  const req = sampleEmailRequest('reminder_1');
  const receipt = await sendEmail(req);
  return { req, receipt, baseUrl: fake.baseUrl };
}

describe('fake SendGrid', () => {
  it('logs each send with its idempotency key and answers 202 with an X-Message-Id', async () => {
    const log = join(tempDir(), 'sendgrid.jsonl');
    const { req, receipt } = await sendThroughProduct(log, { min: 20, max: 40 });
    const lines = readSendGridLog(log);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: 'send', status: 202, idempotencyKey: req.idempotencyKey, to: req.to.email });
    expect(receipt.providerMessageId).toBe(lines[0].xMessageId);
  });

  it('finds the mail by unique_args idempotencyKey and by msg_id in the Email Activity API', async () => {
    const log = join(tempDir(), 'sendgrid.jsonl');
    const { req, receipt, baseUrl } = await sendThroughProduct(log);
    const get = async (path: string) => {
      const r = await fetch(new URL(path, baseUrl));
      return { status: r.status, body: (await r.json()) as { messages?: Array<{ msg_id: string; to_email: string }>; unique_args?: Record<string, string> } };
    };
    const byKey = await get(`v3/messages?limit=10&query=${encodeURIComponent(`unique_args['idempotencyKey']="${req.idempotencyKey}"`)}`);
    expect(byKey.status).toBe(200);
    expect(byKey.body.messages).toHaveLength(1);
    expect(byKey.body.messages![0].to_email).toBe(req.to.email);
    expect(byKey.body.messages![0].msg_id.startsWith(receipt.providerMessageId!)).toBe(true);

    const other = await get(`v3/messages?query=${encodeURIComponent(`unique_args["idempotencyKey"]="nope"`)}`);
    expect(other.body.messages).toEqual([]);
    const like = await get(`v3/messages?query=${encodeURIComponent(`msg_id LIKE '${receipt.providerMessageId}%'`)}`);
    expect(like.body.messages).toHaveLength(1);
    const one = await get(`v3/messages/${encodeURIComponent(byKey.body.messages![0].msg_id)}`);
    expect(one.body.unique_args?.idempotencyKey).toBe(req.idempotencyKey);
    expect((await get('v3/messages?query=bogus')).status).toBe(400);
    // Lookups are logged, but not as sends.
    expect(readSendGridLog(log).filter((l) => l.kind === 'send')).toHaveLength(1);
  });

  it('parses the query forms it supports', () => {
    expect(parseActivityQuery(`to_email="a@b.c" AND unique_args['k']="v"`)).toEqual([
      { field: 'to_email', op: '=', value: 'a@b.c' },
      { field: 'unique_args.k', op: '=', value: 'v' },
    ]);
    expect(typeof parseActivityQuery('to_email=a')).toBe('string');
  });
});
