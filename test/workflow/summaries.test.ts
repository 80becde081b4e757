import { describe, expect, it } from 'vitest';
import type { temporal } from '@temporalio/proto';
import { defaultPayloadConverter } from '@temporalio/common';
import { defineQuery } from '@temporalio/workflow';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { SA } from '../../workflows/search-attributes';
import { startScenario, travelTo } from '../helpers/scenario';
import { testDataConverter, useTimeSkippingEnv } from '../helpers/temporal';

type Event = temporal.api.history.v1.IHistoryEvent;
const metadataQuery = defineQuery<{ currentDetails?: string }>('__temporal_workflow_metadata');

/** The summary the Web UI shows beside an event (decrypted first when the tests run with a codec key). */
async function summaryOf(e: Event): Promise<string | undefined> {
  const p = e.userMetadata?.summary;
  if (!p) return undefined;
  const [plain] = testDataConverter?.payloadCodecs ? await testDataConverter.payloadCodecs[0].decode([p]) : [p];
  return defaultPayloadConverter.fromPayload<string>(plain);
}

async function summaries(events: Event[]) {
  const activities = await Promise.all(events.filter((e) => e.activityTaskScheduledEventAttributes).map(async (e) => ({ type: e.activityTaskScheduledEventAttributes!.activityType?.name, summary: await summaryOf(e) })));
  const timers = await Promise.all(events.filter((e) => e.timerStartedEventAttributes).map(summaryOf));
  return { activities, timers };
}

describe('the Web UI names every activity and timer of a run (user metadata summaries)', () => {
  const envOf = useTimeSkippingEnv();

  it('in the default (coordinated) mode, on the invoice run and on its debtor run', async () => {
    const env = envOf();
    await travelTo(env, '2027-01-25T08:00:00Z'); // due Wed 3 Feb 2027: the whole cadence up to the litigation handoff
    const sc = await startScenario(env, { invoice: { invoiceId: 'INV-SUM-1' }, coordinated: true });
    await sc.run(async () => {
      await travelTo(env, '2027-02-20T09:00:00Z');
      // The two runs name each other in their current details; the invoice run lists what the debtor's run sent for it.
      const invoiceDetails = (await sc.handle.query(metadataQuery)).currentDetails ?? '';
      expect(invoiceDetails).toContain('Debtor run: debtor-ACME');
      expect(invoiceDetails).toMatch(/Sent for this invoice: .*email reminder_1 on 2027-02-04 09:00 \(sent\)/);
      const debtorDetails = (await env.client.workflow.getHandle(debtorWorkflowId('ACME')).query(metadataQuery)).currentDetails ?? '';
      expect(debtorDetails).toContain('Invoice runs: dunning-INV-SUM-1');
      expect(debtorDetails).not.toMatch(/\d+\.\d{2} due/);
      // ... and their memos and search attributes link them: the invoice's memo names the debtor run,
      // the debtor run carries DunningDebtorId (listed with its invoices) and the query in its memo.
      expect((await sc.handle.describe()).memo).toMatchObject({ debtorRun: 'debtor-ACME', invoice: { invoiceId: 'INV-SUM-1' } });
      const debtorRun = await env.client.workflow.getHandle(debtorWorkflowId('ACME')).describe();
      expect(debtorRun.memo).toEqual({ debtor: { debtorId: 'ACME', name: 'Acme SARL', invoiceRuns: `WorkflowType = 'dunningWorkflow' AND DunningDebtorId = "ACME"` } });
      expect(debtorRun.typedSearchAttributes.get(SA.debtorId)).toBe('ACME');
      await travelTo(env, '2027-04-01T09:00:00Z'); // after the handoff, Wed 31 Mar (cadence.test.ts)
      const invoice = await summaries((await sc.handle.fetchHistory()).events ?? []);
      const debtor = await summaries((await env.client.workflow.getHandle(debtorWorkflowId('ACME')).fetchHistory()).events ?? []);
      for (const run of [invoice, debtor]) {
        expect(run.activities.length).toBeGreaterThan(0);
        expect(run.timers.length).toBeGreaterThan(0);
        for (const a of run.activities) expect(a.summary, `activity ${a.type}`).toMatch(/\S/);
        for (const t of run.timers) expect(t).toMatch(/\S/);
      }
      // The debtor run sends; the summary says what and to whom.
      expect(debtor.activities.filter((a) => a.type === 'sendEmail').map((a) => a.summary)).toContain('Email reminder_1 for 1 invoice(s) to ap@acme.fr');
      expect(invoice.activities.map((a) => a.type)).toContain('handOffToLitigation');
    });
  });

  it('in the per-invoice mode', async () => {
    const env = envOf();
    await travelTo(env, '2027-01-25T08:00:00Z');
    const sc = await startScenario(env, { invoice: { invoiceId: 'INV-SUM-2' } });
    await sc.run(async () => {
      await travelTo(env, '2027-04-01T09:00:00Z'); // after the handoff, Wed 31 Mar (cadence.test.ts)
      const run = await summaries((await sc.handle.fetchHistory()).events ?? []);
      expect(run.activities.map((a) => a.type)).toEqual(expect.arrayContaining(['sendEmail', 'sendLetter', 'handOffToLitigation']));
      for (const a of run.activities) expect(a.summary, `activity ${a.type}`).toMatch(/\S/);
      expect(run.timers.length).toBeGreaterThan(0);
      for (const t of run.timers) expect(t).toMatch(/\S/);
    });
  });
});
