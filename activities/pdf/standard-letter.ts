/** Layout of the ordinary letters (letter_1 and any template sent by post). */
import type { RenderedMessage } from '../../templates/render';
import { drawBlocks } from './blocks';
import { drawFirstPage, drawReferenceAndSubject, type LetterContext } from './frame';
import { BODY_TOP, FONT, MARGIN, mm, SIZE } from './geometry';

export function drawStandardLetter(doc: PDFKit.PDFDocument, ctx: LetterContext, message: RenderedMessage, registered: boolean): void {
  const letterheadBottom = drawFirstPage(doc, ctx);
  if (registered) {
    // In the left column under the letterhead, away from the envelope window.
    const y = Math.max(letterheadBottom + mm(4), mm(52));
    doc.font(FONT.bold).fontSize(SIZE.small).text(message.mention ?? ctx.labels.letter.registered, MARGIN.left, y, { width: mm(72) });
  }
  drawReferenceAndSubject(doc, ctx, message.subject, BODY_TOP);
  drawBlocks(doc, message.blocks, { keepTail: true });
}
