import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createRecordingActivities } from '../helpers/recording-activities';
import { EMAIL_REJECTED } from '../../activities/types';
import { emailRequestOf } from '../../activities/request-ref';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { type PolicyInput } from '../../domain/policy/schema';
import * as msg from '../../workflows/messages';
import { startScenario, touchesOf, travelTo } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

const policyWith = (over: Partial<Omit<PolicyInput, 'calls'>> & { calls?: Partial<PolicyInput['calls']> }): PolicyInput => ({
  ...DEFAULT_POLICY_INPUT,
  ...over,
  calls: { ...DEFAULT_POLICY_INPUT.calls, ...over.calls },
});

describe('thresholds of domain.md §2', () => {
  const envOf = useTimeSkippingEnv();

  it('3 unsuccessful touches within 30 days: the debtor is told, then formal notice, then handoff', async () => {
    const env = envOf();
    // The accounts-payable address bounces (400): a bounce is an unsuccessful touch and the
    // reminder goes by letter; later emails go to the next contact.
    const recording = createRecordingActivities();
    const activities = {
      ...recording,
      async sendEmail(input: Parameters<typeof recording.sendEmail>[0]) {
        const req = await emailRequestOf(input);
        if (req.to.email === 'ap@acme.fr') throw ApplicationFailure.nonRetryable('550 mailbox unavailable', EMAIL_REJECTED);
        return recording.sendEmail(req);
      },
    };
    await travelTo(env, '2027-02-04T06:00:00Z'); // due Wed 3 Feb 2027
    const sc = await startScenario(env, { activities });
    const { view, result } = await sc.run(async () => {
      await travelTo(env, '2027-02-10T09:30:00Z'); // Wed 10 Feb 10:30: call 1, not reached (2)
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: 'call_1-1', reached: false }] });
      await travelTo(env, '2027-02-24T09:30:00Z'); // Wed 24 Feb 10:30: call 2, not reached (3)
      const open = (await sc.state()).openTask!;
      expect(open.stepId).toBe('call_2');
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: open.taskId, reached: false, notes: 'voicemail again' }] });
      const done = { result: await sc.handle.result(), view: await sc.state() };
      await recordHistory('unsuccessful-touches-litigation', sc.handle);
      return done;
    });
    expect(touchesOf(view)).toEqual([
      '2027-02-04 09:00 email reminder_1 bounced',
      '2027-02-04 09:00 letter reminder_1 sent',
      '2027-02-10 10:30 call call_1 unreached',
      '2027-02-10 10:30 email call_followup sent',
      '2027-02-17 09:00 letter letter_1 sent',
      '2027-02-17 09:00 email letter_1 sent',
      '2027-02-24 10:30 call call_2 unreached',
      '2027-02-24 10:30 email call_followup sent',
      '2027-02-24 10:30 email litigation_announce sent',
      '2027-02-24 10:30 letter formal_notice sent',
    ]);
    expect(view.badEmails).toEqual(['ap@acme.fr']);
    expect(recording.log.filter((l) => l.kind === 'email').every((l) => l.kind === 'email' && l.request.to.email === 'paul.durand@acme.fr')).toBe(true);
    expect(view.litigation.reason).toBe('3 unsuccessful touches within 30 days');
    // Two unreached calls in a row: later calls go to the manager.
    expect(view.trace.some((t) => t.kind === 'contact_escalated' && /Paul Durand \(manager\)/.test(t.detail ?? ''))).toBe(true);
    expect(view.activeContact).toBe(1);
    // No news of the registered notice: presentation taken at the end of the wait, 24 Feb + 15 days = Thu 11 Mar;
    // + 8 days = Fri 19 Mar; handed off on the next business day, Mon 22 Mar 09:00.
    expect(view.formalNotice?.deadline).toBe('2027-03-19');
    expect(new Date(view.litigation.handedOffAt!).toISOString()).toBe('2027-03-22T08:00:00.000Z');
    expect(result.outcome).toBe('litigation');
  });

  it('escalation: after two unreached calls the next call task targets the manager', async () => {
    const env = envOf();
    await travelTo(env, '2027-02-04T06:00:00Z');
    const sc = await startScenario(env);
    const view = await sc.run(async () => {
      await travelTo(env, '2027-02-10T09:30:00Z');
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: 'call_1-1', reached: false }] });
      await travelTo(env, '2027-02-24T09:30:00Z');
      const second = (await sc.state()).openTask!;
      expect(second.contactIndex).toBe(0);
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: second.taskId, reached: true, contactName: 'Claire Martin', reason: 'in_progress', promise: { date: '2027-02-26', amountCents: 123_456 } }] });
      return sc.state();
    });
    // Reached on the second call: the streak is reset, no escalation.
    expect(view.consecutiveUnreached).toBe(0);
    expect(view.activeContact).toBe(0);
    expect(view.trace.some((t) => t.kind === 'contact_escalated')).toBe(false);
  });

  it('a document the debtor asked for goes at once and is followed up by a call 7 days later', async () => {
    const env = envOf();
    await travelTo(env, '2027-06-03T06:00:00Z'); // due Wed 2 Jun 2027; call 1 Wed 9 Jun 10:00
    const sc = await startScenario(env, { invoice: { dueDate: '2027-06-02', issueDate: '2027-05-03' } });
    const view = await sc.run(async () => {
      await travelTo(env, '2027-06-09T08:30:00Z');
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: 'call_1-1', reached: true, reason: 'not_received', documentRequested: 'invoice' }] });
      await travelTo(env, '2027-06-16T08:45:00Z');
      return sc.state();
    });
    const resend = sc.log.find((l) => l.kind === 'email' && l.request.template === 'document_resend')!;
    expect(resend.kind === 'email' && resend.request.attachInvoicePdf).toBe(true);
    expect(resend.kind === 'email' && resend.request.facts.document).toBe('invoice');
    expect(touchesOf(view)).toEqual([
      '2027-06-03 09:00 email reminder_1 sent',
      '2027-06-09 10:30 call call_1 reached',
      '2027-06-09 10:30 email document_resend sent',
      '2027-06-09 10:30 email call_followup sent',
      '2027-06-16 09:00 letter letter_1 sent',
      '2027-06-16 09:00 email letter_1 sent',
    ]);
    // 9 Jun 10:30 + 7 days = Wed 16 Jun 10:30, inside the call window.
    expect(view.openTask).toMatchObject({ kind: 'document_follow_up' });
    expect(new Date(view.openTask!.openedAt).toISOString().slice(0, 16)).toBe('2027-06-16T08:30');
  });

  it('maximum call attempts per invoice: the last allowed attempt without result leads to litigation', async () => {
    const env = envOf();
    await travelTo(env, '2027-02-04T06:00:00Z');
    const sc = await startScenario(env, { policy: policyWith({ calls: { maxAttempts: 2 } }) });
    const view = await sc.run(async () => {
      await travelTo(env, '2027-02-10T09:30:00Z');
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: 'call_1-1', reached: true, reason: 'refused' }] });
      await travelTo(env, '2027-02-24T09:30:00Z');
      const open = (await sc.state()).openTask!;
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: open.taskId, reached: true, reason: 'refused' }] });
      await env.sleep('1 hour');
      return sc.state();
    });
    expect(view.callAttempts).toBe(2);
    expect(view.litigation.reason).toBe('2 call attempts (the policy allows 2)');
    expect(view.touches.slice(-2).map((t) => `${t.channel} ${t.template}`)).toEqual(['email litigation_announce', 'letter formal_notice']);
    expect(view.stage).toBe('formal_notice');
  });

  it('minimum gap between call attempts: no call sooner than the policy allows, whatever asks for it', async () => {
    const env = envOf();
    await travelTo(env, '2027-06-03T06:00:00Z');
    // Follow-up of a resent document after 1 day, but calls at least 3 business days apart.
    const policy = policyWith({ documentFollowUp: '1 day', calls: { minGap: '3 business days' } });
    const sc = await startScenario(env, { invoice: { dueDate: '2027-06-02', issueDate: '2027-05-03' }, policy });
    const view = await sc.run(async () => {
      await travelTo(env, '2027-06-09T08:30:00Z'); // Wed 10:30
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: 'call_1-1', reached: true, documentRequested: 'delivery_note' }] });
      await travelTo(env, '2027-06-14T09:00:00Z');
      return sc.state();
    });
    // Wanted Thu 10 Jun 10:30; Wed 9 Jun 10:30 + 3 business days = Mon 14 Jun 10:30.
    expect(view.openTask).toMatchObject({ kind: 'document_follow_up' });
    expect(new Date(view.openTask!.openedAt).toISOString().slice(0, 16)).toBe('2027-06-14T08:30');
  });
});
