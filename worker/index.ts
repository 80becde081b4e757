import { NativeConnection, Worker } from '@temporalio/worker';
import { activitiesFromEnv } from '../activities';
import { connectOptions, connectionSettingsFromEnv } from '../config/connection';
import { describeSizing, workerSizing } from './sizing';

/** Creates the worker on the configured task queue; the caller decides how long it runs. */
export async function createWorker() {
  const settings = connectionSettingsFromEnv();
  const sizing = workerSizing();
  const connection = await NativeConnection.connect(connectOptions(settings));
  const worker = await Worker.create({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: activitiesFromEnv(),
    maxCachedWorkflows: sizing.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: sizing.maxConcurrentWorkflowTaskExecutions,
    maxConcurrentActivityTaskExecutions: sizing.maxConcurrentActivityTaskExecutions,
  });
  return { worker, connection, settings, sizing };
}

async function main() {
  const { worker, connection, settings, sizing } = await createWorker();
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
