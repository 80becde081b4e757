import type { Policy } from '../policy/schema';
import type { DunningState, Outcome } from './state';

/**
 * The account hold of one invoice (seed 004, docs/channels.md): wanted once the policy's
 * `accountHold.afterStep` has gone (or was passed over), until the invoice is paid, settled,
 * cancelled or credited. A file handed to litigation or stayed by insolvency keeps it.
 */
const RELEASING: readonly Outcome[] = ['paid', 'settled', 'cancelled', 'credited'];

export function holdWanted(s: DunningState, policy: Policy): boolean {
  const h = policy.accountHold;
  if (!h) return false;
  if (s.outcome && RELEASING.includes(s.outcome)) return false;
  const index = policy.steps.findIndex((st) => st.id === h.afterStep);
  return index >= 0 && s.nextStepIndex > index;
}

/** What the invoice run must tell the ERP now (per-invoice mode; coordinated runs leave it to the debtor). */
export function holdChange(s: DunningState, policy: Policy): 'place' | 'release' | undefined {
  const wanted = holdWanted(s, policy);
  if (wanted && !s.accountHold) return 'place';
  if (!wanted && s.accountHold && s.accountHold.releasedAt === undefined) return 'release';
  return undefined;
}
