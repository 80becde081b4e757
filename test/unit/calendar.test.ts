import { describe, it, expect } from 'vitest';
import {
  addBusinessDays,
  addDays,
  addDuration,
  addOffset,
  dayOfWeek,
  daysBetween,
  defaultCalendar,
  easterSunday,
  frenchPublicHolidays,
  isBusinessDay,
  isWithinCallWindow,
  localDateOf,
  localTimeOf,
  nextBusinessDay,
  nextCallSlot,
  nextSendInstant,
  zoneOffsetMs,
  zonedInstant,
  type Calendar,
} from '../../domain/time/calendar';
import { parseDuration, parseOffset } from '../../domain/time/duration';
import { CalendarSchema } from '../../domain/policy/schema';

const PARIS = 'Europe/Paris';
const NY = 'America/New_York';
const TOKYO = 'Asia/Tokyo';
const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

const FR = defaultCalendar;
const ALSACE = CalendarSchema.parse({ holidays: 'FR-alsace-moselle' });
const NONE = CalendarSchema.parse({ holidays: 'none' });
const OFF = CalendarSchema.parse({ enabled: false });

describe('CalendarSchema', () => {
  it('fills defaults', () => {
    expect(CalendarSchema.parse({})).toEqual({
      enabled: true,
      timeZone: 'Europe/Paris',
      holidays: 'FR',
      extraHolidays: [],
      callWindow: { start: '10:00', end: '16:00' },
      sendTime: '09:00',
    });
    expect(CalendarSchema.parse({ callWindow: { end: '12:00' } }).callWindow).toEqual({ start: '10:00', end: '12:00' });
  });

  it.each([
    [{ timeZone: 'Europe/Pariss' }, 'an IANA time zone'],
    [{ sendTime: '9:00' }, 'HH:MM'],
    [{ sendTime: '24:00' }, 'HH:MM'],
    [{ callWindow: { start: '16:00', end: '10:00' } }, 'callWindow.start must be before callWindow.end'],
    [{ holidays: 'DE' }, 'holidays'],
    [{ extraHolidays: ['2026-02-30'] }, 'not a real calendar date'],
  ])('rejects %j', (input, fragment) => {
    const r = CalendarSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(fragment);
  });
});

describe('French public holidays', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2038, '2038-04-25'],
  ])('Easter %d is %s', (year, date) => expect(easterSunday(year)).toBe(date));

  const fr2026 = ['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', '2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25'];
  const fr2027 = ['2027-01-01', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-08', '2027-05-17', '2027-07-14', '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-25'];

  it.each([
    [2026, false, fr2026],
    [2027, false, fr2027],
    [2026, true, [...fr2026, '2026-04-03', '2026-12-26'].sort()],
    [2027, true, [...fr2027, '2027-03-26', '2027-12-26'].sort()],
  ])('%d (alsace-moselle: %s)', (year, alsace, expected) => {
    expect(frenchPublicHolidays(year, alsace)).toEqual(expected);
  });

  it.each([...fr2026, ...fr2027])('%s is not a business day in FR', (d) => {
    expect(isBusinessDay(d, FR)).toBe(false);
  });
});

describe('local dates', () => {
  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-29', 0, '2026-03-29'],
    ['2026-01-01', 365, '2027-01-01'],
  ])('addDays(%s, %d) = %s', (d, n, out) => expect(addDays(d, n)).toBe(out));

  it.each([
    ['2026-07-11', 6],
    ['2026-07-12', 0],
    ['2026-07-13', 1],
    ['2026-07-14', 2],
    ['2026-03-31', 2],
  ])('dayOfWeek(%s) = %d', (d, dow) => expect(dayOfWeek(d)).toBe(dow));

  it.each([
    ['2026-03-31', '2026-05-15', 45],
    ['2026-05-15', '2026-03-31', -45],
    ['2026-03-28', '2026-03-30', 2],
    ['2026-01-01', '2027-01-01', 365],
  ])('daysBetween(%s, %s) = %d', (a, b, n) => expect(daysBetween(a, b)).toBe(n));

  it('rejects malformed dates', () => {
    expect(() => addDays('2026-7-1', 1)).toThrow('Invalid date "2026-7-1"');
  });
});

describe('business days', () => {
  const withExtra = CalendarSchema.parse({ extraHolidays: ['2026-07-13'] });

  it.each<[string, Calendar, boolean]>([
    ['2026-07-11', FR, false], // Saturday
    ['2026-07-12', FR, false], // Sunday
    ['2026-07-13', FR, true],
    ['2026-07-14', FR, false], // Bastille Day
    ['2026-07-14', NONE, true],
    ['2026-07-14', OFF, true],
    ['2026-07-11', OFF, true],
    ['2026-04-03', FR, true], // Good Friday
    ['2026-04-03', ALSACE, false],
    ['2025-12-26', FR, true],
    ['2025-12-26', ALSACE, false],
    ['2026-07-13', withExtra, false],
  ])('isBusinessDay(%s) = %s', (d, cal, expected) => expect(isBusinessDay(d, cal)).toBe(expected));

  it.each<[string, Calendar, string]>([
    ['2026-07-10', FR, '2026-07-10'],
    ['2026-07-11', FR, '2026-07-13'],
    ['2026-07-14', FR, '2026-07-15'],
    ['2026-07-11', withExtra, '2026-07-15'],
    ['2026-12-25', FR, '2026-12-28'],
    ['2027-01-01', FR, '2027-01-04'],
    ['2026-07-11', OFF, '2026-07-11'],
  ])('nextBusinessDay(%s) = %s', (d, cal, expected) => expect(nextBusinessDay(d, cal)).toBe(expected));

  it.each<[string, number, Calendar, string]>([
    ['2026-03-31', -3, FR, '2026-03-26'], // D-3 business days over a weekend
    ['2026-04-07', -1, FR, '2026-04-03'], // over Easter Monday
    ['2026-04-07', -1, ALSACE, '2026-04-02'], // ... and Good Friday
    ['2026-04-07', -3, FR, '2026-04-01'],
    ['2026-04-02', 1, FR, '2026-04-03'],
    ['2026-04-02', 1, ALSACE, '2026-04-07'],
    ['2026-05-07', 1, FR, '2026-05-11'], // 8 May is a Friday
    ['2026-05-13', 1, FR, '2026-05-15'], // Ascension Thursday
    ['2026-05-22', 1, FR, '2026-05-26'], // Whit Monday
    ['2025-12-24', 1, FR, '2025-12-26'],
    ['2025-12-24', 1, ALSACE, '2025-12-29'],
    ['2026-12-31', 1, FR, '2027-01-04'],
    ['2026-07-10', 5, FR, '2026-07-20'],
    ['2026-07-11', 1, FR, '2026-07-13'], // from a Saturday
    ['2026-07-11', -1, FR, '2026-07-10'],
    ['2026-07-11', 0, FR, '2026-07-11'], // 0 keeps a non-business day
    ['2026-07-14', 0, FR, '2026-07-14'],
    ['2026-07-10', 1, OFF, '2026-07-11'],
    ['2026-07-13', 1, NONE, '2026-07-14'],
  ])('addBusinessDays(%s, %d) = %s', (d, n, cal, expected) => expect(addBusinessDays(d, n, cal)).toBe(expected));
});

describe('time zones', () => {
  it.each([
    ['2026-03-31T22:30:00Z', PARIS, '2026-04-01', '00:30'],
    ['2026-01-15T23:30:00Z', PARIS, '2026-01-16', '00:30'],
    ['2026-01-15T04:59:00Z', NY, '2026-01-14', '23:59'],
    ['2026-07-15T04:00:00Z', NY, '2026-07-15', '00:00'],
    ['2026-03-28T15:00:00Z', TOKYO, '2026-03-29', '00:00'],
    ['2026-03-29T00:59:59Z', PARIS, '2026-03-29', '01:59'],
    ['2026-03-29T01:00:00Z', PARIS, '2026-03-29', '03:00'],
    ['2026-10-25T00:30:00Z', PARIS, '2026-10-25', '02:30'],
    ['2026-10-25T01:30:00Z', PARIS, '2026-10-25', '02:30'],
  ])('%s in %s is %s %s', (instant, tz, date, time) => {
    expect(localDateOf(utc(instant), tz)).toBe(date);
    expect(localTimeOf(utc(instant), tz)).toBe(time);
  });

  it.each([
    ['2026-01-15T12:00:00Z', PARIS, 3_600_000],
    ['2026-07-15T12:00:00Z', PARIS, 7_200_000],
    ['2026-01-15T12:00:00Z', NY, -18_000_000],
    ['2026-07-15T12:00:00Z', NY, -14_400_000],
    ['2026-07-15T12:00:00Z', TOKYO, 32_400_000],
  ])('zoneOffsetMs(%s, %s) = %d', (instant, tz, offset) => expect(zoneOffsetMs(utc(instant), tz)).toBe(offset));

  it.each([
    // Paris, plain winter and summer days
    ['2026-01-15', '09:00', PARIS, '2026-01-15T08:00:00.000Z'],
    ['2026-07-15', '09:00', PARIS, '2026-07-15T07:00:00.000Z'],
    ['2026-01-01', '00:00', PARIS, '2025-12-31T23:00:00.000Z'],
    // Paris spring forward, Sunday 29 March 2026: 02:00 -> 03:00
    ['2026-03-29', '01:59', PARIS, '2026-03-29T00:59:00.000Z'],
    ['2026-03-29', '02:00', PARIS, '2026-03-29T01:00:00.000Z'], // gap: first valid instant (03:00 CEST)
    ['2026-03-29', '02:30', PARIS, '2026-03-29T01:00:00.000Z'],
    ['2026-03-29', '03:00', PARIS, '2026-03-29T01:00:00.000Z'],
    ['2026-03-29', '09:00', PARIS, '2026-03-29T07:00:00.000Z'],
    ['2026-03-28', '09:00', PARIS, '2026-03-28T08:00:00.000Z'],
    // Paris fall back, Sunday 25 October 2026: 03:00 -> 02:00
    ['2026-10-25', '01:30', PARIS, '2026-10-24T23:30:00.000Z'],
    ['2026-10-25', '02:00', PARIS, '2026-10-25T00:00:00.000Z'], // overlap: first occurrence (CEST)
    ['2026-10-25', '02:30', PARIS, '2026-10-25T00:30:00.000Z'],
    ['2026-10-25', '03:00', PARIS, '2026-10-25T02:00:00.000Z'],
    ['2026-10-25', '09:00', PARIS, '2026-10-25T08:00:00.000Z'],
    // New York: 8 March 2026 spring forward at 02:00, 1 November fall back at 02:00
    ['2026-03-08', '02:30', NY, '2026-03-08T07:00:00.000Z'],
    ['2026-03-08', '09:00', NY, '2026-03-08T13:00:00.000Z'],
    ['2026-03-07', '09:00', NY, '2026-03-07T14:00:00.000Z'],
    ['2026-11-01', '01:30', NY, '2026-11-01T05:30:00.000Z'],
    ['2026-11-01', '09:00', NY, '2026-11-01T14:00:00.000Z'],
    // Tokyo: no DST
    ['2026-03-29', '09:00', TOKYO, '2026-03-29T00:00:00.000Z'],
    ['2026-10-25', '00:00', TOKYO, '2026-10-24T15:00:00.000Z'],
  ])('zonedInstant(%s, %s, %s) = %s', (date, time, tz, expected) => {
    expect(iso(zonedInstant(date, time, tz))).toBe(expected);
  });

  it('rejects unknown zones and bad times', () => {
    expect(() => localDateOf(0, 'Mars/Olympus')).toThrow('Unknown time zone "Mars/Olympus"');
    expect(() => zonedInstant('2026-01-01', '9:00', PARIS)).toThrow('Invalid local time "9:00"');
  });
});

describe('addDuration / addOffset', () => {
  it.each([
    // calendar days keep the wall clock across DST; ms do not
    ['2026-03-28T08:00:00Z', '1 day', FR, PARIS, '2026-03-29T07:00:00.000Z'],
    ['2026-03-28T08:00:00Z', '24h', FR, PARIS, '2026-03-29T08:00:00.000Z'],
    ['2026-03-28T08:00:00Z', 'P1D', FR, PARIS, '2026-03-29T07:00:00.000Z'],
    ['2026-03-28T08:00:00Z', 'P1DT0H', FR, PARIS, '2026-03-29T08:00:00.000Z'],
    ['2026-10-24T07:00:00Z', '1 day', FR, PARIS, '2026-10-25T08:00:00.000Z'],
    ['2026-10-24T07:00:00Z', '1 day', FR, TOKYO, '2026-10-25T07:00:00.000Z'],
    ['2026-03-07T14:00:00Z', '1 day', FR, NY, '2026-03-08T13:00:00.000Z'],
    ['2026-03-28T01:30:00Z', '1 day', FR, PARIS, '2026-03-29T01:00:00.000Z'], // 02:30 does not exist: 03:00
    ['2026-03-28T08:00:00.250Z', '2 days', FR, PARIS, '2026-03-30T07:00:00.250Z'],
    ['2026-03-28T08:00:00Z', '30s', FR, PARIS, '2026-03-28T08:00:30.000Z'],
    // business days keep the wall clock too
    ['2026-05-07T07:00:00Z', '1 business day', FR, PARIS, '2026-05-11T07:00:00.000Z'],
    ['2026-03-27T08:00:00Z', '1 business day', FR, PARIS, '2026-03-30T07:00:00.000Z'],
    ['2026-07-10T16:00:00Z', '1 business day', FR, PARIS, '2026-07-13T16:00:00.000Z'],
    ['2026-07-13T15:00:00Z', '1 business day', FR, PARIS, '2026-07-15T15:00:00.000Z'],
    ['2026-07-13T15:00:00Z', '1 business day', OFF, PARIS, '2026-07-14T15:00:00.000Z'],
    ['2026-10-25T01:30:00Z', '0 days', FR, PARIS, '2026-10-25T01:30:00.000Z'], // second 02:30 kept
  ])('%s + %s (%s) = %s', (start, d, cal, tz, expected) => {
    expect(iso(addDuration(utc(start), parseDuration(d), cal as Calendar, tz))).toBe(expected);
  });

  it.each([
    ['2026-03-31', '-3 business days', '2026-03-26T08:00:00.000Z'],
    ['2026-03-31', '+1 day', '2026-04-01T07:00:00.000Z'],
    ['2026-03-31', '+14 days', '2026-04-14T07:00:00.000Z'],
    ['2026-03-31', '0 days', '2026-03-31T07:00:00.000Z'],
    ['2026-03-31', '-30s', '2026-03-31T06:59:30.000Z'],
    ['2026-03-31', '+P7D', '2026-04-07T07:00:00.000Z'],
    ['2026-04-07', '-1 business day', '2026-04-03T07:00:00.000Z'],
  ])('due %s 09:00 Paris %s = %s', (due, offset, expected) => {
    expect(iso(addOffset(zonedInstant(due, '09:00', PARIS), parseOffset(offset), FR, PARIS))).toBe(expected);
  });

  it('defaults the zone to the calendar', () => {
    const tokyoCal = CalendarSchema.parse({ timeZone: TOKYO });
    expect(iso(addDuration(utc('2026-03-28T08:00:00Z'), { unit: 'days', n: 1 }, tokyoCal))).toBe('2026-03-29T08:00:00.000Z');
  });
});

describe('nextSendInstant', () => {
  it.each<[string, Calendar, string, string]>([
    ['2026-07-15T06:00:00Z', FR, PARIS, '2026-07-15T07:00:00.000Z'], // Wed 08:00 -> 09:00
    ['2026-07-15T07:00:00Z', FR, PARIS, '2026-07-15T07:00:00.000Z'], // exactly 09:00
    ['2026-07-15T08:30:00Z', FR, PARIS, '2026-07-15T08:30:00.000Z'], // after 09:00: now
    ['2026-07-10T16:00:00Z', FR, PARIS, '2026-07-10T16:00:00.000Z'], // Fri 18:00: now
    ['2026-07-11T10:00:00Z', FR, PARIS, '2026-07-13T07:00:00.000Z'], // Saturday -> Monday 09:00
    ['2026-07-14T06:00:00Z', FR, PARIS, '2026-07-15T07:00:00.000Z'], // 14 July -> 15 July 09:00
    ['2026-07-14T06:00:00Z', NONE, PARIS, '2026-07-14T07:00:00.000Z'],
    ['2026-07-11T10:00:00Z', OFF, PARIS, '2026-07-11T10:00:00.000Z'],
    ['2026-07-11T10:00:00Z', FR, NY, '2026-07-13T13:00:00.000Z'], // Saturday -> Monday 09:00 New York
    ['2026-07-10T23:00:00Z', FR, TOKYO, '2026-07-13T00:00:00.000Z'], // Sat 08:00 Tokyo -> Mon 09:00
    ['2026-03-28T10:00:00Z', FR, PARIS, '2026-03-30T07:00:00.000Z'], // Saturday CET -> Monday 09:00 CEST
    ['2026-10-24T10:00:00Z', FR, PARIS, '2026-10-26T08:00:00.000Z'], // Saturday CEST -> Monday 09:00 CET
  ])('%s', (instant, cal, tz, expected) => {
    expect(iso(nextSendInstant(utc(instant), cal, tz))).toBe(expected);
  });
});

describe('nextCallSlot / isWithinCallWindow', () => {
  it.each<[string, Calendar, string, string]>([
    ['2026-07-10T16:00:00Z', FR, PARIS, '2026-07-13T08:00:00.000Z'], // Fri 18:00 Paris -> Mon 10:00
    ['2026-07-13T15:00:00Z', FR, PARIS, '2026-07-15T08:00:00.000Z'], // Mon 13 July 17:00 -> Wed 15 July 10:00
    ['2026-07-13T15:00:00Z', NONE, PARIS, '2026-07-14T08:00:00.000Z'],
    ['2026-07-15T07:00:00Z', FR, PARIS, '2026-07-15T08:00:00.000Z'], // 09:00 -> 10:00
    ['2026-07-15T08:00:00Z', FR, PARIS, '2026-07-15T08:00:00.000Z'], // 10:00 exactly
    ['2026-07-15T10:00:00Z', FR, PARIS, '2026-07-15T10:00:00.000Z'], // 12:00
    ['2026-07-15T13:59:59Z', FR, PARIS, '2026-07-15T13:59:59.000Z'], // 15:59:59
    ['2026-07-15T14:00:00Z', FR, PARIS, '2026-07-16T08:00:00.000Z'], // 16:00 is outside
    ['2026-07-11T09:00:00Z', FR, PARIS, '2026-07-13T08:00:00.000Z'], // Saturday
    ['2026-07-11T09:00:00Z', OFF, PARIS, '2026-07-11T09:00:00.000Z'],
    ['2026-07-10T22:00:00Z', FR, NY, '2026-07-13T14:00:00.000Z'], // Fri 18:00 New York -> Mon 10:00 EDT
    ['2026-07-10T09:00:00Z', FR, TOKYO, '2026-07-13T01:00:00.000Z'], // Fri 18:00 Tokyo -> Mon 10:00 JST
    ['2026-03-27T17:00:00Z', FR, PARIS, '2026-03-30T08:00:00.000Z'], // Fri 18:00 CET -> Mon 10:00 CEST
    ['2026-10-23T16:00:00Z', FR, PARIS, '2026-10-26T09:00:00.000Z'], // Fri 18:00 CEST -> Mon 10:00 CET
    ['2026-12-24T15:00:00Z', FR, PARIS, '2026-12-28T09:00:00.000Z'], // Christmas and weekend
    ['2026-12-24T15:00:00Z', ALSACE, PARIS, '2026-12-28T09:00:00.000Z'],
  ])('%s', (instant, cal, tz, expected) => {
    const t = utc(instant);
    const slot = nextCallSlot(t, cal, tz);
    expect(iso(slot)).toBe(expected);
    expect(isWithinCallWindow(t, cal, tz)).toBe(slot === t);
    expect(isWithinCallWindow(slot, cal, tz)).toBe(true);
  });

  it('honours a custom window', () => {
    const cal = CalendarSchema.parse({ callWindow: { start: '14:00', end: '17:30' } });
    expect(iso(nextCallSlot(utc('2026-07-15T10:00:00Z'), cal, PARIS))).toBe('2026-07-15T12:00:00.000Z');
    expect(isWithinCallWindow(utc('2026-07-15T15:29:00Z'), cal, PARIS)).toBe(true);
    expect(isWithinCallWindow(utc('2026-07-15T15:30:00Z'), cal, PARIS)).toBe(false);
  });
});
