/**
 * A dispute or a pause holds the cadence (domain.md §4): the call task open at that moment leaves
 * the collector's list at once (task cancelled, CallTaskOpen false, no assignee), in both modes;
 * nothing is called or sent for the file while it holds.
 */
import { describe, expect, it } from 'vitest';
import * as msg from '../../workflows/messages';
import { SA } from '../../workflows/search-attributes';
import { startScenario, travelTo } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';

describe('a dispute or a pause withdraws the open call task', () => {
  const envOf = useTimeSkippingEnv();

  it.each([
    ['dispute', false],
    ['dispute', true],
    ['pause', false],
    ['pause', true],
  ] as const)('%s signalled while the pre-due call task is open (coordinated: %s)', async (hold, coordinated) => {
    const env = envOf();
    await travelTo(env, '2027-01-25T08:00:00Z'); // due Wed 3 Feb 2027: the pre-due call task opens Fri 29 Jan 09:00 UTC
    const sc = await startScenario(env, { invoice: { invoiceId: `INV-2027-05${hold === 'pause' ? 1 : 2}${coordinated ? 1 : 0}` }, coordinated });
    await sc.run(async () => {
      await travelTo(env, '2027-01-29T09:30:00Z');
      const before = await sc.state();
      expect(before.openTask).toMatchObject({ taskId: 'pre_due_call-1', assignee: 'sales_rep', status: 'open' });
      expect((await sc.handle.describe()).typedSearchAttributes.get(SA.callAssignee)).toBe('sales_rep');

      if (hold === 'dispute') await sc.handle.signal(msg.disputeOpened, { disputeId: 'D-1', kind: 'commercial', details: 'price differs from the quote' });
      else await sc.handle.executeUpdate(msg.pauseDunning, { args: [{ reason: 'customer asked for a week', until: '2027-02-08' }] });
      await env.sleep('1 minute');

      const after = await sc.state();
      expect(after.stage).toBe(hold === 'dispute' ? 'disputed' : 'paused');
      expect(after.openTask).toBeUndefined();
      expect(after.callTasks.map((t) => [t.taskId, t.status])).toEqual([['pre_due_call-1', 'cancelled']]);
      expect(after.trace.find((t) => t.kind === 'call_task_cancelled')?.detail).toBe(`pre_due_call-1: ${hold === 'dispute' ? 'dispute opened' : 'dunning paused'}`);
      const sa = (await sc.handle.describe()).typedSearchAttributes;
      expect(sa.get(SA.callTaskOpen)).toBe(false);
      expect(sa.get(SA.callAssignee) ?? null).toBeNull();
      // A dispute plans only its task's deadline (10 business days), when the run marks it overdue.
      expect(sa.get(SA.nextAction) ?? null).toBe(hold === 'dispute' ? 'Dispute D-1 past its deadline: escalate to the manager' : 'Resume on 2027-02-08');

      // The task's old deadline (Tue 2 Feb 10:00 Paris) passes: nothing reopens or reassigns it, nothing is sent.
      const sentBefore = sc.log.length;
      await travelTo(env, '2027-02-05T12:00:00Z');
      const later = await sc.state();
      expect(later.callTasks.map((t) => t.status)).toEqual(['cancelled']);
      expect(later.trace.some((t) => t.kind === 'call_task_reopened' || t.kind === 'call_task_missed')).toBe(false);
      expect(sc.log.slice(sentBefore).map((l) => l.kind)).toEqual([]);
    });
  });
});
