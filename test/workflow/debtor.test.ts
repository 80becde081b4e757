import { describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createRecordingActivities, type RecordedSend } from '../helpers/recording-activities';
import type { EmailRequest } from '../../activities/types';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { InvoiceSchema, workflowIdFor, type InvoiceInput } from '../../domain/invoice/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { type PolicyInput } from '../../domain/policy/schema';
import { dunningWorkflow } from '../../workflows';
import * as msg from '../../workflows/messages';
import { sampleInvoice, travelTo } from '../helpers/scenario';
import { createTestWorker, useTimeSkippingEnv } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';
import { expectDeltasAfterFirst, invoiceSyncsOf, isDelta } from '../helpers/sync-signals';
import { statusText } from '../../client/commands/status';
import { approvalsOff } from '../helpers/field';

const paris = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(new Date(ms));

async function startDebtor(env: TestWorkflowEnvironment, invoices: Array<Partial<InvoiceInput>>, policy: PolicyInput = DEFAULT_POLICY_INPUT, debtorMaxHistoryEvents?: number, maxHistoryEvents?: number) {
  const log: RecordedSend[] = [];
  const taskQueue = `debtor-${Math.random().toString(36).slice(2)}`;
  const worker = await createTestWorker(env, { taskQueue, activities: createRecordingActivities(log) });
  const handles = [];
  for (const over of invoices) {
    const invoice = InvoiceSchema.parse(sampleInvoice(over));
    handles.push(await env.client.workflow.start(dunningWorkflow, { taskQueue, workflowId: workflowIdFor(invoice.invoiceId), args: [{ invoice, policy: approvalsOff(policy), coordinated: true, debtorMaxHistoryEvents, maxHistoryEvents }] }));
  }
  const debtor = env.client.workflow.getHandle(debtorWorkflowId('ACME'));
  return { log, worker, handles, debtor, debtorState: () => debtor.query(msg.getDebtorState) };
}

const emails = (log: RecordedSend[]) => log.filter((l) => l.kind === 'email').map((l) => l.request as EmailRequest);

/** Dunning messages (not the transactional replies: call follow-up, confirmations, resent documents). */
const TRANSACTIONAL = ['call_followup', 'plan_confirmation', 'payment_confirmation', 'document_resend'];
/** The product's promise: never two dunning messages of one channel to a debtor within the merge window. */
function expectOnePerChannelPerWindow(log: RecordedSend[], windowDays = 3) {
  const sends = log
    .filter((l) => l.kind !== 'litigation' && !TRANSACTIONAL.includes(l.request.template) && !l.request.stepId.endsWith('-copy'))
    .map((l) => ({ channel: l.kind, day: Date.parse(`${(l.request as EmailRequest).facts.today}T00:00:00Z`) / 86_400_000 }));
  for (const channel of ['email', 'letter']) {
    const days = sends.filter((x) => x.channel === channel).map((x) => x.day).sort((a, b) => a - b);
    for (let i = 1; i < days.length; i++) expect(days[i] - days[i - 1]).toBeGreaterThanOrEqual(windowDays);
  }
}

describe('one reminder per debtor, not per invoice (domain.md §9)', () => {
  const envOf = useTimeSkippingEnv();

  it.each([
    ['', undefined],
    [' (debtor and invoice workflows continuing-as-new every few steps)', 40],
  ])('three invoices of one debtor: one call task, one follow-up listing all three, shares per invoice, payment oldest first%s', async (_label, debtorMaxHistoryEvents) => {
    const env = envOf();
    // Start Mon 25 Jan 2027 09:00 Paris. A (due 6 Jan) is at D+19: letter 1 now, call 2 on Wed 27 Jan.
    // B (due Tue 2 Feb) and C (due Mon 1 Feb) are pre-due: their courteous calls fall on Thu 28 Jan
    // and Wed 27 Jan. Three calls within the 3-day merge window: ONE call task on Wed 27 Jan 10:00.
    await travelTo(env, '2027-01-25T08:00:00Z');
    const d = await startDebtor(env, [
      { invoiceId: 'INV-A', dueDate: '2027-01-06', issueDate: '2026-12-07', amountCents: 100_000 },
      { invoiceId: 'INV-B', dueDate: '2027-02-02', issueDate: '2027-01-03', amountCents: 200_000 },
      { invoiceId: 'INV-C', dueDate: '2027-02-01', issueDate: '2027-01-02', amountCents: 123_456 },
    ], DEFAULT_POLICY_INPUT, debtorMaxHistoryEvents, debtorMaxHistoryEvents);
    const [A, B, C] = d.handles;
    await d.worker.runUntil(async () => {
      await travelTo(env, '2027-01-27T09:30:00Z'); // Wed 10:30
      const debtor = await d.debtorState();
      const open = debtor.callTasks.filter((t) => t.status === 'open');
      expect(open).toHaveLength(1);
      expect(Object.keys(open[0].tasks).sort()).toEqual(['INV-A', 'INV-B', 'INV-C']);
      expect(paris(open[0].openedAt)).toBe('2027-01-27 10:00');
      const stages = await Promise.all([A, B, C].map(async (h) => (await h.query(msg.getState)).stage));
      expect(stages).toEqual(['reminding', 'pre_due', 'pre_due']);
      // Every invoice shows its own task, tied to the one debtor task.
      for (const h of [A, B, C]) expect((await h.query(msg.getState)).openTask?.debtorTaskId).toBe(open[0].debtorTaskId);

      // A promise for A and B, a dispute on C only.
      await d.debtor.executeUpdate(msg.completeDebtorCall, {
        args: [{
          debtorTaskId: open[0].debtorTaskId, reached: true, contactName: 'Claire Martin',
          shares: [
            { invoiceId: 'INV-A', promise: { date: '2027-02-12', amountCents: 100_000 } },
            { invoiceId: 'INV-B', promise: { date: '2027-02-12', amountCents: 200_000 } },
            { invoiceId: 'INV-C', dispute: { kind: 'commercial', details: 'the delivered quantity is wrong' } },
          ],
        }],
      });
      await env.sleep('1 hour');
      const [a, b, c] = await Promise.all([A, B, C].map((h) => h.query(msg.getState)));
      expect(a.promises.map((p) => [p.date, p.amountCents, p.status])).toEqual([['2027-02-12', 100_000, 'pending']]);
      expect(b.promises.map((p) => [p.date, p.amountCents, p.status])).toEqual([['2027-02-12', 200_000, 'pending']]);
      expect(c.stage).toBe('disputed');
      expect(a.stage).toBe('reminding');
      expect(b.stage).toBe('pre_due');
      // One follow-up email for the merged call, listing the three invoices with their amounts.
      const followUps = emails(d.log).filter((e) => e.template === 'call_followup');
      expect(followUps).toHaveLength(1);
      expect(followUps[0].facts.invoices?.map((l) => [l.invoiceId, l.amountDueCents])).toEqual([['INV-A', 100_000], ['INV-C', 123_456], ['INV-B', 200_000]]);
      expect(followUps[0].facts.amountDueCents).toBe(423_456);

      // The two promise reminders (Fri 12 Feb - 2 business days = Wed 10 Feb) go as one email.
      await travelTo(env, '2027-02-10T09:00:00Z');
      const reminders = emails(d.log).filter((e) => e.template === 'promise_reminder');
      expect(reminders).toHaveLength(1);
      expect(reminders[0].facts.invoices?.map((l) => l.invoiceId)).toEqual(['INV-A', 'INV-B']);

      // 1 500,00 EUR with no remittance: oldest first, the disputed invoice left alone:
      // A (due 6 Jan) 1 000,00 -> paid; B 500,00 -> partial; C untouched.
      await d.debtor.signal(msg.debtorPaymentReceived, { paymentId: 'VIR-77', amountCents: 150_000 });
      await env.sleep('1 minute');
      const [a2, b2, c2] = await Promise.all([A, B, C].map((h) => h.query(msg.getState)));
      expect([a2.amountDueCents, a2.outcome]).toEqual([0, 'paid']);
      expect(b2.amountDueCents).toBe(150_000);
      expect(c2.amountDueCents).toBe(123_456);
      expectOnePerChannelPerWindow(d.log);
      // Protocol 3: each invoice's first sync is whole, every later one only what changed.
      const syncs = await invoiceSyncsOf(d.debtor);
      if (!debtorMaxHistoryEvents) {
        const pictures = expectDeltasAfterFirst(syncs);
        expect(Object.keys(pictures).sort()).toEqual(['INV-A', 'INV-B', 'INV-C']);
        expect(syncs.filter(isDelta).length).toBe(syncs.length - 3);
        // The debtor holds exactly the last picture rebuilt from them.
        const held = (await d.debtorState()).invoices;
        for (const id of ['INV-B', 'INV-C']) expect(held[id].seq).toBe(pictures[id].at(-1)!.seq);
      }
      // Across continue-as-new on either side, no delta ever failed to apply.
      expect((await d.debtorState()).trace.filter((t) => t.kind === 'resync')).toEqual([]);
      if (!debtorMaxHistoryEvents) {
        await recordHistory('debtor-three-invoices', d.debtor);
        await recordHistory('coordinated-invoice', A);
      }
      if (debtorMaxHistoryEvents) {
        // The debtor and B ran on in new runs with their state; C (idle in its dispute) stays near its
        // budget: the check runs each time a run wakes up.
        for (const h of [d.debtor, B]) {
          const history = await h.fetchHistory();
          expect(history.events![0].workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();
        }
        expect((await C.fetchHistory()).events!.length).toBeLessThan(debtorMaxHistoryEvents + 20);
      }
    });
  });

  it('the harshest tone due sets the merged message, and the formal notice covers only the invoices that reached it', async () => {
    const env = envOf();
    // P due Mon 4 Jan: notice_announce D+28 = Mon 1 Feb 09:00, formal notice D+30 = Wed 3 Feb.
    // Q due Fri 29 Jan: reminder_1 D+1 = Sat 30 Jan -> Mon 1 Feb 09:00. Same channel, same day: one email, very firm.
    await travelTo(env, '2027-01-25T08:00:00Z');
    const d = await startDebtor(env, [
      { invoiceId: 'INV-P', dueDate: '2027-01-04', issueDate: '2026-12-04', amountCents: 250_000 },
      { invoiceId: 'INV-Q', dueDate: '2027-01-29', issueDate: '2026-12-30', amountCents: 31_000 },
    ]);
    await d.worker.runUntil(async () => {
      await travelTo(env, '2027-02-04T12:00:00Z');
    });
    const merged = emails(d.log).filter((e) => e.facts.today === '2027-02-01');
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ template: 'notice_announce', tone: 'very_firm' });
    expect(merged[0].invoice.invoiceId).toBe('INV-P'); // the lead: oldest due date
    expect(merged[0].facts.invoices?.map((l) => [l.invoiceId, l.template, l.stage])).toEqual([
      ['INV-P', 'notice_announce', 'reminding'],
      ['INV-Q', 'reminder_1', 'reminding'],
    ]);
    expect(merged[0].facts.amountDueCents).toBe(281_000);
    const notices = d.log.filter((l) => l.kind === 'letter' && l.request.template === 'formal_notice').map((l) => l.request as EmailRequest);
    expect(notices).toHaveLength(1);
    expect(notices[0].invoice.invoiceId).toBe('INV-P');
    expect(notices[0].facts.invoices).toBeUndefined(); // Q has not reached the notice: not in it
    expect(notices[0].facts.today).toBe('2027-02-03');
    expectOnePerChannelPerWindow(d.log.filter((l) => l.kind !== 'letter' || l.request.template !== 'formal_notice'));
  });

  it('no debtor is called twice within the minimum gap, whatever the number of invoices', async () => {
    const env = envOf();
    // Merge window 1 hour (no merging), calls at least 3 business days apart.
    const policy: PolicyInput = { ...DEFAULT_POLICY_INPUT, coordination: { mergeWindow: '1 hour' }, calls: { ...DEFAULT_POLICY_INPUT.calls, minGap: '3 business days' } };
    await travelTo(env, '2027-01-25T08:00:00Z');
    // X due Wed 3 Feb (call 1 Wed 10 Feb), Y due Thu 4 Feb (call 1 Thu 11 Feb), Z due Fri 5 Feb (call 1 Fri 12 Feb).
    const d = await startDebtor(env, [
      { invoiceId: 'INV-X', dueDate: '2027-02-03' },
      { invoiceId: 'INV-Y', dueDate: '2027-02-04' },
      { invoiceId: 'INV-Z', dueDate: '2027-02-05' },
    ], { ...policy, steps: DEFAULT_POLICY_INPUT.steps.filter((s) => s.id !== 'pre_due_call') });
    await d.worker.runUntil(async () => {
      await travelTo(env, '2027-02-10T09:30:00Z');
      let debtor = await d.debtorState();
      const first = debtor.callTasks.find((t) => t.status === 'open')!;
      expect(Object.keys(first.tasks)).toEqual(['INV-X']);
      await d.debtor.executeUpdate(msg.completeDebtorCall, { args: [{ debtorTaskId: first.debtorTaskId, reached: false }] });
      // Fri 12 Feb: Y's call (planned Thu 11 Feb) waits at the debtor for the gap: `status` shows
      // the debtor's time (Mon 15 Feb 10:30), not the invoice's own, long past.
      await travelTo(env, '2027-02-12T12:00:00Z');
      const waiting = await d.debtorState();
      expect(paris(waiting.planned!['INV-Y'].at)).toBe('2027-02-15 10:30');
      const y = await d.handles[1].query(msg.getState);
      expect(paris(Date.parse(y.next!.at))).toBe('2027-02-11 10:00');
      expect(waiting.planned!['INV-Y'].key).toBe(y.coordination!.handed!.key);
      // Y last woke on Tue 9 Feb: asked as of the reader's clock (Fri 12 Feb), it is 8 days past due, not 5.
      expect(y.daysPastDue).toBe(5);
      const yNow = await d.handles[1].query(msg.getState, new Date(await env.currentTimeMs()).toISOString());
      expect(yNow.daysPastDue).toBe(8);
      expect(yNow.penaltiesCents).toBeGreaterThan(y.penaltiesCents);
      expect(statusText(y, 'Running', waiting.planned!['INV-Y'])).toMatch(/next: +Call task call_1 \(collector\) on 2027-02-15 10:30 \(Europe\/Paris\), by the debtor's workflow \(planned for 2027-02-11 10:00;/);
      await travelTo(env, '2027-02-20T12:00:00Z');
      debtor = await d.debtorState();
      const opened = debtor.callTasks.map((t) => paris(t.openedAt));
      // Y wanted Thu 11 Feb and Z Fri 12 Feb; X's call was Wed 10 Feb 10:30 -> next call no sooner
      // than Mon 15 Feb 10:30, and it covers what was waiting (Y and Z, both due by then).
      expect(opened).toEqual(['2027-02-10 10:00', '2027-02-15 10:30']);
      expect(Object.keys(debtor.callTasks[1].tasks).sort()).toEqual(['INV-Y', 'INV-Z']);
    });
  });

  it("a merged call nobody completed closes with its invoices' tasks, and the debtor's workflow ends with its last invoice", async () => {
    const env = envOf();
    await travelTo(env, '2027-01-25T08:00:00Z');
    // Two pre-due calls merged on Fri 29 Jan 10:00 (due Wed 3 Feb and Thu 4 Feb); nobody calls.
    const d = await startDebtor(env, [{ invoiceId: 'INV-M', dueDate: '2027-02-03' }, { invoiceId: 'INV-N', dueDate: '2027-02-04' }]);
    const result = await d.worker.runUntil(async () => {
      await travelTo(env, '2027-02-02T12:00:00Z');
      const open = await d.debtorState();
      expect(open.callTasks.map((t) => [Object.keys(t.tasks).sort().join('+'), t.status])).toEqual([['INV-M+INV-N', 'open']]);
      // Each invoice's own task: deadline Tue 2 Feb 10:00, reopened once until Thu 4 Feb 10:00, then missed.
      await travelTo(env, '2027-02-05T12:00:00Z');
      const later = await d.debtorState();
      expect(later.callTasks[0].status).toBe('done');
      await d.debtor.signal(msg.debtorPaymentReceived, { paymentId: 'ALL', amountCents: 2 * 123_456 });
      await env.sleep('1 day');
      expect((await d.debtor.describe()).status.name).toBe('RUNNING'); // lingers for late news
      await env.sleep('30 days');
      return d.debtor.result();
    });
    expect(result).toEqual({ debtorId: 'ACME', invoices: 2 });
    for (const h of d.handles) expect((await h.describe()).status.name).toBe('COMPLETED');
  });

  it('a debtor with 200 invoices: one merged email for all of them, the debtor workflow continuing-as-new within its history budget', async () => {
    const env = envOf();
    await travelTo(env, '2027-01-25T08:00:00Z');
    const n = 200;
    // All due Wed 3 Feb with the pre-due call removed: reminder 1 of every invoice on Thu 4 Feb 09:00.
    const policy: PolicyInput = { ...DEFAULT_POLICY_INPUT, steps: DEFAULT_POLICY_INPUT.steps.filter((s) => s.id !== 'pre_due_call') };
    const d = await startDebtor(
      env,
      Array.from({ length: n }, (_, i) => ({ invoiceId: `INV-BULK-${String(i + 1).padStart(3, '0')}`, amountCents: 10_000 + i })),
      policy,
      400,
    );
    await d.worker.runUntil(async () => {
      await travelTo(env, '2027-02-04T09:00:00Z');
      const reminders = emails(d.log).filter((e) => e.template === 'reminder_1');
      expect(reminders).toHaveLength(1);
      expect(reminders[0].facts.invoices).toHaveLength(n);
      expect(reminders[0].facts.amountDueCents).toBe(Array.from({ length: n }, (_, i) => 10_000 + i).reduce((a, b) => a + b, 0));
      const debtor = await d.debtorState();
      expect(Object.keys(debtor.invoices)).toHaveLength(n);
      const history = await d.debtor.fetchHistory();
      expect(history.events!.length).toBeLessThan(1500);
      expect(history.events![0].workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();
    });
  }, 180_000);
});
