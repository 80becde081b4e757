/**
 * `npm run cluster`: the product on a real multi-service Temporal cluster on this machine
 * (docs/cluster.md). Brings up PostgreSQL, the four Temporal services, the Web UI and two
 * dunning workers; Ctrl-C (or SIGTERM) stops all of them, PostgreSQL last.
 */
import { resolve } from 'node:path';
import { codecKeysFromEnv, EncryptionCodec, NO_KEY_NOTICE } from '../../config/codec';
import { connectionSettingsFromEnv } from '../../config/connection';
import { codecOriginsFromEnv, startCodecServer, type CodecServer } from '../codec-server';
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
  // With a key (DUNNING_CODEC_KEYS / DUNNING_CODEC_KEY_FILE, passed on to the workers) payloads are
  // encrypted; as with npm start, a codec server lets the Web UI show them decrypted.
  const keys = codecKeysFromEnv();
  let codecServer: CodecServer | undefined;
  if (keys && uiPort !== 0) {
    codecServer = await startCodecServer({
      codec: new EncryptionCodec(keys),
      origins: codecOriginsFromEnv({ ...process.env, TEMPORAL_UI_PORT: String(uiPort) }),
      token: process.env.DUNNING_CODEC_SERVER_TOKEN || undefined,
      port: intEnv('DUNNING_CODEC_SERVER_PORT', 8888),
    });
    log(`payloads encrypted with key ${keys[0].id}; codec server for the Web UI on ${codecServer.url}`);
  } else if (!keys) {
    log(NO_KEY_NOTICE);
  }
  const cluster = new Cluster({
    dir: resolve(process.env.DUNNING_CLUSTER_DIR ?? '.temporal/cluster'),
    frontendPort: intEnv('DUNNING_CLUSTER_PORT', 7233),
    pgPort: intEnv('DUNNING_CLUSTER_PG_PORT', 55432),
    uiPort: uiPort === 0 ? false : uiPort,
    uiCodecEndpoint: codecServer?.url,
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
    stopping = cluster.stop().then(async () => {
      await codecServer?.close();
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
