/**
 * `npx tsx bench/start-variants.ts [--n 2000]`: where a dunning start's cost over a bare start goes.
 * The same throwaway dev server, connection and concurrency; variants alternate in rounds:
 * bare (no input), + the invoice input, + memo and summary, + the initial search attributes (= ours).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type WorkflowStartOptions } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { Command } from 'commander';
import { mapBounded } from '../client/bulk-start';
import { startOptionsFor } from '../client/start-options';
import { InvoiceSchema } from '../domain/invoice/schema';
import { connectWithin, startDevServer } from '../scripts/dev-server';
import { sampleInvoice } from '../test/helpers/fixtures';

const opts = new Command('start-variants').option('--n <n>', 'starts per variant', (v) => Number(v), 2000).option('--rounds <n>', 'rounds', (v) => Number(v), 4).parse().opts<{ n: number; rounds: number }>();

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'dunning-variants-'));
  const server = await startDevServer({ dbFile: join(tmp, 'b.sqlite'), logFile: join(tmp, 'dev.log'), ui: 'headless', sqlitePragmas: { journal_mode: 'wal', synchronous: 'off' } });
  const connection = (await connectWithin(10_000, { address: server.address }))!;
  const client = new Client({ connection });
  const taskQueue = 'variants';
  const invoice = (i: number, v: string) => InvoiceSchema.parse(sampleInvoice({ invoiceId: `V-${v}-${i}` }));
  const variants: Record<string, (i: number, v: string) => WorkflowStartOptions> = {
    bare: (i, v) => ({ taskQueue, workflowId: `bare-${v}-${i}` }),
    input: (i, v) => { const o = startOptionsFor(invoice(i, v), { taskQueue }); return { taskQueue, workflowId: o.workflowId, args: o.args }; },
    'input+memo+summary': (i, v) => { const o = startOptionsFor(invoice(i, v), { taskQueue }); return { taskQueue, workflowId: o.workflowId, args: o.args, memo: o.memo, staticSummary: o.staticSummary }; },
    '+1 search attribute': (i, v) => { const o = startOptionsFor(invoice(i, v), { taskQueue }); return { ...o, typedSearchAttributes: (o.typedSearchAttributes as SearchAttributePair[]).slice(0, 1) }; },
    '+3 search attributes': (i, v) => { const o = startOptionsFor(invoice(i, v), { taskQueue }); return { ...o, typedSearchAttributes: (o.typedSearchAttributes as SearchAttributePair[]).slice(0, 3) }; },
    'ours (+7 search attributes)': (i, v) => startOptionsFor(invoice(i, v), { taskQueue }),
  };
  const ms: Record<string, number> = Object.fromEntries(Object.keys(variants).map((k) => [k, 0]));
  await mapBounded(Array.from({ length: 300 }, (_, i) => i), 32, (i) => client.workflow.start('w', variants.bare(i, 'warm')));
  const names = Object.keys(variants);
  const per = Math.floor(opts.n / opts.rounds);
  for (let r = 0; r < opts.rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const t = performance.now();
      await mapBounded(Array.from({ length: per }, (_, i) => i), 32, (i) => client.workflow.start('dunningWorkflow', variants[name](i, `${r}${names.indexOf(name)}`)));
      ms[name] += performance.now() - t;
    }
  }
  const base = (per * opts.rounds) / ms.bare;
  for (const name of names) {
    const rate = (per * opts.rounds) / ms[name];
    console.log(`${name.padEnd(28)} ${Math.round(rate * 1000)} starts/s  ${Math.round((rate / base) * 100)}% of bare`);
  }
  await connection.close();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
}
main().catch((e) => { console.error(e); process.exitCode = 1; });
