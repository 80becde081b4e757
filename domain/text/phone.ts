/**
 * Phone numbers as imported ("04 99 00 55 12", "+33 6 12 34 56 78", "0033 6..."), read as E.164
 * (+33499005512). French numbers by default (domain.md: French B2B); any number written with its
 * international prefix is accepted as is. Pure: used at the import and in workflows.
 */

export type PhoneParse = { ok: true; e164: string; mobile: boolean } | { ok: false; message: string };

const SEPARATORS = /[\s.\-()/\u00a0\u202f]/g;

export function parsePhone(raw: string): PhoneParse {
  const compact = raw.replace(SEPARATORS, '').replace(/^00/, '+');
  const fail = (why: string): PhoneParse => ({ ok: false, message: `"${raw}" is not a phone number: ${why} (e.g. 06 12 34 56 78 or +33 6 12 34 56 78)` });
  if (!/^\+?\d+$/.test(compact)) return fail('only digits, spaces, dots, dashes and a leading + are allowed');
  if (compact.startsWith('+33')) return french(compact.slice(3).replace(/^0/, ''), fail);
  if (compact.startsWith('+')) {
    // E.164: a country code and at most 15 digits in all.
    return /^\+[1-9]\d{6,14}$/.test(compact) ? { ok: true, e164: compact, mobile: true } : fail('an international number has 7 to 15 digits after the +');
  }
  if (/^0\d{9}$/.test(compact)) return french(compact.slice(1), fail);
  return fail('a French number has 10 digits starting with 0');
}

function french(national: string, fail: (why: string) => PhoneParse): PhoneParse {
  if (!/^[1-9]\d{8}$/.test(national)) return fail('a French number has 9 digits after +33');
  // 06 and 07 are the mobile ranges (ARCEP numbering plan): only they take an SMS.
  return { ok: true, e164: `+33${national}`, mobile: national[0] === '6' || national[0] === '7' };
}
