/**
 * Layout of the formal notice (mise en demeure, domain.md §6 and §8): heading, dispatch mention,
 * the two parties, then the body with the claim table, the deadline, the legal basis and the warning.
 */
import { formatSiren } from '../../config/creditor';
import { fillLabel } from '../../templates/labels';
import type { RenderedMessage } from '../../templates/render';
import { addressLines } from './address';
import { drawBlocks } from './blocks';
import { drawFirstPage, drawReferenceAndSubject, type LetterContext } from './frame';
import { BODY_TOP, CONTENT_WIDTH, FONT, MARGIN, mm, SIZE } from './geometry';

function drawParty(doc: PDFKit.PDFDocument, title: string, lines: string[], x: number, y: number, width: number): number {
  doc.font(FONT.bold).fontSize(SIZE.small).text(title.toUpperCase(), x, y, { width });
  doc.font(FONT.bold).fontSize(SIZE.body).text(lines[0], x, doc.y + 2, { width });
  doc.font(FONT.regular).fontSize(SIZE.small).text(lines.slice(1).join('\n'), x, doc.y + 1, { width, lineGap: 1 });
  return doc.y;
}

export function drawFormalNotice(doc: PDFKit.PDFDocument, ctx: LetterContext, message: RenderedMessage, registered: boolean): void {
  drawFirstPage(doc, ctx);
  const { creditor, recipient, labels } = ctx;

  doc.font(FONT.bold).fontSize(SIZE.heading).text(message.heading ?? message.subject, MARGIN.left, BODY_TOP, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 1 });
  if (registered) {
    doc.font(FONT.italic).fontSize(SIZE.body).text(message.mention ?? labels.letter.registered, MARGIN.left, doc.y + 2, { width: CONTENT_WIDTH, align: 'center' });
  }

  // The parties, side by side between two rules.
  const top = doc.y + mm(4);
  const colWidth = CONTENT_WIDTH / 2 - mm(4);
  doc.moveTo(MARGIN.left, top).lineTo(MARGIN.left + CONTENT_WIDTH, top).lineWidth(0.5).stroke();
  const creditorLines = [
    creditor.companyName,
    ...(creditor.legalForm ? [creditor.legalForm] : []),
    ...addressLines({ name: creditor.companyName, address: creditor.address }, ctx.lang, creditor.address.country),
    fillLabel(labels.letter.siren, { siren: formatSiren(creditor.siren) }),
  ];
  const debtorLines = [
    recipient.name,
    ...addressLines(recipient, ctx.lang, creditor.address.country),
    ...(ctx.debtorSiren ? [fillLabel(labels.letter.siren, { siren: formatSiren(ctx.debtorSiren) })] : []),
  ];
  const leftBottom = drawParty(doc, labels.letter.creditor, creditorLines, MARGIN.left, top + mm(3), colWidth);
  const rightBottom = drawParty(doc, labels.letter.debtor, debtorLines, MARGIN.left + CONTENT_WIDTH / 2 + mm(4), top + mm(3), colWidth);
  const bottom = Math.max(leftBottom, rightBottom) + mm(3);
  doc.moveTo(MARGIN.left, bottom).lineTo(MARGIN.left + CONTENT_WIDTH, bottom).lineWidth(0.5).stroke();

  drawReferenceAndSubject(doc, ctx, message.subject, bottom + mm(5));
  drawBlocks(doc, message.blocks);
}
