import { describe, expect, it } from 'vitest';
import { REFERENCE_RATES } from '../../../domain/money/rates';

/**
 * domain/money/reference-rates.json checked row by row against the published figures (issue #15,
 * December 2026): none was wrong. Sources:
 * - ecbPct: ECB main refinancing operations rate in force on 1 January / 1 July (ECB "key interest
 *   rates"): 0.00 from 16 Mar 2016 to 26 Jul 2022; 2.50 from 21 Dec 2022; 4.00 from 21 Jun 2023;
 *   4.50 from 20 Sep 2023; 4.25 from 12 Jun 2024; 3.15 from 18 Dec 2024; 2.15 from 11 Jun 2025,
 *   held on 18 Dec 2025.
 * - legal*Pct: the arrêtés fixing the taux de l'intérêt légal each half-year (Code monétaire et
 *   financier L313-2, D313-1-A), e.g. arrêté ECOT2516925A du 19 juin 2025 (JORF 24 juin) for 2025-H2,
 *   arrêté du 15 décembre 2025 (JORF 26 décembre) for 2026-H1. "private": claims of natural persons
 *   not acting for professional needs; "professional": all other cases, the rate this product's
 *   creditor (a company) claims from every debtor, consumers included (docs/french-law.md).
 * 2026-H2 is not in the table: no source was at hand; lines past the table say "taux provisoire".
 */
const PUBLISHED: Array<[from: string, ecb: number, otherCases: number, naturalPersons: number]> = [
  ['2019-01-01', 0, 0.86, 3.4],
  ['2019-07-01', 0, 0.87, 3.26],
  ['2020-01-01', 0, 0.87, 3.15],
  ['2020-07-01', 0, 0.84, 3.11],
  ['2021-01-01', 0, 0.79, 3.14],
  ['2021-07-01', 0, 0.76, 3.12],
  ['2022-01-01', 0, 0.76, 3.13],
  ['2022-07-01', 0, 0.77, 3.15],
  ['2023-01-01', 2.5, 2.06, 4.47],
  ['2023-07-01', 4, 4.22, 6.82],
  ['2024-01-01', 4.5, 5.07, 8.01],
  ['2024-07-01', 4.25, 4.92, 8.16],
  ['2025-01-01', 3.15, 3.71, 7.21],
  ['2025-07-01', 2.15, 2.76, 6.65],
  ['2026-01-01', 2.15, 2.62, 6.67],
];

describe('the reference-rate table holds the published rates', () => {
  it.each(PUBLISHED)('%s: ECB %s %%, taux légal %s %% (autres cas), %s %% (personnes physiques)', (from, ecb, otherCases, naturalPersons) => {
    expect(REFERENCE_RATES.find((r) => r.from === from)).toEqual({ from, ecbPct: ecb, legalProfessionalPct: otherCases, legalPrivatePct: naturalPersons });
  });

  it('and nothing else', () => {
    expect(REFERENCE_RATES.map((r) => r.from)).toEqual(PUBLISHED.map(([from]) => from));
  });
});
