import { DAY_MS, type Duration, type Offset } from './duration';

/**
 * Business calendar: business days, French holidays, send time and call window in the debtor's
 * time zone (domain.md §2, §8). Pure and deterministic: workflows import it. Time zones go
 * through Intl only, so daylight saving follows the runtime's tz database.
 * The policy's zod schema (domain/policy/schema.ts) validates a Calendar at the CLI; workflows check it
 * with domain/wire.
 */
export interface Calendar {
  /** Off: every day is a business day and any time is fine (tests, non-French debtors by choice). */
  enabled: boolean;
  /** Fallback only: the debtor's time zone normally wins. */
  timeZone: string;
  holidays: 'FR' | 'FR-alsace-moselle' | 'none';
  extraHolidays: string[];
  /** Domain.md §2: calls 10:00-16:00 debtor time; end is exclusive. */
  callWindow: { start: string; end: string };
  sendTime: string;
}

export const defaultCalendar: Calendar = {
  enabled: true,
  timeZone: 'Europe/Paris',
  holidays: 'FR',
  extraHolidays: [],
  callWindow: { start: '10:00', end: '16:00' },
  sendTime: '09:00',
};

// ---------- Holidays ----------

/** Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/** Code du travail L3133-1, sorted. */
export function frenchPublicHolidays(year: number, alsaceMoselle: boolean): string[] {
  const easter = easterSunday(year);
  const ymd = (md: string) => `${pad(year, 4)}-${md}`;
  const days = [
    ymd('01-01'),
    addDays(easter, 1),
    ymd('05-01'),
    ymd('05-08'),
    addDays(easter, 39),
    addDays(easter, 50),
    ymd('07-14'),
    ymd('08-15'),
    ymd('11-01'),
    ymd('11-11'),
    ymd('12-25'),
  ];
  if (alsaceMoselle) days.push(addDays(easter, -2), ymd('12-26'));
  return days.sort();
}

// Memoised per year: deterministic, so harmless in workflow isolates.
const holidayCache = new Map<string, ReadonlySet<string>>();
function holidaySet(year: number, region: Calendar['holidays']): ReadonlySet<string> {
  if (region === 'none') return EMPTY;
  const key = `${region}:${year}`;
  let set = holidayCache.get(key);
  if (!set) {
    set = new Set(frenchPublicHolidays(year, region === 'FR-alsace-moselle'));
    holidayCache.set(key, set);
  }
  return set;
}
const EMPTY: ReadonlySet<string> = new Set();

export function isHoliday(date: string, cal: Calendar): boolean {
  return holidaySet(Number(date.slice(0, 4)), cal.holidays).has(date) || cal.extraHolidays.includes(date);
}

// ---------- Local dates (YYYY-MM-DD, no zone) ----------

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
function isoDate(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}
function dateToUtcMs(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`Invalid date "${date}": write YYYY-MM-DD`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}
function utcMsToDate(ms: number): string {
  const d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: string, n: number): string {
  return utcMsToDate(dateToUtcMs(date) + n * DAY_MS);
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(dateToUtcMs(date)).getUTCDay();
}

/** b - a in calendar days. */
export function daysBetween(a: string, b: string): number {
  return Math.round((dateToUtcMs(b) - dateToUtcMs(a)) / DAY_MS);
}

export function isBusinessDay(date: string, cal: Calendar): boolean {
  if (!cal.enabled) return true;
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6 && !isHoliday(date, cal);
}

// A year of extra holidays could otherwise loop forever.
const MAX_SCAN_DAYS = 800;

/** Same day if it is a business day (L3133-1: a deadline on a non-working day moves forward). */
export function nextBusinessDay(date: string, cal: Calendar): string {
  let d = date;
  for (let i = 0; i < MAX_SCAN_DAYS; i++, d = addDays(d, 1)) {
    if (isBusinessDay(d, cal)) return d;
  }
  throw new Error(`No business day within ${MAX_SCAN_DAYS} days after ${date}: check the calendar's extraHolidays`);
}

/** n may be negative; 0 returns the date itself, business day or not. */
export function addBusinessDays(date: string, n: number, cal: Calendar): string {
  if (!Number.isInteger(n)) throw new Error(`addBusinessDays: n must be an integer, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let d = date;
  let left = Math.abs(n);
  for (let scanned = 0; left > 0; scanned++) {
    if (scanned > MAX_SCAN_DAYS + Math.abs(n) * 7) throw new Error(`addBusinessDays: no business days around ${date}`);
    d = addDays(d, step);
    if (isBusinessDay(d, cal)) left--;
  }
  return d;
}

// ---------- Time zones ----------

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    if (!isValidTimeZone(tz)) throw new Error(`Unknown time zone "${tz}": use an IANA name such as Europe/Paris`);
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface WallClock {
  date: string;
  /** Milliseconds since local midnight. */
  msOfDay: number;
}

/**
 * The zone's offset is constant within each 15-minute slice of UTC time except at a transition,
 * which every zone in use makes on a quarter-hour: one Intl call per slice (checked at both ends)
 * serves every instant in it. Same input, same answer, so the memo is safe in workflows.
 */
const SLICE_MS = 15 * 60_000;
const offsets = new Map<string, number>();
function wallClock(instantMs: number, tz: string): WallClock {
  const slice = Math.floor(instantMs / SLICE_MS) * SLICE_MS;
  const key = `${tz}|${slice}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = exactOffset(slice, tz);
    const end = exactOffset(slice + SLICE_MS - 1, tz);
    if (start !== end) return exactWallClock(instantMs, tz); // a transition inside the slice: no shortcut
    if (offsets.size > 20_000) offsets.clear();
    offsets.set(key, (offset = start));
  }
  const local = instantMs + offset;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  return { date: utcMsToDate(dayStart), msOfDay: local - dayStart };
}

function exactOffset(instantMs: number, tz: string): number {
  const w = exactWallClock(instantMs, tz);
  return dateToUtcMs(w.date) + w.msOfDay - instantMs;
}

function exactWallClock(instantMs: number, tz: string): WallClock {
  const fields: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(instantMs)) {
    if (p.type !== 'literal') fields[p.type] = Number(p.value);
  }
  const subSecond = ((instantMs % 1000) + 1000) % 1000;
  return {
    date: isoDate(fields.year, fields.month, fields.day),
    msOfDay: ((fields.hour * 60 + fields.minute) * 60 + fields.second) * 1000 + subSecond,
  };
}

/** Local wall-clock minus UTC at this instant, in ms (Paris: 3600000 in winter, 7200000 in summer). */
export function zoneOffsetMs(instantMs: number, tz: string): number {
  const w = wallClock(instantMs, tz);
  return dateToUtcMs(w.date) + w.msOfDay - instantMs;
}

export function localDateOf(instantMs: number, tz: string): string {
  return wallClock(instantMs, tz).date;
}

export function localTimeOf(instantMs: number, tz: string): string {
  const minutes = Math.floor(wallClock(instantMs, tz).msOfDay / 60_000);
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function hhmmToMs(time: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`Invalid local time "${time}": write HH:MM, e.g. 09:00`);
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

/**
 * UTC instant of a wall-clock time. In a spring-forward gap the time does not exist: take the
 * transition instant (first valid one after). In a fall-back overlap: the first occurrence.
 */
function zonedInstantMs(date: string, msOfDay: number, tz: string): number {
  const local = dateToUtcMs(date) + msOfDay;
  // The true instant is within 14 h of `local`; a day either side brackets at most one transition.
  const before = zoneOffsetMs(local - DAY_MS, tz);
  const after = zoneOffsetMs(local + DAY_MS, tz);
  const valid = [...new Set([before, after])]
    .map((o) => local - o)
    .filter((t) => zoneOffsetMs(t, tz) === local - t)
    .sort((x, y) => x - y);
  if (valid.length > 0) return valid[0];
  if (before === after) return local - before;
  // Gap: binary-search (to the second) the transition between the two candidates.
  let lo = Math.floor((local - Math.max(before, after)) / 1000);
  let hi = Math.ceil((local - Math.min(before, after)) / 1000);
  const offLo = zoneOffsetMs(lo * 1000, tz);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zoneOffsetMs(mid * 1000, tz) === offLo) lo = mid;
    else hi = mid;
  }
  return hi * 1000;
}

export function zonedInstant(date: string, time: string, tz: string): number {
  return zonedInstantMs(date, hhmmToMs(time), tz);
}

// ---------- Durations on instants ----------

function shift(instantMs: number, d: Duration, sign: 1 | -1, cal: Calendar, tz: string): number {
  if (d.unit === 'ms') return instantMs + sign * d.n;
  // n = 0 keeps the instant: re-resolving the wall clock would move a second fall-back occurrence.
  if (d.n === 0) return instantMs;
  const w = wallClock(instantMs, tz);
  const date = d.unit === 'days' ? addDays(w.date, sign * d.n) : addBusinessDays(w.date, sign * d.n, cal);
  return zonedInstantMs(date, w.msOfDay, tz);
}

/** Calendar and business days keep the local wall-clock time across DST changes. */
export function addDuration(instantMs: number, d: Duration, cal: Calendar, tz: string = cal.timeZone): number {
  return shift(instantMs, d, 1, cal, tz);
}

/** Applies a signed offset, e.g. the due date's send instant + "-3 business days". */
export function addOffset(instantMs: number, o: Offset, cal: Calendar, tz: string = cal.timeZone): number {
  return shift(instantMs, o.duration, o.sign, cal, tz);
}

// ---------- Send time and call window ----------

/** Earliest instant >= instantMs on a business day, at or after sendTime that day. */
export function nextSendInstant(instantMs: number, cal: Calendar, tz: string = cal.timeZone): number {
  if (!cal.enabled) return instantMs;
  const today = localDateOf(instantMs, tz);
  if (isBusinessDay(today, cal)) {
    const sendAt = zonedInstant(today, cal.sendTime, tz);
    return instantMs >= sendAt ? instantMs : sendAt;
  }
  return zonedInstant(nextBusinessDay(today, cal), cal.sendTime, tz);
}

/** Earliest instant >= instantMs on a business day within [callWindow.start, callWindow.end). */
export function nextCallSlot(instantMs: number, cal: Calendar, tz: string = cal.timeZone): number {
  if (!cal.enabled) return instantMs;
  const today = localDateOf(instantMs, tz);
  if (isBusinessDay(today, cal)) {
    const start = zonedInstant(today, cal.callWindow.start, tz);
    if (instantMs < start) return start;
    if (instantMs < zonedInstant(today, cal.callWindow.end, tz)) return instantMs;
  }
  return zonedInstant(nextBusinessDay(addDays(today, 1), cal), cal.callWindow.start, tz);
}

export function isWithinCallWindow(instantMs: number, cal: Calendar, tz: string = cal.timeZone): boolean {
  return nextCallSlot(instantMs, cal, tz) === instantMs;
}
