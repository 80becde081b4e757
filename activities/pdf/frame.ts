/** What every letter's first page shares: letterhead, window address, "Paris, le 2 mai 2026". */
import type { CreditorProfile } from '../../config/creditor';
import type { Language } from '../types';
import { formatDate } from '../../domain/money/format';
import { fillLabel, type Labels } from '../../templates/labels';
import { drawWindowAddress, type PostalRecipient } from './address';
import { DATE_LINE_Y, FONT, MARGIN, SIZE, WINDOW } from './geometry';
import { drawLetterhead } from './letterhead';

export interface LetterContext {
  creditor: CreditorProfile;
  labels: Labels;
  lang: Language;
  recipient: PostalRecipient;
  /** YYYY-MM-DD */
  date: string;
  invoiceId: string;
  /** A letter covering several invoices: their numbers as a sentence ("INV-1, INV-2 et INV-3"). */
  invoiceList?: string;
  /** Printed among the parties of a formal notice. */
  debtorSiren?: string;
}

/** Draws the first-page frame; returns the bottom of the letterhead (left column). */
export function drawFirstPage(doc: PDFKit.PDFDocument, ctx: LetterContext): number {
  const letterheadBottom = drawLetterhead(doc, ctx.creditor, ctx.labels);
  drawWindowAddress(doc, ctx.recipient, ctx.labels, ctx.lang, ctx.creditor.address.country);
  const dateLine = fillLabel(ctx.labels.letter.dateLine, { place: ctx.creditor.place, date: formatDate(ctx.date, ctx.lang) });
  doc.font(FONT.regular).fontSize(SIZE.body).text(dateLine, WINDOW.x, DATE_LINE_Y, { width: WINDOW.width });
  doc.x = MARGIN.left;
  return letterheadBottom;
}

/** "Réf. : facture INV-..." (or "Réf. : factures INV-1, INV-2 et INV-3") then the bold "Objet : ..." line. */
export function drawReferenceAndSubject(doc: PDFKit.PDFDocument, ctx: LetterContext, subject: string, y: number): void {
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const reference = ctx.invoiceList
    ? fillLabel(ctx.labels.letter.referenceMerged, { invoiceList: ctx.invoiceList })
    : fillLabel(ctx.labels.letter.reference, { invoiceId: ctx.invoiceId });
  doc.font(FONT.regular).fontSize(SIZE.body).text(reference, MARGIN.left, y, { width });
  doc.font(FONT.bold).text(fillLabel(ctx.labels.letter.subject, { subject }), MARGIN.left, doc.y + 2, { width });
  doc.font(FONT.regular);
  doc.y += 14;
}
