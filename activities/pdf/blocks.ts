/** Lays out the rendered template blocks as the letter body, flowing over pages. */
import type { Block } from '../../templates/engine';
import { CONTENT_WIDTH, FONT, MARGIN, SIZE } from './geometry';
import { drawTable, tableHeadHeight } from './table';

const TEXT = { width: CONTENT_WIDTH, align: 'justify' as const, lineGap: 2 };
const LIST_TEXT = { ...TEXT, width: CONTENT_WIDTH - 14 };
const PARAGRAPH_GAP = 7;
/** Paragraphs up to about four lines are not split across pages (closing formula, signature). */
const KEEP_TOGETHER = 60;
/** The least a table needs below its heading or the text before it: its header and a row or two. */
const TABLE_MIN = 60;

const room = (doc: PDFKit.PDFDocument) => doc.page.height - doc.page.margins.bottom - doc.y;
const pageBody = (doc: PDFKit.PDFDocument) => doc.page.height - doc.page.margins.bottom - doc.page.margins.top;

function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (height > room(doc) && height < KEEP_TOGETHER) doc.addPage();
}

function paragraphHeight(doc: PDFKit.PDFDocument, b: Extract<Block, { kind: 'paragraph' }>): number {
  doc.font(b.emphasis ? FONT.bold : FONT.regular).fontSize(SIZE.body);
  return doc.heightOfString(b.text, TEXT);
}

/**
 * The height a block needs on the page where it starts: a short paragraph or list item whole (they
 * are not split), a longer one its first line, a table its header and first row. A heading that
 * cannot keep this much below it moves to the next page with its block (keep-with-next).
 */
export function firstRoom(doc: PDFKit.PDFDocument, b: Block | undefined): number {
  if (!b) return 0;
  doc.font(FONT.regular).fontSize(SIZE.body);
  const line = doc.currentLineHeight(true) + TEXT.lineGap;
  if (b.kind === 'table') return Math.max(TABLE_MIN, tableHeadHeight(doc, b));
  const h = b.kind === 'list' ? (b.items[0] === undefined ? 0 : doc.heightOfString(b.items[0], LIST_TEXT)) : paragraphHeight(doc, b);
  return h < KEEP_TOGETHER ? h : line;
}

/**
 * Where the letter's tail starts: its last paragraphs, each short (contact line, closing formula,
 * signature: at most three). The tail stays on one page with the body's last paragraph before it, so
 * a signature never sits alone on a page.
 */
function tailStart(doc: PDFKit.PDFDocument, blocks: Block[]): number {
  let i = blocks.length;
  while (i > 0 && blocks.length - i < 3) {
    const b = blocks[i - 1];
    if (b.kind !== 'paragraph' || paragraphHeight(doc, b) >= KEEP_TOGETHER) break;
    i -= 1;
  }
  return i;
}

/** `keepTail`: letters, whose closing and signature must share a page with the body's last paragraph. */
export function drawBlocks(doc: PDFKit.PDFDocument, blocks: Block[], opts: { keepTail?: boolean } = {}): void {
  const tail = opts.keepTail ? tailStart(doc, blocks) : blocks.length;
  const tailHeight = blocks.slice(tail).reduce((h, b) => h + (b.kind === 'paragraph' ? paragraphHeight(doc, b) + PARAGRAPH_GAP : 0), 0);
  blocks.forEach((b, i) => {
    const last = blocks[tail - 1];
    if (opts.keepTail && i === tail - 1 && last?.kind === 'paragraph') {
      // The body's last paragraph moves on with the tail when both do not fit here but fit a page.
      const need = paragraphHeight(doc, last) + PARAGRAPH_GAP + tailHeight;
      if (need > room(doc) && need <= pageBody(doc)) doc.addPage();
    } else if (opts.keepTail && i === tail && tailHeight > room(doc)) doc.addPage();
    drawBlock(doc, b);
  });
}

function drawBlock(doc: PDFKit.PDFDocument, b: Block): void {
  if (b.kind === 'table') {
    ensureRoom(doc, TABLE_MIN);
    drawTable(doc, b);
    return;
  }
  if (b.kind === 'list') {
    doc.font(FONT.regular).fontSize(SIZE.body);
    for (const item of b.items) {
      ensureRoom(doc, doc.heightOfString(item, LIST_TEXT));
      const y = doc.y;
      doc.text('•', MARGIN.left + 3, y);
      doc.text(item, MARGIN.left + 14, y, LIST_TEXT);
    }
    doc.x = MARGIN.left;
    doc.y += PARAGRAPH_GAP;
    return;
  }
  ensureRoom(doc, paragraphHeight(doc, b));
  doc.font(b.emphasis ? FONT.bold : FONT.regular).fontSize(SIZE.body);
  doc.text(b.text, MARGIN.left, doc.y, TEXT);
  doc.y += PARAGRAPH_GAP;
}
