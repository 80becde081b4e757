/** Creating and finishing a pdfkit document; the dates come from the request so a re-render is identical. */
import PDFDocument from 'pdfkit';
import { MARGIN } from './geometry';

export interface PdfInfo {
  title: string;
  author: string;
  subject: string;
  keywords?: string;
  /** YYYY-MM-DD: the letter's date. */
  date: string;
}

export function createPdf(info: PdfInfo): PDFKit.PDFDocument {
  const when = new Date(`${info.date}T00:00:00Z`);
  return new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    // Page numbers ("Page 1/2") are written once the page count is known.
    bufferPages: true,
    info: {
      Title: info.title,
      Author: info.author,
      Subject: info.subject,
      Keywords: info.keywords,
      Creator: 'dunning-orchestrator',
      CreationDate: when,
      ModDate: when,
    },
  });
}

/** Ends the document and resolves with its bytes. */
export function finishPdf(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
