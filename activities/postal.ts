/**
 * Posting a letter. The PostalAdapter is where a hybrid-mail provider (letter printed, enveloped
 * and posted by a service) plugs in; the default adapter only files the letter for a person to post.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendLineDurable } from './files';
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
  /** Recorded in receipts before the adapter answered (intent, uncertain receipts). */
  readonly provider?: string;
  send(req: PostalSendRequest): Promise<PostalReceipt>;
  /**
   * Reconciliation of an uncertain key: the letter the provider holds for this key, or undefined
   * when it has none. Throws when it cannot tell. Providers that cannot answer leave it out.
   */
  lookup?(idempotencyKey: string): Promise<PostalReceipt | undefined>;
  /** True when the error of send() proves the letter was not taken. */
  failedBeforeSending?(err: unknown): boolean;
  /**
   * The provider's webhook body (a registered letter presented, delivered or returned) in the
   * product's terms, for `handlePostalWebhook` (client/letter-events.ts); undefined for a body that
   * is not about a letter's journey. A provider whose webhook already posts that shape leaves it out.
   */
  toLetterEvent?(webhookBody: unknown): PostalLetterEvent | undefined;
}

/** What a registered letter's journey looks like to the product: the key the letter was posted with, the event and its date. */
export interface PostalLetterEvent {
  reference: string;
  event: 'presented' | 'delivered' | 'returned';
  date: string;
  reason?: 'unclaimed' | 'refused' | 'address_unknown';
  presentedOn?: string;
  trackingNumber?: string;
  provider?: string;
}

/** A stable pseudo tracking number shaped like a French registered-mail number (1A + 11 digits). */
export function pseudoTrackingNumber(idempotencyKey: string): string {
  const n = BigInt(`0x${sha256Hex(`tracking:${idempotencyKey}`).slice(0, 16)}`) % 100_000_000_000n;
  return `1A${n.toString().padStart(11, '0')}`;
}

export interface PostalLogLine {
  filedAt: string;
  idempotencyKey: string;
  pdfPath: string;
  registered: boolean;
  trackingNumber?: string;
  to: PostalRecipient;
}

/**
 * Reads the postal log. A line that does not parse is skipped: the last line torn by a crash
 * during its append (that letter was not filed: its retry files it again), or damage elsewhere
 * (counted in `skipped`, never a JSON error that would block every later letter).
 */
export async function readPostalLog(logPath: string): Promise<{ lines: PostalLogLine[]; skipped: number }> {
  const raw = await readFile(logPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const lines: PostalLogLine[] = [];
  let skipped = 0;
  for (const text of raw.split('\n')) {
    if (!text.trim()) continue;
    try {
      const line = JSON.parse(text) as Partial<PostalLogLine>;
      if (typeof line.idempotencyKey === 'string') lines.push(line as PostalLogLine);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { lines, skipped };
}

/** Files each letter as one JSON line of <outbox>/letters/postal-log.jsonl, once per key. */
export function createFilingPostalAdapter(outboxDir: string): PostalAdapter {
  const logPath = join(outboxDir, 'letters', 'postal-log.jsonl');
  const receiptFor = (line: Pick<PostalLogLine, 'trackingNumber'>): PostalReceipt => ({ provider: 'filing', ...(line.trackingNumber ? { trackingNumber: line.trackingNumber } : {}) });
  const filed = async (key: string) => (await readPostalLog(logPath)).lines.find((l) => l.idempotencyKey === key);
  return {
    provider: 'filing',
    async send(req) {
      const trackingNumber = req.registered ? pseudoTrackingNumber(req.idempotencyKey) : undefined;
      // A retry after a crash between filing and the sent-log must not file the letter twice.
      const already = await filed(req.idempotencyKey);
      if (already) return receiptFor(already);
      const line: PostalLogLine = { filedAt: new Date().toISOString(), idempotencyKey: req.idempotencyKey, pdfPath: req.pdfPath, registered: req.registered, trackingNumber, to: req.to };
      await appendLineDurable(logPath, JSON.stringify(line));
      return receiptFor(line);
    },
    // The filing is its own reconciliation: a filed line for the key is the letter.
    async lookup(idempotencyKey) {
      const line = await filed(idempotencyKey);
      return line ? receiptFor(line) : undefined;
    },
  };
}
