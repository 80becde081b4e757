/**
 * `npm run codec-server`: the Temporal codec server protocol, so the Web UI (and `temporal
 * --codec-endpoint`) show decrypted payloads while Temporal itself only ever stores ciphertext.
 *
 *   POST /decode   {"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]} -> same shape, decoded
 *   POST /encode   the reverse (the UI encodes what an engineer types for a signal or a query)
 *
 * Browsers are let in from the UI's origin only (CORS: DUNNING_CODEC_ORIGINS, default the local
 * Web UI http://localhost:8233 and http://127.0.0.1:8233); with DUNNING_CODEC_SERVER_TOKEN every
 * request must carry `Authorization: Bearer <token>`. It listens on 127.0.0.1 unless told
 * (DUNNING_CODEC_SERVER_HOST), port DUNNING_CODEC_SERVER_PORT (default 8888). Keys as the worker's.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { codecKeysFromEnv, EncryptionCodec } from '../config/codec';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Origins allowed to call from a browser (the Web UI's), e.g. http://localhost:8233. */
  origins: readonly string[];
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  host?: string;
  port?: number;
  /** Largest request body (default 4 MB: a batch of payloads up to Temporal's 2 MB each is base64). */
  maxBodyBytes?: number;
}

export interface CodecServer {
  server: Server;
  /** http://host:port, to give to `--ui-codec-endpoint`. */
  url: string;
  close(): Promise<void>;
}

interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

const digest = (s: string) => createHash('sha256').update(s).digest();

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(Object.assign(new Error('request too large'), { status: 413 }));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function createCodecHandler(opts: CodecServerOptions) {
  const origins = new Set(opts.origins.map((o) => o.replace(/\/$/, '')));
  const tokenDigest = opts.token ? digest(opts.token) : undefined;
  const max = opts.maxBodyBytes ?? 4 * 1024 * 1024;

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res.statusCode = status;
    if (body === undefined) return void res.end();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const origin = req.headers.origin;
    // A browser says where the page comes from: only the Web UI may read the answers.
    if (origin !== undefined) {
      if (!origins.has(origin)) return send(res, 403, { error: `origin ${origin} is not allowed` });
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
      res.setHeader('access-control-allow-credentials', 'true');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
      res.setHeader('access-control-allow-headers', 'content-type, x-namespace, authorization');
      res.setHeader('access-control-max-age', '600');
      return send(res, 204);
    }
    const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
    if (req.method !== 'POST' || (path !== '/decode' && path !== '/encode')) return send(res, 404, { error: 'POST /encode or /decode' });
    if (tokenDigest) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!given || !timingSafeEqual(digest(given), tokenDigest)) return send(res, 401, { error: 'missing or wrong bearer token' });
    }
    try {
      const body = JSON.parse(await readBody(req, max)) as { payloads?: unknown };
      if (!Array.isArray(body?.payloads)) return send(res, 400, { error: 'expected {"payloads":[...]}' });
      const payloads = (body.payloads as JsonPayload[]).map(fromJson);
      const out = path === '/decode' ? await opts.codec.decode(payloads) : await opts.codec.encode(payloads);
      return send(res, 200, { payloads: out.map(toJson) });
    } catch (err) {
      const status = (err as { status?: number }).status ?? (err instanceof SyntaxError ? 400 : 500);
      // Never echo a payload back; the reason is enough (an unknown key id, a tampered payload).
      return send(res, status, { error: err instanceof Error ? err.message : 'cannot decode' });
    }
  };
}

export async function startCodecServer(opts: CodecServerOptions): Promise<CodecServer> {
  const handler = createCodecHandler(opts);
  const server = createServer((req, res) => void handler(req, res));
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8888, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Origins of the Web UI: DUNNING_CODEC_ORIGINS (comma-separated), else the local UI on TEMPORAL_UI_PORT. */
export function codecOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.DUNNING_CODEC_ORIGINS) return env.DUNNING_CODEC_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean);
  const port = env.TEMPORAL_UI_PORT ?? '8233';
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

async function main() {
  const keys = codecKeysFromEnv();
  if (!keys) throw new Error('no key: set DUNNING_CODEC_KEYS or DUNNING_CODEC_KEY_FILE (npm run codec:keygen makes one)');
  const origins = codecOriginsFromEnv();
  const s = await startCodecServer({
    codec: new EncryptionCodec(keys),
    origins,
    token: process.env.DUNNING_CODEC_SERVER_TOKEN || undefined,
    host: process.env.DUNNING_CODEC_SERVER_HOST || undefined,
    port: Number(process.env.DUNNING_CODEC_SERVER_PORT ?? 8888),
  });
  console.log(`codec server: ${s.url} (keys ${keys.map((k) => k.id).join(', ')}; browsers from ${origins.join(', ')}${process.env.DUNNING_CODEC_SERVER_TOKEN ? '; bearer token required' : ''})`);
  const stop = () => void s.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`codec server: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
