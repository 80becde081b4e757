import type { InsolvencyOpened } from '../invoice/commands';
import { addMonths } from '../time/months';

/**
 * Where and by when the creditor files its claim once the debtor is in insolvency proceedings
 * (domain.md §8): with the mandataire judiciaire in safeguard or receivership (Code de commerce
 * L622-24, L631-14), with the liquidateur in liquidation (L641-3); within 2 months of the
 * publication of the opening judgment in the BODACC (R622-24), or the claim is barred (L622-26).
 * Without the BODACC date the deadline is unknown: the task says so instead of guessing.
 */
export interface ClaimFiling {
  with: 'mandataire_judiciaire' | 'liquidateur' | 'mandataire_or_liquidateur';
  /** Who, when the signal named them (mandatary, or the older "administrator" field). */
  name?: string;
  basis: string;
  /** Last day to file (BODACC publication + 2 months), when the publication date is known. */
  dueBy?: string;
  status: 'open' | 'filed';
}

export function claimFiling(ins: InsolvencyOpened): ClaimFiling {
  const liquidation = ins.procedure === 'liquidation';
  const who: ClaimFiling['with'] = liquidation ? 'liquidateur' : ins.procedure === 'other' ? 'mandataire_or_liquidateur' : 'mandataire_judiciaire';
  const basis = liquidation ? 'Code de commerce L641-3, R622-24' : 'Code de commerce L622-24, R622-24';
  const name = ins.mandatary ?? ins.administrator;
  return { with: who, ...(name ? { name } : {}), basis, ...(ins.bodaccPublishedOn ? { dueBy: addMonths(ins.bodaccPublishedOn, 2) } : {}), status: 'open' };
}

const WHO: Record<ClaimFiling['with'], string> = {
  mandataire_judiciaire: 'the mandataire judiciaire',
  liquidateur: 'the liquidateur',
  mandataire_or_liquidateur: 'the mandataire judiciaire or liquidateur',
};

/** "file the claim with the liquidateur (Me Dupont) by 2027-06-15 (Code de commerce L641-3, R622-24)". */
export function describeClaimFiling(c: ClaimFiling): string {
  const by = c.dueBy ? `by ${c.dueBy}` : 'within 2 months of the BODACC publication (date not recorded)';
  return `file the claim with ${WHO[c.with]}${c.name ? ` (${c.name})` : ''} ${by} (${c.basis})`;
}
