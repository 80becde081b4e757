/**
 * Everything the CLI prints goes through here: aligned tables for people, JSON for scripts. Text
 * from outside (a debtor's name, a note) may hold terminal control sequences (ESC [2J clears the
 * screen, OSC 8 makes links, bidi overrides reorder a line): they are removed from text output and
 * escaped in JSON, so `list`, `status` or `brief` never let a row drive the terminal.
 */

// C0 controls but tab and newline, DEL, C1 controls, line/paragraph separators, bidi overrides.
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The text with every terminal control character removed. */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_UNSAFE, '');
}

/** console.log for the CLI's text output: strings made terminal-safe. */
export function print(...values: unknown[]): void {
  console.log(...values.map((v) => (typeof v === 'string' ? terminalSafe(v) : v)));
}

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | undefined;
  align?: 'left' | 'right';
}

/** Columns padded to their widest cell; numbers right-aligned unless told otherwise. */
export function formatTable<T>(columns: Column<T>[], rows: T[]): string {
  const cells = rows.map((r) => columns.map((c) => String(c.value(r) ?? '')));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i].align === 'right' ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function printTable<T>(columns: Column<T>[], rows: T[], empty = '(nothing)'): void {
  print(rows.length ? formatTable(columns, rows) : empty);
}

/** JSON escapes C0 controls itself; the others that a terminal acts on are escaped here (still valid JSON). */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** "key: value" lines with the keys aligned. */
export { formatFields } from '../templates/brief-text';

/** Progress and notes go to stderr so stdout stays clean for --json. */
export const note = (message: string) => process.stderr.write(`${terminalSafe(message)}\n`);

/**
 * One CSV cell, safe to open in a spreadsheet: a text starting with = + - @ (or tab / CR) would be
 * run as a formula (`=HYPERLINK(...)` in a debtor's name), so it gets a leading apostrophe, which
 * Excel and LibreOffice read as "text"; numbers stay numbers. Quoted when it holds a separator.
 */
export function csvCell(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = terminalSafe(value);
  const inert = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",;\n\r]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** A CSV document (header + rows, CRLF as RFC 4180 says), every cell through csvCell. */
export function formatCsv<T>(columns: Array<{ header: string; value: (row: T) => string | number | boolean | undefined | null }>, rows: T[]): string {
  const line = (cells: Array<string | number | boolean | undefined | null>) => cells.map(csvCell).join(',');
  return [line(columns.map((c) => c.header)), ...rows.map((r) => line(columns.map((c) => c.value(r))))].join('\r\n') + '\r\n';
}
