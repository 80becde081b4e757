/** The report's three shapes: a table for people, JSON for tools, CSV (one line per figure) for spreadsheets. */
import { formatMoney } from '../../domain/money/format';
import type { Report, ReportRow, Total } from '../../domain/views/report';
import type { DunningView } from '../../domain/views/read-model';
import { formatCsv, formatTable } from '../output';

/** What the report reads of one invoice run. */
export function reportRow(v: DunningView): ReportRow {
  const planned = v.plan?.status === 'active' ? v.plan.instalments.filter((i) => i.status === 'pending') : [];
  return {
    invoiceId: v.invoice.invoiceId,
    debtorId: v.invoice.debtor.debtorId,
    currency: v.invoice.currency,
    stage: v.stage,
    ...(v.outcome ? { outcome: v.outcome } : {}),
    issueDate: v.invoice.issueDate,
    dueDate: v.invoice.dueDate,
    amountCents: v.invoice.amountCents,
    amountDueCents: v.amountDueCents,
    ...(v.openTask ? { assignee: v.openTask.assignee } : {}),
    brokenPromises: v.brokenPromises,
    commitments: [...v.promises.filter((p) => p.status === 'pending'), ...planned].map((c) => ({ date: c.date, amountCents: c.amountCents })),
  };
}

interface Line {
  section: string;
  key: string;
  count: number | '';
  amount: string;
}

function lines(r: Report): Line[] {
  const money = (c: number) => (c / 100).toFixed(2);
  const of = (section: string, ts: Total[]): Line[] => ts.map((t) => ({ section, key: t.key, count: t.count, amount: money(t.amountDueCents) }));
  return [
    { section: 'outstanding', key: 'total', count: r.outstanding.count, amount: money(r.outstanding.amountDueCents) },
    ...of('aging', r.aging),
    ...of('stage', r.byStage),
    ...of('collector', r.byCollector),
    { section: 'this_week', key: `promised ${r.week.from}..${r.week.to}`, count: r.week.promised.count, amount: money(r.week.promised.amountDueCents) },
    { section: 'this_week', key: `falling due ${r.week.from}..${r.week.to}`, count: r.week.falling_due.count, amount: money(r.week.falling_due.amountDueCents) },
    { section: 'broken_promises', key: 'invoices', count: r.brokenPromises.invoices, amount: money(r.brokenPromises.items.reduce((s, i) => s + i.amountDueCents, 0)) },
    { section: 'broken_promises', key: 'promises', count: r.brokenPromises.total, amount: '' },
    { section: 'dso', key: `${r.dso.from}..${r.dso.to} (${r.dso.days} days)`, count: '', amount: r.dso.value === undefined ? '' : String(r.dso.value) },
  ];
}

/** CSV: section,key,count,amount (amounts in the currency's units, dot decimal; DSO in days). */
export function reportCsv(r: Report): string {
  return formatCsv(
    [
      { header: 'section', value: (l: Line) => l.section },
      { header: 'key', value: (l: Line) => l.key },
      { header: 'count', value: (l: Line) => l.count },
      { header: `amount_${r.currency.toLowerCase()}`, value: (l: Line) => l.amount },
    ],
    lines(r),
  );
}

/** The table people read: money written out, the DSO in days, the broken promises named. */
export function reportTable(r: Report): string {
  const money = (c: number) => formatMoney(c, r.currency, 'en');
  const block = (title: string, ts: Total[]) =>
    `${title}\n${formatTable(
      [
        { header: '', value: (t: Total) => t.key },
        { header: 'INVOICES', value: (t: Total) => t.count, align: 'right' },
        { header: 'DUE', value: (t: Total) => money(t.amountDueCents), align: 'right' },
      ],
      ts,
    )}`;
  const w = r.week;
  return [
    `Receivables on ${r.today}: ${r.outstanding.count} invoice(s), ${money(r.outstanding.amountDueCents)} due`,
    block('Aging (days past due)', r.aging),
    block('By stage', r.byStage),
    block('By collector (open call task)', r.byCollector),
    `This week (${w.from} to ${w.to}):\n  promised: ${money(w.promised.amountDueCents)} on ${w.promised.count} invoice(s)${w.promised.invoices.length ? ` (${w.promised.invoices.join(', ')})` : ''}\n  falling due: ${money(w.falling_due.amountDueCents)} on ${w.falling_due.count} invoice(s)${w.falling_due.invoices.length ? ` (${w.falling_due.invoices.join(', ')})` : ''}`,
    `Broken promises: ${r.brokenPromises.total} on ${r.brokenPromises.invoices} invoice(s)${r.brokenPromises.items.map((i) => `\n  ${i.invoiceId} (${i.debtorId}): ${i.broken} broken, ${money(i.amountDueCents)} due`).join('')}`,
    `DSO ${r.dso.from} to ${r.dso.to} (${r.dso.days} days): ${r.dso.value === undefined ? 'no invoice issued in the period' : `${r.dso.value} days`} (receivables ${money(r.dso.receivablesCents)} / sales ${money(r.dso.salesCents)} x ${r.dso.days})`,
  ].join('\n\n');
}
