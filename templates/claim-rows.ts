/**
 * The interest lines of a claim table (formal notice, letters): one line per half-year with its
 * own rate (L441-10 II), labelled penalties for a professional and legal interest for a consumer
 * (C. civ. 1231-6), then what partial payments already paid of them (C. civ. 1343-1).
 */
import type { InterestFacts } from '../domain/wire/vocabulary';
import { formatPercent } from '../domain/money/format';
import { fillLabel, type Labels } from './labels';

export interface RowFormat {
  lang: 'fr' | 'en';
  money: (cents: number) => string;
  date: (d: string) => string;
}

/** `invoiceId` set: the merged form naming the invoice. */
export function interestRows(interest: InterestFacts, labels: Labels, f: RowFormat, invoiceId?: string): string[][] {
  const c = labels.claimTable;
  const consumer = interest.debtorKind === 'consumer';
  const label = invoiceId ? (consumer ? c.legalInterestOf : c.penaltiesOf) : consumer ? c.legalInterest : c.penalties;
  const rows = interest.periods.map((p) => {
    const text = fillLabel(label, { invoiceId: invoiceId ?? '', rate: formatPercent(p.ratePct, f.lang), from: f.date(p.from), to: f.date(p.to) });
    return [p.provisional ? `${text} ${c.provisional}` : text, f.money(p.cents)];
  });
  if (interest.paidCents > 0) {
    rows.push([invoiceId ? fillLabel(c.interestPaidOf, { invoiceId }) : c.interestPaid, f.money(-interest.paidCents)]);
  }
  return rows;
}
