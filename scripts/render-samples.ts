/**
 * Renders a sample letter_1 and a sample formal notice, and page 1 of each to PNG in docs/,
 * to check the layout by eye (window-envelope address, nothing overlapping).
 * Run: npx tsx scripts/render-samples.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLetterSender } from '../activities/letters';
import { createFileSentLog } from '../activities/sent-log';
import { DEFAULT_CREDITOR } from '../config/creditor';
import { sampleLetterRequest } from '../test/helpers/samples';

async function main(): Promise<void> {
  const docs = resolve(__dirname, '..', 'docs');
  mkdirSync(docs, { recursive: true });
  const outboxDir = process.env.SAMPLES_OUTBOX_DIR ?? mkdtempSync(join(tmpdir(), 'dunning-samples-'));
  const sendLetter = createLetterSender({ outboxDir, sentLog: createFileSentLog(outboxDir), creditor: DEFAULT_CREDITOR });
  for (const [template, name] of [['letter_1', 'sample-letter'], ['formal_notice', 'sample-formal-notice']] as const) {
    const receipt = await sendLetter(sampleLetterRequest(template));
    if (!receipt.path) throw new Error(`${template}: the letter sender returned no PDF path`);
    // -singlefile: write <prefix>.png instead of <prefix>-1.png.
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', receipt.path, join(docs, name)]);
    console.log(`${template}: ${receipt.path} -> docs/${name}.png`);
  }
  // Keep the PDFs only when asked to (SAMPLES_OUTBOX_DIR), so runs leave no temp folders behind.
  if (!process.env.SAMPLES_OUTBOX_DIR) rmSync(outboxDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
