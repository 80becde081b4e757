/**
 * SMS length (3GPP TS 23.038): a message in the GSM 03.38 alphabet (GSM-7) holds 160 characters in
 * one segment, 153 per segment once split; any character outside it switches the whole message to
 * UCS-2: 70, then 67 per segment. The extension characters (€ [ ] { } ~ ^ | \ and form feed) take
 * two GSM-7 units (an escape and the character). Operators bill per segment.
 */

const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '\f^{}\\[~]|€';
const BASIC_SET = new Set(BASIC);
const EXTENSION_SET = new Set(EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsLength {
  encoding: SmsEncoding;
  /** GSM-7 septets (extension characters count 2) or UCS-2 code units (characters beyond the BMP count 2). */
  units: number;
  segments: number;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC_SET.has(ch) && !EXTENSION_SET.has(ch)) return false;
  return true;
}

/** The encoding, length and number of segments an SMS of this text is sent as. */
export function smsLength(text: string): SmsLength {
  if (isGsm7(text)) {
    let units = 0;
    for (const ch of text) units += EXTENSION_SET.has(ch) ? 2 : 1;
    // A two-unit character is never split across segments: a segment of 153 may hold only 152.
    return { encoding: 'GSM-7', units, segments: segmentsOf(text, 160, 153, (ch) => (EXTENSION_SET.has(ch) ? 2 : 1)) };
  }
  return { encoding: 'UCS-2', units: text.length, segments: segmentsOf(text, 70, 67, (ch) => ch.length) };
}

function segmentsOf(text: string, single: number, part: number, size: (ch: string) => number): number {
  let total = 0;
  for (const ch of text) total += size(ch);
  if (total === 0) return 1;
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const ch of text) {
    const n = size(ch);
    if (used + n > part) {
      segments++;
      used = 0;
    }
    used += n;
  }
  return segments;
}

/** Letters with a diacritic GSM-7 lacks, written without it (ê -> e); the ones it has stay (é, è, à). */
function plainLetter(ch: string): string {
  const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return base !== ch && isGsm7(base) ? base : '?';
}

/**
 * A value from the debtor's data or our configuration, made safe for a GSM-7 message: spaces of any
 * kind become a plain space, typographic quotes and dashes their ASCII forms, letters outside the
 * alphabet lose their accent, anything else becomes "?". One stray character would otherwise turn
 * the whole SMS into UCS-2 and more than double its segments.
 */
export function toGsm7(value: string): string {
  let out = '';
  for (const ch of value.replace(/\s+/g, ' ')) {
    if (BASIC_SET.has(ch) || EXTENSION_SET.has(ch)) out += ch === '\n' || ch === '\r' || ch === '\f' ? ' ' : ch;
    else if (ch === '\u2019' || ch === '\u2018') out += "'";
    else if (ch === '\u201c' || ch === '\u201d' || ch === '\u00ab' || ch === '\u00bb') out += '"';
    else if (ch === '\u2013' || ch === '\u2014') out += '-';
    else if (ch === '\u2026') out += '...';
    else out += plainLetter(ch);
  }
  return out;
}

/** At most `max` characters: longer values end with "..." (an invoice id or a company name in an SMS). */
export function clip(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, Math.max(0, max - 3)).join('')}...`;
}
