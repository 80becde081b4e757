import { defineQuery } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { statusText } from '../../client/commands/status';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { InvoiceSchema, workflowIdFor } from '../../domain/invoice/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { localDateOf } from '../../domain/time/calendar';
import { dunningWorkflow } from '../../workflows';
import * as msg from '../../workflows/messages';
import { approvalsOff } from '../helpers/field';
import { recordHistory } from '../helpers/histories';
import { createRecordingActivities } from '../helpers/recording-activities';
import { sampleInvoice, startScenario, travelTo } from '../helpers/scenario';
import { createTestWorker, useTimeSkippingEnv } from '../helpers/temporal';

const DAY = 86_400_000;
const metadataQuery = defineQuery<{ currentDetails?: string }>('__temporal_workflow_metadata');
/** The run's view as of the test server's clock (the reader's time, as the CLI asks). */
const viewNow = async (env: TestWorkflowEnvironment, h: WorkflowHandle) => h.query(msg.getState, new Date(await env.currentTimeMs()).toISOString());

describe('a dispute opens a dispute task (domain.md §3), in both modes', () => {
  const envOf = useTimeSkippingEnv();

  it('per-invoice: the sales rep has 10 business days; past them the task is overdue and the manager\'s; the resolution closes it', async () => {
    const env = envOf();
    // Due Wed 2 Jun 2027. Dispute Thu 3 Jun 11:00 CEST: + 10 business days (no holiday) = Thu 17 Jun 11:00 CEST, 14 calendar days.
    await travelTo(env, '2027-05-24T08:00:00Z');
    const sc = await startScenario(env, { invoice: { issueDate: '2027-05-03', dueDate: '2027-06-02' } });
    await sc.run(async () => {
      await travelTo(env, '2027-06-03T09:00:00Z');
      await sc.handle.signal(msg.disputeOpened, { disputeId: 'DSP-5', kind: 'commercial', details: 'Prices differ from the quote' });
      await travelTo(env, '2027-06-10T12:00:00Z'); // 7 days 3 hours later (the signal lands a few ms after 09:00)
      const during = await viewNow(env, sc.handle);
      expect(during.openDisputes).toMatchObject([{ disputeId: 'DSP-5', assignee: 'sales_rep', overdue: false, ageDays: 7 }]);
      const task = during.openDisputes![0];
      expect(task.dueBy - task.openedAt).toBe(14 * DAY);
      expect(localDateOf(task.dueBy, 'Europe/Paris')).toBe('2027-06-17');

      await travelTo(env, '2027-06-18T12:00:00Z');
      const late = await viewNow(env, sc.handle);
      expect(late.stage).toBe('disputed');
      expect(late.openDisputes).toMatchObject([{ disputeId: 'DSP-5', overdue: true, escalatedTo: 'manager' }]);
      // The run woke at the deadline: recorded overdue, and the Web UI details say so.
      expect(late.trace.filter((t) => t.kind === 'dispute_overdue').map((t) => t.at)).toEqual([task.dueBy]);
      expect((await sc.handle.query(metadataQuery)).currentDetails).toMatch(/Dispute task: DSP-5 \(commercial\) for the sales_rep, open 14 day\(s\), resolve by 2027-06-17 11:00 OVERDUE, escalated to the manager/);
      expect(statusText(late, 'Running')).toMatch(/dispute task: +DSP-5 \(commercial\) for the sales_rep, open 15 day\(s\), resolve by 2027-06-17 11:00 \(Europe\/Paris\) OVERDUE, escalated to the manager/);

      await sc.handle.signal(msg.disputeResolved, { disputeId: 'DSP-5', resolution: 'resume' });
      await env.sleep('1 minute');
      const after = await viewNow(env, sc.handle);
      expect(after.openDisputes).toEqual([]);
      expect(after.disputes[0].task?.closedAt).toBeGreaterThan(task.dueBy);
      await recordHistory('dispute-task-deadline', sc.handle);
    });
  });

  it('coordinated: a dispute given on the merged call opens the task on that invoice only', async () => {
    const env = envOf();
    // Mon 25 Jan 2027: three invoices of ACME merged into one call task on Wed 27 Jan 10:00 (test/workflow/debtor.test.ts).
    await travelTo(env, '2027-01-25T08:00:00Z');
    const taskQueue = `dispute-task-${Math.random().toString(36).slice(2)}`;
    const worker = await createTestWorker(env, { taskQueue, activities: createRecordingActivities() });
    const handles = [];
    for (const over of [
      { invoiceId: 'INV-A', dueDate: '2027-01-06', issueDate: '2026-12-07', amountCents: 100_000 },
      { invoiceId: 'INV-B', dueDate: '2027-02-02', issueDate: '2027-01-03', amountCents: 200_000 },
      { invoiceId: 'INV-C', dueDate: '2027-02-01', issueDate: '2027-01-02', amountCents: 123_456 },
    ]) {
      const invoice = InvoiceSchema.parse(sampleInvoice(over));
      handles.push(await env.client.workflow.start(dunningWorkflow, { taskQueue, workflowId: workflowIdFor(invoice.invoiceId), args: [{ invoice, policy: approvalsOff(DEFAULT_POLICY_INPUT), coordinated: true }] }));
    }
    const [A, B, C] = handles;
    const debtor = env.client.workflow.getHandle(debtorWorkflowId('ACME'));
    await worker.runUntil(async () => {
      await travelTo(env, '2027-01-27T09:30:00Z'); // Wed 10:30 CET
      const open = (await debtor.query(msg.getDebtorState)).callTasks.filter((t) => t.status === 'open');
      await debtor.executeUpdate(msg.completeDebtorCall, {
        args: [{
          debtorTaskId: open[0].debtorTaskId, reached: true,
          shares: [
            { invoiceId: 'INV-A', promise: { date: '2027-02-12', amountCents: 100_000 } },
            { invoiceId: 'INV-B', promise: { date: '2027-02-12', amountCents: 200_000 } },
            { invoiceId: 'INV-C', dispute: { kind: 'administrative', details: 'purchase order number missing' } },
          ],
        }],
      });
      await env.sleep('1 hour');
      const [a, b, c] = await Promise.all([A, B, C].map((h) => viewNow(env, h)));
      expect([a.openDisputes, b.openDisputes]).toEqual([[], []]);
      expect(c.openDisputes).toMatchObject([{ kind: 'administrative', assignee: 'credit_controller', overdue: false }]);
      // Wed 27 Jan + 10 business days (no holiday): Wed 10 Feb, at the same time of day (14 calendar days, no DST change).
      const task = c.openDisputes![0];
      expect(task.dueBy - task.openedAt).toBe(14 * DAY);
      expect(localDateOf(task.dueBy, 'Europe/Paris')).toBe('2027-02-10');
      await travelTo(env, '2027-02-11T09:00:00Z');
      expect((await viewNow(env, C)).openDisputes).toMatchObject([{ overdue: true, escalatedTo: 'manager' }]);
    });
  });
});
