/**
 * Local SMS outbox, used when no Brevo key is configured: <outbox>/sms/<messageId>.txt (the text)
 * and .json (the summary, written last and exclusively: present = sent, as for emails).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, writeFileExclusive } from './files';
import type { OutgoingSms, SmsTransport } from './sms-message';

export function createSmsOutboxTransport(outboxDir: string): SmsTransport {
  const dir = join(outboxDir, 'sms');
  return {
    provider: 'outbox',
    async send(sms: OutgoingSms) {
      const base = join(dir, sms.messageId);
      const existing = await readFile(`${base}.json`, 'utf8').catch(() => undefined);
      if (existing !== undefined) {
        if ((JSON.parse(existing) as { idempotencyKey?: string }).idempotencyKey === sms.idempotencyKey) return { path: `${base}.txt` };
        throw new Error(`sms outbox: ${base}.json belongs to another message; not overwriting it`);
      }
      await writeFileAtomic(`${base}.txt`, `${sms.text}\n`);
      const summary = { ...sms, writtenAt: new Date().toISOString() };
      try {
        await writeFileExclusive(`${base}.json`, `${JSON.stringify(summary, null, 2)}\n`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      return { path: `${base}.txt` };
    },
  };
}
