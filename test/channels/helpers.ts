/** Shared helpers for the channel tests: temp outboxes, PDF text, a fake SendGrid server. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startFakeSendGrid as startSharedFakeSendGrid } from '../../scripts/chaos/fake-sendgrid';

const dirs: string[] = [];
/** A fresh temp dir, removed after the test. */
export function tempDir(prefix = 'dunning-channels-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The PDF's text as laid out, and the same with whitespace collapsed (justified text has extra spaces). */
export function pdfText(path: string): { layout: string; flat: string } {
  const layout = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  return { layout, flat: layout.replace(/\s+/g, ' ') };
}

export const flat = (s: string) => s.replace(/\s+/g, ' ');

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/**
 * A local stand-in for the SendGrid v3 API (scripts/chaos/fake-sendgrid.ts, without latency):
 * records each request and answers with the next queued status (202 once the queue is empty).
 */
export async function startFakeSendGrid(): Promise<{
  baseUrl: string;
  requests: RecordedRequest[];
  queue: number[];
  close(): Promise<void>;
}> {
  const { baseUrl, requests, queue, close } = await startSharedFakeSendGrid({ messageId: (n) => `sg-${n}` });
  return { baseUrl, requests, queue, close };
}

/** A fake SendGrid for the whole file, emptied before each test. */
export function useFakeSendGrid(): () => Awaited<ReturnType<typeof startFakeSendGrid>> {
  let sendgrid: Awaited<ReturnType<typeof startFakeSendGrid>> | undefined;
  beforeAll(async () => {
    sendgrid = await startFakeSendGrid();
  });
  afterAll(() => sendgrid?.close());
  beforeEach(() => {
    sendgrid!.requests.length = 0;
    sendgrid!.queue.length = 0;
  });
  return () => sendgrid!;
}
