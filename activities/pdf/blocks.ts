/** Lays out the rendered template blocks as the letter body, flowing over pages. */
import type { Block } from '../../templates/engine';
import { CONTENT_WIDTH, FONT, MARGIN, SIZE } from './geometry';
import { drawTable } from './table';

const TEXT = { width: CONTENT_WIDTH, align: 'justify' as const, lineGap: 2 };
const PARAGRAPH_GAP = 7;
/** Paragraphs up to about four lines are not split across pages (closing formula, signature). */
const KEEP_TOGETHER = 60;

function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
  const room = doc.page.height - doc.page.margins.bottom - doc.y;
  if (height > room && height < KEEP_TOGETHER) doc.addPage();
}

export function drawBlocks(doc: PDFKit.PDFDocument, blocks: Block[]): void {
  for (const b of blocks) {
    if (b.kind === 'table') {
      ensureRoom(doc, 60);
      drawTable(doc, b);
      continue;
    }
    if (b.kind === 'list') {
      doc.font(FONT.regular).fontSize(SIZE.body);
      for (const item of b.items) {
        const opts = { ...TEXT, width: CONTENT_WIDTH - 14 };
        ensureRoom(doc, doc.heightOfString(item, opts));
        const y = doc.y;
        doc.text('•', MARGIN.left + 3, y);
        doc.text(item, MARGIN.left + 14, y, opts);
      }
      doc.x = MARGIN.left;
      doc.y += PARAGRAPH_GAP;
      continue;
    }
    doc.font(b.emphasis ? FONT.bold : FONT.regular).fontSize(SIZE.body);
    ensureRoom(doc, doc.heightOfString(b.text, TEXT));
    doc.text(b.text, MARGIN.left, doc.y, TEXT);
    doc.y += PARAGRAPH_GAP;
  }
}
