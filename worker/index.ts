import { NativeConnection, Worker } from '@temporalio/worker';
import { activitiesFromEnv } from '../activities';
import { connectOptions, connectionSettingsFromEnv } from '../config/connection';

/**
 * DUNNING_MAX_CACHED_WORKFLOWS caps the runs a worker keeps in memory (sticky cache). The SDK's
 * default follows the heap size (about 2,300 runs for a 4 GiB heap), more than a worker's heap
 * holds of these runs: see docs/cluster.md, "Sizing".
 */
function cacheFromEnv(): { maxCachedWorkflows?: number } {
  const raw = process.env.DUNNING_MAX_CACHED_WORKFLOWS;
  if (raw === undefined || raw === '') return {};
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`DUNNING_MAX_CACHED_WORKFLOWS must be a whole number, got "${raw}"`);
  return { maxCachedWorkflows: n };
}

/** Creates the worker on the configured task queue; the caller decides how long it runs. */
export async function createWorker() {
  const settings = connectionSettingsFromEnv();
  const connection = await NativeConnection.connect(connectOptions(settings));
  const worker = await Worker.create({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: activitiesFromEnv(),
    ...cacheFromEnv(),
  });
  return { worker, connection, settings };
}

async function main() {
  const { worker, connection, settings } = await createWorker();
  console.log(`worker: polling task queue '${settings.taskQueue}' on ${settings.address} (namespace ${settings.namespace})`);
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
