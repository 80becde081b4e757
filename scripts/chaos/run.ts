/**
 * `npm run chaos -- --invoices 40 --kills 30 --coordinated-share 0.5 --debtors 6 --seed N --server-kill`
 *
 * A fresh dev server, a slow fake SendGrid, the real worker in its own process; per-invoice and
 * coordinated invoices started with the real CLI on the fast policy; the worker SIGKILLed every
 * few seconds (and restarted), the dev server SIGKILLed once mid-run (and restarted on its
 * database); then, once every run closed or at the deadline, the audit (audit.ts) and one line:
 *   chaos: <n> finished, <n> stuck, <n> failed, <n> sent twice, <n> untraced
 * Exit 0 only when stuck, failed, sent twice and untraced are all 0. See docs/chaos.md.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { workflowIdFor } from '../../domain/invoice/schema';
import { audit, auditPassed, formatAuditDetails, formatAuditLine } from './audit';
import { installCleanup, track } from './children';
import { startFakeSendGrid, type FakeSendGrid } from './fake-sendgrid';
import { chaosInvoices, seededRandom } from './invoices';
import { parseChaosOptions, USAGE, type ChaosOptions } from './options';
import { allClosed, snapshot, type RunsSnapshot } from './progress';
import { startChaosServer, type ChaosServer } from './server';
import { superviseWorker, type WorkerSupervisor } from './worker-supervisor';
import { BUNDLE_ENV } from './worker-process';

const ROOT = resolve(__dirname, '..', '..');
const TASK_QUEUE = 'dunning';
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s`;
const say = (line: string) => console.log(`[${elapsed()}] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `dunning start --file <csv> ...` exactly as a user runs it; returns its summary. */
function startWithCli(csv: string, opts: ChaosOptions, perInvoice: boolean, address: string): Promise<string> {
  const args = [join(ROOT, 'bin', 'dunning.js'), 'start', '--file', csv, '--policy', resolve(ROOT, opts.policy), '--output', 'json', ...(perInvoice ? ['--per-invoice'] : [])];
  const what = perInvoice ? 'dunning start --per-invoice' : 'dunning start (coordinated)';
  return new Promise((done, fail) => {
    const child = execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_TASK_QUEUE: TASK_QUEUE }, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) return fail(new Error(`${what} failed: ${stderr || err.message}`));
      try {
        const r = JSON.parse(stdout) as { started: number; alreadyUnderDunning: number; failed: number; invalid: number };
        done(`${what}: ${r.started} started, ${r.alreadyUnderDunning} already, ${r.invalid} invalid, ${r.failed} failed`);
      } catch {
        done(`${what}: ${stdout.trim()}`);
      }
    });
    track(child);
  });
}

function sendCounts(sendgrid: FakeSendGrid, outboxDir: string): string {
  const emails = sendgrid.requests.filter((r) => r.method === 'POST' && r.url === '/v3/mail/send');
  let letters = 0;
  try {
    letters = readFileSync(join(outboxDir, 'letters', 'postal-log.jsonl'), 'utf8').split('\n').filter(Boolean).length;
  } catch {
    // no letter yet
  }
  return `emails ${emails.length}, letters ${letters}`;
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseChaosOptions>;
  try {
    parsed = parseChaosOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`chaos: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const opts = parsed;
  const deadline = t0 + opts.deadlineS * 1000;
  const runDir = mkdtempSync(join(tmpdir(), 'dunning-chaos-'));
  const outboxDir = join(runDir, 'outbox');
  const sendgridLog = join(runDir, 'sendgrid.jsonl');
  let server: ChaosServer | undefined;
  let sendgrid: FakeSendGrid | undefined;
  let worker: WorkerSupervisor | undefined;
  let connection: Connection | undefined;
  const shutdown = async () => {
    await worker?.stop().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await sendgrid?.close().catch(() => undefined);
  };
  installCleanup(async () => {
    await shutdown();
    if (!opts.keep) rmSync(runDir, { recursive: true, force: true });
  });

  const coordinated = Math.round(opts.invoices * opts.coordinatedShare);
  say(
    `chaos: ${opts.invoices} invoices (${coordinated} coordinated over ${Math.min(opts.debtors, coordinated)} debtors, ${opts.invoices - coordinated} per-invoice), ` +
      `${opts.kills} worker kills every ${opts.killEveryS.min}-${opts.killEveryS.max} s, ${opts.serverKill ? 'one server kill' : 'no server kill'}, ` +
      `SendGrid ${opts.latencyMs.min}-${opts.latencyMs.max} ms, deadline ${opts.deadlineS} s, seed ${opts.seed}; folder ${runDir}`,
  );

  // --- infrastructure: bundle, server, fake SendGrid, worker ------------------------------------
  const bundlePath = join(runDir, 'workflows-bundle.js');
  const [bundle, srv] = await Promise.all([
    bundleWorkflowCode({ workflowsPath: join(ROOT, 'workflows', 'index.ts'), logger: new DefaultLogger('WARN') }),
    startChaosServer(runDir),
  ]);
  server = srv;
  writeFileSync(bundlePath, bundle.code);
  sendgrid = await startFakeSendGrid({ latencyMs: opts.latencyMs, logFile: sendgridLog, random: seededRandom(opts.seed + 1) });
  say(`dev server on ${server.address}, fake SendGrid on ${sendgrid.baseUrl}, workflow bundle built`);
  worker = superviseWorker({
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      SENDGRID_API_KEY: 'SG.fake-chaos-key',
      SENDGRID_BASE_URL: sendgrid.baseUrl,
      // A send cut by a kill is settled by asking the (fake) provider, as production can (docs/sends.md);
      // the fake records a message the moment it arrives, so its answer needs no settling delay.
      SENDGRID_ACTIVITY_LOOKUP: '1',
      SENDGRID_ACTIVITY_SETTLE_MS: '0',
      DUNNING_OUTBOX_DIR: outboxDir,
      [BUNDLE_ENV]: bundlePath,
    },
    logFile: join(runDir, 'worker.log'),
    log: say,
    restartDelayMs: 2000,
  });
  await worker.ready();
  connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });

  // --- invoices ------------------------------------------------------------------------------------
  const inv = chaosInvoices(opts.invoices, opts.coordinatedShare, opts.debtors, seededRandom(opts.seed));
  const invoiceIds = [...inv.perInvoiceIds, ...inv.coordinatedIds].map(workflowIdFor);
  const debtorIds = inv.debtorIds.map(debtorWorkflowId);
  const starts: Promise<string>[] = [];
  if (inv.perInvoiceIds.length) {
    writeFileSync(join(runDir, 'per-invoice.csv'), inv.perInvoiceCsv);
    starts.push(startWithCli(join(runDir, 'per-invoice.csv'), opts, true, server.address));
  }
  if (inv.coordinatedIds.length) {
    writeFileSync(join(runDir, 'coordinated.csv'), inv.coordinatedCsv);
    starts.push(startWithCli(join(runDir, 'coordinated.csv'), opts, false, server.address));
  }
  for (const line of await Promise.all(starts)) say(line);
  const startedAt = Date.now();

  // --- chaos and progress, until every run closed or the deadline -----------------------------
  const random = seededRandom(opts.seed + 2);
  let last: RunsSnapshot | undefined;
  let serverKilled = false;
  let finished = false;
  const progress = (async () => {
    while (!finished) {
      last = await snapshot(client, invoiceIds, debtorIds);
      const s = last;
      say(
        (s.reachable ? `invoices ${s.invoicesClosed}/${invoiceIds.length} closed, debtors ${s.debtorsOpen} running / ${s.debtorsClosed} closed` : 'server unreachable') +
          ` | worker kills ${worker!.stats.kills}/${opts.kills}, died on their own ${worker!.stats.diedOnTheirOwn}` +
          ` | server kills ${serverKilled ? 1 : 0}/${opts.serverKill ? 1 : 0} | ${sendCounts(sendgrid!, outboxDir)}`,
      );
      if (allClosed(s) || Date.now() > deadline) {
        finished = true;
        break;
      }
      await sleep(Math.max(100, Math.min(opts.progressEveryS * 1000, deadline - Date.now())));
    }
  })();
  const chaos = (async () => {
    const serverKillAfter = Math.floor(opts.kills / 2);
    while (!finished && (worker!.stats.kills < opts.kills || (opts.serverKill && !serverKilled))) {
      await worker!.ready();
      const { min, max } = opts.killEveryS;
      await sleep((min + (max - min) * random()) * 1000);
      if (finished) break;
      if (opts.serverKill && !serverKilled && worker!.stats.kills >= serverKillAfter) {
        serverKilled = true;
        say('SIGKILL to the dev server');
        const down = await server!.crashAndRestart(1000 + 2000 * random());
        say(`dev server back on ${server!.address} after ${down.toFixed(1)} s`);
        continue;
      }
      if (worker!.kill()) say(`SIGKILL to the worker (${worker!.stats.kills}/${opts.kills})`);
    }
  })();
  await Promise.all([progress, chaos]);
  const closedAll = last !== undefined && allClosed(last);
  say(closedAll ? `every run closed ${((Date.now() - startedAt) / 1000).toFixed(0)} s after the start` : `deadline reached (${opts.deadlineS} s after the harness started): runs still open are stuck`);

  // --- audit ----------------------------------------------------------------------------------------
  await worker.ready();
  // Every dunning and debtor workflow of this fresh server (a debtor restarted after closing included).
  const report = await audit({ client, outboxDir, sendgridLog });
  console.log('');
  console.log(`kills: worker ${worker.stats.kills} (plus ${worker.stats.diedOnTheirOwn} died on their own), server ${serverKilled ? 1 : 0}; wall time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  for (const line of formatAuditDetails(report)) console.log(line);
  const passed = auditPassed(report);
  console.log(`run folder: ${runDir}${passed && !opts.keep ? ' (removed: the run passed; --keep keeps it)' : ' (kept)'}`);
  console.log(formatAuditLine('chaos', report));
  await shutdown();
  if (passed && !opts.keep) rmSync(runDir, { recursive: true, force: true });
  return passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`chaos: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(2);
  },
);
