/**
 * Formatting of money, rates and calendar dates for messages and letters.
 * Pure and deterministic (imported by workflow code): no Intl, no time zones, no Node built-ins.
 * Thousands are grouped with plain ASCII spaces; the space before the currency symbol is a
 * no-break space (U+00A0, in the standard PDF fonts' WinAnsi set), so "€" never starts a line.
 */
export type Lang = 'fr' | 'en';

const SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£' };
export const NBSP = '\u00a0';

/** Groups the integer part by thousands with `sep`. */
function group(digits: string, sep: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** Formats a decimal string split into integer and fraction parts, in the language's convention. */
function formatParts(intPart: string, frac: string, lang: Lang): string {
  return lang === 'fr' ? `${group(intPart, ' ')}${frac ? `,${frac}` : ''}` : `${group(intPart, ',')}${frac ? `.${frac}` : ''}`;
}

/** `123456` cents -> `1 234,56 €` (fr) or `€1,234.56` (en). Two decimals: Money is integer cents. */
export function formatMoney(cents: number, currency = 'EUR', lang: Lang = 'fr'): string {
  if (!Number.isInteger(cents)) throw new Error(`formatMoney: ${cents} is not a whole number of cents`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const number = formatParts(String(Math.floor(abs / 100)), String(abs % 100).padStart(2, '0'), lang);
  const symbol = SYMBOLS[currency];
  if (lang === 'fr') return `${sign}${number}${NBSP}${symbol ?? currency}`;
  return symbol ? `${sign}${symbol}${number}` : `${sign}${currency} ${number}`;
}

/** `12.15` -> `12,15 %` (fr) or `12.15%` (en); at most two decimals, trailing zeros dropped. */
export function formatPercent(pct: number, lang: Lang = 'fr'): string {
  const [intPart, frac = ''] = (Math.round(pct * 100) / 100).toFixed(2).replace(/\.?0+$/, '').split('.');
  const number = formatParts(intPart.replace('-', ''), frac, lang);
  const sign = pct < 0 ? '-' : '';
  return lang === 'fr' ? `${sign}${number} %` : `${sign}${number}%`;
}

const MONTHS: Record<Lang, readonly string[]> = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** `2026-05-02` -> `2 mai 2026` / `2 May 2026`; French writes the first of the month `1er`. */
export function formatDate(isoDate: string, lang: Lang = 'fr'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const month = m ? Number(m[2]) : 0;
  const day = m ? Number(m[3]) : 0;
  if (!m || month < 1 || month > 12 || day < 1 || day > 31) throw new Error(`formatDate: '${isoDate}' is not a YYYY-MM-DD date`);
  const dayText = lang === 'fr' && day === 1 ? '1er' : String(day);
  return `${dayText} ${MONTHS[lang][month - 1]} ${m[1]}`;
}

const WEEKDAYS: Record<Lang, readonly string[]> = {
  fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** "mardi 12 mai 2026" / "Tuesday 12 May 2026": the weekday from the calendar date alone (no zone, no locale). */
export function formatLongDate(isoDate: string, lang: Lang = 'fr'): string {
  const weekday = (new Date(`${isoDate}T00:00:00Z`).getUTCDay() + 6) % 7;
  return `${WEEKDAYS[lang][weekday]} ${formatDate(isoDate, lang)}`;
}
