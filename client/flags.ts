/**
 * Flag parsing shared by the commands: commander argument parsers (a bad value is a usage error,
 * exit 1, before anything is sent) and zod parsing of whole payloads with errors named by flag.
 */
import { InvalidArgumentError } from 'commander';
import type { z } from 'zod';
import { IsoDate } from '../domain/invoice/schema';
import { parseAmount } from './amount';
import { usageError } from './errors';

/** `--amount 1234.56` or `1 234,56` -> cents. */
export function centsArg(value: string): number {
  const r = parseAmount(value);
  if (!r.ok) throw new InvalidArgumentError(r.error);
  return r.cents;
}

export function intArg(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return Number(value);
}

export function dateArg(value: string): string {
  const r = IsoDate.safeParse(value.trim());
  if (!r.success) throw new InvalidArgumentError(r.error.issues[0].message);
  return value.trim();
}

export function positiveIntArg(value: string): number {
  const n = intArg(value);
  if (n < 1) throw new InvalidArgumentError('must be at least 1');
  return n;
}

/**
 * Parses a payload with its domain schema; the error names the flag that fed each field
 * (`--amount: must be more than 0`) so the user knows what to fix.
 */
export function parsePayload<S extends z.ZodType>(schema: S, value: unknown, flags: Record<string, string> = {}, what = 'input'): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    const flag = flags[path] ?? Object.entries(flags).find(([p]) => path.startsWith(`${p}.`))?.[1] ?? (path || what);
    const missing = i.code === 'invalid_type' && /received undefined$/.test(i.message);
    return `${flag}: ${missing ? 'required' : i.message}`;
  });
  throw usageError(`invalid ${what}: ${lines.join('; ')}`);
}

/** Drops undefined keys so optional flags left out stay out of the payload. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
