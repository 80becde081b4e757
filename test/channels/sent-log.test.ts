import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSentLog, messageIdFor, sha256Hex } from '../../activities/sent-log';
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
