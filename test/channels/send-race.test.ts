import { describe, expect, it } from 'vitest';
import { createEmailSender } from '../../activities/email';
import { createFileSentLog, type SentLog } from '../../activities/sent-log';
import type { SendReceipt } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { sampleEmailRequest } from '../../templates/samples';
import { tempDir, useFakeSendGrid } from './helpers';

/**
 * The measured defect of issue #11, replayed: SendGrid answering in 100-1000 ms, every key's first
 * attempt still in flight when its retry starts (a zombie attempt and Temporal's retry), and one
 * worker in three dying after SendGrid's answer, before the receipt. Before the sent-log intents
 * and the per-key lock this harness made 139 requests for 72 keys (62 keys sent 2-3 times).
 */
const fakeSendGrid = useFakeSendGrid();

/** Deterministic pseudo-random numbers (a run is reproducible). */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function race(opts: { activityLookup: boolean }): Promise<{ keys: string[]; finals: Map<string, SendReceipt> }> {
  const rand = seeded(42);
  fakeSendGrid().latencyMs = () => 100 + Math.floor(rand() * 900);
  const outboxDir = tempDir();
  const fileLog = createFileSentLog(outboxDir, { lockWaitMs: 2_000 });
  const dies = new Set<string>();
  const sentLog: SentLog = {
    ...fileLog,
    async record(key, receipt, intent) {
      if (dies.delete(key)) throw new Error('worker died before recording the receipt');
      return fileLog.record(key, receipt, intent);
    },
  };
  const sendEmail = createEmailSender({
    outboxDir,
    sentLog,
    creditor: DEFAULT_CREDITOR,
    sendgrid: { apiKey: 'SG.k', from: 'Ateliers Verbois <relances@verbois.example>', baseUrl: fakeSendGrid().baseUrl, activityLookup: opts.activityLookup, activitySettleMs: 0 },
  });
  const keys = Array.from({ length: 72 }, (_, i) => `dunning-INV-2027-${String(i).padStart(3, '0')}/reminder_1`);
  keys.forEach((k, i) => i % 3 === 0 && dies.add(k));
  const finals = new Map<string, SendReceipt>();
  await Promise.all(
    keys.map(async (key, i) => {
      const req = sampleEmailRequest('reminder_1', { idempotencyKey: key });
      await sleep(i * 5);
      const zombie = sendEmail(req).catch((e: Error) => e);
      await sleep(50 + Math.floor(rand() * 550));
      // Temporal's retry of the same key, while the first attempt may still be in flight.
      for (let attempt = 2; attempt <= 6; attempt++) {
        const r = await sendEmail(req).catch((e: Error) => e);
        if (!(r instanceof Error)) {
          finals.set(key, r);
          break;
        }
        await sleep(200);
      }
      await zombie;
    }),
  );
  return { keys, finals };
}

describe('concurrent attempts on a slow SendGrid (issue #11 measurement)', () => {
  it('72 keys, 100-1000 ms latency, a racing retry per key, 1 worker in 3 dying before the receipt: 72 requests, and with the activity lookup every key ends sent', async () => {
    const { keys, finals } = await race({ activityLookup: true });
    expect(fakeSendGrid().requests).toHaveLength(72);
    expect([...fakeSendGrid().countsByKey().values()].every((n) => n === 1)).toBe(true);
    expect(finals.size).toBe(72);
    expect(keys.filter((k) => finals.get(k)?.uncertain)).toEqual([]);
  });

  it('the same without the lookup: still 72 requests; the keys whose worker died are left for review, none resent', async () => {
    const { keys, finals } = await race({ activityLookup: false });
    expect(fakeSendGrid().requests).toHaveLength(72);
    expect([...fakeSendGrid().countsByKey().values()].every((n) => n === 1)).toBe(true);
    const uncertain = keys.filter((k) => finals.get(k)?.uncertain);
    // Exactly the keys whose first worker died after SendGrid's answer (one in three).
    expect(uncertain).toEqual(keys.filter((_, i) => i % 3 === 0));
  });
});
