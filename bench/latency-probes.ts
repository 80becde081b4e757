/**
 * Read latencies of the product with many runs on the server: `dunning list` (visibility: the
 * first page the CLI shows by default, and every row), a count, one invoice's history and its
 * state (getState query: a worker replays or serves it from cache). p50/p95 of `times` runs each.
 * Used by bench/cluster-scale.ts; standalone against any server:
 *   tsx bench/latency-probes.ts --address 127.0.0.1:27233 --prefix <invoice id prefix> --n 20000
 */
import { Client, Connection } from '@temporalio/client';
import { Command } from 'commander';
import { buildListQuery } from '../client/list-query';
import { getState } from '../workflows/messages';

export interface Latency {
  name: string;
  p50: number;
  p95: number;
  /** Runs that failed (e.g. a query no worker answered in time); not in the percentiles. */
  failed: number;
  error?: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function probe(name: string, times: number, fn: (i: number) => Promise<unknown>, log: (m: string) => void): Promise<Latency> {
  const ms: number[] = [];
  let failed = 0;
  let error: string | undefined;
  for (let i = 0; i < times; i++) {
    const s = performance.now();
    try {
      await fn(i);
      ms.push(performance.now() - s);
    } catch (err) {
      failed += 1;
      error = `${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)} after ${Math.round(performance.now() - s)} ms`;
    }
  }
  ms.sort((a, b) => a - b);
  const r: Latency = { name, p50: ms.length ? Math.round(percentile(ms, 50)) : NaN, p95: ms.length ? Math.round(percentile(ms, 95)) : NaN, failed, ...(error ? { error } : {}) };
  log(`latency ${name}: p50 ${r.p50} ms, p95 ${r.p95} ms${failed ? `; ${failed} of ${times} failed (${error})` : ''}`);
  return r;
}

/** `prefix`: the invoice ids' prefix (`<prefix>-000001`...), `n` invoices running. */
export async function latencyProbes(client: Client, prefix: string, n: number, times: number, log: (m: string) => void): Promise<Latency[]> {
  const listQuery = buildListQuery({});
  const ids = Array.from({ length: times }, (_, i) => `dunning-${prefix}-${String(1 + ((i * 7919) % n)).padStart(6, '0')}`);
  return [
    await probe('dunning list (first 500 rows, the default)', times, async () => {
      let k = 0;
      for await (const _w of client.workflow.list({ query: listQuery, pageSize: 500 })) if (++k === 500) break;
    }, log),
    await probe(`dunning list --limit ${n} (every row)`, times, async () => {
      let k = 0;
      for await (const _w of client.workflow.list({ query: listQuery, pageSize: 1000 })) k++;
      if (k < n) throw new Error(`listed ${k} of ${n}`);
    }, log),
    await probe('count of running invoices', times, () => client.workflow.count(listQuery), log),
    await probe('one invoice history (fetchHistory)', times, (i) => client.workflow.getHandle(ids[i]).fetchHistory(), log),
    // 10 s at most: with every worker busy (or gone) a query waits for the RPC's whole deadline.
    await probe('dunning status (getState query)', times, (i) => client.withDeadline(Date.now() + 10_000, () => client.workflow.getHandle(ids[i]).query(getState)), log),
  ];
}

if (require.main === module) {
  const o = new Command('latency-probes')
    .requiredOption('--address <host:port>', 'frontend')
    .requiredOption('--prefix <p>', 'invoice id prefix')
    .option('--n <n>', 'invoices running', (v) => Number(v), 20_000)
    .option('--times <n>', 'runs of each probe', (v) => Number(v), 20)
    .parse()
    .opts<{ address: string; prefix: string; n: number; times: number }>();
  void (async () => {
    const connection = await Connection.connect({ address: o.address });
    const r = await latencyProbes(new Client({ connection }), o.prefix, o.n, o.times, console.log);
    console.log(JSON.stringify(r));
    await connection.close();
  })();
}
