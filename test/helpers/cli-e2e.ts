/**
 * What the CLI end-to-end tests share: a throwaway dev server, a worker in this process (recording
 * channels) on `queue`, and `dunning` run as a child process against them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { BUNDLE_PATH } from '../global-setup';
import { createRecordingActivities } from './recording-activities';

export const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface CliHarness {
  /** A temporary folder of this file's run (policies, invoice files). */
  readonly tmp: string;
  /** The dev server's address, for a child process of the test's own. */
  readonly address: string;
  /** A client of the dev server (starting runs, querying them). */
  readonly client: Client;
  /** `dunning <args>` as a child process (async: the worker in this process keeps polling meanwhile); `env` overrides the connection. */
  cli(args: string[], env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  /** The command's stdout parsed as JSON when it exits 0. */
  json<T>(args: string[]): Promise<T | undefined>;
  /** Polls `probe` until it returns a value (visibility lags), or fails naming the last error seen. */
  eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs?: number): Promise<T>;
}

export function useCliHarness(queue: string, label: string): CliHarness {
  let tmp = '';
  let server: DevServer | undefined;
  let connection: NativeConnection | undefined;
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  let clientConnection: Connection | undefined;
  let client: Client | undefined;

  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // already installed in this process
    }
    tmp = mkdtempSync(join(tmpdir(), `dunning-${label}-e2e-`));
    server = await startDevServer({ dbFile: join(tmp, 'dev.sqlite'), logFile: join(tmp, 'dev-server.log'), ui: 'headless', sqlitePragmas: { journal_mode: 'wal', synchronous: 'off' } });
    connection = await NativeConnection.connect({ address: server.address });
    worker = await Worker.create({ connection, namespace: 'default', taskQueue: queue, workflowBundle: { codePath: BUNDLE_PATH }, activities: createRecordingActivities() });
    workerRun = worker.run();
    clientConnection = await Connection.connect({ address: server.address });
    client = new Client({ connection: clientConnection, namespace: 'default' });
  }, 120_000);

  afterAll(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await workerRun?.catch(() => undefined);
    await connection?.close();
    await clientConnection?.close();
    await server?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  const cli: CliHarness['cli'] = (args, over = {}) =>
    new Promise((resolve) => {
      const env = { ...process.env, TEMPORAL_ADDRESS: server!.address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: queue, ...over };
      execFile(TSX, [join(ROOT, 'client', 'cli.ts'), ...args], { cwd: ROOT, env, timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr }),
      );
    });
  return {
    get tmp() {
      return tmp;
    },
    get address() {
      return server!.address;
    },
    get client() {
      return client!;
    },
    cli,
    async json<T>(args: string[]) {
      const r = await cli(args);
      return r.code === 0 ? (JSON.parse(r.stdout) as T) : undefined;
    },
    async eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      for (;;) {
        try {
          const v = await probe();
          if (v !== undefined) return v;
        } catch (err) {
          last = err;
        }
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    },
  };
}
