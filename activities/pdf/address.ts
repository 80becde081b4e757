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

/**
 * The address block must stay inside the envelope window (and off the date line and subject below
 * it): a long name or address is set smaller, down to 7 pt, and whatever still overflows is cut at
 * the window's edge rather than printed over the letter.
 */
export function drawWindowAddress(doc: PDFKit.PDFDocument, r: PostalRecipient, labels: Labels, lang: string, homeCountry: string): void {
  const opts = { width: WINDOW.width, lineGap: 1.5 };
  const attention = r.attention && r.attention !== r.name ? fillLabel(labels.letter.attention, { name: r.attention }) : undefined;
  const rest = [...(attention ? [attention] : []), ...addressLines(r, lang, homeCountry)].join('\n');
  const heightAt = (size: number) => doc.font(FONT.bold).fontSize(size).heightOfString(r.name, opts) + doc.font(FONT.regular).fontSize(size).heightOfString(rest, opts);
  let size: number = SIZE.body + 1;
  while (size > 7 && heightAt(size) > WINDOW.height) size -= 0.5;
  doc.save();
  doc.rect(WINDOW.x, WINDOW.y, WINDOW.width, WINDOW.height).clip();
  doc.font(FONT.bold).fontSize(size).text(r.name, WINDOW.x, WINDOW.y, opts);
  doc.font(FONT.regular).fontSize(size).text(rest, opts);
  doc.restore();
}
