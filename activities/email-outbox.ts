/**
 * Local outbox transport, used when no SendGrid key is configured (development, demos, tests):
 * <outbox>/emails/<messageId>.eml (readable RFC 822 text part), .html and .json (the summary).
 */
import { join } from 'node:path';
import { writeFileAtomic } from './files';
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

export function createOutboxTransport(outboxDir: string): EmailTransport {
  const dir = join(outboxDir, 'emails');
  return {
    provider: 'outbox',
    async send(email: OutgoingEmail) {
      const base = join(dir, email.messageId);
      const now = new Date();
      const summary = {
        messageId: email.messageId,
        idempotencyKey: email.idempotencyKey,
        writtenAt: now.toISOString(),
        from: email.from,
        to: email.to,
        replyTo: email.replyTo,
        subject: email.subject,
        attachments: email.attachments.map((a) => ({ filename: a.filename, type: a.type, bytes: a.content.length, sourcePath: a.sourcePath })),
        customArgs: email.customArgs,
        categories: email.categories,
        headers: email.headers,
      };
      await writeFileAtomic(`${base}.html`, email.html);
      await writeFileAtomic(`${base}.json`, `${JSON.stringify(summary, null, 2)}\n`);
      await writeFileAtomic(`${base}.eml`, toEml(email, now));
      return { path: `${base}.eml` };
    },
  };
}
