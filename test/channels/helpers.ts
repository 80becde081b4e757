/** Shared helpers for the channel tests: temp outboxes, PDF text, a fake SendGrid server. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

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
 * A local stand-in for the SendGrid v3 API: records each request and answers with the next
 * queued status (202 once the queue is empty).
 */
export async function startFakeSendGrid(): Promise<{
  baseUrl: string;
  requests: RecordedRequest[];
  queue: number[];
  close(): Promise<void>;
}> {
  const requests: RecordedRequest[] = [];
  const queue: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : undefined });
      const status = queue.shift() ?? 202;
      if (status === 202) {
        res.writeHead(202, { 'x-message-id': `sg-${requests.length}` });
        res.end();
        return;
      }
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (status === 429) headers['retry-after'] = '2';
      res.writeHead(status, headers);
      res.end(JSON.stringify({ errors: [{ message: `fake error ${status}`, field: status === 400 ? 'personalizations.0.to' : null }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    requests,
    queue,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
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
