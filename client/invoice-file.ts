/**
 * Invoice exports to invoices: CSV (flat columns, see invoice-row.ts and the README) or JSON
 * (an array of InvoiceSchema objects or of flat rows). Every row is parsed; the caller decides
 * what to do when some are invalid. Row numbers count invoices: row 1 is the first under the header.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InvoiceSchema, type Invoice } from '../domain/invoice';
import { COLUMN_NAMES, normaliseHeader, parseFlatRow, REQUIRED_COLUMNS, type ColumnName, type FieldError, type FlatRow } from './invoice-row';

export interface ValidRow {
  row: number;
  invoice: Invoice;
}
export interface InvalidRow {
  row: number;
  invoiceId?: string;
  errors: FieldError[];
}
export interface ParsedInvoices {
  valid: ValidRow[];
  invalid: InvalidRow[];
}

/** A problem with the file as a whole (unreadable, unknown columns): nothing can be trusted. */
export class InvoiceFileError extends Error {}

/** French spreadsheets export with `;` (the comma is the decimal mark); pick what the header uses. */
function sniffDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length - 1] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

export function parseInvoicesCsv(text: string): ParsedInvoices {
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: sniffDelimiter(text.replace(/^\uFEFF/, '')), skip_empty_lines: true, relax_column_count: true });
  } catch (err) {
    throw new InvoiceFileError(`not a readable CSV file: ${(err as Error).message}`);
  }
  if (records.length === 0) throw new InvoiceFileError('the file is empty');
  const header = records[0].map(normaliseHeader);
  const unknown = header.filter((h) => h !== '' && !COLUMN_NAMES.includes(h as ColumnName));
  if (unknown.length) throw new InvoiceFileError(`unknown column(s) ${unknown.join(', ')}; known columns: ${COLUMN_NAMES.join(', ')}`);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new InvoiceFileError(`missing column(s) ${missing.join(', ')}`);
  const rows = records.slice(1).map((cells, i) => {
    const flat: FlatRow = {};
    header.forEach((h, j) => {
      if (h) flat[h as ColumnName] = cells[j];
    });
    const extra = cells.length !== header.length ? `${cells.length} cells for ${header.length} columns` : undefined;
    return { row: i + 1, flat, extra };
  });
  return collect(
    rows.map(({ row, flat, extra }) => {
      if (extra) return { row, result: { ok: false as const, invoiceId: flat.invoice_id, errors: [{ field: '(row)', message: extra }] } };
      return { row, result: parseFlatRow(flat) };
    }),
  );
}

export function parseInvoicesJson(text: string): ParsedInvoices {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InvoiceFileError(`not valid JSON: ${(err as Error).message}`);
  }
  const items = Array.isArray(data) ? data : (data as { invoices?: unknown })?.invoices;
  if (!Array.isArray(items)) throw new InvoiceFileError('expected an array of invoices (or { "invoices": [...] })');
  return collect(items.map((item, i) => ({ row: i + 1, result: parseJsonInvoice(item) })));
}

/** One invoice object: InvoiceSchema as is, or a flat row with the CSV's column names. */
export function parseJsonInvoice(item: unknown): ReturnType<typeof parseFlatRow> {
  if (item && typeof item === 'object' && 'invoice_id' in item) {
    const flat = Object.fromEntries(Object.entries(item).map(([k, v]) => [normaliseHeader(k), v === null || v === undefined ? undefined : String(v)]));
    return parseFlatRow(flat as FlatRow);
  }
  const r = InvoiceSchema.safeParse(item);
  if (r.success) return { ok: true, invoice: r.data };
  const invoiceId = typeof (item as { invoiceId?: unknown })?.invoiceId === 'string' ? (item as { invoiceId: string }).invoiceId : undefined;
  const message = (i: (typeof r.error.issues)[number]) => (i.code === 'invalid_type' && /received undefined$/.test(i.message) ? 'required' : i.message);
  return { ok: false, invoiceId, errors: r.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(invoice)', message: message(i) })) };
}

/** Splits valid from invalid rows; a repeated invoice id is an error on every later row. */
function collect(rows: Array<{ row: number; result: ReturnType<typeof parseFlatRow> }>): ParsedInvoices {
  const out: ParsedInvoices = { valid: [], invalid: [] };
  const firstRow = new Map<string, number>();
  for (const { row, result } of rows) {
    if (!result.ok) {
      out.invalid.push({ row, invoiceId: result.invoiceId, errors: result.errors });
      continue;
    }
    const id = result.invoice.invoiceId;
    const seen = firstRow.get(id);
    if (seen !== undefined) {
      out.invalid.push({ row, invoiceId: id, errors: [{ field: 'invoice_id', message: `${id} is already on row ${seen}` }] });
      continue;
    }
    firstRow.set(id, row);
    out.valid.push({ row, invoice: result.invoice });
  }
  return out;
}

export function readInvoiceFile(path: string): ParsedInvoices {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InvoiceFileError(`cannot read ${path}: ${(err as Error).message}`);
  }
  const ext = extname(path).toLowerCase();
  const json = ext === '.json' || (ext !== '.csv' && /^\s*[[{]/.test(text));
  return json ? parseInvoicesJson(text) : parseInvoicesCsv(text);
}

/** "row 3, due_date: a date written YYYY-MM-DD (invoice INV-3)", one line per field. */
export function describeInvalidRow(r: InvalidRow): string[] {
  const which = r.invoiceId ? ` (invoice ${r.invoiceId})` : '';
  return r.errors.map((e) => `row ${r.row}, ${e.field}: ${e.message}${which}`);
}
