/** Issue #14: a debtor's name or contact holding HTML is text in the email's HTML part. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmailSender } from '../../activities/email';
import { createFileSentLog, messageIdFor } from '../../activities/sent-log';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { sampleEmailRequest } from '../../templates/samples';
import { tempDir } from './helpers';

describe('HTML in emails', () => {
  it('escapes the contact and the company name', async () => {
    const outboxDir = tempDir();
    const sendEmail = createEmailSender({ outboxDir, sentLog: createFileSentLog(outboxDir), creditor: DEFAULT_CREDITOR });
    const base = sampleEmailRequest('reminder_1');
    const hostile = '<a href="https://evil.example/pay">Click to pay</a><img src="https://evil.example/x.png">';
    const req = { ...base, to: { ...base.to, name: `Claire ${hostile}` }, invoice: { ...base.invoice, debtor: { ...base.invoice.debtor, name: `Acme ${hostile}` } } };
    await sendEmail(req);
    const html = readFileSync(join(outboxDir, 'emails', `${messageIdFor(req.idempotencyKey)}.html`), 'utf8');
    expect(html).not.toMatch(/<a[\s>]|<img[\s>]/);
    expect(html).toContain('Claire &lt;a href=&quot;https://evil.example/pay&quot;&gt;Click to pay&lt;/a&gt;');
  });
});
