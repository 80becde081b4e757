import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { bulkStart, type BulkStartSummary, type StartItem } from '../bulk-start';
import { withTemporal } from '../connection';
import { CliError, EXIT, usageError } from '../errors';
import { positiveIntArg } from '../flags';
import { decodeInvoiceFile, describeInvalidRow, FILE_ENCODINGS, InvoiceFileError, parseJsonInvoice, readInvoiceFile, type FileEncoding, type ParsedInvoices } from '../invoice-file';
import { COLUMN_NAMES, parseFlatRow, type ColumnName, type FlatRow } from '../invoice-row';
import { formatFields, note, print, printJson } from '../output';
import { loadPolicyFile } from '../policy-file';
import { progressReporter } from '../progress';
import type { PolicyInput } from '../../domain/policy/schema';

/** Column -> flag of the one-invoice form; the same names as the CSV columns, dashed. */
const FLAG_FOR: Partial<Record<ColumnName, string>> = {
  contact_email: 'email',
  contact_phone: 'phone',
  address_line1: 'address',
  pdf_path: 'pdf',
};
const flagOf = (c: ColumnName) => FLAG_FOR[c] ?? c.replace(/_/g, '-');
const optionKey = (flag: string) => flag.replace(/-([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
const ONE_INVOICE_COLUMNS = COLUMN_NAMES.filter((c) => !c.startsWith('contact2_') && c !== 'address_line2');

interface StartOptions {
  file?: string;
  json?: string;
  policy?: string;
  skipInvalid?: boolean;
  concurrency: number;
  allowRestart?: boolean;
  perInvoice?: boolean;
  dryRun?: boolean;
  encoding: FileEncoding;
  output: 'text' | 'json';
  [flag: string]: unknown;
}

export function registerStart(program: Command): void {
  const cmd = program
    .command('start')
    .description('Start dunning: one invoice from flags or --json FILE, or a whole export with --file (CSV or JSON)')
    .option('--file <path>', 'CSV or JSON export of invoices (format in README, "CLI")')
    .option('--json <path>', 'one invoice as JSON (InvoiceSchema, or a flat record with the CSV column names)')
    .option('--policy <path>', 'dunning policy JSON for these invoices (default: the built-in policy)')
    .option('--skip-invalid', 'start the valid rows and report the invalid ones (default: nothing starts if any row is invalid)')
    .option('--concurrency <n>', 'starts in flight at once', positiveIntArg, 32)
    .option('--allow-restart', 'start again invoices whose previous dunning is closed (paid, cancelled, litigation)')
    .option('--per-invoice', "each invoice reaches out on its own (default: one reminder per debtor, merged by the debtor's workflow)")
    .option('--dry-run', 'check the input and the policy, start nothing')
    .addOption(new Option('--encoding <name>', 'encoding of --file / --json: utf8 (with or without BOM) or latin1 (Windows-1252)').choices([...FILE_ENCODINGS]).default('utf8'))
    .addOption(new Option('--output <format>', 'summary format').choices(['text', 'json']).default('text'));
  for (const c of ONE_INVOICE_COLUMNS) cmd.option(`--${flagOf(c)} <value>`, `one invoice: ${c}`);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ dunning start --file examples/invoices.csv
  $ dunning start --file export.csv --policy examples/fast-policy.json --concurrency 64
  $ dunning start --file export.csv --skip-invalid
  $ dunning start --json invoice.json
  $ dunning start --invoice-id FA-2026-0142 --debtor-id CUST-0087 --debtor-name "Boulangeries Marcel SARL" \\
      --email compta@marcel.example --amount "1 234,56" --issue-date 2026-03-02 --due-date 2026-04-01

An invoice already under dunning is reported as such and not started twice. By default each
invoice hands its touches to its debtor's workflow, so a debtor with several overdue invoices
gets one email and one call covering them (--per-invoice to switch that off). Row numbers count
invoices: row 1 is the first line under the header.`,
  );
  cmd.action((opts: StartOptions) => runStart(opts));
}

function readInput(opts: StartOptions): ParsedInvoices {
  const flagged = ONE_INVOICE_COLUMNS.filter((c) => opts[optionKey(flagOf(c))] !== undefined);
  const modes = [opts.file && '--file', opts.json && '--json', flagged.length && 'invoice flags'].filter(Boolean);
  if (modes.length !== 1) throw usageError(modes.length ? `use one of ${modes.join(', ')}, not several` : 'nothing to start: give --file, --json or --invoice-id and the other invoice flags (see --help)');
  try {
    if (opts.file) return readInvoiceFile(opts.file, { encoding: opts.encoding });
    if (opts.json) {
      const r = parseJsonInvoice(JSON.parse(decodeInvoiceFile(readFileSync(opts.json), opts.encoding)));
      return r.ok ? { valid: [{ row: 1, invoice: r.invoice }], invalid: [] } : { valid: [], invalid: [{ row: 1, invoiceId: r.invoiceId, errors: r.errors }] };
    }
  } catch (err) {
    if (err instanceof InvoiceFileError) throw usageError(`${opts.file ?? opts.json}: ${err.message}`);
    throw usageError(`cannot read ${opts.json}: ${(err as Error).message}`);
  }
  const row: FlatRow = Object.fromEntries(flagged.map((c) => [c, String(opts[optionKey(flagOf(c))])]));
  const r = parseFlatRow(row);
  if (r.ok) return { valid: [{ row: 1, invoice: r.invoice }], invalid: [] };
  // Flags are named as the user typed them.
  throw usageError(`invalid invoice: ${r.errors.map((e) => `--${COLUMN_NAMES.includes(e.field as ColumnName) ? flagOf(e.field as ColumnName) : e.field}: ${e.message}`).join('; ')}`);
}

async function runStart(opts: StartOptions): Promise<void> {
  const policy: PolicyInput | undefined = opts.policy ? loadPolicyFile(opts.policy).raw : undefined;
  const parsed = readInput(opts);
  const total = parsed.valid.length + parsed.invalid.length;
  const problems = parsed.invalid.flatMap(describeInvalidRow);
  for (const warning of parsed.warnings ?? []) note(`warning: ${warning}`);
  if (parsed.invalid.length && !opts.skipInvalid) {
    for (const line of problems.slice(0, 100)) note(line);
    if (problems.length > 100) note(`... and ${problems.length - 100} more`);
    throw usageError(`${parsed.invalid.length} of ${total} invoice(s) invalid: nothing started (fix them, or --skip-invalid to start the ${parsed.valid.length} valid one(s))`);
  }
  if (opts.dryRun) {
    for (const line of problems) note(line);
    print(`${parsed.valid.length} valid, ${parsed.invalid.length} invalid of ${total}; nothing started (dry run)`);
    return;
  }
  const items: StartItem[] = parsed.valid;
  const summary = await withTemporal(async (t) => {
    const bar = items.length > 1 ? progressReporter(items.length) : undefined;
    try {
      return await bulkStart(t.client, items, {
        taskQueue: t.settings.taskQueue,
        policy,
        concurrency: opts.concurrency,
        allowRestart: opts.allowRestart,
        coordinated: !opts.perInvoice,
        onProgress: (p) => bar?.update(p),
      });
    } finally {
      bar?.stop();
    }
  });
  report(summary, parsed, problems, opts.output);
  const failed = summary.results.filter((r) => r.status === 'failed');
  if (failed.length && failed.every((r) => r.unreachable) && summary.started === 0) {
    throw new CliError(`Temporal server unreachable: ${failed[0].error}`, EXIT.unreachable);
  }
  if (failed.length) throw new CliError(`${failed.length} invoice(s) could not be started`, EXIT.usage);
}

function report(s: BulkStartSummary, parsed: ParsedInvoices, problems: string[], output: 'text' | 'json'): void {
  const rate = s.elapsedMs > 0 ? Math.round((s.done / s.elapsedMs) * 1000) : s.done;
  if (output === 'json') {
    printJson({
      started: s.started,
      alreadyUnderDunning: s.already,
      invalid: parsed.invalid.length,
      failed: s.failed,
      warnings: parsed.warnings ?? [],
      elapsedMs: Math.round(s.elapsedMs),
      results: s.results,
      invalidRows: parsed.invalid,
    });
    return;
  }
  if (s.total === 1 && parsed.invalid.length === 0) {
    const r = s.results[0];
    if (r.status === 'started') print(`started: ${r.invoiceId} is under dunning (workflow ${r.workflowId}, run ${r.runId})`);
    else if (r.status === 'already') print(`already under dunning: ${r.invoiceId} (workflow ${r.workflowId}); nothing started`);
    else print(`failed: ${r.invoiceId}: ${r.error}`);
    return;
  }
  // A re-imported export can repeat thousands of rows: a sample of each kind, the rest in --output json.
  const sample = (lines: string[]) => {
    for (const line of lines.slice(0, 20)) print(line);
    if (lines.length > 20) print(`  ... and ${lines.length - 20} more (--output json lists them all)`);
  };
  sample(s.results.filter((r) => r.status === 'already').map((r) => `already under dunning: row ${r.row}, ${r.invoiceId}`));
  sample(s.results.filter((r) => r.status === 'failed').map((r) => `failed: row ${r.row}, ${r.invoiceId}: ${r.error}`));
  sample(problems.map((line) => `invalid: ${line}`));
  print(
    formatFields([
      ['started', s.started],
      ['already under dunning', s.already],
      ['invalid', parsed.invalid.length],
      ['failed', s.failed],
      ['time', `${(s.elapsedMs / 1000).toFixed(1)}s (${rate} invoices/s)`],
    ]),
  );
}
