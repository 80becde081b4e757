/**
 * The workflow state carried by a LitigationRequest (`state`, a DunningView), read defensively:
 * the contract types it as unknown, and a file must still be built from a partial snapshot.
 */
import { initialState } from '../../domain/dunning/init';
import type { DunningView } from '../../workflows/messages';
import type { FullLitigationRequest as LitigationRequest } from '../types';

export type LitigationView = DunningView;

export function readView(req: LitigationRequest): LitigationView {
  const given = req.state && typeof req.state === 'object' ? (req.state as Partial<DunningView>) : {};
  const preparedAt = Date.parse(`${req.facts.today}T12:00:00Z`);
  const base = initialState(req.workflowId, req.invoice, preparedAt);
  const view: LitigationView = {
    ...base,
    // A partial snapshot has no history: no invented "started" line.
    trace: [],
    now: new Date(preparedAt).toISOString(),
    penaltiesCents: req.facts.penaltiesCents,
    indemnityCents: req.facts.indemnityCents,
    daysPastDue: req.facts.daysPastDue,
    policyName: 'unknown',
    ...given,
  };
  // The invoice of the request is authoritative (the snapshot's copy is the same when present).
  return { ...view, invoice: req.invoice };
}
