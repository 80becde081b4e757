/**
 * Invoice exports to invoices: CSV (flat columns, see invoice-row.ts and the README) or JSON
 * (an array of InvoiceSchema objects or of flat rows). Every row is parsed; the caller decides
 * what to do when some are invalid. Row numbers count invoices: row 1 is the first under the header.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InvoiceSchema, type Invoice } from '../domain/invoice/schema';
import { checkDocuments, COLUMN_NAMES, normaliseHeader, parseFlatRow, REQUIRED_COLUMNS, rowContextFromEnv, type ColumnName, type FieldError, type FlatRow, type RowContext } from './invoice-row';

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
  /** Said once for the whole file (ignored columns); nothing was refused for them. */
  warnings?: string[];
}

/** How the file's bytes are read: UTF-8 (with or without BOM, the default) or Latin-1 (Windows-1252). */
export type FileEncoding = 'utf8' | 'latin1';
export const FILE_ENCODINGS: readonly FileEncoding[] = ['utf8', 'latin1'];

/** A problem with the file as a whole (unreadable, unknown columns): nothing can be trusted. */
export class InvoiceFileError extends Error {}

/** French spreadsheets export with `;` (the comma is the decimal mark); pick what the header uses. */
function sniffDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length - 1] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/**
 * The header, checked: a column twice is refused (which copy is meant cannot be guessed; taking the
 * last one dunned 999.00 instead of 100.00), a missing required column is refused, and an unknown
 * column is ignored with a warning: ERP exports carry dozens of columns of their own, and refusing
 * them would make every export need hand editing first. A name close to a known one is pointed out.
 */
function checkHeader(header: string[]): string[] {
  const seen = new Map<string, number>();
  const twice: string[] = [];
  header.forEach((h, i) => {
    if (!h) return;
    const first = seen.get(h);
    if (first !== undefined) twice.push(`${h} (columns ${first + 1} and ${i + 1})`);
    else seen.set(h, i);
  });
  if (twice.length) throw new InvoiceFileError(`column(s) given twice: ${twice.join(', ')}; keep one of each (which one is meant cannot be guessed)`);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new InvoiceFileError(`missing column(s) ${missing.join(', ')}`);
  return header
    .map((h, i) => ({ h, i }))
    .filter(({ h }) => !COLUMN_NAMES.includes(h as ColumnName))
    .map(({ h, i }) => {
      if (!h) return `column ${i + 1} has no name: ignored`;
      const near = COLUMN_NAMES.find((c) => editDistance(c, h) <= 2);
      return `unknown column ${h} ignored${near ? ` (did you mean ${near}?)` : ''}`;
    });
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

export function parseInvoicesCsv(text: string, ctx: RowContext = rowContextFromEnv()): ParsedInvoices {
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: sniffDelimiter(text.replace(/^\uFEFF/, '')), skip_empty_lines: true, relax_column_count: true });
  } catch (err) {
    throw new InvoiceFileError(`not a readable CSV file: ${(err as Error).message}`);
  }
  if (records.length === 0) throw new InvoiceFileError('the file is empty');
  const header = records[0].map(normaliseHeader);
  const warnings = checkHeader(header);
  const rows = records.slice(1).map((cells, i) => {
    const flat: FlatRow = {};
    header.forEach((h, j) => {
      if (COLUMN_NAMES.includes(h as ColumnName)) flat[h as ColumnName] = cells[j];
    });
    const extra = cells.length !== header.length ? `${cells.length} cells for ${header.length} columns` : undefined;
    return { row: i + 1, flat, extra };
  });
  const parsed = collect(
    rows.map(({ row, flat, extra }) => {
      if (extra) return { row, result: { ok: false as const, invoiceId: flat.invoice_id, errors: [{ field: '(row)', message: extra }] } };
      return { row, result: parseFlatRow(flat, ctx) };
    }),
  );
  return warnings.length ? { ...parsed, warnings } : parsed;
}

export function parseInvoicesJson(text: string, ctx: RowContext = rowContextFromEnv()): ParsedInvoices {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InvoiceFileError(`not valid JSON: ${(err as Error).message}`);
  }
  const items = Array.isArray(data) ? data : (data as { invoices?: unknown })?.invoices;
  if (!Array.isArray(items)) throw new InvoiceFileError('expected an array of invoices (or { "invoices": [...] })');
  return collect(items.map((item, i) => ({ row: i + 1, result: parseJsonInvoice(item, ctx) })));
}

/** One invoice object: InvoiceSchema as is, or a flat row with the CSV's column names. */
export function parseJsonInvoice(item: unknown, ctx: RowContext = rowContextFromEnv()): ReturnType<typeof parseFlatRow> {
  if (item && typeof item === 'object' && 'invoice_id' in item) {
    const entries = Object.entries(item).map(([k, v]) => [normaliseHeader(k), v === null || v === undefined ? undefined : String(v)] as const);
    // "Due Date" and "due_date" are the same column: given twice, neither wins.
    const names = entries.map(([k]) => k);
    const twice = [...new Set(names.filter((k, i) => names.indexOf(k) !== i))];
    if (twice.length) return { ok: false, invoiceId: String((item as { invoice_id?: unknown }).invoice_id ?? '') || undefined, errors: twice.map((field) => ({ field, message: 'given twice (under two spellings); keep one' })) };
    return parseFlatRow(Object.fromEntries(entries) as FlatRow, ctx);
  }
  const r = InvoiceSchema.safeParse(item);
  if (r.success) {
    const errors = checkDocuments(r.data, ctx);
    return errors.length ? { ok: false, invoiceId: r.data.invoiceId, errors: errors.map((e) => ({ ...e, field: 'pdfPath' })) } : { ok: true, invoice: r.data };
  }
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

/**
 * The file's bytes as text. UTF-8 is the default, with or without BOM; bytes that are not UTF-8
 * are refused with where they are (a Latin-1 export read as UTF-8 became "Soci?t? G?n?rale" on the
 * letters), unless the caller says the file is Latin-1 (read as Windows-1252, its superset that
 * Excel writes). UTF-16 (Excel's "Unicode text") is refused with what to do.
 */
export function decodeInvoiceFile(bytes: Uint8Array, encoding: FileEncoding = 'utf8'): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InvoiceFileError('the file is UTF-16 (a "Unicode text" export); save it as CSV UTF-8');
  }
  if (encoding === 'latin1') return new TextDecoder('windows-1252').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, at).reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
    throw new InvoiceFileError(
      `not UTF-8: byte 0x${bytes[at].toString(16).toUpperCase().padStart(2, '0')} on line ${line} is not valid UTF-8. ` +
        'If the export is Latin-1 / Windows-1252 (accents such as "Société" as single bytes), run again with --encoding latin1, or save it as CSV UTF-8',
    );
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > b.length) return i;
    for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += n;
  }
  return 0;
}

export function readInvoiceFile(path: string, opts: { encoding?: FileEncoding; ctx?: RowContext } = {}): ParsedInvoices {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InvoiceFileError(`cannot read ${path}: ${(err as Error).message}`);
  }
  const text = decodeInvoiceFile(bytes, opts.encoding);
  const ctx = opts.ctx ?? rowContextFromEnv();
  const ext = extname(path).toLowerCase();
  const json = ext === '.json' || (ext !== '.csv' && /^\s*[[{]/.test(text));
  return json ? parseInvoicesJson(text, ctx) : parseInvoicesCsv(text, ctx);
}

/** "row 3, due_date: a date written YYYY-MM-DD (invoice INV-3)", one line per field. */
export function describeInvalidRow(r: InvalidRow): string[] {
  const which = r.invoiceId ? ` (invoice ${r.invoiceId})` : '';
  return r.errors.map((e) => `row ${r.row}, ${e.field}: ${e.message}${which}`);
}
