/**
 * `npm start`: the embedded default. Starts the official Temporal dev server (SQLite file, Web UI
 * on :8233) unless one already answers on TEMPORAL_ADDRESS, registers the search attributes, runs
 * the worker on task queue `dunning`, and stops everything on Ctrl-C / SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { connectOptions, connectionSettingsFromEnv } from '../config/connection';
import { createWorker } from '../worker';
import { ensureSearchAttributes } from './search-attributes';
import { temporalCliPath } from './temporal-paths';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../workflows/search-attributes';

const log = (m: string) => console.log(`[dunning] ${m}`);

async function connectWithin(ms: number, opts: ReturnType<typeof connectOptions>): Promise<Connection | undefined> {
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

async function main() {
  // The SDK's INFO logs (webpack stats of the workflow bundle) drown what matters here.
  Runtime.install({ logger: new DefaultLogger((process.env.DUNNING_LOG_LEVEL as 'INFO') ?? 'WARN') });
  const settings = connectionSettingsFromEnv();
  const uiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
  let devServer: ChildProcess | undefined;
  let connection = await connectWithin(1500, connectOptions(settings));
  if (connection) {
    log(`using the Temporal server already answering on ${settings.address}`);
  } else {
    const [host, port] = settings.address.split(':');
    if (!['localhost', '127.0.0.1', '::1'].includes(host)) {
      throw new Error(`no Temporal server answers on ${settings.address}; start it, or unset TEMPORAL_ADDRESS to use the local dev server`);
    }
    const cli = temporalCliPath();
    if (!cli) throw new Error('the Temporal CLI is not installed: run `npm run temporal:install`');
    const dataDir = resolve(process.env.DUNNING_DATA_DIR ?? '.temporal');
    mkdirSync(dataDir, { recursive: true });
    const dbFile = join(dataDir, 'dunning.sqlite');
    const logFile = join(dataDir, 'dev-server.log');
    const out = openSync(logFile, 'a');
    devServer = spawn(
      cli,
      [
        'server', 'start-dev',
        '--db-filename', dbFile,
        '--ip', host === 'localhost' ? '127.0.0.1' : host,
        '--port', port ?? '7233',
        '--ui-port', String(uiPort),
        '--namespace', settings.namespace,
        '--log-level', 'warn',
        ...SEARCH_ATTRIBUTE_DEFINITIONS.flatMap((d) => ['--search-attribute', `${d.name}=${d.type}`]),
      ],
      { stdio: ['ignore', out, out] },
    );
    log(`starting the Temporal dev server (data: ${dbFile}, log: ${logFile})...`);
    const exited = new Promise<number | null>((r) => devServer!.once('exit', (code) => r(code)));
    connection = await Promise.race([connectWithin(60_000, connectOptions(settings)), exited.then(() => undefined)]);
    if (!connection) {
      devServer.kill('SIGKILL');
      throw new Error(`the dev server did not come up; see ${logFile}`);
    }
  }
  const added = await ensureSearchAttributes(connection, settings.namespace);
  if (added.length) log(`registered search attributes: ${added.join(', ')}`);
  await connection.close();

  const { worker, connection: workerConnection } = await createWorker();
  if (devServer) {
    log(`Temporal Web UI: http://localhost:${uiPort}/namespaces/${settings.namespace}/workflows`);
    devServer.once('exit', (code) => {
      if (worker.getState() !== 'RUNNING') return; // our own shutdown
      log(`the dev server stopped (exit ${code}); stopping the worker`);
      worker.shutdown();
    });
  }
  log(`worker polling task queue '${settings.taskQueue}' on ${settings.address}. Ctrl-C to stop.`);
  try {
    await worker.run(); // returns after SIGINT/SIGTERM once in-flight tasks are done
  } finally {
    await workerConnection.close();
    if (devServer && devServer.exitCode === null) {
      log('stopping the dev server...');
      devServer.kill('SIGTERM');
      const timer = setTimeout(() => devServer!.kill('SIGKILL'), 10_000);
      await new Promise((r) => devServer!.once('exit', r));
      clearTimeout(timer);
    }
    log('stopped');
  }
}

main().catch((err) => {
  console.error(`[dunning] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
