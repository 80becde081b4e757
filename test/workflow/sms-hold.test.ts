import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { LetterRequest, SmsRequest } from '../../activities/types';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { InvoiceSchema, workflowIdFor } from '../../domain/invoice/schema';
import type { PolicyInput } from '../../domain/policy/schema';
import { dunningWorkflow } from '../../workflows';
import * as msg from '../../workflows/messages';
import { createRecordingActivities, type RecordedSend } from '../helpers/recording-activities';
import { sampleInvoice, startScenario, touchesOf, travelTo } from '../helpers/scenario';
import { createTestWorker, useTimeSkippingEnv } from '../helpers/temporal';
import { SMS_POLICY } from '../helpers/sms';

/** SMS at D+4, and the account put on hold once letter 1 (D+14) has gone (seed 004). */
const POLICY: PolicyInput = { ...SMS_POLICY, accountHold: { afterStep: 'letter_1' } };
const paris = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(new Date(ms));
const smsOf = (log: RecordedSend[]) => log.filter((l) => l.kind === 'sms').map((l) => l.request as SmsRequest);

/**
 * Invoice due Wed 3 Feb 2027 (Europe/Paris). D+4 = Sun 7 Feb: the SMS waits for the next business
 * day's send time, Mon 8 Feb 09:00. Letter 1 at D+14 = Wed 17 Feb 09:00; the hold goes then.
 */
describe('SMS step and account hold, one invoice (per-invoice mode)', () => {
  const envOf = useTimeSkippingEnv();

  it('the SMS goes Monday 8 February 09:00 to the mobile; the hold follows letter 1 and is released on full payment', async () => {
    const env = envOf();
    await travelTo(env, '2027-01-25T08:00:00Z');
    const acts = createRecordingActivities();
    const sc = await startScenario(env, { policy: POLICY, activities: acts });
    await sc.run(async () => {
      await travelTo(env, '2027-02-08T08:30:00Z');
      const [sms] = smsOf(acts.log);
      expect(sms).toMatchObject({ template: 'sms_reminder', tone: 'friendly', to: { name: 'Paul Durand', phone: '+33612345678' }, maxSegments: 2, idempotencyKey: `${sc.handle.workflowId}/sms_1` });
      expect(sms.facts).toMatchObject({ today: '2027-02-08', amountDueCents: 123_456 });
      expect(touchesOf(await sc.state())).toContain('2027-02-08 09:00 sms sms_reminder sent');
      expect(acts.holds).toEqual([]);

      await travelTo(env, '2027-02-17T08:30:00Z');
      expect(touchesOf(await sc.state())).toContain('2027-02-17 09:00 letter letter_1 sent');
      expect(acts.holds.map((h) => [h.action, h.idempotencyKey, h.invoiceIds.join(','), h.amountDueCents, paris(Date.parse(h.decidedAt))])).toEqual([
        ['place', `${sc.handle.workflowId}/hold-place`, sc.handle.workflowId.replace('dunning-', ''), 123_456, '2027-02-17 09:00'],
      ]);

      await travelTo(env, '2027-02-18T10:00:00Z');
      await sc.handle.executeUpdate(msg.recordPayment, { args: [{ payment: { paymentId: 'VIR-1', amountCents: 123_456 } }] });
      const result = await sc.handle.result();
      expect(result.outcome).toBe('paid');
      expect(acts.holds.map((h) => [h.action, h.idempotencyKey, paris(Date.parse(h.decidedAt))])).toEqual([
        ['place', `${sc.handle.workflowId}/hold-place`, '2027-02-17 09:00'],
        ['release', `${sc.handle.workflowId}/hold-release`, '2027-02-18 11:00'],
      ]);
      const view = await sc.state();
      expect(view.trace.filter((t) => t.kind === 'account_hold').map((t) => t.detail)).toEqual([
        expect.stringMatching(/^account put on hold \(deliveries against a down payment\): HOLD-/),
        expect.stringMatching(/^account released: HOLD-/),
      ]);
    });
  });

  it('STOP before the SMS: validated, recorded, no SMS to that number; emails and letters go on', async () => {
    const env = envOf();
    await travelTo(env, '2027-01-25T08:00:00Z');
    const acts = createRecordingActivities();
    const sc = await startScenario(env, { policy: POLICY, activities: acts });
    await sc.run(async () => {
      await travelTo(env, '2027-02-05T10:00:00Z');
      const bad = await sc.handle.executeUpdate(msg.smsStop, { args: [{ phone: 'call me', source: 'test' }] }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((bad as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'Refused:invalid', message: expect.stringMatching(/"call me" is not a phone number/) });
      expect(await sc.handle.executeUpdate(msg.smsStop, { args: [{ phone: '06 12 34 56 78', source: 'test' }] })).toEqual({ optedOut: ['+33612345678'] });

      await travelTo(env, '2027-02-18T08:30:00Z');
      expect(smsOf(acts.log)).toEqual([]);
      const view = await sc.state();
      expect(view.trace.filter((t) => t.kind === 'step_skipped' && t.step === 'sms_1').map((t) => `${paris(t.at)} ${t.detail}`)).toEqual([
        '2027-02-08 09:00 no mobile number left that has not answered STOP',
      ]);
      expect(touchesOf(view)).toEqual(['2027-02-04 09:00 email reminder_1 sent', '2027-02-12 09:00 email gap_reminder sent', '2027-02-17 09:00 letter letter_1 sent', '2027-02-17 09:00 email letter_1 sent']);
    });
  });
});

describe('SMS and account hold through the debtor (coordinated mode, the default)', () => {
  const envOf = useTimeSkippingEnv();

  it('STOP recorded on the invoices (as sms-stop --debtor does): the debtor sends no SMS, the letters go on', async () => {
    const env = envOf();
    await travelTo(env, '2027-01-25T08:00:00Z');
    const acts = createRecordingActivities();
    const taskQueue = `sms-stop-${Math.random().toString(36).slice(2)}`;
    const worker = await createTestWorker(env, { taskQueue, activities: acts });
    const start = (id: string) => {
      const invoice = InvoiceSchema.parse(sampleInvoice({ invoiceId: id }));
      return env.client.workflow.start(dunningWorkflow, { taskQueue, workflowId: workflowIdFor(invoice.invoiceId), args: [{ invoice, policy: SMS_POLICY, coordinated: true }] });
    };
    const handles = [await start('STOP-A'), await start('STOP-B')];
    const debtor = env.client.workflow.getHandle(debtorWorkflowId('ACME'));
    try {
      await worker.runUntil(async () => {
        // Fri 5 Feb: both SMS are already handed to the debtor's run for Mon 8 Feb.
        await travelTo(env, '2027-02-05T10:00:00Z');
        const planned = Object.values((await debtor.query(msg.getDebtorState)).invoices).map((i) => i.planned?.channel);
        expect(planned).toEqual(['sms', 'sms']);
        for (const h of handles) await h.executeUpdate(msg.smsStop, { args: [{ source: 'test' }] });
        await travelTo(env, '2027-02-17T09:00:00Z');
        expect(smsOf(acts.log)).toEqual([]);
        for (const h of handles) {
          const view = await h.query(msg.getState);
          expect(view.trace.filter((t) => t.kind === 'step_skipped' && t.step === 'sms_1').map((t) => `${paris(t.at)} ${t.detail}`)).toEqual(['2027-02-08 09:00 the debtor answered STOP to SMS: no SMS any more']);
          expect(touchesOf(view)).toContain('2027-02-17 09:00 letter letter_1 sent');
        }
      });
    } finally {
      for (const h of [...handles, debtor]) await h.terminate('test finished').catch(() => undefined);
    }
  });

  it('two invoices: one SMS covering both; one hold for the debtor, released only once both are paid', async () => {
    const env = envOf();
    await travelTo(env, '2027-01-25T08:00:00Z');
    const acts = createRecordingActivities();
    const taskQueue = `sms-${Math.random().toString(36).slice(2)}`;
    const worker = await createTestWorker(env, { taskQueue, activities: acts });
    const handles = [];
    for (const over of [{ invoiceId: 'SMS-A', amountCents: 100_000 }, { invoiceId: 'SMS-B', amountCents: 50_000 }]) {
      const invoice = InvoiceSchema.parse(sampleInvoice(over));
      handles.push(await env.client.workflow.start(dunningWorkflow, { taskQueue, workflowId: workflowIdFor(invoice.invoiceId), args: [{ invoice, policy: POLICY, coordinated: true }] }));
    }
    const [A, B] = handles;
    const debtor = env.client.workflow.getHandle(debtorWorkflowId('ACME'));
    try {
      await worker.runUntil(async () => {
        await travelTo(env, '2027-02-08T08:30:00Z');
        const sms = smsOf(acts.log);
        expect(sms).toHaveLength(1);
        expect(sms[0]).toMatchObject({ idempotencyKey: expect.stringMatching(/^debtor-ACME\/sms-\d+-/), to: { phone: '+33612345678' }, template: 'sms_reminder' });
        expect(sms[0].facts).toMatchObject({ today: '2027-02-08', amountDueCents: 150_000 });
        expect(sms[0].facts.invoices?.map((l) => l.invoiceId)).toEqual(['SMS-A', 'SMS-B']);
        for (const h of [A, B]) expect(touchesOf(await h.query(msg.getState))).toContain('2027-02-08 09:00 sms sms_reminder sent');

        await travelTo(env, '2027-02-17T09:00:00Z');
        // Placed as soon as the first invoice's letter is recorded, naming the invoice(s) calling for it then.
        expect(acts.holds.map((h) => [h.action, h.idempotencyKey])).toEqual([['place', expect.stringMatching(/^debtor-ACME\/hold-1-\w+-place$/)]]);
        expect(['SMS-A', 'SMS-B']).toEqual(expect.arrayContaining(acts.holds[0].invoiceIds));
        expect(paris(Date.parse(acts.holds[0].decidedAt))).toBe('2027-02-17 09:00');
        // Only one email of each letter went for both (merged), and the hold is the debtor's, not each invoice's.
        expect(acts.log.filter((l) => l.kind === 'letter').map((l) => (l.request as LetterRequest).facts.invoices?.length)).toEqual([2]);

        await A.executeUpdate(msg.recordPayment, { args: [{ payment: { paymentId: 'VIR-A', amountCents: 100_000 } }] });
        await env.sleep('1 hour');
        expect(acts.holds.map((h) => h.action)).toEqual(['place']);

        await B.executeUpdate(msg.recordPayment, { args: [{ payment: { paymentId: 'VIR-B', amountCents: 50_000 } }] });
        await env.sleep('1 hour');
        expect(acts.holds.map((h) => [h.action, h.idempotencyKey])).toEqual([
          ['place', acts.holds[0].idempotencyKey],
          ['release', acts.holds[0].idempotencyKey.replace(/place$/, 'release')],
        ]);
        const d = await debtor.query(msg.getDebtorState);
        expect(d.hold).toMatchObject({ count: 1, invoiceIds: acts.holds[0].invoiceIds });
        expect(paris(d.hold!.placedAt!)).toBe('2027-02-17 09:00');
        expect(d.trace.filter((t) => t.kind === 'account_hold').map((t) => t.detail)).toEqual([
          expect.stringMatching(/^account put on hold for SMS-/),
          expect.stringMatching(/^account hold released/),
        ]);
      });
    } finally {
      for (const h of [A, B, debtor]) await h.terminate('test finished').catch(() => undefined);
    }
  });
});
