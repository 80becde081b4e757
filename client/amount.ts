/**
 * Decimal amounts as finance exports write them, to integer cents without floating point:
 * `1234.56`, `1234,56`, `1 234,56` (French, also with a no-break space), `1,234.56`, `1.234,56`.
 * When both separators appear, the last one is the decimal mark. A lone separator followed by
 * exactly three digits (`1,234`) is ambiguous and refused rather than guessed.
 */
export type AmountResult = { ok: true; cents: number } | { ok: false; error: string };

export function parseAmount(raw: string): AmountResult {
  const s = raw.trim().replace(/[\s\u00a0\u202f']/g, '').replace(/(€|EUR)$/i, '');
  if (s === '') return { ok: false, error: 'an amount such as 1234.56 or 1 234,56' };
  if (!/^\d[\d.,]*$/.test(s)) return { ok: false, error: `"${raw}" is not an amount (write e.g. 1234.56 or 1 234,56)` };
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  const markAt = Math.max(lastDot, lastComma);
  let intPart = s;
  let frac = '';
  if (markAt >= 0) {
    const mark = s[markAt];
    const other = mark === '.' ? ',' : '.';
    const before = s.slice(0, markAt);
    const after = s.slice(markAt + 1);
    const both = lastDot >= 0 && lastComma >= 0;
    const marks = s.split(mark).length - 1;
    if (!both && marks > 1) {
      // Only thousands separators, e.g. 1.234.567 or 1,234,567.
      if (!/^\d{1,3}([.,]\d{3})+$/.test(s)) return { ok: false, error: `"${raw}" is not an amount` };
      intPart = s.replace(/[.,]/g, '');
    } else if (!both && after.length === 3) {
      return { ok: false, error: `"${raw}" is ambiguous: write 1234.56 or 1 234,56 (2 decimals at most)` };
    } else {
      if (after.length === 0 || after.length > 2 || !/^\d+$/.test(after)) return { ok: false, error: `"${raw}": at most 2 decimals` };
      if (both && !new RegExp(`^\\d{1,3}(\\${other}\\d{3})*$`).test(before)) return { ok: false, error: `"${raw}" is not an amount` };
      intPart = before.split(other).join('');
      frac = after;
    }
  }
  const cents = Number(intPart) * 100 + Number(frac.padEnd(2, '0') || 0);
  if (!Number.isSafeInteger(cents)) return { ok: false, error: `"${raw}" is too large` };
  return { ok: true, cents };
}

/** For commander flags: throws the message. */
export function amountToCents(raw: string, what = 'amount'): number {
  const r = parseAmount(raw);
  if (!r.ok) throw new Error(`${what}: ${r.error}`);
  return r.cents;
}
