import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import * as msg from '../../workflows/messages';
import { startScenario, travelTo } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';

describe('completeCallTask validator: a wrong outcome is refused before it enters history', () => {
  const envOf = useTimeSkippingEnv();

  it('rejects every impossible outcome with a clear message, leaves no trace, then accepts a right one', async () => {
    const env = envOf();
    await travelTo(env, '2027-02-04T06:00:00Z'); // due Wed 3 Feb 2027, 1 234,56 EUR
    const sc = await startScenario(env);
    await sc.run(async () => {
      await travelTo(env, '2027-02-10T09:30:00Z'); // Wed 10 Feb 10:30, call_1-1 open; policy horizon 60 days -> 2027-04-11
      const historyBefore = (await sc.handle.fetchHistory()).events!.length;
      const reject = async (outcome: object, message: RegExp) => {
        const err = await sc.handle.executeUpdate(msg.completeCallTask, { args: [outcome as never] }).catch((e) => e);
        expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(String(err.cause?.message)).toMatch(message);
      };
      await reject({ taskId: 'call_9-9', reached: false }, /unknown call task "call_9-9" \(the open task is "call_1-1"\)/);
      await reject({ taskId: 'call_1-1', reached: true, promise: { date: '2027-02-09', amountCents: 1000 } }, /promise date 2027-02-09 is in the past \(today is 2027-02-10\)/);
      await reject({ taskId: 'call_1-1', reached: true, promise: { date: '2027-04-12', amountCents: 1000 } }, /promise date 2027-04-12 is beyond the policy's maximum \(2027-04-11\)/);
      await reject({ taskId: 'call_1-1', reached: true, promise: { date: '2027-02-20', amountCents: 123_457 } }, /promised amount 123457 cents is more than the 123456 cents due/);
      await reject(
        { taskId: 'call_1-1', reached: true, plan: { instalments: [{ date: '2027-03-01', amountCents: 60_000 }, { date: '2027-04-01', amountCents: 60_000 }] } },
        /the plan's instalments add up to 120000 cents, not the 123456 cents due/,
      );
      await reject(
        { taskId: 'call_1-1', reached: true, plan: { instalments: [{ date: '2027-04-01', amountCents: 60_000 }, { date: '2027-03-01', amountCents: 63_456 }] } },
        /instalment 2 \(2027-03-01\) is not after instalment 1 \(2027-04-01\)/,
      );
      await reject({ taskId: 'call_1-1', reached: true, settlement: { amountCents: 123_456, approvedBy: 'CFO', payBy: '2027-02-20' } }, /a settlement is for less than the 123456 cents due/);
      await reject({ taskId: 'call_1-1', reached: false, promise: { date: '2027-02-20', amountCents: 1000 } }, /promise: promise needs a call where someone was reached/);
      await reject({ taskId: 'call_1-1', reached: true, promise: { date: '20/02/2027', amountCents: 1000 } }, /promise\.date: a date written YYYY-MM-DD/);
      await reject({ reached: true }, /taskId/);
      // None of it reached history: no update event at all. (The test server records the workflow
      // tasks that ran the validators; a real server drops those speculative tasks too.)
      const after = (await sc.handle.fetchHistory()).events!;
      const added = after.slice(historyBefore);
      expect(added.every((e) => e.workflowTaskScheduledEventAttributes || e.workflowTaskStartedEventAttributes || e.workflowTaskCompletedEventAttributes)).toBe(true);
      expect(after.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateRejectedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes)).toBe(false);
      expect((await sc.state()).callTasks[0].status).toBe('open');

      const ok = await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: 'call_1-1', reached: true, promise: { date: '2027-02-19', amountCents: 123_456 } }] });
      expect(ok.taskId).toBe('call_1-1');
      // The same task cannot be completed twice.
      await reject({ taskId: 'call_1-1', reached: false }, /call task "call_1-1" is already closed \(done\)/);
      const accepted = (await sc.handle.fetchHistory()).events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
      expect(accepted).toHaveLength(1);
      const state = await sc.state();
      expect(state.promises).toHaveLength(1);
      expect(state.callAttempts).toBe(1);
    });
  });
});
