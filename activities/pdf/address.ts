/** The recipient's address, placed for a DL window envelope (see WINDOW in geometry.ts). */
import type { Address } from '../../domain/invoice/schema';
import { fillLabel, type Labels } from '../../templates/labels';
import { FONT, SIZE, WINDOW } from './geometry';

export interface PostalRecipient {
  /** The debtor (company or person). */
  name: string;
  /** The contact the letter is for. */
  attention?: string;
  address: Address;
}

/** La Poste convention: last line "POSTCODE CITY" in capitals, country only for mail abroad. */
export function addressLines(r: PostalRecipient, lang: string, homeCountry: string): string[] {
  const a = r.address;
  const lines = [...a.lines, `${a.postalCode} ${a.city.toUpperCase()}`];
  if (a.country && a.country.toUpperCase() !== homeCountry.toUpperCase()) {
    const name = new Intl.DisplayNames([lang], { type: 'region' }).of(a.country.toUpperCase()) ?? a.country;
    lines.push(name.toUpperCase());
  }
  return lines;
}

export function drawWindowAddress(doc: PDFKit.PDFDocument, r: PostalRecipient, labels: Labels, lang: string, homeCountry: string): void {
  const opts = { width: WINDOW.width, lineGap: 1.5 };
  doc.font(FONT.bold).fontSize(SIZE.body + 1).text(r.name, WINDOW.x, WINDOW.y, opts);
  doc.font(FONT.regular).fontSize(SIZE.body + 1);
  if (r.attention && r.attention !== r.name) doc.text(fillLabel(labels.letter.attention, { name: r.attention }), opts);
  doc.text(addressLines(r, lang, homeCountry).join('\n'), opts);
}
