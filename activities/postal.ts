/**
 * Posting a letter. The PostalAdapter is where a hybrid-mail provider (letter printed, enveloped
 * and posted by a service) plugs in; the default adapter only files the letter for a person to post.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PostalRecipient } from './pdf/address';
import { sha256Hex } from './sent-log';

export interface PostalSendRequest {
  pdfPath: string;
  /** Registered with acknowledgement of receipt. */
  registered: boolean;
  to: PostalRecipient;
  /** Providers must treat a repeated key as the same letter. */
  idempotencyKey: string;
}
export interface PostalReceipt {
  trackingNumber?: string;
  provider: string;
}
export interface PostalAdapter {
  send(req: PostalSendRequest): Promise<PostalReceipt>;
}

/** A stable pseudo tracking number shaped like a French registered-mail number (1A + 11 digits). */
export function pseudoTrackingNumber(idempotencyKey: string): string {
  const n = BigInt(`0x${sha256Hex(`tracking:${idempotencyKey}`).slice(0, 16)}`) % 100_000_000_000n;
  return `1A${n.toString().padStart(11, '0')}`;
}

/** Files each letter as one JSON line of <outbox>/letters/postal-log.jsonl, once per key. */
export function createFilingPostalAdapter(outboxDir: string): PostalAdapter {
  const logPath = join(outboxDir, 'letters', 'postal-log.jsonl');
  return {
    async send(req) {
      const trackingNumber = req.registered ? pseudoTrackingNumber(req.idempotencyKey) : undefined;
      const receipt: PostalReceipt = { provider: 'filing', ...(trackingNumber ? { trackingNumber } : {}) };
      const existing = await readFile(logPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return '';
        throw err;
      });
      // A retry after a crash between filing and the sent-log must not file the letter twice.
      const filed = existing.split('\n').some((line) => line && (JSON.parse(line) as { idempotencyKey?: string }).idempotencyKey === req.idempotencyKey);
      if (filed) return receipt;
      const line = { filedAt: new Date().toISOString(), idempotencyKey: req.idempotencyKey, pdfPath: req.pdfPath, registered: req.registered, trackingNumber, to: req.to };
      await mkdir(join(outboxDir, 'letters'), { recursive: true });
      await appendFile(logPath, `${JSON.stringify(line)}\n`);
      return receipt;
    },
  };
}
