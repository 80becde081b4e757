/** Shared helpers for the channel tests: temp outboxes, PDF text, a fake SendGrid server. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { writeSendAnswer } from '../../scripts/chaos/fake-sendgrid';

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

/** The idempotency key a mail/send request carries (custom_args, as the activity sets it). */
export function keyOfSend(r: RecordedRequest): string | undefined {
  return r.body?.custom_args?.idempotencyKey;
}

export interface FakeSendGrid {
  baseUrl: string;
  /** Every POST /v3/mail/send, in arrival order (recorded when the request arrives, before any latency). */
  requests: RecordedRequest[];
  /** Statuses for the next mail/send requests (202 once empty). */
  queue: number[];
  /** Every GET /v3/messages (Email Activity lookups). */
  lookups: RecordedRequest[];
  /** Statuses for the next lookups (200 once empty); a non-200 answers an error body. */
  lookupQueue: number[];
  /**
   * Delay before answering a mail/send, in ms: a number, or a function of the request (e.g. random
   * 100-1000 ms). The message counts as sent as soon as it arrives, like a provider that accepted
   * it and answers late.
   */
  latencyMs: number | ((r: RecordedRequest) => number);
  /** The mail/send requests that carried this idempotency key. */
  sendsFor(key: string): RecordedRequest[];
  /** Requests per idempotency key, over every mail/send received. */
  countsByKey(): Map<string, number>;
  /** Forgets every request, queued status and accepted message; latency back to 0. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for the SendGrid v3 API: records each mail/send and answers with the next
 * queued status (202 once the queue is empty), after the configured latency. It also answers the
 * Email Activity "filter all messages" endpoint (GET /v3/messages?query=...) from the mail/send
 * requests it accepted: the query `unique_args['idempotencyKey']="<key>"` finds the accepted
 * messages that carried that key in custom_args.
 */
export async function startFakeSendGrid(): Promise<FakeSendGrid> {
  const requests: RecordedRequest[] = [];
  const lookups: RecordedRequest[] = [];
  const accepted: Array<{ key: string | undefined; msgId: string; to: string; subject: string }> = [];
  const fake = {
    queue: [] as number[],
    lookupQueue: [] as number[],
    latencyMs: 0 as FakeSendGrid['latencyMs'],
  };
  const answerLookup = (rec: RecordedRequest, res: ServerResponse) => {
    const status = fake.lookupQueue.shift() ?? 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    if (status !== 200) {
      res.end(JSON.stringify({ errors: [{ message: `fake activity error ${status}` }] }));
      return;
    }
    const params = new URL(rec.url, 'http://fake').searchParams;
    const query = params.get('query') ?? '';
    const limit = Number(params.get('limit') ?? '10');
    const m = /^unique_args\['idempotencyKey'\]="(.*)"$/.exec(query);
    const found = m ? accepted.filter((a) => a.key === m[1]) : [];
    res.end(
      JSON.stringify({
        messages: found.slice(0, limit).map((a) => ({ msg_id: a.msgId, from_email: 'relances@verbois.example', to_email: a.to, subject: a.subject, status: 'delivered', opens_count: 0, clicks_count: 0, last_event_time: new Date().toISOString() })),
      }),
    );
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const rec: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
      if (rec.method === 'GET' && rec.url.startsWith('/v3/messages')) {
        lookups.push(rec);
        answerLookup(rec, res);
        return;
      }
      requests.push(rec);
      const n = requests.length;
      const status = fake.queue.shift() ?? 202;
      if (status === 202) {
        accepted.push({ key: keyOfSend(rec), msgId: `sg-${n}.filter0001.1.0`, to: rec.body?.personalizations?.[0]?.to?.[0]?.email ?? '', subject: rec.body?.subject ?? '' });
      }
      const answer = () => writeSendAnswer(res, status, status === 202 ? `sg-${n}` : undefined);
      const delay = typeof fake.latencyMs === 'function' ? fake.latencyMs(rec) : fake.latencyMs;
      if (delay > 0) setTimeout(answer, delay);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    requests,
    lookups,
    get queue() {
      return fake.queue;
    },
    get lookupQueue() {
      return fake.lookupQueue;
    },
    get latencyMs() {
      return fake.latencyMs;
    },
    set latencyMs(v) {
      fake.latencyMs = v;
    },
    sendsFor: (key) => requests.filter((r) => keyOfSend(r) === key),
    countsByKey() {
      const counts = new Map<string, number>();
      for (const r of requests) counts.set(keyOfSend(r) ?? '', (counts.get(keyOfSend(r) ?? '') ?? 0) + 1);
      return counts;
    },
    // Also drops open keep-alive sockets, so a test's slow answer cannot hold the close.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    reset() {
      for (const list of [requests, lookups, accepted, fake.queue, fake.lookupQueue]) list.length = 0;
      fake.latencyMs = 0;
    },
  };
}

/** A fake SendGrid for the whole file, emptied before each test. */
export function useFakeSendGrid(): () => FakeSendGrid {
  let sendgrid: FakeSendGrid | undefined;
  beforeAll(async () => {
    sendgrid = await startFakeSendGrid();
  });
  afterAll(() => sendgrid?.close());
  beforeEach(() => sendgrid!.reset());
  return () => sendgrid!;
}
