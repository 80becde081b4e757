import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface FakeBrevo {
  /** e.g. http://127.0.0.1:port/v3, as BREVO_BASE_URL. */
  baseUrl: string;
  /** Every request, in arrival order. */
  requests: Array<{ url: string; headers: IncomingHttpHeaders; body: any }>;
  /** Statuses for the next requests (201 once empty). */
  queue: number[];
}

/**
 * A stand-in for Brevo's API for the test file: records each request (POST /v3/transactionalSMS/sms)
 * and answers the next queued status, with Brevo's answer shape on success.
 */
export function useFakeBrevo(): FakeBrevo {
  const brevo: FakeBrevo = { baseUrl: '', requests: [], queue: [] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      brevo.requests.push({ url: `${req.method} ${req.url}`, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      const status = brevo.queue.shift() ?? 201;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status < 300 ? { messageId: 1511882900176220 + brevo.requests.length, reference: 'ab1cde2fgh3i4jklmno', smsCount: 1, usedCredits: 1 } : { code: 'invalid_parameter', message: `fake ${status}` }));
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    brevo.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    brevo.requests.length = 0;
    brevo.queue.length = 0;
  });
  return brevo;
}
