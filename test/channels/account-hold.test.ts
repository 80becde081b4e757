import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { activitiesFromEnv } from '../../activities';
import { ACCOUNT_HOLD_UNAVAILABLE, createAccountHoldNotifier, holdReference } from '../../activities/account-hold';
import { ACCOUNT_HOLD_REJECTED, type AccountHoldRequest } from '../../activities/types';
import { tempDir } from './helpers';

const SECRET = 'whsec-test-0123456789';

/**
 * The ERP's receiver as an integrator would write it: it recomputes the HMAC-SHA256 of the raw body
 * with the shared secret (constant-time compare), refuses a bad signature with 401, and answers a
 * repeated Idempotency-Key with 200 without applying it twice.
 */
const erp = { url: '', received: [] as Array<{ headers: IncomingHttpHeaders; raw: string }>, applied: [] as any[], queue: [] as number[] };
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    erp.received.push({ headers: req.headers, raw });
    const queued = erp.queue.shift();
    if (queued) return void res.writeHead(queued).end();
    const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-dunning-signature'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return void res.writeHead(401).end('bad signature');
    const key = String(req.headers['idempotency-key'] ?? '');
    if (!key) return void res.writeHead(400).end('no idempotency key');
    if (!erp.applied.some((a) => a.idempotencyKey === key)) erp.applied.push(JSON.parse(raw));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  erp.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dunning/holds`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  erp.received.length = 0;
  erp.applied.length = 0;
  erp.queue.length = 0;
});

const place: AccountHoldRequest = {
  idempotencyKey: 'debtor-ACME/hold-1-place',
  action: 'place',
  workflowId: 'debtor-ACME',
  debtorId: 'ACME',
  debtorName: 'Acme SARL',
  siren: '523456781',
  invoiceIds: ['INV-1', 'INV-2'],
  amountDueCents: 246_912,
  currency: 'EUR',
  reason: 'overdue invoices: INV-1, INV-2',
  decidedAt: '2027-02-17T08:00:00.000Z',
};

describe('account hold webhook (HMAC-SHA256 signature, Idempotency-Key)', () => {
  it('posts the hold signed with the secret; the receiver verifies it; a retry of the key posts nothing more', async () => {
    const outboxDir = tempDir();
    const notify = createAccountHoldNotifier({ outboxDir, webhook: { url: erp.url, secret: SECRET } });
    const receipt = await notify(place);
    expect(receipt).toEqual({ reference: holdReference(place.idempotencyKey), adapter: 'webhook', duplicate: false });
    expect(erp.received).toHaveLength(1);
    expect(erp.received[0].headers['idempotency-key']).toBe('debtor-ACME/hold-1-place');
    expect(erp.applied).toEqual([
      {
        type: 'account_hold.placed',
        reference: receipt.reference,
        idempotencyKey: 'debtor-ACME/hold-1-place',
        debtor: { id: 'ACME', name: 'Acme SARL', siren: '523456781' },
        terms: 'deliveries only against a down payment or prepayment',
        invoiceIds: ['INV-1', 'INV-2'],
        amountDueCents: 246_912,
        currency: 'EUR',
        reason: 'overdue invoices: INV-1, INV-2',
        decidedAt: '2027-02-17T08:00:00.000Z',
      },
    ]);
    expect(await notify(place)).toMatchObject({ duplicate: true, reference: receipt.reference });
    expect(erp.received).toHaveLength(1);
  });

  it('the release is its own key and event type', async () => {
    const notify = createAccountHoldNotifier({ outboxDir: tempDir(), webhook: { url: erp.url, secret: SECRET } });
    await notify(place);
    await notify({ ...place, action: 'release', idempotencyKey: 'debtor-ACME/hold-1-release', reason: 'paid' });
    expect(erp.applied.map((a) => `${a.type} ${a.idempotencyKey} ${a.terms}`)).toEqual([
      'account_hold.placed debtor-ACME/hold-1-place deliveries only against a down payment or prepayment',
      'account_hold.released debtor-ACME/hold-1-release usual terms',
    ]);
  });

  it('a wrong secret is refused by the receiver: non-retryable AccountHoldRejected', async () => {
    const notify = createAccountHoldNotifier({ outboxDir: tempDir(), webhook: { url: erp.url, secret: 'not-the-secret' } });
    await expect(notify(place)).rejects.toMatchObject({ type: ACCOUNT_HOLD_REJECTED, nonRetryable: true });
    expect(erp.applied).toEqual([]);
  });

  it('503: retryable; the retry carries the same key and the same signed body, applied once', async () => {
    const notify = createAccountHoldNotifier({ outboxDir: tempDir(), webhook: { url: erp.url, secret: SECRET } });
    erp.queue.push(503);
    await expect(notify(place)).rejects.toMatchObject({ type: ACCOUNT_HOLD_UNAVAILABLE, nonRetryable: false });
    await notify(place);
    expect(erp.received.map((r) => r.headers['idempotency-key'])).toEqual([place.idempotencyKey, place.idempotencyKey]);
    expect(erp.received[0].raw).toBe(erp.received[1].raw);
    expect(erp.applied).toHaveLength(1);
  });
});

describe('account hold outbox (no DUNNING_ACCOUNT_HOLD_WEBHOOK)', () => {
  it('writes <outbox>/account-holds/<reference>.json once per key; the env selects the webhook', async () => {
    const outboxDir = tempDir();
    const notify = activitiesFromEnv({ DUNNING_OUTBOX_DIR: outboxDir }).notifyAccountHold;
    const receipt = await notify(place);
    expect(receipt).toMatchObject({ adapter: 'outbox', duplicate: false });
    expect(JSON.parse(readFileSync(join(outboxDir, 'account-holds', `${receipt.reference}.json`), 'utf8'))).toMatchObject({ type: 'account_hold.placed', debtor: { id: 'ACME' } });
    expect(await notify(place)).toMatchObject({ duplicate: true });
    expect(readdirSync(join(outboxDir, 'account-holds')).filter((f) => f.endsWith('.json'))).toHaveLength(1);

    const viaEnv = activitiesFromEnv({ DUNNING_OUTBOX_DIR: tempDir(), DUNNING_ACCOUNT_HOLD_WEBHOOK: erp.url, DUNNING_ACCOUNT_HOLD_SECRET: SECRET }).notifyAccountHold;
    expect(await viaEnv(place)).toMatchObject({ adapter: 'webhook' });
    expect(erp.applied).toHaveLength(1);
  });
});
