/**
 * Start and stop the official Temporal dev server (`temporal server start-dev`), shared by
 * `npm start`, the CLI end-to-end tests and the benchmark: one place that knows its flags,
 * how to wait until it answers, how to register the search attributes and how to stop it cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../workflows/search-attributes';
import { ensureSearchAttributes } from './search-attributes';
import { temporalCliPath } from './temporal-paths';

export interface DevServerOptions {
  /** SQLite file: runs survive restarts; a temp file for throwaway servers. */
  dbFile: string;
  /** Where the server's output goes (appended). */
  logFile: string;
  ip?: string;
  port?: number;
  /** Web UI port, or 'headless' for none. */
  ui?: number | 'headless';
  namespace?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** How long to wait for the frontend to answer. */
  startTimeoutMs?: number;
  /** `--sqlite-pragma NAME=VALUE`, e.g. { journal_mode: 'wal', synchronous: 'off' } for throwaway servers. */
  sqlitePragmas?: Record<string, string>;
  /** The codec server the Web UI calls to show decrypted payloads (`--ui-codec-endpoint`). */
  uiCodecEndpoint?: string;
  /** Extra `--dynamic-config-value KEY=VALUE` pairs. */
  dynamicConfig?: Record<string, unknown>;
}

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  /** Search attributes this start had to register (an existing database may lack new ones). */
  addedSearchAttributes: string[];
  process: ChildProcess;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A connection once the frontend answers GetSystemInfo, or undefined after `ms`. */
export async function connectWithin(ms: number, opts: Parameters<typeof Connection.connect>[0]): Promise<Connection | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const c = await Connection.connect({ ...opts, connectTimeout: 1000 });
      await c.workflowService.getSystemInfo({});
      return c;
    } catch {
      if (Date.now() > deadline) return undefined;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const cli = temporalCliPath();
  if (!cli) throw new Error('the Temporal CLI is not installed: run `npm run temporal:install`');
  const ip = opts.ip ?? '127.0.0.1';
  const port = opts.port ?? (await freePort(ip));
  const namespace = opts.namespace ?? 'default';
  mkdirSync(dirname(opts.dbFile), { recursive: true });
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const out = openSync(opts.logFile, 'a');
  const args = [
    'server', 'start-dev',
    '--db-filename', opts.dbFile,
    '--ip', ip,
    '--port', String(port),
    '--namespace', namespace,
    '--log-level', opts.logLevel ?? 'warn',
    ...(opts.ui === 'headless' ? ['--headless'] : ['--ui-port', String(opts.ui ?? port + 1000)]),
    ...(opts.uiCodecEndpoint && opts.ui !== 'headless' ? ['--ui-codec-endpoint', opts.uiCodecEndpoint] : []),
    ...Object.entries(opts.sqlitePragmas ?? {}).flatMap(([k, v]) => ['--sqlite-pragma', `${k}=${v}`]),
    ...Object.entries(opts.dynamicConfig ?? {}).flatMap(([k, v]) => ['--dynamic-config-value', `${k}=${JSON.stringify(v)}`]),
    // Ignored on an existing database, hence ensureSearchAttributes below.
    ...SEARCH_ATTRIBUTE_DEFINITIONS.flatMap((d) => ['--search-attribute', `${d.name}=${d.type}`]),
  ];
  const child = spawn(cli, args, { stdio: ['ignore', out, out] });
  closeSync(out); // the child holds its own descriptor
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const address = `${ip}:${port}`;
  const connection = await Promise.race([connectWithin(opts.startTimeoutMs ?? 60_000, { address }), exited.then(() => undefined)]);
  if (!connection) {
    child.kill('SIGKILL');
    throw new Error(`the Temporal dev server did not come up on ${address}; see ${opts.logFile}`);
  }
  let addedSearchAttributes: string[];
  try {
    addedSearchAttributes = await ensureSearchAttributes(connection, namespace);
  } finally {
    await connection.close();
  }
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    address,
    namespace,
    uiUrl: opts.ui === 'headless' ? undefined : `http://localhost:${opts.ui ?? port + 1000}`,
    addedSearchAttributes,
    process: child,
    exited,
    stop,
  };
}
