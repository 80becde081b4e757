/**
 * Issue #14: a row's pdf_path pointing at the worker's env file sent it (SendGrid key included) to
 * the debtor as Facture-….pdf, and /etc/passwd in outbox mode. The sendEmail activity now reads
 * invoice PDFs from the documents directory only, checks them, and leaves anything else out.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmailSender } from '../../activities/email';
import { createFileSentLog, messageIdFor } from '../../activities/sent-log';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { sampleEmailRequest } from '../../templates/samples';
import { tempDir } from './helpers';

function setup() {
  const root = tempDir();
  const outboxDir = join(root, 'outbox');
  const documents = join(root, 'documents');
  mkdirSync(documents, { recursive: true });
  writeFileSync(join(root, '.env'), 'SENDGRID_API_KEY=SG.very-secret\n');
  writeFileSync(join(documents, 'INV-2026-0412.pdf'), '%PDF-1.7 the invoice');
  writeFileSync(join(documents, 'export.csv'), 'invoice_id\nA-1\n');
  writeFileSync(join(documents, 'big.pdf'), `%PDF-1.7 ${'x'.repeat(4096)}`);
  symlinkSync(join(root, '.env'), join(documents, 'env.pdf'));
  const sendEmail = createEmailSender({ outboxDir, sentLog: createFileSentLog(outboxDir), creditor: DEFAULT_CREDITOR, documents: { dir: documents, maxBytes: 1024 } });
  const send = async (pdfPath: string) => {
    const base = sampleEmailRequest('reminder_1');
    const req = { ...base, idempotencyKey: `${base.idempotencyKey}/${pdfPath}`, invoice: { ...base.invoice, pdfPath }, attachInvoicePdf: true };
    await sendEmail(req);
    const summary = JSON.parse(readFileSync(join(outboxDir, 'emails', `${messageIdFor(req.idempotencyKey)}.json`), 'utf8'));
    const text = readFileSync(join(outboxDir, 'emails', `${messageIdFor(req.idempotencyKey)}.eml`), 'utf8');
    return { attachments: summary.attachments as Array<{ filename: string; bytes: number; sourcePath: string }>, text };
  };
  return { root, documents, send };
}

describe('invoice PDFs come from the documents directory only', () => {
  it('never attaches the env file, /etc/passwd, a ".." path, a symlink out, a non-PDF or a file over the limit', async () => {
    const { root, send } = setup();
    for (const pdfPath of [join(root, '.env'), '/etc/passwd', '../.env', 'env.pdf', 'export.csv', 'big.pdf']) {
      const { attachments, text } = await send(pdfPath);
      expect(attachments, pdfPath).toEqual([]);
      expect(text, pdfPath).not.toContain('ci-joint');
      expect(text, pdfPath).not.toContain('SG.very-secret');
    }
  });

  it('attaches a PDF of the directory, named by relative or absolute path', async () => {
    const { documents, send } = setup();
    for (const pdfPath of ['INV-2026-0412.pdf', join(documents, 'INV-2026-0412.pdf')]) {
      const { attachments, text } = await send(pdfPath);
      expect(attachments).toEqual([{ filename: 'Facture-INV-2026-0412.pdf', type: 'application/pdf', bytes: 20, sourcePath: join(documents, 'INV-2026-0412.pdf') }]);
      expect(text).toContain('ci-joint');
    }
  });
});
