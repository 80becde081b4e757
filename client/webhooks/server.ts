/**
 * The inbound webhook endpoint (`dunning webhooks`): a postal provider's news of a registered letter
 * and Brevo's SMS replies reach the invoice runs through it. Plain node:http; each route's hook is
 * injected (routes.ts binds them to Temporal), so the HTTP rules are tested without a provider.
 * Status codes follow what providers do with them: 5xx is retried later, 4xx is not, so a body that
 * can never be recorded gets 4xx and only a Temporal that cannot be reached gets 503.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** What a route's hook answers: the HTTP status and JSON body, and a log note naming ids only (never a phone or a name). */
export interface HookResult {
  status: number;
  body: Record<string, unknown>;
  note: string;
}
export type Hook = (body: unknown) => Promise<HookResult>;

export interface WebhookServerOptions {
  /** The shared secret; undefined only with --insecure-no-auth. */
  secret: string | undefined;
  hooks: Record<'postal' | 'brevo', Hook>;
  /** One line per request. */
  log?: (line: string) => void;
  maxBodyBytes?: number;
  /** An error thrown by a hook that is worth retrying (Temporal unreachable, no worker): 503. */
  isTransient?: (err: unknown) => boolean;
  /** An error thrown by a hook about the body itself (it can never be recorded): 422. */
  isBadInput?: (err: unknown) => boolean;
}

export const MAX_BODY_BYTES = 64 * 1024;
const ROUTES: Record<string, { method: string; hook?: 'postal' | 'brevo' }> = {
  '/healthz': { method: 'GET' },
  '/webhooks/postal': { method: 'POST', hook: 'postal' },
  '/webhooks/sms/brevo': { method: 'POST', hook: 'brevo' },
};

/** Constant time whatever the lengths: both sides hashed to 32 bytes first. */
export function sameSecret(given: string, secret: string): boolean {
  const h = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(h(given), h(secret));
}

/** The token of a request: `Authorization: Bearer <secret>`, or `?token=` (Brevo's webhook can only set a URL). */
function tokenOf(req: IncomingMessage, url: URL): string | undefined {
  const auth = req.headers.authorization;
  const bearer = auth && /^Bearer\s+(.+)$/i.exec(auth);
  return bearer ? bearer[1].trim() : (url.searchParams.get('token') ?? undefined);
}

type Body = { ok: true; text: string } | { ok: false; status: number; error: string };

/** Reads at most `max` bytes; past that the rest is drained (bounded) so the client can read the 413. */
function readBody(req: IncomingMessage, max: number): Promise<Body> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > max;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) over = true;
      if (!over) chunks.push(c);
      else if (size > max * 16) req.destroy(); // a hostile stream: stop reading it
    });
    req.on('end', () => resolve(over ? { ok: false, status: 413, error: `body over ${max} bytes` } : { ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    const broken = () => resolve(over ? { ok: false, status: 413, error: `body over ${max} bytes` } : { ok: false, status: 400, error: 'the request body could not be read' });
    req.on('error', broken);
    req.on('close', () => req.complete || broken()); // destroyed before its end: no 'end' will come
  });
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

async function answer(req: IncomingMessage, opts: WebhookServerOptions): Promise<HookResult> {
  const url = new URL(req.url ?? '/', 'http://webhooks.invalid');
  const route = Object.hasOwn(ROUTES, url.pathname) ? ROUTES[url.pathname] : undefined;
  const refuse = (status: number, error: string): HookResult => ({ status, body: { error }, note: error });
  if (!route) return refuse(404, 'no such route');
  if (req.method !== route.method) return refuse(405, `use ${route.method}`);
  if (!route.hook) return { status: 200, body: { ok: true }, note: 'healthy' };
  if (opts.secret !== undefined) {
    const token = tokenOf(req, url);
    if (token === undefined || !sameSecret(token, opts.secret)) return refuse(401, 'missing or wrong token');
  }
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(req.headers['content-type'] ?? '')) return refuse(415, 'send application/json');
  const body = await readBody(req, opts.maxBodyBytes ?? MAX_BODY_BYTES);
  if (!body.ok) return refuse(body.status, body.error);
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return refuse(400, 'the body is not valid JSON');
  }
  try {
    return await opts.hooks[route.hook](json);
  } catch (err) {
    if (opts.isBadInput?.(err)) return refuse(422, 'the body cannot be recorded (not a known letter or event)');
    if (opts.isTransient?.(err)) return refuse(503, 'Temporal unreachable or no worker answering: try again later');
    // The error's class only: its message may quote the body (a name, a number).
    return { status: 500, body: { error: 'internal error' }, note: `internal error (${err instanceof Error ? err.name : typeof err})` };
  }
}

export function createWebhookServer(opts: WebhookServerOptions): Server {
  const server = createServer((req, res) => {
    void answer(req, opts).then(
      (r) => {
        if (r.status === 413 || r.status === 400) res.setHeader('connection', 'close');
        send(res, r.status, r.body);
        // A known route's path only: never the query (it may hold the token), nor a path a client made up.
        const path = new URL(req.url ?? '/', 'http://webhooks.invalid').pathname;
        opts.log?.(`${req.method ?? '?'} ${Object.hasOwn(ROUTES, path) ? path : '(unknown path)'} ${r.status} ${r.note}`);
      },
      () => send(res, 500, { error: 'internal error' }),
    );
  });
  // Slow or stuck clients do not hold a connection for ever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return server;
}
