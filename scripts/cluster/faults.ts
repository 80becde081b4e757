/**
 * `npm run cluster:faults`: the product on a fresh multi-service cluster while its parts fail.
 * Starts invoices on the fast policy (half coordinated per debtor, half per invoice) through the
 * `dunning` CLI, then, with runs live: kill -9 of a worker, of the history, matching and frontend
 * services (each brought back by the supervisor), and an immediate restart of PostgreSQL. When
 * every run has closed (or the deadline passed) it audits the sends (scripts/chaos/audit.ts) and
 * ends with one line:
 *   cluster-faults: <n> finished, <n> stuck, <n> failed, <n> sent twice, <n> untraced
 * Exit code 0 only when stuck, failed, sent twice and untraced are all 0.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from '@temporalio/client';
import { Command } from 'commander';
import { auditSends } from '../chaos/audit';
import { startFakeSendGrid } from '../chaos/fake-sendgrid';
import { collectTraces, readPostalLog, runOutcomes } from '../chaos/sources';
import { Cluster } from './cluster';
import { cliStart, writeInvoiceCsv } from './workload';

const opts = new Command('cluster-faults')
  .option('--invoices <n>', 'invoices, half coordinated', (v) => Number(v), 200)
  .option('--port <n>', 'frontend port (others derive from it)', (v) => Number(v), 17233)
  .option('--pg-port <n>', 'PostgreSQL port', (v) => Number(v), 55433)
  .option('--gap <s>', 'seconds between two faults', (v) => Number(v), 12)
  .option('--latency <ms>', 'fake SendGrid answer time', (v) => Number(v), 400)
  .option('--deadline <s>', 'how long runs may take to close after the last fault', (v) => Number(v), 600)
  .option('--settle <s>', 'give up earlier when the number of live runs has not moved for this long', (v) => Number(v), 240)
  .option('--no-faults', 'the same run without any fault (control)')
  .option('--dir <path>', 'cluster data (wiped first)', '.temporal/cluster-faults')
  .option('--keep', 'leave the cluster running at the end (Ctrl-C to stop)')
  .parse()
  .opts<{ invoices: number; port: number; pgPort: number; gap: number; latency: number; deadline: number; settle: number; faults: boolean; dir: string; keep?: boolean }>();

const t0 = Date.now();
const stamp = () => `${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s`;
const log = (m: string) => console.log(`[faults ${stamp()}] ${m}`);
const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
const TASK_QUEUE = 'dunning-faults';
const QUERY = `TaskQueue = '${TASK_QUEUE}'`;

async function main() {
  const dir = resolve(opts.dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const outbox = join(dir, 'outbox');
  const sendgrid = await startFakeSendGrid({ latencyMs: opts.latency });
  const cluster = new Cluster({
    dir,
    frontendPort: opts.port,
    pgPort: opts.pgPort,
    uiPort: false,
    workers: 2,
    namespace: 'default',
    taskQueue: TASK_QUEUE,
    restartDelayMs: 3000,
    log: (m) => log(`cluster: ${m}`),
    workerEnv: { DUNNING_OUTBOX_DIR: outbox, SENDGRID_API_KEY: 'SG.fault-test', SENDGRID_BASE_URL: sendgrid.baseUrl, DUNNING_LOG_LEVEL: 'WARN' },
  });
  let interrupted = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (interrupted) return;
      interrupted = true;
      log(`${sig}: stopping the cluster`);
      void cluster.stop().then(() => process.exit(130));
    });
  }
  process.on('exit', () => cluster.killAllNow());

  await cluster.start();
  const connection = await cluster.connect();
  const client = new Client({ connection, namespace: 'default' });
  const running = async () => {
    try {
      return (await client.workflow.count(`${QUERY} AND ExecutionStatus = 'Running'`)).count;
    } catch {
      return NaN; // the frontend may be the one that is down
    }
  };

  const half = Math.floor(opts.invoices / 2);
  const tag = `F${Date.now().toString(36)}`;
  const coordCsv = writeInvoiceCsv(join(dir, 'coordinated.csv'), half, `${tag}-C`, `${tag}-DC`, 4);
  const soloCsv = writeInvoiceCsv(join(dir, 'per-invoice.csv'), opts.invoices - half, `${tag}-P`, `${tag}-DP`, 1);
  const policy = resolve(__dirname, '..', '..', 'examples', 'fast-policy.json');
  const [a, b] = await Promise.all([
    cliStart(coordCsv, cluster.address, TASK_QUEUE, ['--policy', policy]),
    cliStart(soloCsv, cluster.address, TASK_QUEUE, ['--policy', policy, '--per-invoice']),
  ]);
  log(`started ${a.started} coordinated (4 per debtor) + ${b.started} per-invoice invoices with the CLI (failed: ${a.failed + b.failed})`);

  const faults: Array<[string, () => Promise<string>]> = [
    ['kill -9 worker-1', async () => `pid ${cluster.kill9('worker-1')}`],
    ['kill -9 history', async () => `pid ${cluster.kill9('history')}`],
    ['kill -9 matching', async () => `pid ${cluster.kill9('matching')}`],
    ['kill -9 frontend', async () => `pid ${cluster.kill9('frontend')}`],
    // SIGQUIT: PostgreSQL's immediate shutdown (no checkpoint, crash recovery at the next start).
    ['restart PostgreSQL (immediate stop, 5 s down)', async () => {
      const pid = cluster.procs.get('postgresql')?.pid;
      await cluster.restart('postgresql', 'SIGQUIT', 5000);
      return `pid ${pid} -> ${cluster.procs.get('postgresql')?.pid}`;
    }],
  ];
  const injected: string[] = [];
  for (const [name, inject] of opts.faults ? faults : []) {
    await sleep(opts.gap);
    const live = await running();
    const what = await inject();
    injected.push(`${name} (${what}) with ${live} runs live`);
    log(`FAULT ${name} (${what}); runs live: ${live}`);
  }

  // The longest legitimate quiet spell is an activity lost with a killed worker: 2 min timeout.
  const deadline = Date.now() + opts.deadline * 1000;
  let live = await running();
  let movedAt = Date.now();
  while (live !== 0 && Date.now() < deadline && Date.now() - movedAt < opts.settle * 1000) {
    await sleep(10);
    const now = await running();
    if (now !== live) movedAt = Date.now();
    live = now;
    log(`runs live: ${Number.isNaN(live) ? '? (frontend unavailable)' : live}`);
  }

  // Visibility first, then each run's own word (query) for the audit.
  const outcomes = await runOutcomes(client, QUERY);
  const { traces, errors } = await collectTraces(client, outcomes.workflowIds);
  const sends = [...sendgrid.sends, ...readPostalLog(outbox)];
  const audit = auditSends(sends, traces);
  const invoices = outcomes.workflowIds.filter((w) => w.startsWith('dunning-')).length;

  console.log('');
  log(`faults injected:\n  ${injected.join('\n  ')}`);
  log(`supervisor:\n  ${cluster.events.join('\n  ') || '(no unexpected exit)'}`);
  log(`runs: ${outcomes.workflowIds.length} (${invoices} invoice, ${outcomes.workflowIds.length - invoices} debtor): ${outcomes.finished.length} finished, ${outcomes.running.length} still running, ${outcomes.failed.length} failed`);
  for (const f of outcomes.failed.slice(0, 20)) log(`  failed: ${f.workflowId} ${f.status}`);
  for (const w of outcomes.running.slice(0, 10)) log(`  stuck: ${w}`);
  if (outcomes.running.length > 10) log(`  ... and ${outcomes.running.length - 10} more stuck`);
  log(`sends: ${sends.length} (${sendgrid.sends.length} emails at the fake SendGrid, ${sends.length - sendgrid.sends.length} letters filed), ${audit.keys} keys; traced message ids: ${new Set(traces.map((t) => t.messageId)).size}`);
  for (const d of audit.duplicates.slice(0, 20)) log(`  sent ${d.count}x: ${d.key}`);
  // Grouped by the key's shape (workflow kind and step, ids blanked) so a pattern stands out.
  const shapes = new Map<string, number>();
  for (const k of audit.untracedSends) {
    const shape = k.replace(/^(dunning|debtor)-[^/]+/, '$1-*').replace(/\d+/g, 'N');
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }
  for (const [shape, n] of shapes) log(`  sent, in no trace: ${n} x ${shape}`);
  for (const k of audit.untracedSends.slice(0, 5)) log(`    e.g. ${k}`);
  for (const t of audit.tracesWithoutSend.slice(0, 20)) log(`  traced, never sent: ${t.messageId} (${t.channel}) in ${t.workflowId}`);
  for (const e of errors.slice(0, 10)) log(`  query failed: ${e.workflowId}: ${e.error}`);

  await connection.close();
  await sendgrid.close();
  if (opts.keep) {
    log(`cluster left running on ${cluster.address} (Ctrl-C to stop)`);
  } else {
    await cluster.stop();
  }
  const line = `cluster-faults: ${outcomes.finished.length} finished, ${outcomes.running.length} stuck, ${outcomes.failed.length} failed, ${audit.sentTwice} sent twice, ${audit.untraced} untraced`;
  console.log(line);
  const clean = outcomes.running.length === 0 && outcomes.failed.length === 0 && audit.sentTwice === 0 && audit.untraced === 0 && errors.length === 0;
  if (!opts.keep) process.exit(clean ? 0 : 1);
}

main().catch((err) => {
  console.error(`[faults] ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(2);
});
