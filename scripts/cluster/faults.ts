/**
 * `npm run cluster:faults`: the product on a fresh multi-service cluster while its parts fail.
 * Starts invoices on the fast policy (half coordinated, 4 per debtor; half per invoice) through the
 * `dunning` CLI, then, with runs live: kill -9 of a worker, of the history, matching and frontend
 * services (each brought back by the supervisor), and an immediate restart of PostgreSQL. When
 * every run has closed (or nothing moved for --settle seconds) it runs the chaos audit
 * (scripts/chaos/audit.ts: the fake SendGrid's log, the postal log, every run's state) and ends
 * with one line:
 *   cluster-faults: <n> finished, <n> stuck, <n> failed, <n> sent twice, <n> untraced
 * Exit code 0 only when stuck, failed, sent twice and untraced are all 0.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from '@temporalio/client';
import { Command } from 'commander';
import { codecDataConverter, generateKey, parseKeyList } from '../../config/codec';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { workflowIdFor } from '../../domain/invoice/schema';
import { audit, auditPassed, formatAuditDetails, formatAuditLine } from '../chaos/audit';
import { startFakeSendGrid } from '../chaos/fake-sendgrid';
import { chaosInvoices, seededRandom } from '../chaos/invoices';
import { allClosed, snapshot } from '../chaos/progress';
import { Cluster } from './cluster';
import { cliStart } from './workload';

const opts = new Command('cluster-faults')
  .option('--invoices <n>', 'invoices, half coordinated (4 per debtor), half per invoice', (v) => Number(v), 200)
  .option('--port <n>', 'frontend port (others derive from it)', (v) => Number(v), 17233)
  .option('--pg-port <n>', 'PostgreSQL port', (v) => Number(v), 55433)
  .option('--gap <s>', 'seconds between two faults', (v) => Number(v), 12)
  .option('--latency <ms>', 'fake SendGrid answer time: up to this, at random', (v) => Number(v), 1000)
  .option('--seed <n>', 'seed of the invoices and the provider latency (default: random, printed)', (v) => Number(v))
  .option('--deadline <s>', 'how long runs may take to close after the last fault', (v) => Number(v), 600)
  .option('--settle <s>', 'give up earlier when the number of open runs has not moved for this long', (v) => Number(v), 240)
  .option('--no-faults', 'the same run without any fault (control)')
  .option('--encrypt', 'payloads encrypted with a fresh AES-GCM key (config/codec.ts) by the CLI, the workers and the audit')
  .option('--dir <path>', 'cluster data (wiped first)', '.temporal/cluster-faults')
  .option('--keep', 'leave the cluster running at the end (Ctrl-C to stop)')
  .parse()
  .opts<{ invoices: number; port: number; pgPort: number; gap: number; latency: number; seed?: number; deadline: number; settle: number; faults: boolean; encrypt?: boolean; dir: string; keep?: boolean }>();

const t0 = Date.now();
const stamp = () => `${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s`;
const log = (m: string) => console.log(`[faults ${stamp()}] ${m}`);
const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
const TASK_QUEUE = 'dunning-faults';

async function main() {
  const dir = resolve(opts.dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const outbox = join(dir, 'outbox');
  const sendgridLog = join(dir, 'sendgrid.jsonl');
  const seed = opts.seed ?? Math.floor(Math.random() * 1_000_000);
  // The workers and the CLI read the key from the environment they inherit; the audit's client gets it here.
  const codecKeys = opts.encrypt ? generateKey('faults') : undefined;
  if (codecKeys) process.env.DUNNING_CODEC_KEYS = codecKeys;
  else delete process.env.DUNNING_CODEC_KEYS;
  delete process.env.DUNNING_CODEC_KEY_FILE;
  const sendgrid = await startFakeSendGrid({ latencyMs: { min: Math.min(100, opts.latency), max: opts.latency }, logFile: sendgridLog, random: seededRandom(seed + 1) });
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
    workerEnv: {
      DUNNING_OUTBOX_DIR: outbox,
      SENDGRID_API_KEY: 'SG.fault-test',
      SENDGRID_BASE_URL: sendgrid.baseUrl,
      // As in the chaos test: a send cut by a kill is settled by asking the (fake) provider, which
      // records a message the moment it arrives, so its answer needs no settling delay.
      SENDGRID_ACTIVITY_LOOKUP: '1',
      SENDGRID_ACTIVITY_SETTLE_MS: '0',
      DUNNING_LOG_LEVEL: 'WARN',
    },
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
  const client = new Client({ connection, namespace: 'default', dataConverter: codecDataConverter(codecKeys ? parseKeyList(codecKeys) : undefined) });

  const coordinatedShare = 0.5;
  const coordinated = Math.round(opts.invoices * coordinatedShare);
  const inv = chaosInvoices(opts.invoices, coordinatedShare, Math.max(1, Math.ceil(coordinated / 4)), seededRandom(seed));
  const invoiceIds = [...inv.perInvoiceIds, ...inv.coordinatedIds].map(workflowIdFor);
  const debtorIds = inv.debtorIds.map(debtorWorkflowId);
  const coordCsv = join(dir, 'coordinated.csv');
  const soloCsv = join(dir, 'per-invoice.csv');
  writeFileSync(coordCsv, inv.coordinatedCsv);
  writeFileSync(soloCsv, inv.perInvoiceCsv);
  const policy = resolve(__dirname, '..', '..', 'examples', 'fast-policy.json');
  const [a, b] = await Promise.all([
    cliStart(coordCsv, cluster.address, TASK_QUEUE, ['--policy', policy]),
    cliStart(soloCsv, cluster.address, TASK_QUEUE, ['--policy', policy, '--per-invoice']),
  ]);
  log(`seed ${seed}${codecKeys ? ', payloads encrypted' : ''}: started ${a.started} coordinated (${debtorIds.length} debtors) + ${b.started} per-invoice invoices with the CLI (failed: ${a.failed + b.failed})`);

  const open = async (): Promise<number> => {
    const s = await snapshot(client, invoiceIds, debtorIds);
    return s.reachable ? s.invoicesOpen + s.debtorsOpen : NaN; // the frontend may be the one that is down
  };
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
    const live = await open();
    const what = await inject();
    injected.push(`${name} (${what}) with ${live} runs open`);
    log(`FAULT ${name} (${what}); runs open: ${live}`);
  }

  // The longest legitimate quiet spell is an activity lost with a killed worker (its heartbeat timeout).
  const deadline = Date.now() + opts.deadline * 1000;
  let live = await open();
  let movedAt = Date.now();
  const tWait = Date.now();
  while (live !== 0 && Date.now() < deadline && Date.now() - movedAt < opts.settle * 1000) {
    await sleep(10);
    const now = await open();
    if (now !== live) movedAt = Date.now();
    live = now;
    log(`runs open: ${Number.isNaN(live) ? '? (frontend unavailable)' : live}`);
  }
  const last = await snapshot(client, invoiceIds, debtorIds);
  log(allClosed(last) ? `every run closed ${((Date.now() - tWait) / 1000).toFixed(0)} s after the last fault` : `gave up waiting: ${live} runs still open`);

  // Every dunning and debtor workflow of this fresh cluster (a debtor restarted after closing included).
  const report = await audit({ client, outboxDir: outbox, sendgridLog });
  console.log('');
  log(`faults injected:\n  ${injected.join('\n  ') || '(none: --no-faults)'}`);
  log(`supervisor:\n  ${cluster.events.join('\n  ') || '(no unexpected exit)'}`);
  for (const line of formatAuditDetails(report)) console.log(line);

  await connection.close();
  await sendgrid.close();
  if (opts.keep) {
    log(`cluster left running on ${cluster.address} (Ctrl-C to stop); data in ${dir}`);
  } else {
    await cluster.stop();
  }
  console.log(formatAuditLine('cluster-faults', report));
  if (!opts.keep) process.exit(auditPassed(report) ? 0 : 1);
}

main().catch((err) => {
  console.error(`[faults] ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(2);
});
