/**
 * The production worker as its own OS process, so the chaos test can SIGKILL it: the real
 * activities (activitiesFromEnv: SENDGRID_API_KEY, SENDGRID_BASE_URL, DUNNING_OUTBOX_DIR...) and
 * the real workflows, loaded from a bundle built once by the harness (CHAOS_WORKFLOW_BUNDLE), so a
 * restart takes a second or two instead of a fresh webpack build.
 *
 * Started by worker-supervisor.ts with an IPC channel: it sends { ready: true } once polling, and
 * exits by itself when the channel closes (the harness is gone), so it never outlives it.
 * Connection settings are the worker's usual TEMPORAL_* variables (config/connection.ts).
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { activitiesFromEnv } from '../../activities';
import { connectOptions, connectionSettingsFromEnv } from '../../config/connection';

export const BUNDLE_ENV = 'CHAOS_WORKFLOW_BUNDLE';

async function main(): Promise<void> {
  const codePath = process.env[BUNDLE_ENV];
  if (!codePath) throw new Error(`${BUNDLE_ENV} is not set (path of a bundle from bundleWorkflowCode)`);
  Runtime.install({ logger: new DefaultLogger((process.env.DUNNING_LOG_LEVEL as 'WARN' | undefined) ?? 'WARN') });
  const settings = connectionSettingsFromEnv();
  const connection = await NativeConnection.connect(connectOptions(settings));
  const worker = await Worker.create({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    workflowBundle: { codePath },
    activities: activitiesFromEnv(),
  });
  const running = worker.run();
  process.send?.({ ready: true, pid: process.pid });
  try {
    await running;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

if (require.main === module) {
  // The harness went away (even by SIGKILL): do not linger as an orphan.
  process.on('disconnect', () => process.exit(0));
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`chaos worker ${process.pid}: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
