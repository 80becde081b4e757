/**
 * The handoff record: written once the adapter has delivered the file. A retried or replayed
 * handoff with the same idempotency key finds it and returns the same receipt, without rebuilding
 * the file or delivering it again.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../files';
import type { LitigationReceipt } from '../types';

export interface HandoffRecord {
  idempotencyKey: string;
  receipt: LitigationReceipt;
  zipPath: string;
  adapter: string;
  partnerReference?: string;
  deliveredAt: string;
}

export async function readHandoffRecord(path: string, idempotencyKey: string): Promise<HandoffRecord | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const record = JSON.parse(raw) as HandoffRecord;
  // Another key (an earlier run for the same invoice id): this handoff is a new one.
  return record.idempotencyKey === idempotencyKey ? record : undefined;
}

export async function writeHandoffRecord(path: string, record: HandoffRecord): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
}
