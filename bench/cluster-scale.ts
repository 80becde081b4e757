/**
 * `npm run bench:cluster [-- --target cluster|dev --n 20000]`: the product at scale on a fresh
 * multi-service cluster (PostgreSQL) or on the dev server (SQLite), same machine, same workload:
 * - `dunning start --file` of n invoices (coordinated per debtor, the CLI's default) driven to
 *   their first wait by two worker processes, against bare `workflow.start` calls of an empty
 *   workflow on the same server in the same run (half before, half after);
 * - worker RSS (peak and at the end);
 * - latency (p50/p95 of --queries runs) of `dunning list` (visibility: its first page, and every
 *   row), of a count, and of one invoice's history and state (history service, worker replay).
 * The invoices fall due in 30 to 60 days, so each run's first wait is the pre-due call's timer.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client, type Connection } from '@temporalio/client';
import { Command } from 'commander';
import { mapBounded } from '../client/bulk-start';
import { Cluster } from '../scripts/cluster/cluster';
import { startProc, waitFor, type Proc } from '../scripts/cluster/proc';
import { rssMiB, workerProcSpec } from '../scripts/cluster/workers';
import { connectWithin, startDevServer, type DevServer } from '../scripts/dev-server';
import { getDebtorState } from '../workflows/messages';
import { generateInvoicesCsv } from './generate-invoices';
import { latencyProbes } from './latency-probes';

const opts = new Command('bench-cluster')
  .option('--target <t>', 'cluster (PostgreSQL, 4 services) or dev (temporal server start-dev, SQLite)', 'cluster')
  .option('--n <n>', 'invoices (and baseline starts)', (v) => Number(v), 20_000)
  .option('--concurrency <n>', 'starts in flight (CLI and baseline)', (v) => Number(v), 32)
  .option('--queries <n>', 'repetitions of each latency probe', (v) => Number(v), 20)
  .option('--port <n>', 'frontend port', (v) => Number(v), 27233)
  .option('--pg-port <n>', 'PostgreSQL port (cluster)', (v) => Number(v), 55434)
  .option('--out <file>', 'append the JSON result to this file')
  .option('--worker-cache <n>', 'DUNNING_MAX_CACHED_WORKFLOWS of the workers (default: sized from their heap, worker/sizing.ts)')
  .option('--first-wait-timeout <s>', 'stop waiting for the first wait after this long and measure the rest', (v) => Number(v), 900)
  .option('--max-rss <MiB>', 'stop the bench (and say so) if a worker grows past this', (v) => Number(v), 6144)
  .parse()
  .opts<{ target: string; n: number; concurrency: number; queries: number; port: number; pgPort: number; out?: string; maxRss: number; firstWaitTimeout: number; workerCache?: string }>();

const ROOT = resolve(__dirname, '..');
const run = promisify(execFile);
const t0 = Date.now();
const log = (m: string) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TASK_QUEUE = 'dunning-bench';
const NOBODY = 'dunning-bench-baseline'; // no worker polls it: the baseline's runs only start
const day = (add: number) => new Date(Date.now() + add * 86_400_000).toISOString().slice(0, 10);

/** generate-invoices' export, moved in time: issued today, due in 30 to 60 days. */
function futureInvoicesCsv(n: number, prefix: string): string {
  const [header, ...rows] = generateInvoicesCsv(n, prefix).trimEnd().split('\n');
  // Columns 16 and 17 (issue_date, due_date) come before the only quoted one (amount, 18th).
  const out = rows.map((line, i) => {
    const c = line.split(',');
    c[15] = day(0);
    c[16] = day(30 + (i % 31));
    return c.join(',');
  });
  return `${[header, ...out].join('\n')}\n`;
}

/** Workflow and activity backlogs of the task queue (server-side approximate counts). */
async function backlog(connection: Connection): Promise<number> {
  let total = 0;
  for (const taskQueueType of [1, 2]) {
    const d = await connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: TASK_QUEUE }, taskQueueType, reportStats: true });
    total += Number(d.stats?.approximateBacklogCount ?? 0);
  }
  return total;
}

async function main() {
  const dir = resolve(`.temporal/bench-${opts.target}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let cluster: Cluster | undefined;
  let dev: DevServer | undefined;
  const workers: Proc[] = [];
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
  process.on('exit', () => {
    for (const w of workers) if (w.alive()) w.child.kill('SIGKILL');
    cluster?.killAllNow();
    if (dev?.process.exitCode === null) dev.process.kill('SIGKILL');
  });

  // Other work on the machine weighs on every figure: recorded with them.
  const loadStart = loadavg().map((l) => Math.round(l * 10) / 10);
  const tUp = Date.now();
  let address: string;
  if (opts.target === 'cluster') {
    cluster = new Cluster({ dir, frontendPort: opts.port, pgPort: opts.pgPort, uiPort: false, workers: 0, namespace: 'default', taskQueue: TASK_QUEUE, log: (m) => log(`cluster: ${m}`) });
    await cluster.start();
    address = cluster.address;
  } else if (opts.target === 'dev') {
    // Durable like `npm start` (no relaxed SQLite pragmas): the cluster's PostgreSQL syncs too.
    dev = await startDevServer({ dbFile: join(dir, 'dev.sqlite'), logFile: join(dir, 'dev-server.log'), port: opts.port, ui: 'headless' });
    address = dev.address;
  } else {
    throw new Error(`--target: cluster or dev, not ${opts.target}`);
  }
  const upMs = Date.now() - tUp;
  log(`${opts.target} up on ${address} in ${(upMs / 1000).toFixed(1)} s`);

  const connection = (await connectWithin(30_000, { address }))!;
  const client = new Client({ connection, namespace: 'default' });
  for (let i = 1; i <= 2; i++) {
    workers.push(startProc(workerProcSpec({ name: `worker-${i}`, address, namespace: 'default', taskQueue: TASK_QUEUE, logFile: join(dir, `worker-${i}.log`), env: { DUNNING_OUTBOX_DIR: join(dir, 'outbox'), ...(opts.workerCache ? { DUNNING_MAX_CACHED_WORKFLOWS: opts.workerCache } : {}) } })));
  }
  await waitFor('2 workers polling', 120_000, async () => {
    const d = await connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: TASK_QUEUE }, taskQueueType: 1 });
    return (d.pollers?.length ?? 0) >= 2;
  });
  // What each worker sized itself to (worker/index.ts prints it when it starts polling).
  const sizing = workers.map((w) => /; (heap .*)$/m.exec(readFileSync(w.spec.logFile, 'utf8'))?.[1] ?? 'unknown');
  log(`workers: ${sizing.join(' | ')}`);
  const rss = workers.map(() => ({ peak: 0, idle: 0, end: 0 }));
  let progress = '';
  const sampleRss = () => workers.forEach((w, i) => {
    const m = rssMiB(w.pid) ?? 0;
    rss[i].peak = Math.max(rss[i].peak, m);
    rss[i].end = m;
    if (m > opts.maxRss) {
      // A shared 24 GiB machine: stop before the kernel's OOM killer picks someone else's process.
      const stats = JSON.stringify({ target: opts.target, n: opts.n, stoppedBecause: `worker-${i + 1} RSS ${m} MiB > ${opts.maxRss} MiB`, workerRssMiB: rss, debtorsSoFar: progress });
      console.log(stats);
      if (opts.out) appendFileSync(opts.out, `${stats}\n`);
      process.exit(3);
    }
  });
  sampleRss();
  rss.forEach((r) => (r.idle = r.end));
  // Server side: each cluster process (or the single dev server), peak RSS.
  const serverRss: Record<string, number> = {};
  const sampleServer = () => {
    const procs: Array<[string, number]> = cluster ? [...cluster.procs].map(([n, p]) => [n, p.pid]) : dev?.process.pid ? [['dev-server', dev.process.pid]] : [];
    for (const [name, pid] of procs) serverRss[name] = Math.max(serverRss[name] ?? 0, rssMiB(pid) ?? 0);
  };
  const sampler = setInterval(() => {
    sampleRss();
    sampleServer();
  }, 500);

  const tag = `B${Date.now().toString(36)}`;
  const csv = join(dir, 'invoices.csv');
  writeFileSync(csv, futureInvoicesCsv(opts.n, tag));
  const bare = (prefix: string, n: number) =>
    mapBounded(Array.from({ length: n }, (_, i) => i), opts.concurrency, (i) =>
      client.workflow.start('benchEmptyWorkflow', { taskQueue: NOBODY, workflowId: `${prefix}-${i}` }),
    );
  await bare(`${tag}-warmup`, 300);
  const half = Math.floor(opts.n / 2);
  let s = performance.now();
  await bare(`${tag}-base-a`, half);
  let baseMs = performance.now() - s;
  log(`baseline, first half: ${half} bare starts in ${(baseMs / 1000).toFixed(1)} s`);

  // The real path: `dunning start --file` as a user runs it (process start, parse, bulk start).
  s = performance.now();
  const { stdout } = await run(process.execPath, [join(ROOT, 'bin', 'dunning.js'), 'start', '--file', csv, '--concurrency', String(opts.concurrency), '--output', 'json'], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_TASK_QUEUE: TASK_QUEUE },
    maxBuffer: 512 * 1024 * 1024,
  });
  const cliMs = performance.now() - s;
  const started = (JSON.parse(stdout) as { started: number; failed: number });
  if (started.started !== opts.n) throw new Error(`the CLI started ${started.started} of ${opts.n} (failed ${started.failed})`);
  log(`dunning start --file: ${opts.n} invoices in ${(cliMs / 1000).toFixed(1)} s = ${Math.round(opts.n / (cliMs / 1000))}/s`);

  // Driven to their first wait: every invoice handed its first touch to its debtor (the debtors'
  // own word, by query) and nothing left in the workflow and activity backlogs. Backlogs alone
  // miss tasks already in a worker's hands, hence the debtors' count.
  const debtorIds = async () => {
    const ids: string[] = [];
    for await (const w of client.workflow.list({ query: `WorkflowType = 'debtorWorkflow' AND TaskQueue = '${TASK_QUEUE}'`, pageSize: 1000 })) ids.push(w.workflowId);
    return ids;
  };
  const syncedCount = async (ids: string[]) =>
    (await mapBounded(ids, 8, async (id) => Object.keys((await client.workflow.getHandle(id).query(getDebtorState)).invoices).length)).reduce((a, b) => a + b, 0);
  let debtors: string[] = [];
  let syncedTotal = 0;
  let drivenMs = 0;
  const giveUpAt = performance.now() + opts.firstWaitTimeout * 1000;
  for (let quiet = 0, lastLog = 0; ; ) {
    await sleep(1000);
    const b = await backlog(connection).catch(() => -1);
    quiet = b === 0 ? quiet + 1 : 0;
    if (performance.now() > giveUpAt) {
      debtors = await debtorIds();
      syncedTotal = await syncedCount(debtors).catch(() => -1);
      progress = `${syncedTotal} of ${opts.n} invoices handed to ${debtors.length} debtors, backlog ${b} tasks`;
      log(`first wait: gave up after ${opts.firstWaitTimeout} s: ${progress}`);
      break;
    }
    if (performance.now() - lastLog > 30_000) {
      lastLog = performance.now();
      log(`workflow + activity backlog: ${b} tasks`);
    }
    if (quiet < 2) continue;
    const at = performance.now();
    debtors = await debtorIds();
    syncedTotal = await syncedCount(debtors);
    if (syncedTotal >= opts.n) {
      drivenMs = at - s;
      break;
    }
    progress = `${syncedTotal} of ${opts.n} invoices handed to ${debtors.length} debtors`;
    log(`backlogs empty, ${progress} so far`);
  }
  if (drivenMs) log(`first wait reached by all ${opts.n}: ${(drivenMs / 1000).toFixed(1)} s after the CLI started = ${Math.round(opts.n / (drivenMs / 1000))} invoices/s (${debtors.length} debtor workflows)`);

  s = performance.now();
  await bare(`${tag}-base-b`, opts.n - half);
  baseMs += performance.now() - s;
  const baseline = Math.round(opts.n / (baseMs / 1000));
  log(`bare workflow.start baseline: ${baseline} starts/s (${(baseMs / 1000).toFixed(1)} s, half before, half after)`);

  const latencies = await latencyProbes(client, tag, opts.n, opts.queries, log);
  clearInterval(sampler);
  sampleRss();

  const result = {
    target: opts.target,
    n: opts.n,
    concurrency: opts.concurrency,
    workerCache: opts.workerCache ?? 'from the heap',
    upSeconds: Math.round(upMs / 100) / 10,
    cliInvoicesPerSec: Math.round(opts.n / (cliMs / 1000)),
    firstWaitInvoicesPerSec: drivenMs ? Math.round(opts.n / (drivenMs / 1000)) : null,
    firstWaitGaveUp: drivenMs ? null : { afterSeconds: opts.firstWaitTimeout, progress },
    baselineStartsPerSec: baseline,
    ratioCliToBaseline: Math.round((opts.n / (cliMs / 1000) / baseline) * 100) / 100,
    debtors: debtors.length,
    invoicesSyncedToDebtors: syncedTotal,
    workerSizing: sizing,
    workerRssMiB: rss,
    serverPeakRssMiB: serverRss,
    // A worker that died during the run (e.g. its workflow thread out of memory) says so here.
    workers: workers.map((w) => (w.alive() ? 'running' : `exited ${w.child.exitCode ?? w.child.signalCode}; see ${w.spec.logFile}`)),
    loadAverage: { start: loadStart, end: loadavg().map((l) => Math.round(l * 10) / 10) },
    latencyMs: latencies,
  };
  console.log(JSON.stringify(result));
  if (opts.out) appendFileSync(opts.out, `${JSON.stringify(result)}\n`);

  await connection.close();
  await Promise.all(workers.map((w) => w.stop('SIGTERM', 20_000)));
  if (cluster) await cluster.stop();
  if (dev) await dev.stop();
  log('stopped');
}

main().catch((err) => {
  console.error(`[bench] ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
