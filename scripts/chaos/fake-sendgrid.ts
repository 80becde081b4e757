/**
 * A local stand-in for the SendGrid v3 API, shared by the channel tests (test/channels/helpers.ts,
 * no latency) and the chaos test (slow, with a JSONL log):
 * - `POST /v3/mail/send`: 202 with an `X-Message-Id` header (or the next status queued in `queue`),
 *   after a random latency; every request is logged with its idempotency key the moment its body
 *   has arrived, so a client killed while waiting for the answer still counts as a send (SendGrid
 *   would have taken it too);
 * - `GET /v3/messages?query=...&limit=N` (Email Activity "filter all messages") and
 *   `GET /v3/messages/{msg_id}`: answered from the mail accepted so far, e.g.
 *   `query=unique_args['idempotencyKey']="dunning-X/reminder_1"` (also `msg_id="..."`,
 *   `msg_id LIKE 'prefix%'`, `to_email`, `subject`, `status`, joined by AND).
 * Not emulated: rate limits of the activity API, its indexing delay (see `activityDelayMs`), auth.
 *
 * Also runnable on its own: `tsx scripts/chaos/fake-sendgrid.ts --log sends.jsonl [--port 0]
 * [--min-ms 100] [--max-ms 1000]` prints its base URL and runs until Ctrl-C.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

export const IDEMPOTENCY_HEADER = 'X-Dunning-Idempotency-Key';

export interface FakeSendGridOptions {
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  /** Each request is answered after a uniform random delay in [min, max] ms (default 0-0). */
  latencyMs?: { min: number; max: number };
  /** One JSON line per request (see SendGridLogLine), appended synchronously on arrival. */
  logFile?: string;
  /** Mail shows up in the Email Activity answers this long after it was accepted (default 0). */
  activityDelayMs?: number;
  random?: () => number;
  /** The X-Message-Id of the n-th request (default: unique across runs of the fake). */
  messageId?: (seq: number) => string;
}

export interface SendGridRequest {
  seq: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** What the log file holds for each request (bodies are left out: attachments are big). */
export interface SendGridLogLine {
  seq: number;
  kind: 'send' | 'lookup' | 'other';
  receivedAt: string;
  method: string;
  url: string;
  /** Answer status; for a send, decided on arrival. */
  status: number;
  /** custom_args.idempotencyKey, else the X-Dunning-Idempotency-Key mail header. */
  idempotencyKey?: string;
  xMessageId?: string;
  to?: string;
  subject?: string;
  categories?: string[];
  customArgs?: Record<string, string>;
}

export interface ActivityMessage {
  msg_id: string;
  from_email: string;
  to_email: string;
  subject: string;
  status: 'delivered';
  opens_count: number;
  clicks_count: number;
  last_event_time: string;
}

export interface FakeSendGrid {
  /** With a trailing slash, as the SendGrid client's baseUrl. */
  baseUrl: string;
  port: number;
  /** Every request in arrival order (tests read bodies from here). */
  requests: SendGridRequest[];
  /** Statuses for the next mail sends (202 once empty); 429 comes with Retry-After: 2. */
  queue: number[];
  close(): Promise<void>;
}

interface Accepted {
  message: ActivityMessage;
  acceptedAt: number;
  uniqueArgs: Record<string, string>;
  categories: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strRecord = (v: unknown): Record<string, string> =>
  isObj(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};

/** The fields of a v3 mail/send body the fake needs (the idempotency key, recipient, subject). */
export function describeMailBody(body: unknown): Pick<SendGridLogLine, 'idempotencyKey' | 'to' | 'subject' | 'categories' | 'customArgs'> & { from?: string } {
  if (!isObj(body)) return {};
  const personalization = Array.isArray(body.personalizations) && isObj(body.personalizations[0]) ? body.personalizations[0] : {};
  const firstTo = Array.isArray(personalization.to) && isObj(personalization.to[0]) ? personalization.to[0] : {};
  const customArgs = { ...strRecord(body.custom_args), ...strRecord(personalization.custom_args) };
  const mailHeaders = { ...strRecord(body.headers), ...strRecord(personalization.headers) };
  const headerKey = Object.entries(mailHeaders).find(([k]) => k.toLowerCase() === IDEMPOTENCY_HEADER.toLowerCase())?.[1];
  return {
    idempotencyKey: customArgs.idempotencyKey ?? headerKey,
    to: str(firstTo.email),
    subject: str(body.subject) ?? str(personalization.subject),
    categories: Array.isArray(body.categories) ? body.categories.filter((c): c is string => typeof c === 'string') : undefined,
    customArgs,
    from: isObj(body.from) ? str(body.from.email) : undefined,
  };
}

/** `a="b" AND unique_args['k']="v" AND msg_id LIKE 'x%'` -> conditions, or an error message. */
export function parseActivityQuery(query: string): Array<{ field: string; op: '=' | 'LIKE'; value: string }> | string {
  const out: Array<{ field: string; op: '=' | 'LIKE'; value: string }> = [];
  const clause = /^\s*\(?\s*(unique_args\[\s*(['"])(.+?)\2\s*\]|[a-z_]+)\s*(=|LIKE)\s*(["'])(.*?)\5\s*\)?\s*$/i;
  for (const part of query.trim() ? query.split(/\s+AND\s+/i) : []) {
    const m = clause.exec(part);
    if (!m) return `unsupported query clause: ${part}`;
    out.push({ field: m[3] !== undefined ? `unique_args.${m[3]}` : m[1].toLowerCase(), op: m[4].toUpperCase() === 'LIKE' ? 'LIKE' : '=', value: m[6] });
  }
  return out;
}

function matches(a: Accepted, cond: { field: string; op: '=' | 'LIKE'; value: string }): boolean {
  const m = a.message;
  const actual = cond.field.startsWith('unique_args.')
    ? a.uniqueArgs[cond.field.slice('unique_args.'.length)]
    : ({ msg_id: m.msg_id, to_email: m.to_email, from_email: m.from_email, subject: m.subject, status: m.status } as Record<string, string>)[cond.field];
  if (actual === undefined) return false;
  if (cond.op === '=') return actual === cond.value;
  const re = new RegExp(`^${cond.value.split('%').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(actual);
}

/** SendGrid's answer to a send: 202 with the message id, or an error body (429 with retry-after, 400 naming a field). */
export function writeSendAnswer(res: ServerResponse, status: number, xMessageId: string | undefined): void {
  if (status === 202 && xMessageId) {
    res.writeHead(202, { 'x-message-id': xMessageId });
    res.end();
    return;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (status === 429) headers['retry-after'] = '2';
  res.writeHead(status, headers);
  res.end(JSON.stringify({ errors: [{ message: `fake error ${status}`, field: status === 400 ? 'personalizations.0.to' : null }] }));
}

export async function startFakeSendGrid(opts: FakeSendGridOptions = {}): Promise<FakeSendGrid> {
  const requests: SendGridRequest[] = [];
  const queue: number[] = [];
  const accepted: Accepted[] = [];
  const random = opts.random ?? Math.random;
  const { min, max } = opts.latencyMs ?? { min: 0, max: 0 };
  if (opts.logFile) mkdirSync(dirname(opts.logFile), { recursive: true });
  const log = (line: SendGridLogLine) => {
    if (opts.logFile) appendFileSync(opts.logFile, `${JSON.stringify(line)}\n`);
  };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const answerSend = (seq: number, body: unknown, receivedAt: Date, req: IncomingMessage): (res: ServerResponse) => void => {
    const status = queue.shift() ?? 202;
    const { from, ...mail } = describeMailBody(body);
    const xMessageId = status !== 202 ? undefined : opts.messageId ? opts.messageId(seq) : `fake${String(seq).padStart(6, '0')}${receivedAt.getTime().toString(36)}`;
    log({ seq, kind: 'send', receivedAt: receivedAt.toISOString(), method: req.method ?? '', url: req.url ?? '', status, ...(xMessageId ? { xMessageId } : {}), ...mail });
    if (xMessageId) {
      accepted.push({
        acceptedAt: receivedAt.getTime(),
        uniqueArgs: mail.customArgs ?? {},
        categories: mail.categories ?? [],
        message: { msg_id: `${xMessageId}.filterdrecv-fake-0`, from_email: from ?? '', to_email: mail.to ?? '', subject: mail.subject ?? '', status: 'delivered', opens_count: 0, clicks_count: 0, last_event_time: receivedAt.toISOString() },
      });
    }
    return (res) => writeSendAnswer(res, status, xMessageId);
  };

  const answerLookup = (url: URL): ((res: ServerResponse) => void) => {
    const visible = accepted.filter((a) => a.acceptedAt + (opts.activityDelayMs ?? 0) <= Date.now());
    const one = /^\/v3\/messages\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const id = decodeURIComponent(one[1]);
      const hit = visible.find((a) => a.message.msg_id === id);
      if (!hit) return (res) => json(res, 404, { errors: [{ message: 'Not Found', field: null }] });
      return (res) => json(res, 200, { ...hit.message, categories: hit.categories, unique_args: hit.uniqueArgs, events: [{ event_name: 'delivered', processed: hit.message.last_event_time }] });
    }
    const conditions = parseActivityQuery(url.searchParams.get('query') ?? '');
    if (typeof conditions === 'string') return (res) => json(res, 400, { errors: [{ message: conditions, field: 'query' }] });
    const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit') ?? 10) || 10));
    const found = visible.filter((a) => conditions.every((c) => matches(a, c))).slice(-limit).reverse();
    return (res) => json(res, 200, { messages: found.map((a) => a.message) });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const receivedAt = new Date();
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const seq = requests.length + 1;
      requests.push({ seq, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const url = new URL(req.url ?? '/', 'http://fake');
      let answer: (res: ServerResponse) => void;
      if (req.method === 'GET' && url.pathname.startsWith('/v3/messages')) {
        log({ seq, kind: 'lookup', receivedAt: receivedAt.toISOString(), method: 'GET', url: req.url ?? '', status: 200 });
        answer = answerLookup(url);
      } else if (req.method === 'POST' && url.pathname === '/v3/mail/send') {
        answer = answerSend(seq, body, receivedAt, req);
      } else {
        // Anything else is answered like a send used to be (the tests' fake always said 202).
        log({ seq, kind: 'other', receivedAt: receivedAt.toISOString(), method: req.method ?? '', url: req.url ?? '', status: 202 });
        answer = (r) => {
          r.writeHead(202);
          r.end();
        };
      }
      const delay = min + (max - min) * random();
      if (delay <= 0) answer(res);
      else setTimeout(() => answer(res), delay).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${opts.host ?? '127.0.0.1'}:${port}/`,
    port,
    requests,
    queue,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The log's lines (a missing file is an empty log; a torn last line is skipped). */
export function readSendGridLog(path: string): SendGridLogLine[] {
  if (!existsSync(path)) return [];
  const out: SendGridLogLine[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as SendGridLogLine);
    } catch {
      // a line cut by a crash of the writer
    }
  }
  return out;
}

if (require.main === module) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, log: { type: 'string' }, 'min-ms': { type: 'string', default: '100' }, 'max-ms': { type: 'string', default: '1000' } } });
  startFakeSendGrid({ port: Number(values.port), logFile: values.log, latencyMs: { min: Number(values['min-ms']), max: Number(values['max-ms']) } }).then((sg) => {
    console.log(`fake SendGrid on ${sg.baseUrl}${values.log ? `, logging to ${values.log}` : ''}`);
    const stop = () => void sg.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
