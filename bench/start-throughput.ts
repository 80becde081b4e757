/**
 * `npm run bench [-- --n 10000 --concurrency 32]`: how fast `dunning start --file` puts invoices
 * under dunning, against bare `client.workflow.start` calls of an empty workflow type on the same
 * server, connection and concurrency (the baseline: what the server allows at all).
 *
 * Uses TEMPORAL_ADDRESS when a server answers there; otherwise starts a throwaway dev server
 * (other ports, temp SQLite file) and stops it afterwards. Runs go to a task queue no worker
 * polls, so nothing is executed; on a shared server they are terminated at the end.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { Command } from 'commander';
import { bulkStart, mapBounded } from '../client/bulk-start';
import { readInvoiceFile } from '../client/invoice-file';
import { connectOptions, connectionSettingsFromEnv } from '../config/connection';
import { connectWithin, startDevServer, type DevServer } from '../scripts/dev-server';
import { generateInvoicesCsv } from './generate-invoices';

const opts = new Command('bench')
  .option('--n <n>', 'invoices (and baseline starts)', (v) => Number(v), 10_000)
  .option('--concurrency <n>', 'starts in flight', (v) => Number(v), 32)
  .option('--warmup <n>', 'unmeasured starts first (connection, JIT, server caches)', (v) => Number(v), 300)
  .option('--rounds <n>', 'alternations of baseline and ours (ABBA order), each with n/rounds starts', (v) => Number(v), 4)
  .parse()
  .opts<{ n: number; concurrency: number; warmup: number; rounds: number }>();

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const log = (m: string) => console.log(`[bench] ${m}`);

async function main() {
  const settings = connectionSettingsFromEnv();
  const tmp = mkdtempSync(join(tmpdir(), 'dunning-bench-'));
  let server: DevServer | undefined;
  let connection = await connectWithin(1500, connectOptions(settings));
  if (connection) {
    log(`using the Temporal server on ${settings.address}`);
  } else {
    log(`nothing answers on ${settings.address}: starting a throwaway dev server`);
    // Throwaway data: WAL without fsync, or the disk's fsync rate (not Temporal) is what gets measured.
    server = await startDevServer({
      dbFile: join(tmp, 'bench.sqlite'),
      logFile: join(tmp, 'dev-server.log'),
      ui: 'headless',
      sqlitePragmas: { journal_mode: 'wal', synchronous: 'off' },
    });
    connection = (await connectWithin(10_000, { address: server.address }))!;
    log(`dev server on ${server.address} (temp DB ${tmp})`);
  }
  const client = new Client({ connection, namespace: settings.namespace });
  const tag = `B${Date.now().toString(36)}`;
  const taskQueue = `dunning-bench-${tag}`;
  try {
    const csvPath = join(tmp, 'invoices.csv');
    writeFileSync(csvPath, generateInvoicesCsv(opts.n, tag));
    log(`${opts.n} invoices in ${csvPath}; concurrency ${opts.concurrency}; task queue ${taskQueue} (no worker)`);

    const bare = (prefix: string, n: number) =>
      mapBounded(Array.from({ length: n }, (_, i) => i), opts.concurrency, (i) =>
        client.workflow.start('benchEmptyWorkflow', { taskQueue, workflowId: `${prefix}-${i}` }),
      );
    await bare(`bench-${tag}-warmup`, opts.warmup);

    // The server slows as its database grows: baseline and ours alternate in rounds, in ABBA order
    // (base, ours, ours, base, ...), so both see the same database sizes on average.
    const t0 = performance.now();
    const parsed = readInvoiceFile(csvPath); // the same path as `dunning start --file`: read + validate every row
    const t1 = performance.now();
    if (parsed.invalid.length) throw new Error(`generated file has ${parsed.invalid.length} invalid rows`);
    const rounds = Math.max(1, Math.min(opts.rounds, opts.n));
    let baseMs = 0;
    let oursMs = 0;
    for (let r = 0; r < rounds; r++) {
      const from = Math.floor((r * opts.n) / rounds);
      const to = Math.floor(((r + 1) * opts.n) / rounds);
      const runBase = async () => {
        const b = performance.now();
        await bare(`bench-${tag}-base-${r}`, to - from);
        baseMs += performance.now() - b;
      };
      const runOurs = async () => {
        const o = performance.now();
        const summary = await bulkStart(client, parsed.valid.slice(from, to), { taskQueue, concurrency: opts.concurrency });
        oursMs += performance.now() - o;
        if (summary.started !== to - from) throw new Error(`only ${summary.started} of ${to - from} started: ${summary.results.find((x) => x.error)?.error}`);
      };
      if (r % 2 === 0) {
        await runBase();
        await runOurs();
      } else {
        await runOurs();
        await runBase();
      }
    }
    const t2 = t1 + oursMs;
    const ours = rate(opts.n, t2 - t0);
    const base = rate(opts.n, baseMs);
    log(`dunning start --file: ${ours} invoices/s (${((t2 - t0) / 1000).toFixed(2)} s: parse ${((t1 - t0) / 1000).toFixed(2)} s, starts ${((t2 - t1) / 1000).toFixed(2)} s = ${rate(opts.n, t2 - t1)}/s)`);
    log(`bare workflow.start:  ${base} starts/s (${(baseMs / 1000).toFixed(2)} s, in ${rounds} rounds alternating with ours)`);
    log(`ratio: ${Math.round((ours / base) * 100)}% of the baseline (target >= 90%)`);
    console.log(JSON.stringify({ n: opts.n, concurrency: opts.concurrency, oursPerSec: ours, baselinePerSec: base, ratio: ours / base, parseMs: Math.round(t1 - t0) }));
  } finally {
    if (server) {
      await connection.close();
      await server.stop();
      rmSync(tmp, { recursive: true, force: true });
      log('throwaway dev server stopped');
    } else {
      // A shared server keeps nothing of the bench: terminate its runs in one batch.
      await connection.workflowService
        .startBatchOperation({
          namespace: settings.namespace,
          jobId: `bench-cleanup-${tag}`,
          visibilityQuery: `TaskQueue = '${taskQueue}'`,
          reason: 'benchmark cleanup',
          terminationOperation: {},
        })
        .then(() => log(`terminating the bench runs (batch job bench-cleanup-${tag})`))
        .catch((err: Error) => log(`cleanup failed, terminate runs on task queue ${taskQueue} by hand: ${err.message}`));
      await connection.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}

main().catch((err) => {
  console.error(`[bench] ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
