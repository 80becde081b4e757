/**
 * `npm run bench:hold -- --n 100000 [--heap 2048]`: can ONE worker hold that many open invoices?
 * A throwaway dev server, a worker process with the given heap limit and the product's own cache
 * sizing (worker/sizing.ts: older workflows are evicted and replayed when they next wake), N
 * invoices of the default policy due in 60 days (half coordinated, 20 per debtor), started with
 * bounded concurrency. Prints progress every 10 s (started, runs past their first task, worker
 * RSS), then the peak RSS and whether the worker survived.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Command } from 'commander';
import { mapBounded } from '../client/bulk-start';
import { startOptionsFor } from '../client/start-options';
import { addDays } from '../domain/time/calendar';
import { InvoiceSchema } from '../domain/invoice/schema';
import { startDevServer } from '../scripts/dev-server';
import { SA } from '../workflows/search-attributes';
import { stopWorker } from './stop-worker';
import { sampleInvoice } from '../test/helpers/fixtures';

const opts = new Command('bench:hold')
  .option('--n <n>', 'open invoices', (v) => Number(v), 100_000)
  .option('--heap <mb>', "the worker's heap limit", (v) => Number(v), 2048)
  .option('--concurrency <n>', 'starts in flight', (v) => Number(v), 64)
  .parse()
  .opts<{ n: number; heap: number; concurrency: number }>();
const log = (m: string) => console.log(`[bench:hold ${new Date().toISOString().slice(11, 19)}] ${m}`);
const MB = 1024 * 1024;

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'dunning-bench-hold-'));
  const server = await startDevServer({ dbFile: join(tmp, 'dev.sqlite'), logFile: join(tmp, 'dev.log'), ui: 'headless', sqlitePragmas: { journal_mode: 'wal', synchronous: 'off' } });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const taskQueue = 'bench-hold';
  let worker: ChildProcess | undefined;
  let peak = 0;
  let last = { rss: 0, heapUsed: 0 };
  let died: string | undefined;
  try {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error } });
    const bundle = join(tmp, 'bundle.js');
    writeFileSync(bundle, code);
    worker = fork(join(__dirname, 'memory-worker.ts'), [], {
      execArgv: ['--expose-gc', `--max-old-space-size=${opts.heap}`, '--require', require.resolve('tsx/cjs')],
      env: { ...process.env, TEMPORAL_ADDRESS: server.address, BENCH_TASK_QUEUE: taskQueue, BENCH_BUNDLE: bundle, BENCH_MAX_CACHED: '' },
    });
    worker.on('exit', (code, signal) => (died = `worker exited (${signal ?? code})`));
    worker.on('message', (m) => {
      if (typeof m === 'object' && m && 'rss' in m) {
        last = m as typeof last;
        peak = Math.max(peak, last.rss);
      }
    });
    await new Promise<void>((resolve) => worker!.once('message', () => resolve()));
    const sampler = setInterval(() => worker?.connected && worker.send('rss'), 2000);
    const due = addDays(new Date().toISOString().slice(0, 10), 60);
    let started = 0;
    const t0 = Date.now();
    const progress = setInterval(async () => {
      const waiting = await countPastFirstTask(client).catch(() => -1);
      log(`started ${started}/${opts.n}, past their first task ${waiting}, worker RSS ${(last.rss / MB).toFixed(0)} MB (heap ${(last.heapUsed / MB).toFixed(0)} MB), peak ${(peak / MB).toFixed(0)} MB${died ? `, ${died}` : ''}`);
    }, 10_000);
    await mapBounded(Array.from({ length: opts.n }, (_, i) => i), opts.concurrency, async (i) => {
      if (died) return;
      const invoice = InvoiceSchema.parse(sampleInvoice({ invoiceId: `HOLD-${i}`, issueDate: addDays(due, -30), dueDate: due, debtor: { ...sampleInvoice().debtor, debtorId: `HOLDD-${Math.floor(i / 20)}` } }));
      await client.workflow.start('dunningWorkflow', startOptionsFor(invoice, { taskQueue, coordinated: i % 2 === 0 }));
      started += 1;
    });
    log(`all ${started} started in ${((Date.now() - t0) / 1000).toFixed(0)} s (${Math.round(started / ((Date.now() - t0) / 1000))}/s)`);
    for (;;) {
      const waiting = await countPastFirstTask(client);
      if (waiting >= opts.n || died) break;
      await new Promise((r) => setTimeout(r, 10_000));
    }
    clearInterval(progress);
    clearInterval(sampler);
    log(`${opts.n} invoices open and past their first task after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    console.log(`hold: ${opts.n} open invoices on one worker with a ${opts.heap} MB heap: ${died ?? 'worker alive'}, peak RSS ${(peak / MB).toFixed(0)} MB, last heap ${(last.heapUsed / MB).toFixed(0)} MB`);
  } finally {
    if (worker) await stopWorker(worker);
    await connection.close();
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs whose first task ran: only the workflow sets DunningDaysPastDue (the start options do not). */
async function countPastFirstTask(client: Client): Promise<number> {
  const r = await client.workflow.count(`WorkflowType = 'dunningWorkflow' AND ${SA.daysPastDue.name} >= 0`);
  return r.count;
}

main().catch((err) => {
  console.error(`[bench:hold] ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
});
