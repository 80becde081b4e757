import { describe, expect, it } from 'vitest';
import { useTimeSkippingEnv } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';
import { startScenario, touchesOf, travelTo } from '../helpers/scenario';
import * as msg from '../../workflows/messages';
import type { EmailRequest } from '../../activities/types';


const emails = (log: { kind: string; request: unknown }[], template: string) =>
  log.filter((l) => l.kind === 'email' && (l.request as EmailRequest).template === template).map((l) => l.request as EmailRequest);

describe('promises and payment plans (domain.md §3)', () => {
  const envOf = useTimeSkippingEnv();
  it('a dated promise holds the cadence, gets a friendly reminder before its date, and is kept by a payment within the grace period', async () => {
    const env = envOf();
    // Due Wed 7 Apr 2027. Start Thu 8 Apr 08:00 Paris (CEST): reminder 1 at 09:00, call 1 on Wed 14 Apr 10:00.
    await travelTo(env, '2027-04-08T06:00:00Z');
    const sc = await startScenario(env, { invoice: { dueDate: '2027-04-07', issueDate: '2027-03-08' } });
    const { view, result } = await sc.run(async () => {
      await travelTo(env, '2027-04-14T08:30:00Z'); // 10:30 Paris, the call task is open
      const before = await sc.state();
      expect(before.openTask?.taskId).toBe('call_1-1');
      // Promise for Friday 23 April: reminder 2 business days before = Wed 21 Apr 09:00;
      // grace 2 business days (Mon 26, Tue 27): checked at Wed 28 Apr 00:00.
      const res = await sc.handle.executeUpdate(msg.completeCallTask, {
        args: [{ taskId: 'call_1-1', reached: true, contactName: 'Claire Martin', reason: 'forgot', promise: { date: '2027-04-23', amountCents: 123_456 } }],
      });
      // What the collector sees next: the written follow-up of the call goes at once.
      expect(res).toMatchObject({ taskId: 'call_1-1', stage: 'reminding', amountDueCents: 123_456, next: { description: 'Email call_followup' } });
      await env.sleep('1 hour');
      expect((await sc.state()).next).toEqual({ kind: 'send', description: 'Email promise_reminder (payment promised for 2027-04-23)', at: '2027-04-21T07:00:00.000Z' });
      await travelTo(env, '2027-04-26T09:00:00Z'); // Mon 11:00: paid within the grace period
      await sc.handle.signal(msg.paymentReceived, { paymentId: 'VIR-1', amountCents: 123_456 });
      const done = { result: await sc.handle.result(), view: await sc.state() };
      await recordHistory('promise-kept', sc.handle);
      return done;
    });
    expect(touchesOf(view)).toEqual([
      '2027-04-08 09:00 email reminder_1 sent',
      '2027-04-14 10:30 call call_1 reached',
      '2027-04-14 10:30 email call_followup sent',
      '2027-04-21 09:00 email promise_reminder sent',
      '2027-04-26 11:00 email payment_confirmation sent',
    ]); // letter 1 (D+14, 21 Apr) is held while the promise runs
    expect(emails(sc.log, 'call_followup')[0].facts.promise).toEqual({ date: '2027-04-23', amountCents: 123_456 });
    expect(emails(sc.log, 'promise_reminder')[0].facts).toMatchObject({ promise: { date: '2027-04-23', amountCents: 123_456 }, amountDueCents: 123_456 });
    expect(view.promises.map((p) => p.status)).toEqual(['kept']);
    expect(result).toMatchObject({ outcome: 'paid', amountDueCents: 0, paidCents: 123_456 });
  });

  it('a broken promise is chased the next business day; the second broken promise leads to litigation', async () => {
    const env = envOf();
    // Due Wed 1 Sep 2027; call 1 on Wed 8 Sep 10:00.
    await travelTo(env, '2027-09-02T06:00:00Z');
    const sc = await startScenario(env, { invoice: { dueDate: '2027-09-01', issueDate: '2027-08-02' } });
    const { view, result } = await sc.run(async () => {
      await travelTo(env, '2027-09-08T08:30:00Z');
      // Promise for Fri 10 Sep: its reminder (Wed 8 Sep 09:00) is already past, so none.
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: 'call_1-1', reached: true, promise: { date: '2027-09-10', amountCents: 123_456 } }] });
      // Checked Wed 15 Sep 00:00 -> broken (1): broken_promise email at 09:00, chase call Thu 16 Sep 10:00.
      await travelTo(env, '2027-09-16T08:30:00Z');
      const chasing = await sc.state();
      expect(chasing.brokenPromises).toBe(1);
      expect(chasing.openTask).toMatchObject({ kind: 'broken_promise', script: 'broken_promise', tone: 'firm' });
      expect(new Date(chasing.openTask!.openedAt).toISOString()).toBe('2027-09-16T08:00:00.000Z');
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: chasing.openTask!.taskId, reached: true, reason: 'customer_not_paid', promise: { date: '2027-09-20', amountCents: 123_456 } }] });
      // Mon 20 Sep + 2 business days -> checked Thu 23 Sep 00:00: broken (2) = allowed -> litigation.
      const done = { result: await sc.handle.result(), view: await sc.state() };
      await recordHistory('broken-promises-litigation', sc.handle);
      return done;
    });
    expect(touchesOf(view)).toEqual([
      '2027-09-02 09:00 email reminder_1 sent',
      '2027-09-08 10:30 call call_1 reached',
      '2027-09-08 10:30 email call_followup sent',
      '2027-09-15 09:00 email broken_promise sent',
      '2027-09-16 10:30 call broken_promise reached',
      '2027-09-16 10:30 email call_followup sent',
      '2027-09-23 09:00 email litigation_announce sent',
      '2027-09-23 09:00 letter formal_notice sent',
    ]);
    expect(view.promises.map((p) => p.status)).toEqual(['broken', 'broken']);
    // No news of the registered notice: presentation taken at the end of the wait, 23 Sep + 15 days = Fri 8 Oct;
    // + 8 days = Sat 16 Oct -> Mon 18 Oct; handed off on the next business day, Tue 19 Oct 09:00.
    expect(view.formalNotice?.deadline).toBe('2027-10-18');
    expect(result.outcome).toBe('litigation');
    expect(result.reason).toBe('2 broken promises (the policy allows 2)');
    expect(new Date(view.litigation.handedOffAt!).toISOString()).toBe('2027-10-19T07:00:00.000Z');
  });

  it('hardship: after the second broken promise a payment plan is proposed instead of litigation, then tracked instalment by instalment', async () => {
    const env = envOf();
    await travelTo(env, '2028-03-02T07:00:00Z'); // due Wed 1 Mar 2028 (CET); call 1 Wed 8 Mar 10:00
    const sc = await startScenario(env, { invoice: { dueDate: '2028-03-01', issueDate: '2028-01-31' } });
    const { view, result } = await sc.run(async () => {
      await travelTo(env, '2028-03-08T09:30:00Z');
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: 'call_1-1', reached: true, reason: 'cannot_pay', hardship: true, promise: { date: '2028-03-10', amountCents: 50_000 } }] });
      // Fri 10 Mar + 2 business days -> broken Wed 15 Mar 00:00 (1); chase Thu 16 Mar 10:00.
      await travelTo(env, '2028-03-16T09:30:00Z');
      const first = (await sc.state()).openTask!;
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: first.taskId, reached: true, promise: { date: '2028-03-20', amountCents: 50_000 } }] });
      // Mon 20 Mar -> broken Thu 23 Mar 00:00 (2): hardship -> plan_proposal at 09:00, chase Fri 24 Mar 10:00.
      await travelTo(env, '2028-03-24T09:30:00Z');
      const proposal = await sc.state();
      expect(proposal.formalNotice).toBeUndefined();
      expect(proposal.litigation.announcedAt).toBeUndefined();
      expect(proposal.openTask?.kind).toBe('broken_promise');
      // A plan with a larger first instalment ("ticket d'entrée"): 600 + 317,28 + 317,28 = 1 234,56.
      await sc.handle.executeUpdate(msg.completeCallTask, {
        args: [{ taskId: proposal.openTask!.taskId, reached: true, plan: { instalments: [
          { date: '2028-04-07', amountCents: 60_000 }, { date: '2028-05-05', amountCents: 31_728 }, { date: '2028-06-06', amountCents: 31_728 },
        ] } }],
      });
      await travelTo(env, '2028-04-06T08:00:00Z');
      await sc.handle.signal(msg.paymentReceived, { paymentId: 'P1', amountCents: 60_000 });
      await travelTo(env, '2028-05-04T08:00:00Z');
      await sc.handle.signal(msg.paymentReceived, { paymentId: 'P2', amountCents: 31_728 });
      const mid = await sc.state();
      expect(mid.plan?.instalments.map((i) => i.status)).toEqual(['paid', 'paid', 'pending']);
      await travelTo(env, '2028-06-05T08:00:00Z');
      await sc.handle.signal(msg.paymentReceived, { paymentId: 'P3', amountCents: 31_728 });
      const done = { result: await sc.handle.result(), view: await sc.state() };
      await recordHistory('hardship-payment-plan', sc.handle);
      return done;
    });
    expect(touchesOf(view)).toEqual([
      '2028-03-02 09:00 email reminder_1 sent',
      '2028-03-08 10:30 call call_1 reached',
      '2028-03-08 10:30 email call_followup sent',
      '2028-03-15 09:00 email broken_promise sent',
      '2028-03-16 10:30 call broken_promise reached',
      '2028-03-16 10:30 email call_followup sent',
      '2028-03-23 09:00 email plan_proposal sent',
      '2028-03-24 10:30 call broken_promise reached',
      '2028-03-24 10:30 email plan_confirmation sent',
      // Reminders 2 business days before each instalment (Fri 7 Apr -> Wed 5 Apr; Fri 5 May -> Wed 3 May; Tue 6 Jun -> Thu 1 Jun: Whit Monday 5 Jun is a holiday, Fri 2 Jun is the first business day back).
      '2028-04-05 09:00 email promise_reminder sent',
      '2028-05-03 09:00 email promise_reminder sent',
      '2028-06-01 09:00 email promise_reminder sent',
      '2028-06-05 10:00 email payment_confirmation sent',
    ]);
    const confirmation = emails(sc.log, 'plan_confirmation')[0];
    expect(confirmation.facts.plan?.map((i) => [i.seq, i.date, i.amountCents])).toEqual([[1, '2028-04-07', 60_000], [2, '2028-05-05', 31_728], [3, '2028-06-06', 31_728]]);
    expect(emails(sc.log, 'promise_reminder').map((e) => e.facts.promise)).toEqual([
      { date: '2028-04-07', amountCents: 60_000 }, { date: '2028-05-05', amountCents: 31_728 }, { date: '2028-06-06', amountCents: 31_728 },
    ]);
    expect(view.plan?.status).toBe('completed');
    expect(result.outcome).toBe('paid');
  });

  it('settlement with discount: the approved amount becomes what is due, and paying it settles the file', async () => {
    const env = envOf();
    await travelTo(env, '2028-09-07T06:00:00Z'); // due Wed 6 Sep 2028; call 1 Wed 13 Sep
    const sc = await startScenario(env, { invoice: { dueDate: '2028-09-06', issueDate: '2028-08-07' } });
    const { view, result } = await sc.run(async () => {
      await travelTo(env, '2028-09-13T08:30:00Z');
      await sc.handle.executeUpdate(msg.completeCallTask, {
        args: [{ taskId: 'call_1-1', reached: true, reason: 'cannot_pay', settlement: { amountCents: 100_000, approvedBy: 'CFO Marie Leroy', payBy: '2028-09-29' } }],
      });
      const mid = await sc.state();
      expect(mid.amountDueCents).toBe(100_000);
      expect(mid.settlement).toMatchObject({ amountCents: 100_000, waivedCents: 23_456, approvedBy: 'CFO Marie Leroy' });
      await travelTo(env, '2028-09-28T08:00:00Z');
      await sc.handle.signal(msg.paymentReceived, { paymentId: 'S1', amountCents: 100_000 });
      const done = { result: await sc.handle.result(), view: await sc.state() };
      await recordHistory('settlement', sc.handle);
      return done;
    });
    expect(result).toMatchObject({ outcome: 'settled', paidCents: 100_000, amountDueCents: 0 });
    expect(view.touches.map((t) => t.template)).toEqual(['reminder_1', 'call_1', 'call_followup', 'promise_reminder', 'payment_confirmation']);
    expect(emails(sc.log, 'promise_reminder')[0].facts).toMatchObject({ amountDueCents: 100_000, promise: { date: '2028-09-29', amountCents: 100_000 } });
  });
});
