import { describe, expect, it } from 'vitest';
import { buildWorklist, describeParts, scoreParts, WORKLIST_WEIGHTS as W } from '../../domain/views/worklist';
import { callTask, viewOf } from '../helpers/view';

const points = (parts: ReturnType<typeof scoreParts>) => Object.fromEntries(parts.map((p) => [p.key, p.points]));

describe('worklist score', () => {
  it('shows every part: amount, days past due, customer risk', () => {
    const v = viewOf({ amountDueCents: 1_000_000, openTask: callTask(), daysPastDue: 17 }, { debtor: { ...viewOf().invoice.debtor, paymentBehaviour: 'chronic_late' } });
    expect(points(scoreParts(v))).toEqual({ amount: 50, days_past_due: 17, customer_risk: W.risk.chronic_late });
  });

  it('caps the amount and the age', () => {
    const v = viewOf({ amountDueCents: 500_000_000, daysPastDue: 400, openTask: callTask() });
    expect(points(scoreParts(v))).toMatchObject({ amount: W.amountMax, days_past_due: W.daysMax });
    expect(points(scoreParts(viewOf({ amountDueCents: 5_000, openTask: callTask() }))).amount).toBe(0);
  });

  it('puts a broken-promise chase first, whatever the amount', () => {
    const chase = viewOf(
      { amountDueCents: 10_000, daysPastDue: 3, brokenPromises: 1, openTask: callTask({ taskId: 'chase-1', kind: 'broken_promise', script: 'broken_promise' }) },
      { invoiceId: 'SMALL', debtor: { ...viewOf().invoice.debtor, paymentBehaviour: 'good' } },
    );
    const big = viewOf({ amountDueCents: 900_000_000, daysPastDue: 200, openTask: callTask() }, { invoiceId: 'BIG', amountCents: 900_000_000, debtor: { ...viewOf().invoice.debtor, paymentBehaviour: 'chronic_late' } });
    const list = buildWorklist([big, chase]);
    expect(list.map((e) => e.invoiceId)).toEqual(['SMALL', 'BIG']);
    expect(list[0].parts.find((p) => p.key === 'broken_promise')).toEqual({ key: 'broken_promise', points: W.brokenPromiseChase + W.perBrokenPromise, why: '1 broken promise(s), chase call' });
  });

  it('counts a promise or an instalment due today in the debtor time zone', () => {
    const promise = { promiseId: 'p1', date: '2027-02-20', amountCents: 1000, madeAt: 0, via: 'call_1-1', paidAtStartCents: 0, status: 'pending' as const, reminderSent: true };
    // 23:30 UTC on the 19th is already the 20th in Paris.
    const v = viewOf({ promises: [promise], openTask: callTask(), now: '2027-02-19T23:30:00Z' });
    expect(points(scoreParts(v)).promise_due_today).toBe(W.promiseDueToday);
    const plan = { planId: 'plan-1', agreedAt: 0, paidAtStartCents: 0, status: 'active' as const, instalments: [{ seq: 1, date: '2027-02-20', amountCents: 500, status: 'pending' as const, reminderSent: false }] };
    expect(points(scoreParts(viewOf({ plan, openTask: callTask() }))).promise_due_today).toBe(W.promiseDueToday);
    expect(points(scoreParts(viewOf({ promises: [{ ...promise, date: '2027-02-21' }], openTask: callTask() }))).promise_due_today).toBeUndefined();
  });

  it('raises a dispute resolved since the last call, not one already discussed or still open', () => {
    const resolved = { disputeId: 'D1', kind: 'commercial' as const, details: 'price', openedAt: 1000, status: 'resumed' as const, resolvedAt: 5000 };
    expect(points(scoreParts(viewOf({ disputes: [resolved], lastCallAttemptAt: 2000, openTask: callTask() }))).dispute_resolved).toBe(W.disputeResolvedWaiting);
    expect(points(scoreParts(viewOf({ disputes: [resolved], lastCallAttemptAt: 9000, openTask: callTask() }))).dispute_resolved).toBeUndefined();
    const open = { ...resolved, disputeId: 'D2', status: 'open' as const, resolvedAt: undefined };
    expect(points(scoreParts(viewOf({ disputes: [resolved, open], openTask: callTask() }))).dispute_resolved).toBeUndefined();
  });

  it('sorts by score, then by the task that expires first, and leaves out runs without an open task', () => {
    const a = viewOf({ openTask: callTask({ dueBy: 2000 }) }, { invoiceId: 'A' });
    const b = viewOf({ openTask: callTask({ dueBy: 1000 }) }, { invoiceId: 'B' });
    const none = viewOf({}, { invoiceId: 'C' });
    const list = buildWorklist([a, none, b]);
    expect(list.map((e) => e.invoiceId)).toEqual(['B', 'A']);
    expect(list[0].score).toBe(list[0].parts.reduce((s, p) => s + p.points, 0));
    expect(describeParts(list[0].parts)).toBe(`${list[0].parts[0].points} amount + 17 days past due + 20 customer risk`);
  });
});

describe('one worklist row per call to make', () => {
  it("groups a debtor's merged call and keeps single calls apart", async () => {
    const { groupByCall } = await import('../../domain/views/worklist');
    const entry = (invoiceId: string, score: number, debtorTaskId?: string, amount = 1000) =>
      ({ invoiceId, debtorId: 'D', debtorName: 'Acme', task: { taskId: `t-${invoiceId}`, kind: 'reminder', assignee: 'collector', dueBy: 1000, objective: '', script: 'call_1', tone: 'firm', debtorTaskId }, amountDueCents: amount, currency: 'EUR', daysPastDue: 3, score, parts: [] }) as never;
    const calls = groupByCall([entry('A', 50, 'D-call-1'), entry('B', 90, 'D-call-1', 2500), entry('C', 70)]);
    expect(calls.map((c) => [c.callId, c.invoices.map((i) => i.invoiceId).join('+'), c.score, c.amountDueCents])).toEqual([
      ['D-call-1', 'A+B', 90, 3500],
      ['t-C', 'C', 70, 1000],
    ]);
  });
});
