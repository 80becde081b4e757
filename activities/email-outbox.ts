/**
 * Local outbox transport, used when no SendGrid key is configured (development, demos, tests):
 * <outbox>/emails/<messageId>.eml (readable RFC 822 text part), .html and .json (the summary).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, writeFileExclusive } from './files';
import type { EmailTransport, Mailbox, OutgoingEmail } from './email-message';

/** RFC 2047 encoded-words for non-ASCII header text, each under 76 characters, folded. */
function encodeHeader(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}
function address(m: Mailbox): string {
  if (!m.name) return m.email;
  const ascii = /^[\x20-\x7e]*$/.test(m.name);
  const name = !ascii ? encodeHeader(m.name) : /[",;:<>@()[\]]/.test(m.name) ? `"${m.name.replace(/(["\\])/g, '\\$1')}"` : m.name;
  return `${name} <${m.email}>`;
}

export function toEml(email: OutgoingEmail, date: Date): string {
  const domain = email.from.email.split('@')[1] ?? 'localhost';
  const headers = [
    `From: ${address(email.from)}`,
    `To: ${address(email.to)}`,
    `Reply-To: ${address(email.replyTo)}`,
    `Subject: ${encodeHeader(email.subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${email.messageId}@${domain}>`,
    ...Object.entries(email.headers).map(([k, v]) => `${k}: ${v}`),
    ...(email.attachments.length ? [`X-Dunning-Attachments: ${email.attachments.map((a) => a.filename).join(', ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  const listed = email.attachments.length ? `\n\n-- \nAttachments:\n${email.attachments.map((a) => `- ${a.filename} (${a.type}, ${a.content.length} bytes)`).join('\n')}` : '';
  return `${headers.join('\r\n')}\r\n\r\n${(email.text + listed).replace(/\r?\n/g, '\r\n')}\r\n`;
}

type Summary = { state: 'absent' } | { state: 'complete'; idempotencyKey: string } | { state: 'unreadable'; detail: string };

async function readSummary(path: string): Promise<Summary> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
    throw err;
  }
  try {
    const parsed = JSON.parse(raw) as { idempotencyKey?: unknown };
    if (typeof parsed.idempotencyKey !== 'string') return { state: 'unreadable', detail: 'no idempotencyKey' };
    return { state: 'complete', idempotencyKey: parsed.idempotencyKey };
  } catch (err) {
    return { state: 'unreadable', detail: (err as Error).message };
  }
}

/**
 * Creates the file, never replacing a different one that a completed message owns. The caller
 * holds the key's send lock and found no summary, so an existing file with other bytes is a part
 * left by an attempt that died before its summary (the message never got complete): replaced.
 */
async function writeOnce(path: string, data: string): Promise<void> {
  try {
    await writeFileExclusive(path, data);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if ((await readFile(path, 'utf8')) !== data) await writeFileAtomic(path, data);
  }
}

/**
 * The .html and .eml are written first, the .json summary last and exclusively: a complete summary
 * is the proof that the message was written, and a message with a summary is never rewritten.
 * That makes the local reconciliation exact: summary present = sent, absent = not sent.
 */
export function createOutboxTransport(outboxDir: string): EmailTransport {
  const dir = join(outboxDir, 'emails');
  return {
    provider: 'outbox',
    async send(email: OutgoingEmail) {
      const base = join(dir, email.messageId);
      const existing = await readSummary(`${base}.json`);
      if (existing.state !== 'absent') {
        if (existing.state === 'complete' && existing.idempotencyKey === email.idempotencyKey) return { path: `${base}.eml` };
        throw new Error(`outbox: ${base}.json exists and is not this message's complete summary; not overwriting it`);
      }
      const date = email.date ?? new Date();
      const summary = {
        messageId: email.messageId,
        idempotencyKey: email.idempotencyKey,
        writtenAt: new Date().toISOString(),
        from: email.from,
        to: email.to,
        replyTo: email.replyTo,
        subject: email.subject,
        attachments: email.attachments.map((a) => ({ filename: a.filename, type: a.type, bytes: a.content.length, sourcePath: a.sourcePath })),
        customArgs: email.customArgs,
        categories: email.categories,
        headers: email.headers,
      };
      await writeOnce(`${base}.html`, email.html);
      await writeOnce(`${base}.eml`, toEml(email, date));
      try {
        await writeFileExclusive(`${base}.json`, `${JSON.stringify(summary, null, 2)}\n`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        // Completed concurrently by another attempt of the same key: that one stands.
      }
      return { path: `${base}.eml` };
    },
    async lookup(email) {
      const base = join(dir, email.messageId);
      const summary = await readSummary(`${base}.json`);
      if (summary.state === 'absent') return { outcome: 'not_sent' };
      if (summary.state === 'complete' && summary.idempotencyKey === email.idempotencyKey) return { outcome: 'sent', path: `${base}.eml` };
      return { outcome: 'unknown', reason: `the outbox summary ${base}.json is unreadable (${summary.state === 'unreadable' ? summary.detail : 'another key'})` };
    },
  };
}
