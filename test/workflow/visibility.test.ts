import { defineQuery } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import * as msg from '../../workflows/messages';
import { SA } from '../../workflows/search-attributes';
import { startScenario, travelTo, type Scenario } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';

const metadataQuery = defineQuery<{ currentDetails?: string }>('__temporal_workflow_metadata');

async function visible(sc: Scenario) {
  const d = await sc.handle.describe();
  const sa = d.typedSearchAttributes;
  const meta = await sc.handle.query(metadataQuery);
  return {
    stage: sa.get(SA.stage),
    invoiceId: sa.get(SA.invoiceId),
    debtorId: sa.get(SA.debtorId),
    debtorName: sa.get(SA.debtorName),
    amountDue: sa.get(SA.amountDue),
    daysPastDue: sa.get(SA.daysPastDue),
    callTaskOpen: sa.get(SA.callTaskOpen),
    assignee: sa.get(SA.callAssignee),
    brokenPromises: sa.get(SA.brokenPromises),
    openDisputes: sa.get(SA.openDisputes),
    nextAction: sa.get(SA.nextAction),
    nextActionTime: sa.get(SA.nextActionTime)?.toISOString(),
    outcome: sa.get(SA.outcome),
    memo: d.memo,
    summary: await d.staticSummary(),
    details: meta.currentDetails ?? '',
  };
}

describe('what the Web UI shows: search attributes, memo, summary and current details', () => {
  const envOf = useTimeSkippingEnv();

  it('are set at start and follow every change of the run', async () => {
    const env = envOf();
    await travelTo(env, '2027-01-25T08:00:00Z'); // due Wed 3 Feb 2027
    const sc = await startScenario(env, { invoice: { invoiceId: 'INV-2027-031' } });
    await sc.run(async () => {
      await env.sleep('1 minute');
      const atStart = await visible(sc);
      expect(atStart).toMatchObject({
        invoiceId: 'INV-2027-031', debtorId: 'ACME', debtorName: 'Acme SARL', stage: 'pre_due', amountDue: 1234.56, daysPastDue: 0,
        callTaskOpen: false, brokenPromises: 0, openDisputes: 0, nextAction: 'Call task pre_due_call (sales_rep)', nextActionTime: '2027-01-29T09:00:00.000Z',
        summary: 'INV-2027-031 · Acme SARL · 1 234,56\u00a0€ due 2027-02-03',
        memo: { invoice: { invoiceId: 'INV-2027-031', debtor: 'Acme SARL', amountCents: 123_456, currency: 'EUR', dueDate: '2027-02-03' } },
      });
      expect(atStart.outcome).toBeUndefined();
      expect(atStart.details).toContain('stage **pre_due**');
      expect(atStart.details).toContain('Next: Call task pre_due_call (sales_rep) on 2027-01-29 10:00 (Europe/Paris)');

      await travelTo(env, '2027-01-29T09:30:00Z'); // the pre-due call task is open
      const taskOpen = await visible(sc);
      expect(taskOpen).toMatchObject({ callTaskOpen: true, assignee: 'sales_rep', nextAction: 'Deadline of call task pre_due_call-1' });
      expect(taskOpen.details).toContain('Open call task: pre_due_call-1 (pre_due) for sales_rep, due by 2027-02-02 10:00');

      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: 'pre_due_call-1', reached: true, promise: { date: '2027-02-03', amountCents: 123_456 } }] });
      await env.sleep('1 minute');
      const promised = await visible(sc);
      expect(promised.callTaskOpen).toBe(false);
      expect(promised.details).toContain('Promise: 1 234,56\u00a0€ by 2027-02-03');

      await sc.handle.signal(msg.disputeOpened, { disputeId: 'D-1', kind: 'commercial', details: 'price differs from the quote' });
      await env.sleep('1 minute');
      const disputed = await visible(sc);
      expect(disputed).toMatchObject({ stage: 'disputed', openDisputes: 1 });
      expect(disputed.details).toContain('Open dispute: D-1 (commercial) price differs from the quote');

      await sc.handle.signal(msg.disputeResolved, { disputeId: 'D-1', resolution: 'resume' });
      await travelTo(env, '2027-02-12T09:00:00Z'); // promise of 3 Feb broken on Sat 6 Feb 00:00
      const broken = await visible(sc);
      // DaysPastDue is as of the last change (8 on Thu 11 Feb); age queries use DunningDueDate.
      expect(broken).toMatchObject({ stage: 'reminding', brokenPromises: 1, openDisputes: 0 });
      expect(broken.daysPastDue).toBeGreaterThanOrEqual(7);
      expect(broken.details).toContain('Promises kept: 0 · broken: 1');

      await sc.handle.signal(msg.paymentReceived, { paymentId: 'P-1', amountCents: 123_456 });
      await sc.handle.result();
      const closed = await visible(sc);
      expect(closed).toMatchObject({ stage: 'closed', outcome: 'paid', amountDue: 0, callTaskOpen: false });
      expect(closed.details).toContain('Closed: paid in full');
    });
  });
});
