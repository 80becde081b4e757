import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createFileSentLog, messageIdFor, SEND_IN_PROGRESS, sendOnce, sha256Hex, type PreparedSend, type SendIntent } from '../../activities/sent-log';
import type { SendReceipt } from '../../activities/types';
import { tempDir } from './helpers';

describe('file sent-log', () => {
  it('stores one file per key, named by its SHA-256, and reads it back', async () => {
    const outboxDir = tempDir();
    const log = createFileSentLog(outboxDir);
    const key = 'dunning-INV-1/reminder_1';
    expect(await log.get(key)).toBeUndefined();
    const receipt: SendReceipt = { messageId: messageIdFor(key), channel: 'email', duplicate: false, provider: 'outbox', path: '/x.eml' };
    await log.record(key, receipt);
    expect(await log.get(key)).toEqual(receipt);
    expect(readdirSync(join(outboxDir, 'sent-log'))).toEqual([`${sha256Hex(key)}.json`]);
    expect(JSON.parse(readFileSync(join(outboxDir, 'sent-log', `${sha256Hex(key)}.json`), 'utf8'))).toMatchObject({ idempotencyKey: key, receipt });
    // A second log on the same folder (another worker, a restart) sees the same entry.
    expect(await createFileSentLog(outboxDir).get(key)).toEqual(receipt);
  });

  it('derives a deterministic message id from the key', () => {
    expect(messageIdFor('a')).toBe(messageIdFor('a'));
    expect(messageIdFor('a')).not.toBe(messageIdFor('b'));
    expect(messageIdFor('a')).toMatch(/^dun-[0-9a-f]{24}$/);
  });
});

const intent = (over: Partial<SendIntent> = {}): SendIntent => ({
  payloadHash: 'a'.repeat(64),
  startedAt: '2026-05-04T09:00:00.000Z',
  lastStartedAt: '2026-05-04T09:00:00.000Z',
  attempt: 1,
  provider: 'fake',
  channel: 'email',
  ...over,
});

describe('sent-log states', () => {
  it('an intent reads back as an intent, then the receipt replaces it (get only answers receipts)', async () => {
    const outboxDir = tempDir();
    const log = createFileSentLog(outboxDir);
    const key = 'dunning-INV-1/reminder_1';
    await log.recordIntent(key, intent());
    expect(await log.read(key)).toEqual({ state: 'intent', intent: intent() });
    expect(await log.get(key)).toBeUndefined();
    const receipt: SendReceipt = { messageId: messageIdFor(key), channel: 'email', duplicate: false, provider: 'fake' };
    await log.record(key, receipt, intent());
    expect(await log.read(key)).toEqual({ state: 'sent', receipt, intent: intent() });
    expect(await log.get(key)).toEqual(receipt);
    // Durable replacement leaves nothing beside the entry.
    expect(readdirSync(join(outboxDir, 'sent-log'))).toEqual([`${sha256Hex(key)}.json`]);
  });

  it('reads a receipt written before intents existed (no state field)', async () => {
    const outboxDir = tempDir();
    const key = 'legacy';
    const receipt: SendReceipt = { messageId: messageIdFor(key), channel: 'letter', duplicate: false, provider: 'filing', path: '/x.pdf' };
    mkdirSync(join(outboxDir, 'sent-log'));
    writeFileSync(join(outboxDir, 'sent-log', `${sha256Hex(key)}.json`), JSON.stringify({ idempotencyKey: key, recordedAt: '2026-01-01T00:00:00Z', receipt }));
    expect(await createFileSentLog(outboxDir).get(key)).toEqual(receipt);
  });

  for (const [name, content] of [
    ['truncated', '{\n  "idempotencyKey": "k",\n  "state": "sent",\n  "rece'],
    ['empty', ''],
    ['not an entry', '{"hello": 1}'],
  ] as const) {
    it(`a ${name} entry file reads as unreadable (intent, no receipt), never a JSON error`, async () => {
      const outboxDir = tempDir();
      mkdirSync(join(outboxDir, 'sent-log'));
      const file = join(outboxDir, 'sent-log', `${sha256Hex('k')}.json`);
      writeFileSync(file, content);
      const entry = await createFileSentLog(outboxDir).read('k');
      expect(entry).toMatchObject({ state: 'unreadable', since: statSync(file).mtime.toISOString() });
      expect(await createFileSentLog(outboxDir).get('k')).toBeUndefined();
    });
  }
});

describe('send lock', () => {
  it('is exclusive: a second attempt waits until the first releases', async () => {
    const log = createFileSentLog(tempDir(), { lockWaitMs: 5_000 });
    const first = await log.lock('k');
    let secondGot = false;
    const second = log.lock('k').then((l) => {
      secondGot = true;
      return l;
    });
    await sleep(100);
    expect(secondGot).toBe(false);
    expect(await first.stillHeld()).toBe(true);
    await first.release();
    const l2 = await second;
    expect(await l2.stillHeld()).toBe(true);
    expect(await first.stillHeld()).toBe(false);
    await l2.release();
  });

  it('fails with a retryable SendInProgress when the holder keeps it past lockWaitMs', async () => {
    const log = createFileSentLog(tempDir(), { lockWaitMs: 100 });
    const held = await log.lock('k');
    const err = await log.lock('k').catch((e) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: SEND_IN_PROGRESS, nonRetryable: false });
    await held.release();
  });

  it('takes over the lock file a dead holder left, once stale', async () => {
    const outboxDir = tempDir();
    const lockFile = join(outboxDir, 'sent-log', `${sha256Hex('k')}.lock`);
    mkdirSync(join(outboxDir, 'sent-log'));
    writeFileSync(lockFile, '{"token":"dead-worker"}\n');
    const log = createFileSentLog(outboxDir, { lockStaleMs: 1_000, lockWaitMs: 100 });
    // Fresh: the holder may be alive and sending.
    await expect(log.lock('k')).rejects.toMatchObject({ type: SEND_IN_PROGRESS });
    // Not refreshed for longer than lockStaleMs: its holder is dead.
    const old = new Date(Date.now() - 5_000);
    utimesSync(lockFile, old, old);
    const next = await log.lock('k');
    expect(await next.stillHeld()).toBe(true);
    await next.release();
    expect(readdirSync(join(outboxDir, 'sent-log'))).toEqual([]);
  });

  it('a frozen holder whose lock was taken over knows it (stillHeld false) and its release leaves the new lock', async () => {
    const outboxDir = tempDir();
    // The frozen holder refreshes every lockStaleMs / 3 = 20 s: not during this test.
    const zombie = await createFileSentLog(outboxDir, { lockStaleMs: 60_000 }).lock('k');
    const lockFile = join(outboxDir, 'sent-log', `${sha256Hex('k')}.lock`);
    const old = new Date(Date.now() - 5_000);
    utimesSync(lockFile, old, old);
    const next = await createFileSentLog(outboxDir, { lockStaleMs: 1_000, lockWaitMs: 100 }).lock('k');
    expect(await zombie.stillHeld()).toBe(false);
    await zombie.release();
    expect(await next.stillHeld()).toBe(true);
    await next.release();
    expect(readdirSync(join(outboxDir, 'sent-log'))).toEqual([]);
  });
});

/** A provider that only counts its calls. */
function fakeProvider() {
  const calls: string[] = [];
  return {
    calls,
    prepared(hash = 'h1', path?: string): PreparedSend {
      return {
        payloadHash: hash,
        ...(path ? { path } : {}),
        async send(i) {
          calls.push(`attempt ${i.attempt}`);
          return { messageId: 'm', channel: 'email', duplicate: false, provider: 'fake' };
        },
      };
    },
  };
}

describe('sendOnce', () => {
  const key = 'dunning-INV-7/reminder_1';

  it('an intent without receipt (the worker died during the call): nothing resent, uncertain receipt, same answer later', async () => {
    const outboxDir = tempDir();
    const sentLog = createFileSentLog(outboxDir);
    const p = fakeProvider();
    await sentLog.recordIntent(key, intent({ provider: 'fake', payloadHash: 'h1' }));
    const first = await sendOnce({ sentLog, idempotencyKey: key, channel: 'email', provider: 'fake', prepare: async () => p.prepared('h1') });
    expect(p.calls).toEqual([]);
    expect(first).toEqual({
      messageId: messageIdFor(key),
      channel: 'email',
      duplicate: false,
      provider: 'fake',
      uncertain: { since: '2026-05-04T09:00:00.000Z', reason: 'a previous attempt called fake and died before recording its answer; fake offers no lookup here; not resent (policy: review)' },
    });
    expect(await sentLog.read(key)).toMatchObject({ state: 'uncertain', uncertain: first.uncertain, intent: { attempt: 1 } });
    // Reviewed once: every later attempt answers the same, without rendering or calling anything.
    const later = await sendOnce({ sentLog, idempotencyKey: key, channel: 'email', provider: 'fake', prepare: () => Promise.reject(new Error('not called')) });
    expect(later).toEqual(first);
    expect(p.calls).toEqual([]);
  });

  it('records a payload change since the intent in the reason (the decision stays the same)', async () => {
    const sentLog = createFileSentLog(tempDir());
    await sentLog.recordIntent(key, intent({ payloadHash: '1'.repeat(64) }));
    const r = await sendOnce({ sentLog, idempotencyKey: key, channel: 'email', provider: 'fake', prepare: async () => fakeProvider().prepared('2'.repeat(64)) });
    expect(r.uncertain?.reason).toContain('the message changed since (payload sha256 111111111111 then, 222222222222 now)');
  });

  it('a retry that cannot compose the message any more still answers uncertain (the first attempt may have sent it)', async () => {
    const sentLog = createFileSentLog(tempDir());
    await sentLog.recordIntent(key, intent());
    const gone = new Error('attachment Facture.pdf not found');
    const r = await sendOnce({ sentLog, idempotencyKey: key, channel: 'email', provider: 'fake', prepare: () => Promise.reject(gone) });
    expect(r.uncertain?.reason).toBe(
      'a previous attempt called fake and died before recording its answer; this attempt could not compose the message (attachment Facture.pdf not found); fake offers no lookup here; not resent (policy: review)',
    );
    // Reconciled as not sent (or policy resend): the composing error is the answer.
    const other = createFileSentLog(tempDir());
    await other.recordIntent(key, intent());
    await expect(sendOnce({ sentLog: other, idempotencyKey: key, channel: 'email', provider: 'fake', prepare: () => Promise.reject(gone), reconcile: async () => ({ outcome: 'not_sent' }) })).rejects.toBe(gone);
    // Without any earlier attempt, it fails as before.
    await expect(sendOnce({ sentLog: createFileSentLog(tempDir()), idempotencyKey: key, channel: 'email', provider: 'fake', prepare: () => Promise.reject(gone) })).rejects.toBe(gone);
  });

  it("onUncertain: 'resend' calls the provider exactly once more, as attempt 2 of the same intent", async () => {
    const sentLog = createFileSentLog(tempDir());
    const p = fakeProvider();
    await sentLog.recordIntent(key, intent());
    const r = await sendOnce({ sentLog, idempotencyKey: key, channel: 'email', provider: 'fake', onUncertain: 'resend', prepare: async () => p.prepared() });
    expect(r.uncertain).toBeUndefined();
    expect(r.duplicate).toBe(false);
    expect(p.calls).toEqual(['attempt 2']);
    expect(await sentLog.read(key)).toMatchObject({ state: 'sent', intent: { attempt: 2, startedAt: '2026-05-04T09:00:00.000Z' } });
    // And then it is an ordinary duplicate.
    expect(await sendOnce({ sentLog, idempotencyKey: key, channel: 'email', provider: 'fake', onUncertain: 'resend', prepare: async () => p.prepared() })).toMatchObject({ duplicate: true });
    expect(p.calls).toHaveLength(1);
  });

  it('a refusal proven by the provider (failedBeforeSending) leaves a failed state: the retry sends normally', async () => {
    const sentLog = createFileSentLog(tempDir());
    const refused = new Error('429');
    const p = fakeProvider();
    let fail = true;
    const opts = {
      sentLog,
      idempotencyKey: key,
      channel: 'email' as const,
      provider: 'fake',
      failedBeforeSending: (err: unknown) => err === refused,
      prepare: async (): Promise<PreparedSend> => {
        const prepared = p.prepared();
        return { ...prepared, send: (i) => (fail ? ((fail = false), Promise.reject(refused)) : prepared.send(i)) };
      },
    };
    await expect(sendOnce(opts)).rejects.toBe(refused);
    expect(await sentLog.read(key)).toMatchObject({ state: 'failed', failure: '429', intent: { attempt: 1 } });
    const r = await sendOnce(opts);
    expect(r).toMatchObject({ duplicate: false });
    expect(r.uncertain).toBeUndefined();
    expect(p.calls).toEqual(['attempt 2']);
  });

  it('reconciliation decides before the policy: sent -> receipt (duplicate), not sent -> sent now, unknown -> review', async () => {
    for (const [found, expected] of [
      [{ outcome: 'sent', providerMessageId: 'p-1' }, { calls: 0, duplicate: true, uncertain: false }],
      [{ outcome: 'not_sent' }, { calls: 1, duplicate: false, uncertain: false }],
      [{ outcome: 'unknown', reason: 'the lookup failed (500)' }, { calls: 0, duplicate: false, uncertain: true }],
    ] as const) {
      const sentLog = createFileSentLog(tempDir());
      const p = fakeProvider();
      await sentLog.recordIntent(key, intent());
      const r = await sendOnce({ sentLog, idempotencyKey: key, channel: 'email', provider: 'fake', prepare: async () => p.prepared(), reconcile: async () => found });
      expect({ calls: p.calls.length, duplicate: r.duplicate, uncertain: Boolean(r.uncertain) }).toEqual(expected);
      if (found.outcome === 'sent') expect(await sentLog.get(key)).toMatchObject({ providerMessageId: 'p-1' });
      if (found.outcome === 'unknown') expect(r.uncertain?.reason).toContain('the lookup failed (500); not resent (policy: review)');
    }
  });

  it('a corrupt entry is uncertain (dated by the file), not a crash', async () => {
    const outboxDir = tempDir();
    mkdirSync(join(outboxDir, 'sent-log'));
    writeFileSync(join(outboxDir, 'sent-log', `${sha256Hex(key)}.json`), '{"idempotencyKey": "dunn');
    const p = fakeProvider();
    const r = await sendOnce({ sentLog: createFileSentLog(outboxDir), idempotencyKey: key, channel: 'email', provider: 'fake', prepare: async () => p.prepared() });
    expect(p.calls).toEqual([]);
    expect(r.uncertain?.reason).toMatch(/^the sent-log entry of this key is unreadable \(not JSON: .*\), so a previous attempt may have called fake; fake offers no lookup here; not resent \(policy: review\)$/);
  });
});
