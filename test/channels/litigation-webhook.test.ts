import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { activitiesFromEnv } from '../../activities';
import { createLitigationHandoff, createWebhookLitigationAdapter } from '../../activities/litigation';
import { LITIGATION_PARTNER_UNAVAILABLE } from '../../activities/litigation/webhook';
import { LITIGATION_REJECTED } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { tempDir } from './helpers';
import { litigationFixture } from './litigation-fixture';

/** A stand-in for the partner's endpoint: records each request, answers the next queued status (201 when empty). */
const partner = { url: '', requests: [] as Array<{ headers: IncomingHttpHeaders; body: any }>, queue: [] as number[] };
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    partner.requests.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
    const status = partner.queue.shift() ?? 201;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status < 300 ? { reference: 'CAB-2027-0042' } : { error: `fake ${status}` }));
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  partner.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/files`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  partner.requests.length = 0;
  partner.queue.length = 0;
});

function setup() {
  const outboxDir = tempDir();
  const { req } = litigationFixture(outboxDir);
  const handOff = createLitigationHandoff({ outboxDir, creditor: DEFAULT_CREDITOR, adapter: createWebhookLitigationAdapter({ url: partner.url, token: 'secret' }) });
  return { outboxDir, req, handOff, record: join(outboxDir, 'litigation', 'INV-2027-777.handoff.json') };
}

describe('litigation webhook adapter', () => {
  it('posts file.json and the zip (base64) with the idempotency key, once per key', async () => {
    const { outboxDir, req, handOff, record } = setup();
    const receipt = await handOff(req);
    expect(partner.requests).toHaveLength(1);
    const { headers, body } = partner.requests[0];
    expect(headers['idempotency-key']).toBe(req.idempotencyKey);
    expect(headers.authorization).toBe('Bearer secret');
    expect(headers['content-type']).toBe('application/json');
    expect(body).toMatchObject({ reference: receipt.reference, idempotencyKey: req.idempotencyKey, file: { reference: receipt.reference, claim: { totalCents: 663_999 } } });
    const zip = readFileSync(join(outboxDir, 'litigation', 'INV-2027-777.zip'));
    expect(Buffer.from(body.zip.base64, 'base64').equals(zip)).toBe(true);
    expect(body.zip).toMatchObject({ filename: 'INV-2027-777.zip', bytes: zip.length, sha256: createHash('sha256').update(zip).digest('hex') });
    expect(JSON.parse(readFileSync(record, 'utf8'))).toMatchObject({ adapter: 'webhook', partnerReference: 'CAB-2027-0042' });

    expect(await handOff(req)).toEqual(receipt);
    expect(partner.requests).toHaveLength(1);
  });

  for (const status of [500, 503, 429]) {
    it(`${status}: retryable failure, nothing recorded; the retry delivers under the same key`, async () => {
      const { req, handOff, record } = setup();
      partner.queue.push(status);
      const err = await handOff(req).catch((e) => e);
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect(err).toMatchObject({ type: LITIGATION_PARTNER_UNAVAILABLE, nonRetryable: false });
      expect(existsSync(record)).toBe(false);
      const receipt = await handOff(req);
      expect(partner.requests.map((r) => r.headers['idempotency-key'])).toEqual([req.idempotencyKey, req.idempotencyKey]);
      expect(partner.requests[1].body.reference).toBe(receipt.reference);
      expect(existsSync(record)).toBe(true);
    });
  }

  for (const status of [400, 422]) {
    it(`${status}: non-retryable LitigationRejected`, async () => {
      const { req, handOff, record } = setup();
      partner.queue.push(status);
      const err = await handOff(req).catch((e) => e);
      expect(err).toMatchObject({ type: LITIGATION_REJECTED, nonRetryable: true });
      expect(err.message).toContain(`litigation webhook answered ${status}`);
      expect(existsSync(record)).toBe(false);
    });
  }

  it('an unreachable endpoint is retryable', async () => {
    const outboxDir = tempDir();
    const { req } = litigationFixture(outboxDir);
    const handOff = createLitigationHandoff({ outboxDir, creditor: DEFAULT_CREDITOR, adapter: createWebhookLitigationAdapter({ url: 'http://127.0.0.1:1/files' }) });
    expect(await handOff(req).catch((e) => e)).toMatchObject({ type: LITIGATION_PARTNER_UNAVAILABLE, nonRetryable: false });
  });

  it('is chosen by activitiesFromEnv when DUNNING_LITIGATION_WEBHOOK is set', async () => {
    const outboxDir = tempDir();
    const { req } = litigationFixture(outboxDir);
    const acts = activitiesFromEnv({ DUNNING_OUTBOX_DIR: outboxDir, DUNNING_LITIGATION_WEBHOOK: partner.url });
    await acts.handOffToLitigation(req);
    expect(partner.requests).toHaveLength(1);
    expect(partner.requests[0].headers.authorization).toBeUndefined();
  });
});
