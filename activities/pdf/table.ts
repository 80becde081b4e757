/** Draws a template table (invoices, claim, plan) with a header row repeated on each new page. */
import type { TableBlock } from '../../templates/engine';
import { CONTENT_WIDTH, FONT, MARGIN, SIZE } from './geometry';

const PAD = 4;
const SIZE_TABLE = SIZE.body - 1;

function measure(doc: PDFKit.PDFDocument, t: TableBlock, width: number) {
  const total = t.columns.reduce((s, c) => s + c.weight, 0);
  const widths = t.columns.map((c) => (c.weight / total) * width);
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(SIZE_TABLE);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 2 * PAD }))) + 2 * PAD;
  };
  return { widths, rowHeight };
}

/** The header row and the first row: what must fit for the table to start on this page. */
export function tableHeadHeight(doc: PDFKit.PDFDocument, t: TableBlock, width = CONTENT_WIDTH): number {
  const { rowHeight } = measure(doc, t, width);
  const first = t.rows[0] ?? t.totals?.[0];
  return rowHeight(t.columns.map((c) => c.title), FONT.bold) + (first ? rowHeight(first, FONT.regular) : 0);
}

export function drawTable(doc: PDFKit.PDFDocument, t: TableBlock, x = MARGIN.left, width = CONTENT_WIDTH): void {
  const { widths, rowHeight } = measure(doc, t, width);
  const bottomLimit = () => doc.page.height - doc.page.margins.bottom;
  const drawRow = (cells: string[], y: number, font: string, h: number, fill?: string) => {
    if (fill) doc.rect(x, y, width, h).fill(fill).fillColor('black');
    doc.font(font).fontSize(SIZE_TABLE);
    let cx = x;
    cells.forEach((c, i) => {
      doc.text(c, cx + PAD, y + PAD, { width: widths[i] - 2 * PAD, align: t.columns[i].align });
      cx += widths[i];
    });
    doc.moveTo(x, y + h).lineTo(x + width, y + h).lineWidth(0.5).strokeColor('#bbbbbb').stroke();
  };
  const header = t.columns.map((c) => c.title);
  const drawHeader = (y: number) => {
    const h = rowHeight(header, FONT.bold);
    drawRow(header, y, FONT.bold, h, '#eeeeee');
    return y + h;
  };

  // A header never sits alone at the foot of a page: it starts where its first row fits too.
  if (doc.y + tableHeadHeight(doc, t, width) > bottomLimit()) doc.addPage();
  let y = drawHeader(doc.y);
  const rows: Array<{ cells: string[]; bold: boolean }> = [
    ...t.rows.map((cells) => ({ cells, bold: false })),
    ...(t.totals ?? []).map((cells) => ({ cells, bold: true })),
  ];
  for (const row of rows) {
    const font = row.bold ? FONT.bold : FONT.regular;
    const h = rowHeight(row.cells, font);
    if (y + h > bottomLimit()) {
      doc.addPage();
      y = drawHeader(doc.page.margins.top);
    }
    if (row.bold) doc.moveTo(x, y).lineTo(x + width, y).lineWidth(1).strokeColor('black').stroke();
    drawRow(row.cells, y, font, h);
    y += h;
  }
  doc.strokeColor('black');
  doc.x = MARGIN.left;
  doc.y = y + 10;
}
