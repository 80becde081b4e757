/**
 * `npm start`: the embedded default. Starts the official Temporal dev server (SQLite file, Web UI
 * on :8233) unless one already answers on TEMPORAL_ADDRESS, registers the search attributes, runs
 * the worker on task queue `dunning`, and stops everything on Ctrl-C / SIGTERM.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { codecKeysFromEnv, EncryptionCodec, NO_KEY_NOTICE } from '../config/codec';
import { connectOptions, connectionSettingsFromEnv } from '../config/connection';
import { createWorker } from '../worker';
import { describeSizing } from '../worker/sizing';
import { codecOriginsFromEnv, startCodecServer, type CodecServer } from './codec-server';
import { connectWithin, startDevServer, type DevServer } from './dev-server';
import { ensureSearchAttributes } from './search-attributes';
import { temporalCliPath } from './temporal-paths';

const log = (m: string) => console.log(`[dunning] ${m}`);

async function main() {
  // The SDK's INFO logs (webpack stats of the workflow bundle) drown what matters here.
  Runtime.install({ logger: new DefaultLogger((process.env.DUNNING_LOG_LEVEL as 'INFO') ?? 'WARN') });
  const settings = connectionSettingsFromEnv();
  const uiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
  // With a key, payloads are encrypted; a local codec server lets the dev server's UI show them.
  const keys = codecKeysFromEnv();
  let codecServer: CodecServer | undefined;
  if (keys) {
    codecServer = await startCodecServer({
      codec: new EncryptionCodec(keys),
      origins: codecOriginsFromEnv({ ...process.env, TEMPORAL_UI_PORT: String(uiPort) }),
      token: process.env.DUNNING_CODEC_SERVER_TOKEN || undefined,
      port: Number(process.env.DUNNING_CODEC_SERVER_PORT ?? 8888),
    });
    log(`payloads encrypted with key ${keys[0].id}; codec server for the Web UI on ${codecServer.url}`);
  } else {
    log(NO_KEY_NOTICE);
  }
  let devServer: DevServer | undefined;
  let sdkServer: TestWorkflowEnvironment | undefined;
  const connection = await connectWithin(1500, connectOptions(settings));
  if (connection) {
    log(`using the Temporal server already answering on ${settings.address}`);
    if (codecServer) log(`point its Web UI at the codec server: TEMPORAL_CODEC_ENDPOINT=${codecServer.url} (docs/security.md)`);
    const added = await ensureSearchAttributes(connection, settings.namespace);
    if (added.length) log(`registered search attributes: ${added.join(', ')}`);
    await connection.close();
  } else {
    const [host, port] = settings.address.split(':');
    if (!['localhost', '127.0.0.1', '::1'].includes(host)) {
      throw new Error(`no Temporal server answers on ${settings.address}; start it, or unset TEMPORAL_ADDRESS to use the local dev server`);
    }
    const dataDir = resolve(process.env.DUNNING_DATA_DIR ?? '.temporal');
    const dbFile = join(dataDir, 'dunning.sqlite');
    const logFile = join(dataDir, 'dev-server.log');
    const ip = host === 'localhost' ? '127.0.0.1' : host;
    if (temporalCliPath()) {
      log(`starting the Temporal dev server (data: ${dbFile}, log: ${logFile})...`);
      devServer = await startDevServer({ dbFile, logFile, ip, port: Number(port ?? 7233), ui: uiPort, namespace: settings.namespace, uiCodecEndpoint: codecServer?.url });
      if (devServer.addedSearchAttributes.length) log(`registered search attributes: ${devServer.addedSearchAttributes.join(', ')}`);
    } else {
      // No Go to build the CLI here: the SDK downloads the same official dev server (needs internet).
      log('the Temporal CLI is not provisioned: letting the Temporal SDK download its dev server...');
      mkdirSync(dataDir, { recursive: true });
      const env = await TestWorkflowEnvironment.createLocal({
        server: { dbFilename: dbFile, ip, port: Number(port ?? 7233), ui: true, uiPort, namespace: settings.namespace, extraArgs: codecServer ? ['--ui-codec-endpoint', codecServer.url] : [] },
      });
      await ensureSearchAttributes(env.connection, settings.namespace);
      sdkServer = env;
    }
  }

  const { worker, connection: workerConnection, sizing } = await createWorker();
  log(`worker: ${describeSizing(sizing)}`);
  if (devServer || sdkServer) log(`Temporal Web UI: http://localhost:${uiPort}/namespaces/${settings.namespace}/workflows`);
  if (devServer) {
    void devServer.exited.then((code) => {
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
    if (devServer && devServer.process.exitCode === null) {
      log('stopping the dev server...');
      await devServer.stop();
    }
    if (sdkServer) await sdkServer.teardown();
    await codecServer?.close();
    log('stopped');
  }
}

main().catch((err) => {
  console.error(`[dunning] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
