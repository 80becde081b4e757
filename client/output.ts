/** Everything the CLI prints goes through here: aligned tables for people, JSON for scripts. */

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
  console.log(rows.length ? formatTable(columns, rows) : empty);
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

/** "key: value" lines with the keys aligned. */
export { formatFields } from '../templates/brief-text';

/** Progress and notes go to stderr so stdout stays clean for --json. */
export const note = (message: string) => process.stderr.write(`${message}\n`);
