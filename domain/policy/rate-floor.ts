import { REFERENCE_RATES } from '../money/rates';

/**
 * A terms-of-sale rate may not be below 3 x the taux légal (L441-10 II). Checked against the latest
 * half-year of the table when the policy is read; each half-year is floored again when interest is
 * computed (domain/money/interest.ts), since the taux légal moves.
 */
export function contractualRateIssue(ratePct: number | undefined): string | undefined {
  if (ratePct === undefined) return undefined;
  const latest = REFERENCE_RATES[REFERENCE_RATES.length - 1];
  const floor = Math.round(3 * latest.legalProfessionalPct * 100) / 100;
  if (ratePct < floor) return `the contractual rate ${ratePct} % is below 3 x the taux légal of ${latest.from} (${floor} %, Code de commerce L441-10 II)`;
  return undefined;
}
