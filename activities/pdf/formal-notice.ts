/**
 * Layout of the formal notice (mise en demeure, domain.md §6 and §8): heading, dispatch mention,
 * the two parties, then the body with the claim table, the deadline, the legal basis and the warning.
 */
import type { RenderedMessage } from '../../templates/render';
import { drawBlocks } from './blocks';
import { drawFirstPage, drawReferenceAndSubject, type LetterContext } from './frame';
import { BODY_TOP, CONTENT_WIDTH, FONT, MARGIN, mm, SIZE } from './geometry';
import { drawParties } from './parties';

export function drawFormalNotice(doc: PDFKit.PDFDocument, ctx: LetterContext, message: RenderedMessage, registered: boolean): void {
  drawFirstPage(doc, ctx);
  const { creditor, recipient, labels } = ctx;

  doc.font(FONT.bold).fontSize(SIZE.heading).text(message.heading ?? message.subject, MARGIN.left, BODY_TOP, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 1 });
  if (registered) {
    doc.font(FONT.italic).fontSize(SIZE.body).text(message.mention ?? labels.letter.registered, MARGIN.left, doc.y + 2, { width: CONTENT_WIDTH, align: 'center' });
  }

  // The parties, side by side between two rules.
  const bottom = drawParties(doc, { creditor, debtor: recipient, debtorSiren: ctx.debtorSiren, labels, lang: ctx.lang }, doc.y + mm(4));
  drawReferenceAndSubject(doc, ctx, message.subject, bottom + mm(5));
  // Room for a handwritten signature between the closing formula and the signer (the last block).
  const signer = message.blocks[message.blocks.length - 1];
  drawBlocks(doc, message.blocks.slice(0, -1));
  if (!signer) return;
  if (doc.page.height - doc.page.margins.bottom - doc.y < SIGNATURE_ROOM + mm(20)) doc.addPage();
  doc.y += SIGNATURE_ROOM;
  drawBlocks(doc, [signer]);
}

/** About 2 cm left blank for the signature. */
export const SIGNATURE_ROOM = mm(20);
