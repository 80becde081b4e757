/**
 * One litigation case, built once per handoff and handed to every document of the file (summary,
 * call notes, file.json, the partner's delivery): the run's view (the invoice inside it, once), the
 * figures claimed, and what follows from them (claim, limitation, route, timeline).
 */
import type { CreditorProfile } from '../../config/creditor';
import { initialState } from '../../domain/dunning/init';
import type { ClaimFigures, HandoffSnapshot } from '../../domain/views/handoff';
import type { DunningView } from '../../domain/views/read-model';
import { loadLabels, type Labels } from '../../templates/labels';
import { sha256Hex } from '../sent-log';
import type { FullLitigationRequest } from '../types';
import { computeClaim, type Claim } from './claim';
import { limitationOf, type Limitation } from './limitation';
import { suggestRoute, type Route } from './route';
import { buildTimeline, type TimelineEntry } from './timeline';

export type LitigationView = DunningView;

export interface LitigationCase {
  reference: string;
  idempotencyKey: string;
  workflowId: string;
  /** The run as of the handoff; `view.invoice` is the invoice. */
  view: LitigationView;
  figures: ClaimFigures;
  /** The day the file is prepared, and the debtor's time zone every date is written in. */
  today: string;
  timeZone: string;
  creditor: CreditorProfile;
  labels: Labels;
  claim: Claim;
  limitation: Limitation;
  route: Route;
  timeline: TimelineEntry[];
}

/** Deterministic: the same key always yields the same reference. */
export const litigationReference = (idempotencyKey: string) => `LIT-${sha256Hex(idempotencyKey).slice(0, 10).toUpperCase()}`;

export function litigationCase(ids: { idempotencyKey: string; workflowId: string }, snapshot: HandoffSnapshot, creditor: CreditorProfile): LitigationCase {
  const { view, figures } = snapshot;
  const timeZone = view.invoice.debtor.timeZone;
  const labels = loadLabels('fr');
  const claim = computeClaim(view, figures);
  const limitation = limitationOf(view, figures.today);
  return {
    reference: litigationReference(ids.idempotencyKey),
    idempotencyKey: ids.idempotencyKey,
    workflowId: ids.workflowId,
    view,
    figures,
    today: figures.today,
    timeZone,
    creditor,
    labels,
    claim,
    limitation,
    route: suggestRoute(view.invoice, claim, view, limitation),
    timeline: buildTimeline(view, timeZone, labels),
  };
}

/**
 * A first-version run sent the invoice, its view (typed unknown) and the message facts in the
 * request itself; read defensively (a file must still be built from a partial snapshot), with the
 * request's invoice authoritative. Version 2 runs answer the getHandoff query with a snapshot.
 */
export function firstVersionSnapshot(req: FullLitigationRequest): HandoffSnapshot {
  const given = req.state && typeof req.state === 'object' ? (req.state as Partial<DunningView>) : {};
  const preparedAt = Date.parse(`${req.facts.today}T12:00:00Z`);
  const view: LitigationView = {
    ...initialState(req.workflowId, req.invoice, preparedAt),
    // A partial snapshot has no history: no invented "started" line.
    trace: [],
    now: new Date(preparedAt).toISOString(),
    penaltiesCents: req.facts.penaltiesCents,
    indemnityCents: req.facts.indemnityCents,
    daysPastDue: req.facts.daysPastDue,
    policyName: 'unknown',
    ...given,
  };
  const f = req.facts;
  return {
    view: { ...view, invoice: req.invoice },
    figures: { today: f.today, amountDueCents: f.amountDueCents, paidCents: f.paidCents, penaltiesCents: f.penaltiesCents, penaltyRatePct: f.penaltyRatePct, indemnityCents: f.indemnityCents, daysPastDue: f.daysPastDue, interest: f.interest },
  };
}
