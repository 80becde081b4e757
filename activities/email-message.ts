/** The email as composed once, then handed to a transport (SendGrid or the local outbox). */
import type { PreviousAttempt, Reconciliation } from './sent-log';

export interface Mailbox {
  email: string;
  name?: string;
}

export interface OutgoingAttachment {
  filename: string;
  /** MIME type, e.g. application/pdf. */
  type: string;
  content: Buffer;
  /** Where the file was read from (recorded in the outbox summary). */
  sourcePath: string;
}

export interface OutgoingEmail {
  messageId: string;
  idempotencyKey: string;
  from: Mailbox;
  to: Mailbox;
  replyTo: Mailbox;
  subject: string;
  text: string;
  html: string;
  attachments: OutgoingAttachment[];
  customArgs: Record<string, string>;
  categories: string[];
  headers: Record<string, string>;
  /** The message's date: the first attempt's, so every attempt of a key composes the same bytes. */
  date?: Date;
}

export interface EmailTransport {
  /** Recorded in the receipt's `provider`. */
  readonly provider: string;
  send(email: OutgoingEmail): Promise<{ path?: string; providerMessageId?: string }>;
  /**
   * Reconciliation of an uncertain key: does the provider hold the message a previous attempt of
   * this key may have sent? Absent: the transport cannot tell.
   */
  lookup?(email: { idempotencyKey: string; messageId: string }, previous: PreviousAttempt): Promise<Reconciliation>;
  /** True when the error of send() proves nothing was sent (refused, or never connected). */
  failedBeforeSending?(err: unknown): boolean;
}

/** "Ateliers Verbois <relances@verbois.example>" or a bare address. */
export function parseMailbox(value: string, defaultName?: string): Mailbox {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  if (m) return { email: m[2].trim(), ...(m[1] ? { name: m[1].replace(/^"|"$/g, '') } : {}) };
  return { email: value.trim(), ...(defaultName ? { name: defaultName } : {}) };
}

const TYPES: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', txt: 'text/plain' };
export function mimeTypeOf(filename: string): string {
  return TYPES[filename.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}
