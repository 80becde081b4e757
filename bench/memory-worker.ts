/**
 * The bench's worker, in its own process so that its memory is measured alone: polls one task
 * queue with a prebuilt bundle and answers `rss` requests (after a full GC) over IPC.
 * Run with --expose-gc. Env: TEMPORAL_ADDRESS, BENCH_TASK_QUEUE, BENCH_BUNDLE, BENCH_MAX_CACHED (else
 * worker/sizing.ts decides from the heap, as in production).
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createRecordingActivities } from '../test/helpers/recording-activities';
import { workerSizing } from '../worker/sizing';

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.BENCH_TASK_QUEUE!,
    workflowBundle: { codePath: process.env.BENCH_BUNDLE! },
    activities: createRecordingActivities(),
    // The bench may ask for a cache that holds every run; otherwise the product's own sizing.
    maxCachedWorkflows: process.env.BENCH_MAX_CACHED ? Number(process.env.BENCH_MAX_CACHED) : workerSizing().maxCachedWorkflows,
  });
  process.on('message', (m: unknown) => {
    if (m !== 'rss') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const u = process.memoryUsage();
    process.send?.({ rss: u.rss, heapUsed: u.heapUsed });
  });
  process.on('disconnect', () => worker.shutdown());
  process.send?.('ready');
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  console.error(`bench worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
