import { describe, expect, it } from 'vitest';
import { startScenario, touchesOf, travelTo } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';
import { sampleInvoice } from '../helpers/scenario';

/** The business calendar in the durable workflow: weekends, French public holidays, call window, time zones, DST. */
describe('business calendar in the workflow', () => {
  const envOf = useTimeSkippingEnv();
  const firstTouchOf = async (dueDate: string, startIso: string, debtor?: object) => {
    const env = envOf();
    await travelTo(env, startIso);
    const base = sampleInvoice();
    const sc = await startScenario(env, { invoice: { dueDate, issueDate: '2027-01-01', ...(debtor ? { debtor: { ...base.debtor, ...debtor } } : {}) } });
    return sc.run(async () => {
      await env.sleep('4 days');
      return sc.state();
    });
  };

  it('a step due on a Saturday goes on the Monday', async () => {
    // Due Fri 1 Oct 2027: D+1 = Sat 2 Oct -> Mon 4 Oct 09:00.
    const view = await firstTouchOf('2027-10-01', '2027-10-01T12:00:00Z');
    expect(touchesOf(view)[0]).toBe('2027-10-04 09:00 email reminder_1 sent');
  });

  it('a step due on 14 July (Fête nationale) goes on the next business day', async () => {
    // Due Tue 13 Jul 2027: D+1 = Wed 14 Jul, a public holiday -> Thu 15 Jul 09:00.
    const view = await firstTouchOf('2027-07-13', '2027-07-13T12:00:00Z');
    expect(touchesOf(view)[0]).toBe('2027-07-15 09:00 email reminder_1 sent');
  });

  it('a call due at 18:00 debtor time waits for the next morning in the call window (New York debtor)', async () => {
    const env = envOf();
    // Due Tue 16 Nov 2027, debtor in New York (EST, UTC-5). Imported at 18:00 New York on D+7
    // (Tue 23 Nov): call 1 is the step its age calls for, but 18:00 is outside 10:00-16:00, so the
    // task opens Wed 24 Nov 10:00 New York = 15:00 UTC. The pre-due call and reminder 1 are skipped.
    await travelTo(env, '2027-11-23T23:00:00Z');
    const base = sampleInvoice();
    const sc = await startScenario(env, { invoice: { dueDate: '2027-11-16', issueDate: '2027-10-15', debtor: { ...base.debtor, timeZone: 'America/New_York', language: 'en' } } });
    const view = await sc.run(async () => {
      await env.sleep('18 hours');
      return sc.state();
    });
    expect(view.skippedSteps).toEqual(['pre_due_call', 'reminder_1']);
    expect(view.trace.find((t) => t.kind === 'step_skipped')?.detail).toBe('due date already passed');
    expect(view.openTask?.stepId).toBe('call_1');
    expect(new Date(view.openTask!.openedAt).toISOString()).toBe('2027-11-24T15:00:00.000Z');
  });

  it('daylight saving: wall-clock times hold across the March change (Paris)', async () => {
    // Due Wed 24 Mar 2027. D+1 Thu 25 Mar 09:00 CET = 08:00 UTC; Sun 28 Mar clocks go forward;
    // D+7 Wed 31 Mar call at 10:00 CEST = 08:00 UTC; D+14 Wed 7 Apr 09:00 CEST = 07:00 UTC.
    const env = envOf();
    await travelTo(env, '2027-03-24T12:00:00Z');
    const sc = await startScenario(env, { invoice: { dueDate: '2027-03-24', issueDate: '2027-02-22' } });
    const view = await sc.run(async () => {
      await env.sleep('15 days');
      return sc.state();
    });
    const utc = (ms: number) => new Date(ms).toISOString();
    expect(utc(view.touches[0].at)).toBe('2027-03-25T08:00:00.000Z');
    expect(utc(view.callTasks.find((t) => t.stepId === 'call_1')!.openedAt)).toBe('2027-03-31T08:00:00.000Z');
    expect(utc(view.touches.find((t) => t.template === 'letter_1')!.at)).toBe('2027-04-07T07:00:00.000Z');
  });
});
