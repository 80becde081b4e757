/**
 * Builds the litigation file from the request (domain.md §6): summary.pdf, call-notes.md,
 * file.json and copies of every letter and email sent, as folder entries plus their zip.
 * Everything derives from the request and the outbox, so the same handoff builds the same bytes.
 */
import type { CreditorProfile } from '../../config/creditor';
import { loadLabels } from '../../templates/labels';
import { sha256Hex } from '../sent-log';
import type { FullLitigationRequest as LitigationRequest } from '../types';
import { callNotesMarkdown } from './call-notes';
import { computeClaim } from './claim';
import { collectDocuments } from './documents';
import { buildFileJson, type LitigationFile } from './file-json';
import { limitationOf } from './limitation';
import { acknowledgedOn } from '../../domain/dunning/limitation';
import { routeLine, suggestRoute } from './route';
import { renderSummaryPdf } from './summary-pdf';
import { buildTimeline } from './timeline';
import { readView } from './view';
import { zipFolder } from './zip';

export interface LitigationPackage {
  reference: string;
  suggestedRoute: string;
  file: LitigationFile;
  /** Folder-relative path -> bytes. */
  entries: Map<string, Uint8Array>;
  zip: Uint8Array;
}

/** Deterministic: the same key always yields the same reference. */
export const litigationReference = (idempotencyKey: string) => `LIT-${sha256Hex(idempotencyKey).slice(0, 10).toUpperCase()}`;

export async function buildLitigationPackage(
  req: LitigationRequest,
  deps: { outboxDir: string; creditor: CreditorProfile; folderName: string },
): Promise<LitigationPackage> {
  const view = readView(req);
  const timeZone = req.invoice.debtor.timeZone;
  const labels = loadLabels('fr');
  const reference = litigationReference(req.idempotencyKey);
  const claim = computeClaim(req, view);
  const limitation = limitationOf(req.invoice, req.facts.today, acknowledgedOn(view, timeZone));
  const route = suggestRoute(req.invoice, claim, view, limitation);
  const timeline = buildTimeline(view, timeZone, labels);
  const { documents, entries } = await collectDocuments(deps.outboxDir, view.touches, timeZone);

  const file = buildFileJson({ req, view, creditor: deps.creditor, reference, timeZone, claim, limitation, route, timeline, documents });
  const contents = ['summary.pdf : la présente synthèse', "call-notes.md : notes de chaque appel", 'file.json : le dossier complet, lisible par machine'];
  const summary = await renderSummaryPdf({ view, creditor: deps.creditor, labels, reference, today: req.facts.today, timeZone, claim, limitation, route, timeline, documents, contents });

  entries.set('summary.pdf', summary);
  entries.set('call-notes.md', Buffer.from(callNotesMarkdown(view, timeZone), 'utf8'));
  entries.set('file.json', Buffer.from(`${JSON.stringify(file, null, 2)}\n`, 'utf8'));
  return { reference, suggestedRoute: routeLine(route), file, entries, zip: zipFolder(deps.folderName, entries, req.facts.today) };
}
