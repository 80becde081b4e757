/** The creditor's letterhead (top left of page 1) and the footer of every page. */
import { formatSiren, type CreditorProfile } from '../../config/creditor';
import { fillLabel, type Labels } from '../../templates/labels';
import { CONTENT_WIDTH, FONT, GREY, MARGIN, mm, PAGE, SIZE } from './geometry';

/** Draws the letterhead in the left column, clear of the address window; returns its bottom. */
export function drawLetterhead(doc: PDFKit.PDFDocument, creditor: CreditorProfile, labels: Labels): number {
  const x = MARGIN.left;
  const width = mm(72);
  let y = mm(14);
  if (creditor.logoPath) {
    doc.image(creditor.logoPath, x, y, { fit: [mm(40), mm(16)] });
    y += mm(18);
  }
  doc.font(FONT.bold).fontSize(SIZE.company).fillColor('black').text(creditor.companyName, x, y, { width });
  const a = creditor.address;
  const lines = [
    ...a.lines,
    `${a.postalCode} ${a.city}`,
    fillLabel(labels.letter.phone, { phone: creditor.phone }),
    fillLabel(labels.letter.email, { email: creditor.email }),
    ...(creditor.website ? [creditor.website] : []),
  ];
  doc.font(FONT.regular).fontSize(SIZE.small).fillColor(GREY).text(lines.join('\n'), x, doc.y + 2, { width, lineGap: 1 });
  doc.fillColor('black');
  return doc.y;
}

/** Writes the legal line and "Page i/n" on every page (called once all pages exist). */
export function drawFooters(doc: PDFKit.PDFDocument, creditor: CreditorProfile, labels: Labels): void {
  // Two lines: who we are, then the registration numbers (kept whole, never split mid-number).
  const legal = [
    [creditor.companyName, creditor.legalForm, [...creditor.address.lines, `${creditor.address.postalCode} ${creditor.address.city}`].join(', ')],
    [fillLabel(labels.letter.siren, { siren: formatSiren(creditor.siren) }), creditor.rcs, fillLabel(labels.letter.vat, { vat: creditor.vatNumber })],
  ]
    .map((parts) => parts.filter(Boolean).join(' – '))
    .join('\n');
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would make pdfkit open a new page: lift the margin meanwhile.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - mm(15);
    doc.font(FONT.regular).fontSize(SIZE.tiny).fillColor(GREY);
    doc.text(legal, MARGIN.left, y, { width: CONTENT_WIDTH - mm(22), lineGap: 1 });
    const page = fillLabel(labels.letter.page, { page: String(i - range.start + 1), pages: String(range.count) });
    doc.fontSize(SIZE.small).text(page, PAGE.width - MARGIN.right - mm(20), y, { width: mm(20), align: 'right' });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
  }
}
