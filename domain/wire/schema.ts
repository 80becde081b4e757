import { parseDuration, parseOffset, type Duration, type Offset } from '../time/duration';
import { byteLimitMessage, controlMessage, findControl, utf8Length, type ByteLimitReason } from '../text/limits';

/**
 * Validation of what enters a workflow (inputs, signals, updates), with schemas that are plain
 * data. Why not zod here: with reuseV8Context every workflow gets fresh instances of the bundle's
 * modules, so building zod and its schemas would run again for each workflow (measured: about
 * 1.9 MB and 370 ms per workflow). These specs are object literals read by one small function:
 * microseconds and a few KB per workflow. The CLI and activities keep zod at their boundaries;
 * test/unit/wire checks that both accept and refuse the same payloads.
 */

export type Spec =
  | StringSpec
  | { t: 'int'; min?: number; max?: number; hint?: string; optional?: true; default?: number }
  | { t: 'number'; min?: number; max?: number; optional?: true; default?: number }
  | { t: 'boolean'; optional?: true; default?: boolean }
  /** A real calendar day written YYYY-MM-DD. */
  | { t: 'date'; optional?: true }
  | { t: 'enum'; values: readonly string[]; optional?: true; default?: string }
  | { t: 'literal'; value: string | number | boolean; optional?: true }
  | { t: 'array'; of: Spec; min?: number; max?: number; optional?: true; default?: readonly never[] }
  | ObjectSpec
  /** A policy duration written as text ("3 business days", "P10D", "30s"), parsed. */
  | { t: 'duration'; optional?: true; default?: string }
  /** A signed offset from the due date ("-3 business days", "+30s"), parsed. */
  | { t: 'offset'; optional?: true }
  /** Anything JSON: kept as is (free-form fields we store but never interpret). */
  | { t: 'json'; optional?: true };

export interface StringSpec {
  t: 'string';
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** Said when `pattern` does not match. */
  hint?: string;
  trim?: boolean;
  /** Refuse control characters (domain/text/limits.ts): 'line' all of them, 'text' all but tab and newlines. */
  controls?: 'line' | 'text';
  /** At most this many UTF-8 bytes, and why (the message names the Temporal limit). */
  maxBytes?: number;
  bytesReason?: ByteLimitReason;
  optional?: true;
  default?: string;
}

export interface ObjectSpec {
  t: 'object';
  fields: { readonly [k: string]: Spec };
  optional?: true;
  /** An absent object is read as this one (then its own defaults apply). */
  default?: Readonly<Record<string, unknown>>;
  /** Cross-field rules, run once every field is valid: the problem, or undefined. */
  rules?: ReadonlyArray<(v: Record<string, unknown>) => Issue | undefined>;
}

export interface Issue {
  path: string;
  message: string;
}

/** The value a spec accepts, with its defaults applied. */
export type Infer<S> = S extends { t: 'duration' }
  ? Duration
  : S extends { t: 'offset' }
    ? Offset
    : S extends { t: 'string' }
  ? string
  : S extends { t: 'int' } | { t: 'number' }
    ? number
    : S extends { t: 'boolean' }
      ? boolean
      : S extends { t: 'date' }
        ? string
        : S extends { t: 'enum'; values: readonly (infer V)[] }
          ? V
          : S extends { t: 'literal'; value: infer V }
            ? V
            : S extends { t: 'array'; of: infer O }
              ? Infer<O>[]
              : S extends { t: 'object'; fields: infer F }
                ? Flatten<{ -readonly [K in keyof F as IsOptional<F[K]> extends true ? never : K]: Infer<F[K]> } & { -readonly [K in keyof F as IsOptional<F[K]> extends true ? K : never]?: Infer<F[K]> }>
                : unknown;

/** Optional on the way in and still optional on the way out: no default fills it. */
type IsOptional<S> = S extends { optional: true } ? (S extends { default: unknown } ? false : true) : false;
type Flatten<T> = { [K in keyof T]: T[K] };

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string; issues: Issue[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real day of the Gregorian calendar (rejects 2027-02-30). */
export function isRealDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

/** Validates `raw` against `spec`: a normalized copy (defaults applied, strings trimmed where asked), or every issue. */
export function check<S extends Spec>(spec: S, raw: unknown): Checked<Infer<S>> {
  const issues: Issue[] = [];
  const value = walk(spec, raw, '', issues);
  if (issues.length) return { ok: false, issues, error: describeIssues(issues) };
  // The walk builds exactly the shape Infer<S> describes (test/unit/wire proves it against zod).
  return { ok: true, value: value as Infer<S> };
}

/** One line per problem, "path: message", like the CLI prints zod errors. */
export function describeIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.path || '(value)'}: ${i.message}`).join('; ');
}

const ABSENT = Symbol('absent');

function walk(spec: Spec, raw: unknown, path: string, issues: Issue[]): unknown {
  if (raw === undefined || raw === null) {
    if ('default' in spec && spec.default !== undefined) raw = spec.default;
    else if (spec.optional) return ABSENT;
    else {
      issues.push({ path, message: raw === null ? 'must not be null' : 'required' });
      return ABSENT;
    }
  }
  const bad = (message: string) => {
    issues.push({ path, message });
    return ABSENT;
  };
  switch (spec.t) {
    case 'string': {
      if (typeof raw !== 'string') return bad(`expected text, got ${kindOf(raw)}`);
      const s = spec.trim ? raw.trim() : raw;
      if (spec.min !== undefined && s.length < spec.min) return bad(spec.hint ?? (spec.min === 1 ? 'must not be empty' : `at least ${spec.min} characters`));
      if (spec.max !== undefined && s.length > spec.max) return bad(`at most ${spec.max} characters`);
      if (spec.pattern && !spec.pattern.test(s)) return bad(spec.hint ?? `does not match ${spec.pattern.source}`);
      const control = spec.controls ? findControl(s, spec.controls === 'text') : undefined;
      if (control) return bad(controlMessage(control));
      if (spec.maxBytes !== undefined && spec.bytesReason) {
        const n = utf8Length(s);
        if (n > spec.maxBytes) return bad(byteLimitMessage(spec.bytesReason, n));
      }
      return s;
    }
    case 'int':
    case 'number': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return bad(`expected a number, got ${kindOf(raw)}`);
      if (spec.t === 'int' && !Number.isSafeInteger(raw)) return bad('expected a whole number');
      if (spec.min !== undefined && raw < spec.min) return bad(spec.t === 'int' && spec.hint ? spec.hint : `must be at least ${spec.min}`);
      if (spec.max !== undefined && raw > spec.max) return bad(`must be at most ${spec.max}`);
      return raw;
    }
    case 'boolean':
      return typeof raw === 'boolean' ? raw : bad(`expected true or false, got ${kindOf(raw)}`);
    case 'date':
      if (typeof raw !== 'string') return bad(`expected a date YYYY-MM-DD, got ${kindOf(raw)}`);
      return isRealDate(raw) ? raw : bad(DATE.test(raw) ? 'not a real calendar date' : 'a date written YYYY-MM-DD');
    case 'enum':
      return typeof raw === 'string' && spec.values.includes(raw) ? raw : bad(`expected one of ${spec.values.join(', ')}`);
    case 'literal':
      return raw === spec.value ? raw : bad(`expected ${JSON.stringify(spec.value)}`);
    case 'array': {
      if (!Array.isArray(raw)) return bad(`expected a list, got ${kindOf(raw)}`);
      if (spec.min !== undefined && raw.length < spec.min) return bad(`at least ${spec.min} item(s)`);
      if (spec.max !== undefined && raw.length > spec.max) return bad(`at most ${spec.max} item(s)`);
      const out: unknown[] = [];
      raw.forEach((item, i) => {
        const v = walk(spec.of, item, join(path, String(i)), issues);
        if (v !== ABSENT) out.push(v);
      });
      return out;
    }
    case 'object': {
      if (typeof raw !== 'object' || Array.isArray(raw)) return bad(`expected an object, got ${kindOf(raw)}`);
      const src = raw as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const before = issues.length;
      for (const [k, field] of Object.entries(spec.fields)) {
        const v = walk(field, src[k], join(path, k), issues);
        if (v !== ABSENT) out[k] = v;
      }
      if (issues.length === before) {
        for (const rule of spec.rules ?? []) {
          const issue = rule(out);
          if (issue) issues.push({ path: join(path, issue.path), message: issue.message });
        }
      }
      return out;
    }
    case 'duration':
    case 'offset': {
      if (typeof raw !== 'string') return bad(`expected text such as "3 business days", got ${kindOf(raw)}`);
      try {
        return spec.t === 'duration' ? parseDuration(raw) : parseOffset(raw);
      } catch (e) {
        return bad(e instanceof Error ? e.message : String(e));
      }
    }
    case 'json':
      return raw;
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return v.length > 20 ? 'other text' : JSON.stringify(v);
  return typeof v === 'object' ? 'an object' : typeof v;
}
