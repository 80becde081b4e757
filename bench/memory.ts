/**
 * `npm run bench:memory [-- --n 300]`: what an open invoice workflow costs a worker, side by side
 * with a trivial workflow (`sleeperWorkflow`: it only sleeps), on the same dev server in the same
 * run. Each kind runs in a fresh worker process (its RSS after a full GC, before and after the N
 * runs reached their first wait); first workflow task times come from the runs' histories.
 * Invoices use the default policy, due in 60 days (so each waits on its first timer), half of them
 * coordinated over N/5 debtors (the debtors' workflows are counted in the invoices' cost).
 * Ends with one line:
 *   memory: <x> MB per invoice, <y> MB per trivial workflow, ratio <r>; first task <a> ms vs <b> ms, ratio <q>
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, type WorkflowStartOptions } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Command } from 'commander';
import { mapBounded } from '../client/bulk-start';
import { startOptionsFor } from '../client/start-options';
import { InvoiceSchema } from '../domain/invoice/schema';
import { startDevServer } from '../scripts/dev-server';
import { sampleInvoice } from '../test/helpers/fixtures';
import { stopWorker } from './stop-worker';

const opts = new Command('bench:memory')
  .option('--n <n>', 'runs of each kind', (v) => Number(v), 300)
  .option('--concurrency <n>', 'starts in flight', (v) => Number(v), 32)
  .parse()
  .opts<{ n: number; concurrency: number }>();
const log = (m: string) => console.log(`[bench:memory] ${m}`);
const MB = 1024 * 1024;

interface Phase {
  mbPerRun: number;
  firstTaskMs: { mean: number; p95: number };
  /** From the first start to the last run's first timer. */
  allWaitingMs: number;
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'dunning-bench-memory-'));
  const server = await startDevServer({ dbFile: join(tmp, 'dev.sqlite'), logFile: join(tmp, 'dev.log'), ui: 'headless', sqlitePragmas: { journal_mode: 'wal', synchronous: 'off' } });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  try {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error } });
    const bundle = join(tmp, 'bundle.js');
    writeFileSync(bundle, code);
    log(`dev server ${server.address}; bundle ${(code.length / 1024).toFixed(0)} KB; n = ${opts.n}`);

    const trivial = await phase(client, server.address, bundle, 'trivial', (i) => ['sleeperWorkflow', { workflowId: `sleeper-${i}`, args: [] }]);
    log(`trivial: ${trivial.mbPerRun.toFixed(3)} MB per run, first task mean ${trivial.firstTaskMs.mean.toFixed(1)} ms (p95 ${trivial.firstTaskMs.p95.toFixed(1)}), all waiting after ${(trivial.allWaitingMs / 1000).toFixed(1)} s`);
    const invoices = await phase(client, server.address, bundle, 'invoices', (i, taskQueue) => {
      const invoice = InvoiceSchema.parse(sampleInvoice({ invoiceId: `MEM-${i}`, issueDate: '2027-01-04', dueDate: '2027-03-05', debtor: { debtorId: `MEMD-${i % Math.max(1, Math.floor(opts.n / 10))}` } }));
      const o = startOptionsFor(invoice, { taskQueue, coordinated: i % 2 === 0 });
      return ['dunningWorkflow', { ...o, taskQueue }];
    });
    log(`invoices: ${invoices.mbPerRun.toFixed(3)} MB per run, first task mean ${invoices.firstTaskMs.mean.toFixed(1)} ms (p95 ${invoices.firstTaskMs.p95.toFixed(1)}), all waiting after ${(invoices.allWaitingMs / 1000).toFixed(1)} s`);
    const r = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
    console.log(
      `memory: ${invoices.mbPerRun.toFixed(3)} MB per invoice, ${trivial.mbPerRun.toFixed(3)} MB per trivial workflow, ratio ${r(invoices.mbPerRun, trivial.mbPerRun)}; ` +
        `first task ${invoices.firstTaskMs.mean.toFixed(1)} ms vs ${trivial.firstTaskMs.mean.toFixed(1)} ms, ratio ${r(invoices.firstTaskMs.mean, trivial.firstTaskMs.mean)}`,
    );
  } finally {
    await connection.close();
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

type StartSpec = [string, { workflowId: string; args: readonly unknown[] } & Record<string, unknown>];

async function phase(client: Client, address: string, bundle: string, name: string, spec: (i: number, taskQueue: string) => StartSpec): Promise<Phase> {
  const taskQueue = `bench-memory-${name}`;
  const worker = await startWorker(address, bundle, taskQueue);
  try {
    const start = (from: number, to: number) =>
      mapBounded(Array.from({ length: to - from }, (_, k) => from + k), opts.concurrency, async (i) => {
        const [type, o] = spec(i, taskQueue);
        // Two kinds of workflow under one bench: the options are built above for each type.
        return client.workflow.start(type, { ...o, taskQueue } as WorkflowStartOptions);
      });
    // Warm-up: JIT, the bundle's first contexts, the server's caches; not measured.
    const warm = Math.min(20, opts.n);
    const warmHandles = await start(opts.n, opts.n + warm);
    await waitFirstTimers(client, warmHandles.map((h) => h.workflowId));
    const before = await rss(worker);
    const t0 = Date.now();
    const handles = await start(0, opts.n);
    const ids = handles.map((h) => h.workflowId);
    const firstTasks = await waitFirstTimers(client, ids);
    const allWaitingMs = Math.max(...firstTasks.map((f) => f.timerAt)) - t0;
    const after = await rss(worker);
    const durations = firstTasks.map((f) => f.taskMs).sort((a, b) => a - b);
    return {
      mbPerRun: (after - before) / MB / opts.n,
      firstTaskMs: { mean: durations.reduce((t, d) => t + d, 0) / durations.length, p95: durations[Math.floor(durations.length * 0.95)] },
      allWaitingMs,
    };
  } finally {
    await stopWorker(worker);
  }
}

function startWorker(address: string, bundle: string, taskQueue: string): Promise<ChildProcess> {
  const child = fork(join(__dirname, 'memory-worker.ts'), [], {
    execArgv: ['--expose-gc', '--require', require.resolve('tsx/cjs')],
    env: { ...process.env, TEMPORAL_ADDRESS: address, BENCH_TASK_QUEUE: taskQueue, BENCH_BUNDLE: bundle, BENCH_MAX_CACHED: String(opts.n * 3 + 100) },
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => (m === 'ready' ? resolve(child) : reject(new Error(String(m)))));
    child.once('exit', (code) => reject(new Error(`bench worker exited (${code})`)));
  });
}

function rss(worker: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    worker.once('message', (m) => resolve((m as { rss: number }).rss));
    worker.send('rss');
  });
}

/** Waits until every run has started its first timer; answers each first task's duration (server clock). */
async function waitFirstTimers(client: Client, ids: string[]): Promise<Array<{ taskMs: number; timerAt: number }>> {
  const out: Array<{ taskMs: number; timerAt: number }> = [];
  await mapBounded(ids, 16, async (id) => {
    for (;;) {
      const events = (await client.workflow.getHandle(id).fetchHistory()).events ?? [];
      const timer = events.find((e) => e.timerStartedEventAttributes);
      if (timer) {
        const t = (e: (typeof events)[number] | undefined) => (e?.eventTime ? Number(e.eventTime.seconds) * 1000 + Math.floor((e.eventTime.nanos ?? 0) / 1e6) : 0);
        const started = events.find((e) => e.workflowTaskStartedEventAttributes);
        const completed = events.find((e) => e.workflowTaskCompletedEventAttributes);
        out.push({ taskMs: t(completed) - t(started), timerAt: t(timer) });
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  return out;
}

main().catch((err) => {
  console.error(`[bench:memory] ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
});
