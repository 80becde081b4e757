import { localDateOf } from '../time/calendar';
import type { Policy } from '../policy/schema';
import type { DunningState } from '../dunning/state';
import { daysPastDue, indemnityCents, interestClaim, tzOf } from '../dunning/derived';
import type { InterestFacts } from '../wire/vocabulary';
import { toView, type DunningView } from './read-model';

/** The figures claimed at the handoff (domain.md §8), as of the day the file is prepared. */
export interface ClaimFigures {
  /** The day the file is prepared, in the debtor's time zone. */
  today: string;
  amountDueCents: number;
  paidCents: number;
  /** Late-payment penalties (a consumer: legal interest from the notice) accrued to `today`, half-year by half-year. */
  penaltiesCents: number;
  /** The rate in force on `today`. */
  penaltyRatePct: number;
  /** Period by period (L441-10 II; C. civ. 1231-6 for consumers); absent from first-version runs. */
  interest?: InterestFacts;
  indemnityCents: number;
  daysPastDue: number;
}

/**
 * What the `getHandoff` query answers and the litigation file is built from: the run's view (the
 * invoice is inside it, once) and the figures claimed. No message is being sent: no send facts.
 */
export interface HandoffSnapshot {
  view: DunningView;
  figures: ClaimFigures;
}

export function handoffSnapshot(s: DunningState, policy: Policy, now: number): HandoffSnapshot {
  const today = localDateOf(now, tzOf(s, policy));
  return {
    view: toView(s, policy, now),
    figures: {
      today,
      amountDueCents: s.amountDueCents,
      paidCents: s.paidCents,
      ...interestClaim(s, policy, today),
      indemnityCents: indemnityCents(s, policy),
      daysPastDue: daysPastDue(s, policy, now),
    },
  };
}
