import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatPercent } from '../../domain/money/format';

describe('formatMoney', () => {
  it.each([
    [123456, 'fr', '1 234,56\u00a0€'],
    [123456, 'en', '€1,234.56'],
    [5, 'fr', '0,05\u00a0€'],
    [4000, 'fr', '40,00\u00a0€'],
    [123456789, 'fr', '1 234 567,89\u00a0€'],
    [123456789, 'en', '€1,234,567.89'],
    [0, 'en', '€0.00'],
  ] as const)('%i cents in %s -> %s', (cents, lang, expected) => {
    expect(formatMoney(cents, 'EUR', lang)).toBe(expected);
  });

  it('groups thousands with ASCII spaces and puts a no-break space (WinAnsi, standard PDF fonts) before the symbol', () => {
    expect(formatMoney(123456789)).toBe('1 234 567,89\u00a0€');
    expect(formatMoney(123456789)).not.toMatch(/\u202f/);
  });

  it('writes other currencies by symbol or code', () => {
    expect(formatMoney(100050, 'GBP', 'en')).toBe('£1,000.50');
    expect(formatMoney(100050, 'CHF', 'fr')).toBe('1 000,50\u00a0CHF');
    expect(formatMoney(100050, 'CHF', 'en')).toBe('CHF 1,000.50');
  });

  it('refuses fractions of a cent', () => {
    expect(() => formatMoney(1.5)).toThrow(/whole number of cents/);
  });
});

describe('formatPercent', () => {
  it('formats rates the French and English way', () => {
    expect(formatPercent(12.15, 'fr')).toBe('12,15 %');
    expect(formatPercent(12.15, 'en')).toBe('12.15%');
    expect(formatPercent(10, 'fr')).toBe('10 %');
    expect(formatPercent(12.5, 'en')).toBe('12.5%');
  });
});

describe('formatDate', () => {
  it('writes calendar dates without time zones', () => {
    expect(formatDate('2026-05-02', 'fr')).toBe('2 mai 2026');
    expect(formatDate('2026-05-02', 'en')).toBe('2 May 2026');
    expect(formatDate('2026-08-15', 'fr')).toBe('15 août 2026');
    expect(formatDate('2026-12-31', 'en')).toBe('31 December 2026');
  });

  it('writes the first of the month "1er" in French', () => {
    expect(formatDate('2026-04-01', 'fr')).toBe('1er avril 2026');
    expect(formatDate('2026-04-01', 'en')).toBe('1 April 2026');
  });

  it('rejects what is not a YYYY-MM-DD date', () => {
    expect(() => formatDate('02/05/2026', 'fr')).toThrow(/YYYY-MM-DD/);
    expect(() => formatDate('2026-13-01', 'fr')).toThrow();
  });
});
