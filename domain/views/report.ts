/**
 * `dunning report`: what finance reads on receivables, from the invoice runs' views. Pure: the
 * CLI gathers the rows and gives today's date; every figure below is computed from them.
 */
import { addDays } from '../time/calendar';

/** One invoice as the report needs it (from its run's view). */
export interface ReportRow {
  invoiceId: string;
  debtorId: string;
  currency: string;
  stage: string;
  outcome?: string;
  issueDate: string;
  dueDate: string;
  amountCents: number;
  amountDueCents: number;
  /** Role of the open call task, if any. */
  assignee?: string;
  brokenPromises: number;
  /** Pending promises and pending plan instalments: what the debtor committed to pay, and when. */
  commitments: Array<{ date: string; amountCents: number }>;
}

export const AGING_BUCKETS = ['not_due', '0-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface Total {
  key: string;
  count: number;
  amountDueCents: number;
}

export interface Report {
  today: string;
  currency: string;
  /** Still owed: amount due > 0 and not closed as paid, settled, cancelled or credited (litigation and insolvency are still owed). */
  outstanding: Total;
  aging: Total[];
  byStage: Total[];
  byCollector: Total[];
  week: { from: string; to: string; promised: Total & { invoices: string[] }; falling_due: Total & { invoices: string[] } };
  brokenPromises: { invoices: number; total: number; items: Array<{ invoiceId: string; debtorId: string; broken: number; amountDueCents: number }> };
  /** Days sales outstanding over the period: receivables today / sales issued in the period x days in the period. */
  dso: { from: string; to: string; days: number; salesCents: number; receivablesCents: number; value?: number };
}

const SETTLED = new Set(['paid', 'settled', 'cancelled', 'credited']);
const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

export function agingBucket(dueDate: string, today: string): AgingBucket {
  const late = dayNumber(today) - dayNumber(dueDate);
  if (late <= 0) return 'not_due';
  if (late <= 30) return '0-30';
  if (late <= 60) return '31-60';
  if (late <= 90) return '61-90';
  return '90+';
}

/** Monday to Sunday of the week holding `today` (a date: no clock, no zone). */
export function weekOf(today: string): { from: string; to: string } {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const from = addDays(today, -weekday);
  return { from, to: addDays(from, 6) };
}

function totals(rows: readonly ReportRow[], keyOf: (r: ReportRow) => string, order: readonly string[] = []): Total[] {
  const map = new Map<string, Total>(order.map((k) => [k, { key: k, count: 0, amountDueCents: 0 }]));
  for (const r of rows) {
    const key = keyOf(r);
    const t = map.get(key) ?? { key, count: 0, amountDueCents: 0 };
    t.count += 1;
    t.amountDueCents += r.amountDueCents;
    map.set(key, t);
  }
  const extra = [...map.values()].filter((t) => !order.includes(t.key)).sort((a, b) => a.key.localeCompare(b.key));
  return [...order.map((k) => map.get(k)!), ...extra];
}

const sum = (rows: readonly ReportRow[], pick: (r: ReportRow) => number) => rows.reduce((s, r) => s + pick(r), 0);

export function buildReport(rows: readonly ReportRow[], today: string, period: { from: string; to: string }): Report {
  const open = rows.filter((r) => r.amountDueCents > 0 && !(r.outcome && SETTLED.has(r.outcome)));
  const week = weekOf(today);
  const inWeek = (d: string) => d >= week.from && d <= week.to;
  const promised = open.filter((r) => r.commitments.some((c) => inWeek(c.date)));
  const promisedCents = sum(promised, (r) => r.commitments.filter((c) => inWeek(c.date)).reduce((s, c) => s + Math.min(c.amountCents, r.amountDueCents), 0));
  const fallingDue = open.filter((r) => inWeek(r.dueDate) && r.dueDate >= today);
  const broken = open.filter((r) => r.brokenPromises > 0).sort((a, b) => b.brokenPromises - a.brokenPromises || a.invoiceId.localeCompare(b.invoiceId));
  const days = dayNumber(period.to) - dayNumber(period.from) + 1;
  const salesCents = sum(rows.filter((r) => r.issueDate >= period.from && r.issueDate <= period.to), (r) => r.amountCents);
  const receivablesCents = sum(open, (r) => r.amountDueCents);
  return {
    today,
    currency: rows[0]?.currency ?? 'EUR',
    outstanding: { key: 'outstanding', count: open.length, amountDueCents: receivablesCents },
    aging: totals(open, (r) => agingBucket(r.dueDate, today), AGING_BUCKETS),
    byStage: totals(open, (r) => r.stage),
    byCollector: totals(open, (r) => r.assignee ?? 'unassigned'),
    week: {
      ...week,
      promised: { key: 'promised', count: promised.length, amountDueCents: promisedCents, invoices: promised.map((r) => r.invoiceId).sort() },
      falling_due: { key: 'falling_due', count: fallingDue.length, amountDueCents: sum(fallingDue, (r) => r.amountDueCents), invoices: fallingDue.map((r) => r.invoiceId).sort() },
    },
    brokenPromises: {
      invoices: broken.length,
      total: sum(broken, (r) => r.brokenPromises),
      items: broken.map((r) => ({ invoiceId: r.invoiceId, debtorId: r.debtorId, broken: r.brokenPromises, amountDueCents: r.amountDueCents })),
    },
    dso: { ...period, days, salesCents, receivablesCents, ...(salesCents > 0 ? { value: Math.round((receivablesCents / salesCents) * days * 10) / 10 } : {}) },
  };
}
