/**
 * A slow local stand-in for the SendGrid v3 mail endpoint, for chaos and fault runs: it records
 * the idempotency key of every request it accepts (a real provider would send each one), and
 * answers only after `latencyMs`, which widens the window in which a crash can fall between the
 * provider's acceptance and the worker's sent-log. Workers reach it with SENDGRID_API_KEY=any and
 * SENDGRID_BASE_URL=<baseUrl>.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SendRecord } from './audit';

export interface FakeSendGrid {
  baseUrl: string;
  /** Accepted emails, in arrival order. */
  sends: SendRecord[];
  close(): Promise<void>;
}

interface MailBody {
  headers?: Record<string, string>;
  custom_args?: Record<string, string>;
}

export async function startFakeSendGrid(opts: { latencyMs?: number; port?: number } = {}): Promise<FakeSendGrid> {
  const sends: SendRecord[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: MailBody = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MailBody;
      } catch {
        res.writeHead(400).end('{"errors":[{"message":"bad JSON"}]}');
        return;
      }
      const key = body.headers?.['X-Dunning-Idempotency-Key'] ?? body.custom_args?.idempotencyKey;
      if (!key) {
        res.writeHead(400).end('{"errors":[{"message":"no idempotency key"}]}');
        return;
      }
      // Accepted (and "sent") now; the answer comes later, as from a busy provider.
      sends.push({ key, channel: 'email' });
      setTimeout(() => {
        res.writeHead(202, { 'x-message-id': `fake-${++n}` });
        res.end();
      }, opts.latencyMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    sends,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
