/**
 * `npm run cluster`: the product on a real multi-service Temporal cluster on this machine
 * (docs/cluster.md). Brings up PostgreSQL, the four Temporal services, the Web UI and two
 * dunning workers; Ctrl-C (or SIGTERM) stops all of them, PostgreSQL last.
 */
import { resolve } from 'node:path';
import { connectionSettingsFromEnv } from '../../config/connection';
import { Cluster } from './cluster';

const log = (m: string) => console.log(`[cluster] ${m}`);
const intEnv = (name: string, dflt: number) => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${v}"`);
  return n;
};

async function main() {
  const settings = connectionSettingsFromEnv();
  const uiPort = intEnv('TEMPORAL_UI_PORT', 8080);
  const cluster = new Cluster({
    dir: resolve(process.env.DUNNING_CLUSTER_DIR ?? '.temporal/cluster'),
    frontendPort: intEnv('DUNNING_CLUSTER_PORT', 7233),
    pgPort: intEnv('DUNNING_CLUSTER_PG_PORT', 55432),
    uiPort: uiPort === 0 ? false : uiPort,
    workers: intEnv('DUNNING_CLUSTER_WORKERS', 2),
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    log,
  });
  let stopping: Promise<void> | undefined;
  let firstSignalAt = 0;
  const shutdown = (signal: string) => {
    // Ctrl-C under npm arrives twice (from the terminal, and forwarded by npm): only a second
    // press, a moment later, means "now".
    if (stopping && Date.now() - firstSignalAt < 2000) return;
    if (stopping) {
      log(`${signal} again: killing everything now`);
      cluster.killAllNow();
      process.exit(130);
    }
    firstSignalAt = Date.now();
    log(`${signal}: stopping workers, Web UI, Temporal services, then PostgreSQL...`);
    stopping = cluster.stop().then(() => {
      log('stopped');
      process.exit(0);
    });
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, () => shutdown(s));
  process.on('exit', () => cluster.killAllNow());

  const t0 = Date.now();
  await cluster.start();
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s. TEMPORAL_ADDRESS=${cluster.address} for the dunning CLI; logs in ${cluster.logFile('*')}. Ctrl-C to stop.`);
}

main().catch((err) => {
  console.error(`[cluster] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
