import { describe, it, expect } from 'vitest';
import { accruePenalties, fixedIndemnityCents, type PenaltyInput } from '../../domain/money/penalties';

const base = { dueDate: '2026-03-31', annualRatePct: 12.15 };

describe('accruePenalties', () => {
  it.each<[string, PenaltyInput, number]>([
    // Doc-comment example: 123456 c x 45 d x 12.15 / 36500 = 1849.303... -> 1849
    ['45 days on EUR 1 234.56', { ...base, asOf: '2026-05-15', balances: [{ from: '2026-04-01', amountCents: 123_456 }] }, 1849],
    // Partial payment: (123456 x 20 + 73456 x 25) x 12.15 / 36500 = 1433.207... -> 1433
    [
      'partial payment from 2026-04-21',
      {
        ...base,
        asOf: '2026-05-15',
        balances: [
          { from: '2026-04-01', amountCents: 123_456 },
          { from: '2026-04-21', amountCents: 73_456 },
        ],
      },
      1433,
    ],
    ['unsorted balances', { ...base, asOf: '2026-05-15', balances: [{ from: '2026-04-21', amountCents: 73_456 }, { from: '2026-04-01', amountCents: 123_456 }] }, 1433],
    ['first balance before the due date', { ...base, asOf: '2026-05-15', balances: [{ from: '2026-01-15', amountCents: 123_456 }] }, 1849],
    ['later balance after asOf is ignored', { ...base, asOf: '2026-05-15', balances: [{ from: '2026-04-01', amountCents: 123_456 }, { from: '2026-06-01', amountCents: 0 }] }, 1849],
    // 1 day: 123456 x 12.15 / 36500 = 41.095... -> 41
    ['first day', { ...base, asOf: '2026-04-01', balances: [{ from: '2026-04-01', amountCents: 123_456 }] }, 41],
    ['asOf = dueDate', { ...base, asOf: '2026-03-31', balances: [{ from: '2026-04-01', amountCents: 123_456 }] }, 0],
    ['asOf before dueDate', { ...base, asOf: '2026-03-01', balances: [{ from: '2026-04-01', amountCents: 123_456 }] }, 0],
    ['paid in full midway', { ...base, asOf: '2026-05-15', balances: [{ from: '2026-04-01', amountCents: 123_456 }, { from: '2026-04-02', amountCents: 0 }] }, 41],
    ['rate 0', { ...base, annualRatePct: 0, asOf: '2026-05-15', balances: [{ from: '2026-04-01', amountCents: 123_456 }] }, 0],
    // Half up, not to even: 100 c x 15 d x 36.5 / 36500 = 1.5 -> 2; x 25 d = 2.5 -> 3; x 14 d = 1.4 -> 1
    ['1.5 rounds up', { dueDate: '2026-01-31', annualRatePct: 36.5, asOf: '2026-02-15', balances: [{ from: '2026-02-01', amountCents: 100 }] }, 2],
    ['2.5 rounds up', { dueDate: '2026-01-31', annualRatePct: 36.5, asOf: '2026-02-25', balances: [{ from: '2026-02-01', amountCents: 100 }] }, 3],
    ['1.4 rounds down', { dueDate: '2026-01-31', annualRatePct: 36.5, asOf: '2026-02-14', balances: [{ from: '2026-02-01', amountCents: 100 }] }, 1],
    // A full non-leap year at 10 %: exactly a tenth of the amount
    ['one year at 10 %', { dueDate: '2026-12-31', annualRatePct: 10, asOf: '2027-12-31', balances: [{ from: '2027-01-01', amountCents: 1_000_000 }] }, 100_000],
  ])('%s', (_name, input, expected) => {
    expect(accruePenalties(input)).toBe(expected);
  });

  it('rounds once at the end, not per day', () => {
    // 1 c/day x 0.4 c per day each: per-day rounding would give 0; the sum over 10 days is 4 c.
    const input = { dueDate: '2026-01-31', annualRatePct: 14.6, asOf: '2026-02-10', balances: [{ from: '2026-02-01', amountCents: 1000 }] };
    expect(accruePenalties(input)).toBe(4);
  });

  it.each<[string, PenaltyInput, string]>([
    ['no balances', { ...base, asOf: '2026-05-15', balances: [] }, 'balances is empty'],
    ['balance starts too late', { ...base, asOf: '2026-05-15', balances: [{ from: '2026-04-02', amountCents: 1 }] }, 'after 2026-04-01 (the day after the due date)'],
    ['negative rate', { ...base, annualRatePct: -1, asOf: '2026-05-15', balances: [{ from: '2026-04-01', amountCents: 1 }] }, 'annualRatePct must be a number >= 0'],
    ['fractional cents', { ...base, asOf: '2026-05-15', balances: [{ from: '2026-04-01', amountCents: 1.5 }] }, 'amountCents must be integer cents'],
  ])('rejects %s', (_name, input, message) => {
    expect(() => accruePenalties(input)).toThrow(message);
  });
});

describe('fixedIndemnityCents', () => {
  it.each<['professional' | 'consumer', number | undefined, number]>([
    ['professional', undefined, 4000],
    ['professional', 5000, 5000],
    ['consumer', undefined, 0],
    ['consumer', 4000, 0],
  ])('%s (%s) = %d', (kind, per, expected) => {
    expect(fixedIndemnityCents(kind, per)).toBe(expected);
  });
});
