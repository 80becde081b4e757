/**
 * Idempotency of sends (domain.md §9: "never send a reminder twice"). A retried or replayed
 * activity with the same idempotency key finds its receipt here and sends nothing.
 * One JSON file per key under <outbox>/sent-log/, named by the key's SHA-256.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { SendReceipt } from './types';
import { writeFileAtomic } from './files';

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** Deterministic message id: the same key always yields the same id, across retries and workers. */
export function messageIdFor(idempotencyKey: string): string {
  return `dun-${sha256Hex(idempotencyKey).slice(0, 24)}`;
}

export interface SentLog {
  get(idempotencyKey: string): Promise<SendReceipt | undefined>;
  record(idempotencyKey: string, receipt: SendReceipt): Promise<void>;
}

const ReceiptSchema = z.object({
  messageId: z.string(),
  channel: z.enum(['email', 'letter']),
  duplicate: z.boolean(),
  path: z.string().optional(),
  trackingNumber: z.string().optional(),
  provider: z.string(),
  providerMessageId: z.string().optional(),
});
const EntrySchema = z.object({ idempotencyKey: z.string(), recordedAt: z.string(), receipt: ReceiptSchema });

export function createFileSentLog(outboxDir: string): SentLog {
  const dir = join(outboxDir, 'sent-log');
  const fileFor = (key: string) => join(dir, `${sha256Hex(key)}.json`);
  return {
    async get(key) {
      let raw: string;
      try {
        raw = await readFile(fileFor(key), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
      const entry = EntrySchema.parse(JSON.parse(raw));
      if (entry.idempotencyKey !== key) throw new Error(`sent-log: ${fileFor(key)} holds another key (${entry.idempotencyKey})`);
      return entry.receipt;
    },
    async record(key, receipt) {
      const entry = { idempotencyKey: key, recordedAt: new Date().toISOString(), receipt: { ...receipt, duplicate: false } };
      await writeFileAtomic(fileFor(key), `${JSON.stringify(entry, null, 2)}\n`);
    },
  };
}
