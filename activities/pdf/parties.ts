/** The creditor and the debtor side by side between two rules (formal notice, litigation summary). */
import { formatSiren, type CreditorProfile } from '../../config/creditor';
import { fillLabel, type Labels } from '../../templates/labels';
import { addressLines, type PostalRecipient } from './address';
import { CONTENT_WIDTH, FONT, MARGIN, mm, SIZE } from './geometry';

function drawParty(doc: PDFKit.PDFDocument, title: string, lines: string[], x: number, y: number, width: number): number {
  doc.font(FONT.bold).fontSize(SIZE.small).text(title.toUpperCase(), x, y, { width });
  doc.font(FONT.bold).fontSize(SIZE.body).text(lines[0], x, doc.y + 2, { width });
  doc.font(FONT.regular).fontSize(SIZE.small).text(lines.slice(1).join('\n'), x, doc.y + 1, { width, lineGap: 1 });
  return doc.y;
}

export interface PartiesInput {
  creditor: CreditorProfile;
  debtor: PostalRecipient;
  debtorSiren?: string;
  /** Extra lines under each party (contacts, e-mail...). */
  creditorExtra?: string[];
  debtorExtra?: string[];
  labels: Labels;
  lang: string;
}

/** Draws both parties from `top`; returns the y of the closing rule. */
export function drawParties(doc: PDFKit.PDFDocument, p: PartiesInput, top: number): number {
  const { creditor, labels } = p;
  const colWidth = CONTENT_WIDTH / 2 - mm(4);
  doc.moveTo(MARGIN.left, top).lineTo(MARGIN.left + CONTENT_WIDTH, top).lineWidth(0.5).stroke();
  const creditorLines = [
    creditor.companyName,
    ...(creditor.legalForm ? [creditor.legalForm] : []),
    ...addressLines({ name: creditor.companyName, address: creditor.address }, p.lang, creditor.address.country),
    fillLabel(labels.letter.siren, { siren: formatSiren(creditor.siren) }),
    ...(p.creditorExtra ?? []),
  ];
  const debtorLines = [
    p.debtor.name,
    ...addressLines(p.debtor, p.lang, creditor.address.country),
    ...(p.debtorSiren ? [fillLabel(labels.letter.siren, { siren: formatSiren(p.debtorSiren) })] : []),
    ...(p.debtorExtra ?? []),
  ];
  const leftBottom = drawParty(doc, labels.letter.creditor, creditorLines, MARGIN.left, top + mm(3), colWidth);
  const rightBottom = drawParty(doc, labels.letter.debtor, debtorLines, MARGIN.left + CONTENT_WIDTH / 2 + mm(4), top + mm(3), colWidth);
  const bottom = Math.max(leftBottom, rightBottom) + mm(3);
  doc.moveTo(MARGIN.left, bottom).lineTo(MARGIN.left + CONTENT_WIDTH, bottom).lineWidth(0.5).stroke();
  doc.x = MARGIN.left;
  return bottom;
}
