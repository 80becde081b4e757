/**
 * Invoice exports for runs on the cluster, started through the real `dunning start --file` path.
 * The coordinated half packs several invoices per debtor so that the debtor's workflow really
 * merges touches; the per-invoice half has debtors of its own.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { generateInvoicesCsv } from '../../bench/generate-invoices';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');

/** `n` invoices whose debtor ids are `<debtorPrefix>-<k>`, `perDebtor` invoices each. */
export function writeInvoiceCsv(path: string, n: number, idPrefix: string, debtorPrefix: string, perDebtor: number): string {
  const [header, ...rows] = generateInvoicesCsv(n, idPrefix).trimEnd().split('\n');
  // The first three columns (invoice_id, debtor_id, debtor_name) never hold a quoted comma.
  const out = rows.map((line, i) => {
    const cells = line.split(',');
    const d = `${debtorPrefix}-${String(Math.floor(i / perDebtor)).padStart(4, '0')}`;
    return [cells[0], d, `Client ${d} SARL`, ...cells.slice(3)].join(',');
  });
  writeFileSync(path, `${[header, ...out].join('\n')}\n`);
  return path;
}

export interface CliStart {
  started: number;
  failed: number;
  elapsedMs: number;
}

/** `dunning start --file <csv> --output json [...extra]` as a child process, against `address`. */
export async function cliStart(csv: string, address: string, taskQueue: string, extra: string[]): Promise<CliStart> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'bin', 'dunning.js'), 'start', '--file', csv, '--output', 'json', ...extra], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_TASK_QUEUE: taskQueue },
    maxBuffer: 256 * 1024 * 1024,
  });
  const r = JSON.parse(stdout) as { started: number; failed: number; elapsedMs: number };
  return { started: r.started, failed: r.failed, elapsedMs: r.elapsedMs };
}
