import { join } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { activitiesFromEnv } from '../activities';
import { codecDataConverter, codecKeysFromEnv, NO_KEY_NOTICE } from '../config/codec';
import { connectOptions, connectionSettingsFromEnv } from '../config/connection';
import { describeSizing, workerSizing } from './sizing';

/**
 * Creates the worker on the configured task queue; the caller decides how long it runs. With
 * DUNNING_CODEC_KEYS / DUNNING_CODEC_KEY_FILE every payload is encrypted (config/codec.ts).
 */
export async function createWorker(env: NodeJS.ProcessEnv = process.env) {
  const settings = connectionSettingsFromEnv(env);
  const keys = codecKeysFromEnv(env);
  const sizing = workerSizing(env);
  const connection = await NativeConnection.connect(connectOptions(settings));
  const worker = await Worker.create({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    workflowsPath: join(__dirname, '..', 'workflows', 'index.ts'),
    activities: activitiesFromEnv(env),
    dataConverter: codecDataConverter(keys),
    maxCachedWorkflows: sizing.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: sizing.maxConcurrentWorkflowTaskExecutions,
    maxConcurrentActivityTaskExecutions: sizing.maxConcurrentActivityTaskExecutions,
  });
  return { worker, connection, settings, sizing, encryptionKeyId: keys?.[0].id };
}

async function main() {
  const { worker, connection, settings, sizing, encryptionKeyId } = await createWorker();
  console.log(encryptionKeyId ? `worker: payloads encrypted with key ${encryptionKeyId}` : `worker: ${NO_KEY_NOTICE}`);
  console.log(`worker: polling task queue '${settings.taskQueue}' on ${settings.address} (namespace ${settings.namespace}); ${describeSizing(sizing)}`);
  // Worker.run() installs SIGINT/SIGTERM handlers that drain in-flight tasks before returning.
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`worker: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
