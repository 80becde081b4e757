import { localDateOf } from '../time/calendar';
import type { Policy } from '../policy/schema';
import type { DunningState } from '../dunning/state';
import { daysPastDue, indemnityCents, penaltiesCents, tzOf } from '../dunning/derived';
import { toView, type DunningView } from './read-model';

/** The figures claimed at the handoff (domain.md §8), as of the day the file is prepared. */
export interface ClaimFigures {
  /** The day the file is prepared, in the debtor's time zone. */
  today: string;
  amountDueCents: number;
  paidCents: number;
  /** Late-payment penalties accrued to `today` at the policy's rate. */
  penaltiesCents: number;
  penaltyRatePct: number;
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
  return {
    view: toView(s, policy, now),
    figures: {
      today: localDateOf(now, tzOf(s, policy)),
      amountDueCents: s.amountDueCents,
      paidCents: s.paidCents,
      penaltiesCents: penaltiesCents(s, policy, now),
      penaltyRatePct: policy.penalties.annualRatePct,
      indemnityCents: indemnityCents(s, policy),
      daysPastDue: daysPastDue(s, policy, now),
    },
  };
}
