/**
 * Builds the litigation file from one case (domain.md §6): summary.pdf, call-notes.md, file.json
 * and copies of every letter and email sent, as folder entries plus their zip. Everything derives
 * from the case and the outbox, so the same handoff builds the same bytes.
 */
import type { LitigationCase } from './case';
import { callNotesMarkdown } from './call-notes';
import { collectDocuments } from './documents';
import { buildFileJson, type LitigationFile } from './file-json';
import { routeLine } from './route';
import { renderSummaryPdf } from './summary-pdf';
import { zipFolder } from './zip';

export { litigationReference } from './case';

export interface LitigationPackage {
  reference: string;
  suggestedRoute: string;
  file: LitigationFile;
  /** Folder-relative path -> bytes. */
  entries: Map<string, Uint8Array>;
  zip: Uint8Array;
}

export async function buildLitigationPackage(c: LitigationCase, deps: { outboxDir: string; folderName: string }): Promise<LitigationPackage> {
  const { documents, entries } = await collectDocuments(deps.outboxDir, c.view.touches, c.timeZone);
  const file = buildFileJson({ ...c, documents });
  const contents = ['summary.pdf : la présente synthèse', "call-notes.md : notes de chaque appel", 'file.json : le dossier complet, lisible par machine'];
  const summary = await renderSummaryPdf({ ...c, documents, contents });

  entries.set('summary.pdf', summary);
  entries.set('call-notes.md', Buffer.from(callNotesMarkdown(c.view, c.timeZone), 'utf8'));
  entries.set('file.json', Buffer.from(`${JSON.stringify(file, null, 2)}\n`, 'utf8'));
  return { reference: c.reference, suggestedRoute: routeLine(c.route), file, entries, zip: zipFolder(deps.folderName, entries, c.today) };
}
