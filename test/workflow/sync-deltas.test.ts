import { describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DebtorSyncRequest } from '../../activities/types';
import { syncWithDebtor } from '../../activities/debtor';
import { debtorWorkflowId, initialDebtorState } from '../../domain/debtor/state';
import { InvoiceSchema, workflowIdFor } from '../../domain/invoice/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { debtorWorkflow, dunningWorkflow } from '../../workflows';
import * as msg from '../../workflows/messages';
import { approvalsOff } from '../helpers/field';
import { recordHistory } from '../helpers/histories';
import { createRecordingActivities, type RecordedSend } from '../helpers/recording-activities';
import { sampleInvoice, travelTo } from '../helpers/scenario';
import { invoiceSyncsOf, isDelta, type SyncMessage } from '../helpers/sync-signals';
import { createTestWorker, useTimeSkippingEnv } from '../helpers/temporal';

/**
 * Protocol 3 (docs/coordination.md): syncs go as deltas only to a debtor run that said it reads them,
 * and a delta that cannot apply (a debtor run gone, a new one) brings the whole picture back.
 */

const policy = approvalsOff(DEFAULT_POLICY_INPUT);
const paris = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(new Date(ms));

async function startInvoice(env: TestWorkflowEnvironment, syncWithDebtor?: (req: DebtorSyncRequest) => Promise<void>) {
  const log: RecordedSend[] = [];
  const taskQueue = `deltas-${Math.random().toString(36).slice(2)}`;
  const activities = { ...createRecordingActivities(log), ...(syncWithDebtor ? { syncWithDebtor } : {}) };
  const worker = await createTestWorker(env, { taskQueue, activities });
  // Due Wed 3 Feb 2027: reminder 1 at D+1 (already due), the first call at D+7 (Wed 10 Feb).
  const invoice = InvoiceSchema.parse(sampleInvoice({ invoiceId: 'INV-D', dueDate: '2027-02-03', issueDate: '2027-01-04', amountCents: 100_000 }));
  const handle = await env.client.workflow.start(dunningWorkflow, { taskQueue, workflowId: workflowIdFor(invoice.invoiceId), args: [{ invoice, policy, coordinated: true }] });
  return { log, worker, handle, taskQueue, debtor: env.client.workflow.getHandle(debtorWorkflowId('ACME')) };
}

const pay = (n: number) => ({ paymentId: `VIR-${n}`, amountCents: 1_000 * n, paidOn: '2027-02-05' });
const fields = (m: SyncMessage) => Object.keys(m).filter((k) => !['invoiceId', 'workflowId', 'seq', 'protocol', 'base'].includes(k)).sort();

describe('invoice -> debtor syncs as deltas (protocol 3)', () => {
  const envOf = useTimeSkippingEnv();

  it('an invoice whose debtor never says it reads deltas sends whole syncs; told, deltas; asked for a resync, the whole picture at once', async () => {
    const env = envOf();
    await travelTo(env, '2027-02-05T08:00:00Z');
    // A debtor of before protocol 3: it takes the syncs and never answers.
    const got: SyncMessage[] = [];
    const s = await startInvoice(env, async (req) => {
      got.push(req.sync);
    });
    await s.worker.runUntil(async () => {
      await env.sleep('1 minute');
      await s.handle.signal(msg.paymentReceived, pay(1));
      await env.sleep('1 minute');
      await travelTo(env, '2027-02-20T08:00:00Z'); // watchdogs run out: told again, still whole
      expect(got.length).toBeGreaterThanOrEqual(3);
      expect(got.filter(isDelta)).toEqual([]);
      for (const m of got) expect(m).toMatchObject({ protocol: 2, invoice: { invoiceId: 'INV-D' } });
      const before = got.length;
      const last = got.at(-1)!;

      await s.handle.signal(msg.debtorProtocol, { protocol: 3 });
      await s.handle.signal(msg.paymentReceived, pay(2));
      await env.sleep('1 minute');
      const delta = got[before];
      if (!isDelta(delta)) throw new Error(`expected a delta, got ${JSON.stringify(delta)}`);
      expect(delta).toMatchObject({ protocol: 3, base: last.seq, seq: last.seq! + 1, amountDueCents: 97_000, paidCents: 3_000 });
      expect(fields(delta)).toEqual(expect.arrayContaining(['amountDueCents', 'balances', 'paidCents']));
      for (const same of ['invoice', 'addressee', 'recipient', 'stage', 'planned']) expect(delta).not.toHaveProperty(same);

      await s.handle.signal(msg.debtorResync, { seq: delta.seq });
      await env.sleep('1 minute');
      expect(got).toHaveLength(before + 2);
      expect(got.at(-1)).toMatchObject({ protocol: 2, seq: delta.seq + 1, amountDueCents: 97_000, invoice: { invoiceId: 'INV-D' } });
    });
  });

  it('a debtor chain begun before protocol 3 tells the invoices it holds, on its next run: their syncs become deltas', async () => {
    const env = envOf();
    await travelTo(env, '2027-02-05T08:00:00Z');
    // The invoice first talks to a debtor of before protocol 3 (never answers), then to the real one.
    const got: SyncMessage[] = [];
    const real = { on: false };
    const s = await startInvoice(env, async (req) => {
      got.push(req.sync);
      if (real.on) await syncWithDebtor(req);
    });
    await s.worker.runUntil(async () => {
      await env.sleep('1 minute');
      const held = got.at(-1);
      if (!held || isDelta(held)) throw new Error('expected a whole sync');
      // That chain continues as new on today's code, with the invoice's sync in its carried state.
      const resume = { ...initialDebtorState('ACME', await env.currentTimeMs(), 'before-protocol-3'), invoices: { 'INV-D': held } };
      await env.client.workflow.start(debtorWorkflow, { taskQueue: s.taskQueue, workflowId: debtorWorkflowId('ACME'), args: [{ debtorId: 'ACME', policy, resume }] });
      real.on = true;
      await env.sleep('1 minute');
      await s.handle.signal(msg.paymentReceived, pay(1));
      await env.sleep('1 minute');
      // Every sync since (the reminder the debtor sent, the payment) went as a delta, and applied.
      const since = got.slice(got.indexOf(held) + 1);
      expect(since.length).toBeGreaterThanOrEqual(2);
      expect(since.map((m) => (isDelta(m) ? `delta ${m.seq} on ${m.base}` : `whole ${m.seq}`))).toEqual(since.map((_, i) => `delta ${held.seq! + i + 1} on ${held.seq! + i}`));
      expect(got.at(-1)).toMatchObject({ amountDueCents: 99_000 });
      const debtor = await s.debtor.query(msg.getDebtorState);
      expect(debtor.invoices['INV-D']).toMatchObject({ seq: got.at(-1)!.seq, amountDueCents: 99_000, invoice: { invoiceId: 'INV-D' } });
      expect(debtor.trace.filter((t) => t.kind === 'resync')).toEqual([]);
    });
  });

  it('a debtor run gone, then a new one that never held the invoice: each gets the whole picture, and the touches still go out on time', async () => {
    const env = envOf();
    await travelTo(env, '2027-02-05T08:00:00Z');
    const s = await startInvoice(env);
    await s.worker.runUntil(async () => {
      await travelTo(env, '2027-02-06T12:00:00Z');
      expect(s.log.filter((l) => l.kind === 'email' && 'template' in l.request && l.request.template === 'reminder_1')).toHaveLength(1);
      const first = await invoiceSyncsOf(s.debtor);
      expect(first.filter(isDelta).length).toBeGreaterThan(0); // the debtor said it reads deltas

      // The debtor run is gone: the next sync (a delta) cannot be signalled, and the run it starts
      // starts with the whole picture, asked from the invoice run.
      await s.debtor.terminate('test: the debtor run is gone');
      await s.handle.signal(msg.paymentReceived, pay(1));
      await env.sleep('1 minute');
      const second = await invoiceSyncsOf(s.debtor);
      expect(second[0]).toMatchObject({ protocol: 2, amountDueCents: 99_000, invoice: { invoiceId: 'INV-D' } });
      expect((await s.debtor.describe()).status.name).toBe('RUNNING');

      // A new debtor run started without it (an operator, another invoice): the delta does not
      // apply, the debtor asks, the invoice sends the whole picture, and deltas resume.
      await s.debtor.terminate('test: replaced');
      await env.client.workflow.start(debtorWorkflow, { taskQueue: s.taskQueue, workflowId: debtorWorkflowId('ACME'), args: [{ debtorId: 'ACME', policy }] });
      await s.handle.signal(msg.paymentReceived, pay(2));
      await env.sleep('1 minute');
      const third = await invoiceSyncsOf(s.debtor);
      const n = third[0].seq ?? 0;
      expect(third.map((m) => (isDelta(m) ? `delta ${m.seq} on ${m.base}` : `whole ${m.seq}`))).toEqual([`delta ${n} on ${n - 1}`, `whole ${n + 1}`]);
      const debtor = await s.debtor.query(msg.getDebtorState);
      expect(debtor.invoices['INV-D']).toMatchObject({ seq: n + 1, amountDueCents: 97_000 });
      expect(debtor.trace.filter((t) => t.kind === 'resync')).toHaveLength(1);
      await s.handle.signal(msg.paymentReceived, pay(3));
      await env.sleep('1 minute');
      expect((await invoiceSyncsOf(s.debtor)).slice(2).every(isDelta)).toBe(true);

      // The first call (D+7, Wed 10 Feb) opens at its time through the new debtor run.
      await travelTo(env, '2027-02-10T12:00:00Z');
      const tasks = (await s.debtor.query(msg.getDebtorState)).callTasks;
      expect(tasks.map((t) => [Object.keys(t.tasks), paris(t.openedAt), t.status])).toEqual([[['INV-D'], '2027-02-10 10:00', 'open']]);
      expect((await s.handle.query(msg.getState)).openTask?.debtorTaskId).toBe(tasks[0].debtorTaskId);
      await recordHistory('debtor-sync-deltas', s.debtor);
      await recordHistory('coordinated-invoice-deltas', s.handle);
    });
  });
});
