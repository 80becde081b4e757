/** "PROJET" across every page of a document a person must approve first (docs/field.md): a draft never reads as the letter sent. */
import { FONT, MARGIN, mm } from './geometry';

export function drawDraftMark(doc: PDFKit.PDFDocument, text = 'PROJET – soumis à approbation'): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT.bold).fontSize(11).fillColor('#c00000').text(text, MARGIN.left, mm(8), { lineBreak: false });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
  }
}
