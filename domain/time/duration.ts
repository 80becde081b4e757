/**
 * Durations as finance teams write them in the policy ("3 business days", "P10D", "2h").
 * Pure and free of any validation library: workflow code parses policies with it.
 */

/** A parsed duration. Calendar and business days stay symbolic: their length depends on the zone and calendar. */
export type Duration = { unit: 'business_days' | 'days' | 'ms'; n: number };

export interface Offset {
  sign: 1 | -1;
  duration: Duration;
}

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;

export const DURATION_EXAMPLES = '"3 business days", "10 days", "1 day", "P10D", "PT2H", "P1DT12H", "30s", "5m", "2h", "500ms", "7d"';
export const OFFSET_EXAMPLES = '"-3 business days", "+1 day", "+14 days", "0 days", "-30s", "+P7D"';

type UnitFn = (n: number) => Duration;
const businessDays: UnitFn = (n) => ({ unit: 'business_days', n });
const days: UnitFn = (n) => ({ unit: 'days', n });
const ms =
  (factor: number): UnitFn =>
  (n) => ({ unit: 'ms', n: n * factor });

// Looked up exactly first, then with a trailing "s" removed, so "ms" and "s" survive.
const UNITS: Record<string, UnitFn> = {
  'business day': businessDays,
  'working day': businessDays,
  day: days,
  'calendar day': days,
  d: days,
  week: (n) => days(n * 7),
  w: (n) => days(n * 7),
  hour: ms(HOUR_MS),
  h: ms(HOUR_MS),
  minute: ms(MINUTE_MS),
  min: ms(MINUTE_MS),
  m: ms(MINUTE_MS),
  second: ms(SECOND_MS),
  sec: ms(SECOND_MS),
  s: ms(SECOND_MS),
  millisecond: ms(1),
  ms: ms(1),
};

const WORDS = /^(\d+)\s*([a-z]+(?:\s+[a-z]+)?)$/i;
// Weeks and days only, or with a time part. Years and months are refused: their length varies.
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

function invalid(s: string, why?: string): Error {
  return new Error(`Invalid duration "${s}"${why ? ` (${why})` : ''}: write e.g. ${DURATION_EXAMPLES}`);
}

function checked(s: string, d: Duration): Duration {
  if (!Number.isSafeInteger(d.n)) throw invalid(s, 'too large');
  return d;
}

function parseIso(s: string): Duration {
  const m = ISO.exec(s);
  if (!m || s === 'P' || s.endsWith('T')) {
    if (/^P.*[YM]/.test(s.split('T')[0] ?? '')) throw invalid(s, 'years and months have no fixed length; use days');
    throw invalid(s, 'not an ISO 8601 duration');
  }
  const [, w, d, h, min, sec] = m;
  const dayCount = Number(w ?? 0) * 7 + Number(d ?? 0);
  if (h === undefined && min === undefined && sec === undefined) return checked(s, days(dayCount));
  const total = dayCount * DAY_MS + Number(h ?? 0) * HOUR_MS + Number(min ?? 0) * MINUTE_MS + Math.round(Number(sec ?? 0) * 1000);
  return checked(s, { unit: 'ms', n: total });
}

/** Parses an unsigned duration; throws an Error naming the bad string and valid examples. */
export function parseDuration(input: string): Duration {
  if (typeof input !== 'string') throw invalid(String(input), 'not a string');
  const s = input.trim();
  if (s === '') throw invalid(input, 'empty');
  if (/^[+-]/.test(s)) throw invalid(input, 'a duration has no sign; signs belong to offsets');
  if (s.startsWith('P')) return parseIso(s);
  const m = WORDS.exec(s);
  if (!m) throw invalid(input);
  const unit = m[2].toLowerCase().replace(/\s+/g, ' ');
  const make = UNITS[unit] ?? (unit.endsWith('s') ? UNITS[unit.slice(0, -1)] : undefined);
  if (!make) throw invalid(input, `unknown unit "${m[2]}"`);
  return checked(input, make(Number(m[1])));
}

/** Parses "-3 business days", "+P7D", "0 days"; no sign means +. Zero is always +. */
export function parseOffset(input: string): Offset {
  if (typeof input !== 'string') throw invalidOffset(String(input));
  const m = /^\s*([+-])?\s*(.*)$/.exec(input);
  const rest = m?.[2] ?? '';
  let duration: Duration;
  try {
    duration = parseDuration(rest);
  } catch (e) {
    throw invalidOffset(input, e instanceof Error ? e.message : undefined);
  }
  const sign = m?.[1] === '-' && duration.n !== 0 ? -1 : 1;
  return { sign, duration };
}

function invalidOffset(s: string, cause?: string): Error {
  return new Error(`Invalid offset "${s}": write a signed duration such as ${OFFSET_EXAMPLES}${cause ? `. ${cause}` : ''}`);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Readable and parseable back: "3 business days", "1 day", "36h", "90s", "500ms". */
export function formatDuration(d: Duration): string {
  switch (d.unit) {
    case 'business_days':
      return plural(d.n, 'business day');
    case 'days':
      return plural(d.n, 'day');
    case 'ms':
      if (d.n === 0) return '0ms';
      if (d.n % HOUR_MS === 0) return `${d.n / HOUR_MS}h`;
      if (d.n % MINUTE_MS === 0) return `${d.n / MINUTE_MS}m`;
      if (d.n % SECOND_MS === 0) return `${d.n / SECOND_MS}s`;
      return `${d.n}ms`;
  }
}

/** "+3 business days", "-30s", "0 days". */
export function formatOffset(o: Offset): string {
  if (o.duration.n === 0) return formatDuration(o.duration);
  return `${o.sign < 0 ? '-' : '+'}${formatDuration(o.duration)}`;
}

/** Fixed-length durations only: a business day has no length without a calendar. */
export function durationToMs(d: Duration): number {
  switch (d.unit) {
    case 'ms':
      return d.n;
    case 'days':
      return d.n * DAY_MS;
    case 'business_days':
      throw new Error(`durationToMs: "${formatDuration(d)}" depends on the business calendar; use addDuration from domain/time/calendar`);
  }
}

/** Elapsed time, business days read as calendar days (x7/5): for windows and idle times, not for dates. */
export function toMs(d: Duration): number {
  return d.unit === 'business_days' ? Math.ceil((d.n * 7) / 5) * DAY_MS : durationToMs(d);
}
