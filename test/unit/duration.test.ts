import { describe, it, expect } from 'vitest';
import { DurationSchema, OffsetSchema } from '../../domain/policy/schema';
import {
  durationToMs,
  formatDuration,
  formatOffset,
  parseDuration,
  parseOffset,
  type Duration,
} from '../../domain/time/duration';

const H = 3_600_000;

describe('parseDuration', () => {
  it.each<[string, Duration]>([
    ['3 business days', { unit: 'business_days', n: 3 }],
    ['1 business day', { unit: 'business_days', n: 1 }],
    ['0 business days', { unit: 'business_days', n: 0 }],
    ['5 working days', { unit: 'business_days', n: 5 }],
    ['  2 Business  Days ', { unit: 'business_days', n: 2 }],
    ['10 days', { unit: 'days', n: 10 }],
    ['1 day', { unit: 'days', n: 1 }],
    ['7d', { unit: 'days', n: 7 }],
    ['2 weeks', { unit: 'days', n: 14 }],
    ['P10D', { unit: 'days', n: 10 }],
    ['P2W', { unit: 'days', n: 14 }],
    ['PT2H', { unit: 'ms', n: 2 * H }],
    ['P1DT12H', { unit: 'ms', n: 36 * H }],
    ['PT1M30S', { unit: 'ms', n: 90_000 }],
    ['PT0.5S', { unit: 'ms', n: 500 }],
    ['30s', { unit: 'ms', n: 30_000 }],
    ['5m', { unit: 'ms', n: 300_000 }],
    ['2h', { unit: 'ms', n: 2 * H }],
    ['500ms', { unit: 'ms', n: 500 }],
    ['3 hours', { unit: 'ms', n: 3 * H }],
    ['45 minutes', { unit: 'ms', n: 45 * 60_000 }],
  ])('%j', (s, expected) => {
    expect(parseDuration(s)).toEqual(expected);
    expect(DurationSchema.parse(s)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['three days', 'Invalid duration "three days"'],
    ['3 bussiness days', 'unknown unit "bussiness days"'],
    ['10', 'Invalid duration "10"'],
    ['days', 'Invalid duration "days"'],
    ['1.5 days', 'Invalid duration "1.5 days"'],
    ['-3 days', 'a duration has no sign'],
    ['P1M', 'years and months have no fixed length'],
    ['P1Y', 'years and months have no fixed length'],
    ['P', 'not an ISO 8601 duration'],
    ['PT', 'not an ISO 8601 duration'],
    ['P1DT', 'not an ISO 8601 duration'],
    ['p10d', 'Invalid duration "p10d"'],
    ['99999999999999999999 days', 'too large'],
  ])('rejects %j', (s, fragment) => {
    expect(() => parseDuration(s)).toThrow(fragment);
    expect(() => parseDuration(s)).toThrow('write e.g. "3 business days"');
  });

  it('reports a zod issue quoting the bad string with examples', () => {
    const r = DurationSchema.safeParse('3 bussiness days');
    expect(r.success).toBe(false);
    expect(r.error?.issues).toHaveLength(1);
    expect(r.error?.issues[0].message).toBe(
      'Invalid duration "3 bussiness days" (unknown unit "bussiness days"): write e.g. "3 business days", "10 days", "1 day", "P10D", "PT2H", "P1DT12H", "30s", "5m", "2h", "500ms", "7d"',
    );
  });

  it('rejects non-strings through zod', () => {
    expect(DurationSchema.safeParse(3).success).toBe(false);
  });
});

describe('parseOffset', () => {
  it.each<[string, number, Duration]>([
    ['-3 business days', -1, { unit: 'business_days', n: 3 }],
    ['+1 day', 1, { unit: 'days', n: 1 }],
    ['+14 days', 1, { unit: 'days', n: 14 }],
    ['14 days', 1, { unit: 'days', n: 14 }],
    ['0 days', 1, { unit: 'days', n: 0 }],
    ['-0 days', 1, { unit: 'days', n: 0 }],
    ['-30s', -1, { unit: 'ms', n: 30_000 }],
    ['+P7D', 1, { unit: 'days', n: 7 }],
    ['- 2h', -1, { unit: 'ms', n: 2 * H }],
  ])('%j', (s, sign, duration) => {
    expect(parseOffset(s)).toEqual({ sign, duration });
    expect(OffsetSchema.parse(s)).toEqual({ sign, duration });
  });

  it.each(['', '+', '--3 days', '+-1 day', 'soon', '-3 bussiness days'])('rejects %j', (s) => {
    expect(() => parseOffset(s)).toThrow(`Invalid offset "${s}": write a signed duration such as "-3 business days"`);
    const r = OffsetSchema.safeParse(s);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toContain(`"${s}"`);
  });
});

describe('formatDuration / formatOffset', () => {
  it.each<[Duration, string]>([
    [{ unit: 'business_days', n: 3 }, '3 business days'],
    [{ unit: 'business_days', n: 1 }, '1 business day'],
    [{ unit: 'days', n: 1 }, '1 day'],
    [{ unit: 'days', n: 10 }, '10 days'],
    [{ unit: 'ms', n: 36 * H }, '36h'],
    [{ unit: 'ms', n: 300_000 }, '5m'],
    [{ unit: 'ms', n: 90_000 }, '90s'],
    [{ unit: 'ms', n: 500 }, '500ms'],
    [{ unit: 'ms', n: 0 }, '0ms'],
  ])('%j -> %s and back', (d, s) => {
    expect(formatDuration(d)).toBe(s);
    expect(parseDuration(s)).toEqual(d);
  });

  it.each([
    ['-3 business days', '-3 business days'],
    ['+1 day', '+1 day'],
    ['14 days', '+14 days'],
    ['0 days', '0 days'],
    ['-30s', '-30s'],
    ['+P7D', '+7 days'],
  ])('%j -> %j', (s, out) => {
    expect(formatOffset(parseOffset(s))).toBe(out);
  });
});

describe('durationToMs', () => {
  it.each<[Duration, number]>([
    [{ unit: 'ms', n: 1500 }, 1500],
    [{ unit: 'days', n: 10 }, 864_000_000],
    [{ unit: 'days', n: 0 }, 0],
  ])('%j -> %d', (d, ms) => expect(durationToMs(d)).toBe(ms));

  it('refuses business days', () => {
    expect(() => durationToMs({ unit: 'business_days', n: 3 })).toThrow('"3 business days" depends on the business calendar');
  });
});
