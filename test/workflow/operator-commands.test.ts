import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import * as msg from '../../workflows/messages';
import { startScenario, travelTo } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';

describe("operator commands (pay, pause, resume) answer what happened; refusals never enter history", () => {
  const envOf = useTimeSkippingEnv();

  it('refuses an overpayment, a repeated payment id, a pause ending in the past and resuming a running file', async () => {
    const env = envOf();
    await travelTo(env, '2027-02-10T09:30:00Z'); // due Wed 3 Feb 2027, 1 234,56 EUR
    const sc = await startScenario(env, { invoice: { dueDate: '2027-02-03' } });
    await sc.run(async () => {
      await env.sleep('1 minute');
      const updateEvents = async () => (await sc.handle.fetchHistory()).events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
      const refusal = async (update: Promise<unknown>) => {
        const err = await update.catch((e: unknown) => e);
        expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
        const cause = (err as WorkflowUpdateFailedError).cause;
        expect(cause).toBeInstanceOf(ApplicationFailure);
        return { type: (cause as ApplicationFailure).type, message: (cause as ApplicationFailure).message };
      };
      const pay = (payment: { paymentId: string; amountCents: number }, allowOverpayment?: boolean) => sc.handle.executeUpdate(msg.recordPayment, { args: [{ payment, allowOverpayment }] });

      expect(await refusal(pay({ paymentId: 'P-1', amountCents: 9_999_900 }))).toEqual({
        type: 'Refused:overpayment',
        message: 'the payment (€99,999.00) exceeds the amount due on invoice ' + (await sc.state()).invoice.invoiceId + ' (€1,234.56)',
      });
      expect(await refusal(sc.handle.executeUpdate(msg.pauseDunning, { args: [{ reason: 'audit', until: '2027-02-10' }] }))).toMatchObject({ type: 'Refused:past', message: expect.stringContaining('--until 2027-02-10 is not after today (2027-02-10)') });
      expect(await refusal(sc.handle.executeUpdate(msg.resumeDunning, { args: [{ reason: 'oops' }] }))).toMatchObject({ type: 'Refused:not_paused', message: expect.stringContaining('is not paused (stage reminding)') });
      expect(await updateEvents()).toBe(0);
      expect((await sc.state()).paidCents).toBe(0);

      const partial = await sc.handle.executeUpdate(msg.recordPayment, { args: [{ payment: { paymentId: 'P-1', amountCents: 34_556 } }] });
      expect(partial).toEqual({ stage: 'reminding', amountDueCents: 88_900, currency: 'EUR', appliedCents: 34_556, unappliedCents: 0 });
      expect(await refusal(pay({ paymentId: 'P-1', amountCents: 34_556 }))).toMatchObject({ type: 'Refused:duplicate' });

      const paused = await sc.handle.executeUpdate(msg.pauseDunning, { args: [{ reason: 'audit', until: '2027-03-01' }] });
      expect(paused.stage).toBe('paused');
      expect((await sc.handle.executeUpdate(msg.resumeDunning, { args: [{ reason: 'audit over' }] })).stage).toBe('reminding');

      // Allowed, the excess is unapplied credit and the file closes paid.
      const over = await sc.handle.executeUpdate(msg.recordPayment, { args: [{ payment: { paymentId: 'P-2', amountCents: 100_000 }, allowOverpayment: true }] });
      expect(over).toMatchObject({ appliedCents: 88_900, unappliedCents: 11_100, amountDueCents: 0, outcome: 'paid' });
      expect(await updateEvents()).toBe(4);
    });
  });
});
