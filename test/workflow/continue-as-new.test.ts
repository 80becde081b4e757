import { describe, expect, it } from 'vitest';
import * as msg from '../../workflows/messages';
import { recordHistory } from '../helpers/histories';
import { startScenario, touchesOf, travelTo } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';

describe('long runs: continue-as-new keeps state, open tasks and pending promises', () => {
  const envOf = useTimeSkippingEnv();

  it('carries an open call task and a pending promise over new runs and finishes the scenario', async () => {
    const env = envOf();
    await travelTo(env, '2027-02-04T06:00:00Z'); // due Wed 3 Feb 2027
    // A tiny history budget forces a new run every few steps.
    const sc = await startScenario(env, { maxHistoryEvents: 12 });
    const firstRunId = sc.handle.firstExecutionRunId;
    const { view, result, runs } = await sc.run(async () => {
      await travelTo(env, '2027-02-10T09:30:00Z'); // call_1-1 opened Wed 10:00, then a new run
      const open = await sc.state();
      expect(open.openTask?.taskId).toBe('call_1-1');
      const describe1 = await sc.handle.describe();
      expect(describe1.runId).not.toBe(firstRunId);
      // The update reaches the task through the latest run.
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: 'call_1-1', reached: true, promise: { date: '2027-02-19', amountCents: 123_456 } }] });
      await travelTo(env, '2027-02-17T10:00:00Z'); // promise reminder Wed 17 Feb 09:00 sent in a later run
      const pending = await sc.state();
      expect(pending.promises).toEqual([expect.objectContaining({ date: '2027-02-19', status: 'pending', reminderSent: true })]);
      await sc.handle.signal(msg.paymentReceived, { paymentId: 'VIR-CAN', amountCents: 123_456 });
      const result = await sc.handle.result();
      const last = await sc.handle.describe();
      const history = await sc.handle.fetchHistory();
      await recordHistory('continue-as-new-last-run', sc.handle);
      const started = history.events![0].workflowExecutionStartedEventAttributes!;
      return { result, view: await sc.state(), runs: { lastRunId: last.runId, continuedFrom: started.continuedExecutionRunId } };
    });
    expect(runs.lastRunId).not.toBe(firstRunId);
    expect(runs.continuedFrom).toBeTruthy();
    // The whole story survived the runs.
    expect(touchesOf(view)).toEqual([
      '2027-02-04 09:00 email reminder_1 sent',
      '2027-02-10 10:30 call call_1 reached',
      '2027-02-10 10:30 email call_followup sent',
      '2027-02-17 09:00 email promise_reminder sent',
      '2027-02-17 11:00 email payment_confirmation sent',
    ]);
    expect(view.trace[0].kind).toBe('started');
    expect(result).toMatchObject({ outcome: 'paid', paidCents: 123_456 });
  });
});
