import { describe, expect, it } from 'vitest';
import { reportCsv, reportTable } from '../../client/report/format';
import { agingBucket, buildReport, weekOf, type ReportRow } from '../../domain/views/report';

const row = (over: Partial<ReportRow> & Pick<ReportRow, 'invoiceId'>): ReportRow => ({
  debtorId: 'D1', currency: 'EUR', stage: 'reminding', issueDate: '2026-04-01', dueDate: '2026-05-01', amountCents: 100_000, amountDueCents: 100_000, brokenPromises: 0, commitments: [], ...over,
});

// Today: Wednesday 13 May 2026. Its week: Mon 11 to Sun 17 May.
const TODAY = '2026-05-13';
const ROWS: ReportRow[] = [
  row({ invoiceId: 'A', dueDate: '2026-05-20', stage: 'pre_due', amountDueCents: 50_000 }), // not due
  row({ invoiceId: 'B', dueDate: '2026-05-15', stage: 'pre_due', amountDueCents: 20_000 }), // not due, falls due this week
  row({ invoiceId: 'C', dueDate: '2026-05-12', amountDueCents: 30_000, assignee: 'collector', commitments: [{ date: '2026-05-14', amountCents: 30_000 }] }), // 1 day late, promised this week
  row({ invoiceId: 'D', dueDate: '2026-04-13', amountDueCents: 40_000, brokenPromises: 2, assignee: 'collector' }), // 30 days late
  row({ invoiceId: 'E', dueDate: '2026-04-12', amountDueCents: 60_000, stage: 'formal_notice', assignee: 'manager' }), // 31 days
  row({ invoiceId: 'F', dueDate: '2026-02-12', amountDueCents: 70_000, stage: 'litigation', outcome: 'litigation', issueDate: '2026-01-10' }), // 90 days, still owed
  row({ invoiceId: 'G', dueDate: '2026-02-11', amountDueCents: 80_000, stage: 'disputed', issueDate: '2026-01-10' }), // 91 days
  row({ invoiceId: 'H', dueDate: '2026-04-01', amountDueCents: 0, stage: 'closed', outcome: 'paid' }), // paid: not owed
];

describe('dunning report', () => {
  it('buckets what is owed by days past due, with the edges where they belong', () => {
    expect([agingBucket('2026-05-13', TODAY), agingBucket('2026-05-12', TODAY), agingBucket('2026-04-13', TODAY), agingBucket('2026-04-12', TODAY)]).toEqual(['not_due', '0-30', '0-30', '31-60']);
    expect([agingBucket('2026-03-14', TODAY), agingBucket('2026-03-13', TODAY), agingBucket('2026-02-12', TODAY), agingBucket('2026-02-11', TODAY)]).toEqual(['31-60', '61-90', '61-90', '90+']);
    expect(weekOf(TODAY)).toEqual({ from: '2026-05-11', to: '2026-05-17' });
    expect(weekOf('2026-05-17')).toEqual({ from: '2026-05-11', to: '2026-05-17' });
    expect(weekOf('2026-05-11')).toEqual({ from: '2026-05-11', to: '2026-05-17' });
  });

  it('totals per bucket, stage and collector; this week; broken promises; DSO', () => {
    const r = buildReport(ROWS, TODAY, { from: '2026-02-13', to: TODAY });
    expect(r.outstanding).toEqual({ key: 'outstanding', count: 7, amountDueCents: 350_000 });
    expect(r.aging.map((t) => [t.key, t.count, t.amountDueCents])).toEqual([['not_due', 2, 70_000], ['0-30', 2, 70_000], ['31-60', 1, 60_000], ['61-90', 1, 70_000], ['90+', 1, 80_000]]);
    expect(r.byStage.map((t) => [t.key, t.count, t.amountDueCents])).toEqual([['disputed', 1, 80_000], ['formal_notice', 1, 60_000], ['litigation', 1, 70_000], ['pre_due', 2, 70_000], ['reminding', 2, 70_000]]);
    expect(r.byCollector.map((t) => [t.key, t.count])).toEqual([['collector', 2], ['manager', 1], ['unassigned', 4]]);
    expect(r.week.promised).toMatchObject({ count: 1, amountDueCents: 30_000, invoices: ['C'] });
    expect(r.week.falling_due).toMatchObject({ count: 1, amountDueCents: 20_000, invoices: ['B'] });
    expect(r.brokenPromises).toEqual({ invoices: 1, total: 2, items: [{ invoiceId: 'D', debtorId: 'D1', broken: 2, amountDueCents: 40_000 }] });
    // Issued in the period: A..E and H (1 April) = 6 x 1 000,00; 90 days; receivables 3 500,00 -> 52.5 days.
    expect(r.dso).toEqual({ from: '2026-02-13', to: TODAY, days: 90, salesCents: 600_000, receivablesCents: 350_000, value: 52.5 });
  });

  it('prints a table in money, and a CSV of one figure per line', () => {
    const r = buildReport(ROWS, TODAY, { from: '2026-02-13', to: TODAY });
    const table = reportTable(r);
    expect(table).toContain('Receivables on 2026-05-13: 7 invoice(s), €3,500.00 due');
    expect(table).toMatch(/90\+\s+1\s+€800\.00/);
    expect(table).toContain('promised: €300.00 on 1 invoice(s) (C)');
    expect(table).toContain('D (D1): 2 broken, €400.00 due');
    expect(table).toContain('DSO 2026-02-13 to 2026-05-13 (90 days): 52.5 days');
    const csv = reportCsv(r).trim().split(/\r?\n/);
    expect(csv[0]).toBe('section,key,count,amount_eur');
    expect(csv).toContain('aging,0-30,2,700.00');
    expect(csv).toContain('collector,unassigned,4,2200.00');
    expect(csv).toContain('dso,2026-02-13..2026-05-13 (90 days),,52.5');
  });
});
