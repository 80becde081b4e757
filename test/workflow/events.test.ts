import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client } from '@temporalio/client';
import type { RecordedSend } from '../helpers/recording-activities';
import type { EmailRequest, LetterRequest } from '../../activities/types';
import type { DunningResult, DunningView } from '../../workflows/messages';
import type { dunningWorkflow } from '../../workflows';
import * as msg from '../../workflows/messages';
import { startScenario, travelTo, type Scenario } from '../helpers/scenario';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

/**
 * Events that change the course of a dunning scenario (docs/domain.md §3), one test per rule,
 * on the default policy: debtor in Europe/Paris, French holidays, emails/letters at 09:00 local,
 * calls from 10:00 local. Every expected date is computed by hand in the comments.
 *
 * Sample invoice: 123 456 cents, contacts Claire Martin (ap@acme.fr) then Paul Durand.
 * Paris is UTC+1 (CET) until 2027-03-28 and from 2027-10-31, UTC+2 (CEST) in between.
 * Holidays used below: Easter Monday 2027-03-29, Ascension 2027-05-06, 14 July, 1 and 11 Nov.
 *
 * A signal is applied at the server's clock when it arrives, a few ms after the instant travelled
 * to, so instants are compared to the minute (rounded) and shifts to within a second.
 */

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const SAMPLE_DUE = 123_456;

describe('events that change the course (domain.md §3)', () => {
  it('full payment: confirmation email, open call task cancelled, outcome paid', async () => {
    // Due Wed 2027-02-10. pre_due_call D-3 business days = Fri 02-05 10:00 (task; deadline Tue 02-09,
    // reopened to Thu 02-11 10:00, then missed). reminder_1 D+1 = Thu 02-11 09:00.
    // call_1 D+7 = Wed 02-17 10:00: task call_1-2 open (deadline Fri 02-19 10:00).
    // Next touch would be the gap reminder: 02-11 09:00 + 10 days = Sun 02-21, last send slot before = Fri 02-19 09:00.
    // Full payment Thu 02-18 14:30 Paris (13:30Z): before any of it.
    await travelTo(env, '2027-02-01T08:00:00Z');
    const sc = await startScenario(env, { invoice: { issueDate: '2027-01-11', dueDate: '2027-02-10' } });
    await sc.run(async () => {
      await travelTo(env, '2027-02-18T13:00:00Z'); // 14:00 Paris
      const before = await sc.state();
      expect(touchLines(before)).toEqual(['2027-02-11 09:00 email reminder_1 sent 123456']);
      expect(before.openTask).toMatchObject({ taskId: 'call_1-2', status: 'open' });
      expect(paris(before.openTask!.openedAt)).toBe('2027-02-17 10:00');

      await travelTo(env, '2027-02-18T13:30:00Z'); // 14:30 Paris
      await sc.handle.signal(msg.paymentReceived, { paymentId: 'PAY-FULL', amountCents: SAMPLE_DUE, reference: 'VIR ACME 0218' });
      const result = await resultOf(sc);
      await recordHistory('full-payment', sc.handle);
      expect(result).toMatchObject({ outcome: 'paid', stage: 'closed', amountDueCents: 0, paidCents: SAMPLE_DUE, reason: 'paid in full' });
      expect(result.closedAt).toMatch(/^2027-02-18T13:30/);

      const view = await sc.state();
      expect(touchLines(view)).toEqual([
        '2027-02-11 09:00 email reminder_1 sent 123456',
        '2027-02-18 14:30 email payment_confirmation sent 0',
      ]);
      expect(view).toMatchObject({ stage: 'closed', outcome: 'paid', amountDueCents: 0, paidCents: SAMPLE_DUE, unappliedCents: 0, paymentIds: ['PAY-FULL'] });
      expect(view.openTask).toBeUndefined();
      expect(view.callTasks.map((t) => `${t.taskId} ${t.status}`)).toEqual(['pre_due_call-1 missed', 'call_1-2 cancelled']);
      expect(traceLines(view, ['payment', 'closed'])).toEqual([
        '2027-02-18 14:30 closed payment - full',
        '2027-02-18 14:30 closed closed - paid',
      ]);
      expect(view.trace.find((t) => t.kind === 'payment')!.detail).toBe('123456 cents (PAY-FULL); 0 cents still due');

      // The thank-you went to the primary contact and says nothing is due any more.
      const sent = emails(sc.log);
      expect(sent.map((e) => `${e.template} ${e.to.email} ${e.facts.amountDueCents} ${e.facts.paidCents}`)).toEqual([
        'reminder_1 ap@acme.fr 123456 0',
        'payment_confirmation ap@acme.fr 0 123456',
      ]);
      expect(sc.log.filter((r) => r.kind !== 'email')).toEqual([]);
    });
  });

  it('partial payment: amount due reduced, cadence continues, the next messages ask only for the remainder', async () => {
    // Due Wed 2027-03-10. pre_due_call Fri 03-05 10:00. reminder_1 Thu 03-11 09:00 asks 123456.
    // Partial payment of 50000 on Mon 03-15 11:00 Paris (10:00Z): 73456 still due.
    // call_1 D+7 = Wed 03-17 10:00 (task). Gap: 03-11 09:00 + 10 days = Sun 03-21 -> Fri 03-19 09:00 gap_reminder.
    // letter_1 D+14 = Wed 03-24 09:00 (+ email copy): 03-19 + 10 days = 03-29 is later, so the letter goes.
    await travelTo(env, '2027-03-01T08:00:00Z');
    const sc = await startScenario(env, { invoice: { issueDate: '2027-02-08', dueDate: '2027-03-10' } });
    await sc.run(async () => {
      await travelTo(env, '2027-03-15T10:00:00Z');
      await sc.handle.signal(msg.paymentReceived, { paymentId: 'PAY-P1', amountCents: 50_000 });
      const afterPayment = await until(sc, (v) => v.paymentIds.length === 1);
      expect(afterPayment).toMatchObject({ stage: 'reminding', amountDueCents: 73_456, paidCents: 50_000, unappliedCents: 0 });
      expect(afterPayment.outcome).toBeUndefined();
      expect(afterPayment.next).toMatchObject({ kind: 'open_call', at: '2027-03-17T09:00:00.000Z' }); // call_1, 10:00 Paris

      await travelTo(env, '2027-03-24T09:00:00Z'); // Wed 10:00 Paris
      const view = await sc.state();
      expect(touchLines(view)).toEqual([
        '2027-03-11 09:00 email reminder_1 sent 123456',
        '2027-03-19 09:00 email gap_reminder sent 73456',
        '2027-03-24 09:00 letter letter_1 sent 73456',
        '2027-03-24 09:00 email letter_1 sent 73456',
      ]);
      expect(view.touches[1].stepId).toBe(`gap-${Date.parse('2027-03-19T08:00:00Z')}`);
      expect(view.touches[3].stepId).toBe('letter_1-copy');
      expect(traceLines(view, ['payment', 'closed'])).toEqual(['2027-03-15 11:00 reminding payment - partial']);
      // Code civil 1343-1: 11..14 Mar, 123 456 x 4 x 12.15 / 36 500 = 164.38 -> 164 cents of penalties paid first.
      expect(view.trace.find((t) => t.kind === 'payment')!.detail).toBe('50000 cents (PAY-P1), 164 cents to interest first (Code civil 1343-1); 73456 cents still due');
      expect(view.stage).toBe('reminding');

      // Never ask for more than is due: every message after the payment carries 73456.
      expect(messages(sc.log).map((m) => `${m.kind} ${m.request.stepId} ${m.request.facts.amountDueCents}`)).toEqual([
        'email reminder_1 123456',
        `email gap-${Date.parse('2027-03-19T08:00:00Z')} 73456`,
        'letter letter_1 73456',
        'email letter_1-copy 73456',
      ]);
      const letter = sc.log.find((r) => r.kind === 'letter')!;
      if (letter.kind === 'letter') expect(letter.request.facts.paidCents).toBe(50_000);
    });
  });

  it('duplicate payment id: the same payment signalled twice counts once', async () => {
    // Due Thu 2027-04-01. pre_due_call D-3 business days: Wed 03-31, Tue 03-30, (Mon 03-29 Easter Monday),
    // Fri 03-26 -> Fri 03-26 10:00 CET. Clocks go forward on Sun 03-28 (CEST from then on).
    // reminder_1 D+1 = Fri 04-02 09:00 CEST (Good Friday is not a holiday outside Alsace-Moselle).
    // Tue 04-06 11:00 CEST (09:00Z): PAY-A 30000, PAY-A again (ignored), PAY-B 10000 -> 83456 due.
    // call_1 D+7 = Thu 04-08 10:00 (task). Gap: 04-02 09:00 + 10 days = Mon 04-12 09:00, a business day,
    // before letter_1 (Thu 04-15): gap_reminder Mon 04-12 09:00 asking 83456.
    await travelTo(env, '2027-03-25T08:00:00Z');
    const sc = await startScenario(env, { invoice: { issueDate: '2027-03-02', dueDate: '2027-04-01' } });
    await sc.run(async () => {
      await travelTo(env, '2027-04-06T09:00:00Z');
      await sc.handle.signal(msg.paymentReceived, { paymentId: 'PAY-A', amountCents: 30_000 });
      await sc.handle.signal(msg.paymentReceived, { paymentId: 'PAY-A', amountCents: 30_000 });
      await sc.handle.signal(msg.paymentReceived, { paymentId: 'PAY-B', amountCents: 10_000 });
      const view1 = await until(sc, (v) => v.paymentIds.length === 2);
      expect(view1).toMatchObject({ amountDueCents: 83_456, paidCents: 40_000, unappliedCents: 0, paymentIds: ['PAY-A', 'PAY-B'], stage: 'reminding' });
      expect(traceLines(view1, ['payment', 'payment_duplicate'])).toEqual([
        '2027-04-06 11:00 reminding payment - partial',
        '2027-04-06 11:00 reminding payment_duplicate - -',
        '2027-04-06 11:00 reminding payment - partial',
      ]);
      expect(view1.trace.filter((t) => t.kind.startsWith('payment')).map((t) => t.detail)).toEqual([
        // Code civil 1343-1: 2..5 Apr, 123 456 x 4 x 12.15 / 36 500 = 164.38 -> 164 cents of penalties paid first.
        '30000 cents (PAY-A), 164 cents to interest first (Code civil 1343-1); 93456 cents still due',
        'payment PAY-A already recorded: ignored',
        '10000 cents (PAY-B); 83456 cents still due',
      ]);

      await travelTo(env, '2027-04-12T10:00:00Z'); // Mon 12:00 CEST
      const view = await sc.state();
      expect(touchLines(view)).toEqual([
        '2027-04-02 09:00 email reminder_1 sent 123456',
        '2027-04-12 09:00 email gap_reminder sent 83456',
      ]);
      expect(paris(view.callTasks[0].openedAt)).toBe('2027-03-26 10:00');
      expect(emails(sc.log).map((e) => `${e.template} ${e.facts.amountDueCents} ${e.facts.paidCents}`)).toEqual([
        'reminder_1 123456 0',
        'gap_reminder 83456 40000',
      ]);
    });
  });

  it('overpayment: the invoice is paid and the excess is kept as unapplied', async () => {
    // Due Wed 2027-05-05. pre_due_call: Tue 05-04, Mon 05-03, Fri 04-30 -> Fri 04-30 10:00.
    // reminder_1 D+1 = Thu 05-06 is Ascension -> Fri 05-07 09:00.
    // Payment of 150000 on Mon 05-10 16:20 CEST (14:20Z): 123456 applied, 26544 unapplied, paid.
    await travelTo(env, '2027-04-26T08:00:00Z');
    const sc = await startScenario(env, { invoice: { issueDate: '2027-04-05', dueDate: '2027-05-05' } });
    await sc.run(async () => {
      await travelTo(env, '2027-05-10T14:20:00Z');
      await sc.handle.signal(msg.paymentReceived, { paymentId: 'PAY-OVER', amountCents: 150_000 });
      const result = await resultOf(sc);
      expect(result).toMatchObject({ outcome: 'paid', stage: 'closed', amountDueCents: 0, paidCents: SAMPLE_DUE, reason: 'paid in full' });
      expect(result.closedAt).toMatch(/^2027-05-10T14:20/);

      const view = await sc.state();
      expect(view).toMatchObject({ amountDueCents: 0, paidCents: SAMPLE_DUE, unappliedCents: 26_544, outcome: 'paid' });
      expect(touchLines(view)).toEqual([
        '2027-05-07 09:00 email reminder_1 sent 123456',
        '2027-05-10 16:20 email payment_confirmation sent 0',
      ]);
      expect(traceLines(view, ['payment', 'closed'])).toEqual([
        '2027-05-10 16:20 closed payment - full',
        '2027-05-10 16:20 closed closed - paid',
      ]);
      expect(view.trace.find((t) => t.kind === 'payment')!.detail).toBe('150000 cents (PAY-OVER), 26544 cents unapplied; 0 cents still due');
      expect(emails(sc.log).map((e) => `${e.template} ${e.facts.amountDueCents} ${e.facts.paidCents}`)).toEqual([
        'reminder_1 123456 0',
        'payment_confirmation 0 123456',
      ]);
    });
  });

  it('dispute: no touches while open; resolved "resume" moves every later step by the dispute duration', async () => {
    // Due Wed 2027-06-02. pre_due_call Fri 05-28 10:00 (deadline Tue 06-01, reopened to Thu 06-03 10:00, missed).
    // reminder_1 Thu 06-03 09:00. Dispute opened Thu 06-03 11:00 CEST (09:00Z), resolved Thu 06-17 15:00 CEST
    // (13:00Z): 14 days 4 hours suspended. Unshifted steps (09:00 from the due date) + 14d4h:
    //   call_1          D+7  Wed 06-09 09:00 -> Wed 06-23 13:00 (in the 10-16 call window: task opens then)
    //   letter_1        D+14 Wed 06-16 09:00 -> Wed 06-30 13:00 (+ email copy)
    //   call_2          D+21 Wed 06-23 09:00 -> Wed 07-07 13:00 (task)
    //   notice_announce D+28 Wed 06-30 09:00 -> Wed 07-14 13:00 = Bastille Day -> Thu 07-15 09:00
    //   formal_notice   D+30 Fri 07-02 09:00 -> Fri 07-16 13:00 (registered)
    // Max gap (counted from the resume, the last touch being older): 06-17 15:00 + 10 days = Sun 06-27
    //   -> last send slot Fri 06-25 09:00, before letter_1: gap_reminder Fri 06-25 09:00.
    //   After letter_1 (06-30 13:00): + 10 days = Sat 07-10 -> gap_reminder Fri 07-09 09:00 (notice_announce is 07-15).
    // Formal notice deadline: from the letter's first presentation. Until it is reported, the one the end of the
    //   wait would give: Sat 07-31 (07-16 + 15 days) + 8 days = Sun 08-08 -> Mon 08-09. Reported on Mon 07-19:
    //   presented Sat 07-17, + 8 days = Sun 07-25 -> Mon 07-26; handoff on the next business day, Tue 07-27 09:00.
    await travelTo(env, '2027-05-24T08:00:00Z');
    const sc = await startScenario(env, { invoice: { issueDate: '2027-05-03', dueDate: '2027-06-02' } });
    await sc.run(async () => {
      await travelTo(env, '2027-06-03T09:00:00Z');
      await sc.handle.signal(msg.disputeOpened, { disputeId: 'DSP-5', kind: 'commercial', details: 'Prices differ from the quote' });
      const opened = await until(sc, (v) => v.disputes.length === 1);
      expect(opened).toMatchObject({ stage: 'disputed', disputes: [{ disputeId: 'DSP-5', kind: 'commercial', status: 'open' }] });
      // Nothing but the dispute task's deadline (10 business days: Thu 06-17 11:00 CEST), when the run marks it overdue.
      expect(opened.next).toMatchObject({ kind: 'event', description: 'Dispute DSP-5 past its deadline: escalate to the manager' });
      expect(opened.next!.at).toMatch(/^2027-06-17T09:00:/);

      // Thu 06-17 14:00 CEST: two weeks in dispute, call_1 (06-09) never opened, nothing sent.
      await travelTo(env, '2027-06-17T12:00:00Z');
      const during = await sc.state();
      expect(during.stage).toBe('disputed');
      expect(touchLines(during)).toEqual(['2027-06-03 09:00 email reminder_1 sent 123456']);
      expect(during.callTasks.map((t) => t.taskId)).toEqual(['pre_due_call-1']);
      expect(during.openTask).toBeUndefined();
      expect(sc.log).toHaveLength(1);

      await travelTo(env, '2027-06-17T13:00:00Z');
      await sc.handle.signal(msg.disputeResolved, { disputeId: 'DSP-5', resolution: 'resume', note: 'Quote confirmed the price' });
      const resumed = await until(sc, (v) => v.disputes[0].status !== 'open');
      expect(resumed.stage).toBe('reminding');
      expect(Math.abs(resumed.cadenceShiftMs - (14 * DAY + 4 * HOUR))).toBeLessThan(5_000);
      expect(resumed.next).toMatchObject({ kind: 'open_call' });
      expect(paris(Date.parse(resumed.next!.at))).toBe('2027-06-23 13:00');

      await travelTo(env, '2027-07-16T12:00:00Z'); // Fri 07-16 14:00 CEST
      const view = await sc.state();
      expect(touchLines(view)).toEqual([
        '2027-06-03 09:00 email reminder_1 sent 123456',
        '2027-06-25 09:00 email gap_reminder sent 123456',
        '2027-06-30 13:00 letter letter_1 sent 123456',
        '2027-06-30 13:00 email letter_1 sent 123456',
        '2027-07-09 09:00 email gap_reminder sent 123456',
        '2027-07-15 09:00 email notice_announce sent 123456',
        '2027-07-16 13:00 letter formal_notice sent 123456',
      ]);
      expect(view.callTasks.map((t) => `${t.taskId} ${paris(t.openedAt)}`)).toEqual([
        'pre_due_call-1 2027-05-28 10:00',
        'call_1-2 2027-06-23 13:00',
        'call_2-3 2027-07-07 13:00',
      ]);
      expect(view.stage).toBe('formal_notice');
      expect(view.formalNotice).toMatchObject({ deadline: '2027-08-09', deadlineAt: Date.parse('2027-08-10T07:00:00Z') });
      expect(paris(view.formalNotice!.presentation!.waitUntil)).toBe('2027-07-31 13:00'); // the end of the wait for news of the letter
      const notice = sc.log.find((r) => r.kind === 'letter' && r.request.template === 'formal_notice');
      expect(notice?.kind === 'letter' && notice.request.registered).toBe(true);
      expect(notice?.kind === 'letter' && notice.request.facts.noticeDelay).toEqual({ unit: 'days', n: 8 });

      await travelTo(env, '2027-07-19T08:00:00Z');
      await sc.handle.executeUpdate(msg.recordLetterEvent, { args: [{ event: 'presented', on: '2027-07-17', source: 'La Poste' }] });
      expect(await sc.state()).toMatchObject({ formalNotice: { deadline: '2027-07-26', deadlineAt: Date.parse('2027-07-27T07:00:00Z') } });
      await travelTo(env, '2027-07-27T08:00:00Z'); // Tue 10:00 CEST, after the handoff
      const result = await resultOf(sc);
      await recordHistory('dispute-resume', sc.handle);
      expect(result).toMatchObject({ outcome: 'litigation', stage: 'litigation', amountDueCents: SAMPLE_DUE, litigationReference: `LIT-${view.invoice.invoiceId}` });
      expect(result.closedAt).toBe('2027-07-27T07:00:00.000Z');
      const end = await sc.state();
      expect(traceLines(end, ['dispute_opened', 'dispute_resolved', 'litigation_handoff'])).toEqual([
        '2027-06-03 11:00 disputed dispute_opened - -',
        '2027-06-17 15:00 reminding dispute_resolved - resume',
        '2027-07-27 09:00 litigation litigation_handoff - litigation',
      ]);
      expect(end.trace.find((t) => t.kind === 'dispute_opened')!.detail).toBe('DSP-5 (commercial, via signal): Prices differ from the quote');
      expect(sc.log.map((r) => r.kind)).toEqual(['email', 'email', 'letter', 'email', 'email', 'email', 'letter', 'litigation']);
    });
  });

  it('dispute closed by a partial credit note, then a second one by a full credit note: outcome credited', async () => {
    // Due Wed 2027-08-11. pre_due_call Fri 08-06 10:00 (reopened Tue 08-10, missed Thu 08-12 10:00).
    // reminder_1 Thu 08-12 09:00 asks 123456. DSP-1 opened Thu 08-12 14:00 CEST (12:00Z), closed Mon 08-16
    // 15:00 CEST (13:00Z) by credit note CN-1 of 23456: 100000 due, 4 days 1 hour suspended.
    //   call_1   D+7  Wed 08-18 09:00 + 4d1h = Sun 08-22 10:00 -> Mon 08-23 10:00 (deadline Wed 08-25,
    //                 reopened to Fri 08-27 10:00)
    //   gap      08-16 15:00 + 10 days = Thu 08-26 15:00 -> 08-26 09:00 gap_reminder, asks 100000
    //   letter_1 D+14 Wed 08-25 09:00 + 4d1h = Sun 08-29 -> Mon 08-30 09:00 (never sent: see below)
    // DSP-2 opened Thu 08-26 11:00 CEST (09:00Z) while call_1-2 is open; credit note CN-2 of 100000 on
    // Mon 08-30 08:00 CEST (06:00Z): nothing left due -> closed, outcome credited, the call task closed too.
    await travelTo(env, '2027-08-02T08:00:00Z');
    const sc = await startScenario(env, { invoice: { issueDate: '2027-07-12', dueDate: '2027-08-11' } });
    await sc.run(async () => {
      await travelTo(env, '2027-08-12T12:00:00Z');
      await sc.handle.signal(msg.disputeOpened, { disputeId: 'DSP-1', kind: 'technical', details: 'Two licences were never activated' });
      await until(sc, (v) => v.disputes.length === 1);

      await travelTo(env, '2027-08-16T13:00:00Z');
      await sc.handle.signal(msg.disputeResolved, { disputeId: 'DSP-1', resolution: 'credit_note', creditNoteCents: 23_456, creditNoteRef: 'CN-1' });
      const partial = await until(sc, (v) => v.disputes[0].status !== 'open');
      expect(partial).toMatchObject({ stage: 'reminding', amountDueCents: 100_000, creditedCents: 23_456, paidCents: 0 });
      expect(partial.outcome).toBeUndefined();
      expect(partial.disputes[0]).toMatchObject({ status: 'credited', creditNoteCents: 23_456, creditNoteRef: 'CN-1' });
      expect(Math.abs(partial.cadenceShiftMs - (4 * DAY + HOUR))).toBeLessThan(5_000);

      await travelTo(env, '2027-08-26T09:00:00Z'); // Thu 11:00 CEST
      const mid = await sc.state();
      expect(touchLines(mid)).toEqual([
        '2027-08-12 09:00 email reminder_1 sent 123456',
        '2027-08-26 09:00 email gap_reminder sent 100000',
      ]);
      expect(emails(sc.log).map((e) => `${e.template} ${e.facts.amountDueCents}`)).toEqual(['reminder_1 123456', 'gap_reminder 100000']);
      expect(mid.openTask).toMatchObject({ taskId: 'call_1-2', reopened: 1, assignee: 'credit_controller' });
      expect(paris(mid.openTask!.openedAt)).toBe('2027-08-23 10:00');

      await sc.handle.signal(msg.disputeOpened, { disputeId: 'DSP-2', kind: 'administrative', details: 'Purchase order number missing' });
      await until(sc, (v) => v.disputes.length === 2);
      await travelTo(env, '2027-08-30T06:00:00Z');
      await sc.handle.signal(msg.disputeResolved, { disputeId: 'DSP-2', resolution: 'credit_note', creditNoteCents: 100_000, creditNoteRef: 'CN-2' });
      const result = await resultOf(sc);
      await recordHistory('credit-notes', sc.handle);
      expect(result).toMatchObject({ outcome: 'credited', stage: 'closed', amountDueCents: 0, paidCents: 0, reason: 'cancelled by a credit note' });
      expect(result.closedAt).toMatch(/^2027-08-30T06:00/);

      const view = await sc.state();
      expect(view).toMatchObject({ creditedCents: SAMPLE_DUE, amountDueCents: 0, outcome: 'credited' });
      expect(touchLines(view)).toHaveLength(2); // nothing sent after the gap reminder, no payment confirmation
      expect(traceLines(view, ['dispute_opened', 'dispute_resolved', 'closed'])).toEqual([
        '2027-08-12 14:00 disputed dispute_opened - -',
        '2027-08-16 15:00 reminding dispute_resolved - credit_note',
        '2027-08-26 11:00 disputed dispute_opened - -',
        '2027-08-30 08:00 closed dispute_resolved - credit_note',
        '2027-08-30 08:00 closed closed - credited',
      ]);
      expect(view.trace.filter((t) => t.kind === 'dispute_resolved').map((t) => t.detail)).toEqual([
        'DSP-1: credit note CN-1 of 23456 cents',
        'DSP-2: credit note CN-2 of 100000 cents',
      ]);
      // A closed file leaves nothing in the collectors' worklist.
      expect(view.openTask).toBeUndefined();
      expect(view.callTasks.find((t) => t.taskId === 'call_1-2')?.status).toBe('cancelled');
    });
  });

  it('pause with a reason then resume: nothing happens while paused, later steps move by the paused time', async () => {
    // Due Wed 2027-09-15. pre_due_call Fri 09-10 10:00 (missed Thu 09-16 10:00). reminder_1 Thu 09-16 09:00.
    // Paused Thu 09-16 12:00 CEST (10:00Z), resumed Thu 09-23 16:00 CEST (14:00Z): 7 days 4 hours.
    //   call_1   D+7  Wed 09-22 09:00 + 7d4h = Wed 09-29 13:00 (task)
    //   gap      09-23 16:00 + 10 days = Sun 10-03 -> Fri 10-01 09:00 gap_reminder
    //   letter_1 D+14 Wed 09-29 09:00 + 7d4h = Wed 10-06 13:00 (+ email copy)
    await travelTo(env, '2027-09-06T08:00:00Z');
    const sc = await startScenario(env, { invoice: { issueDate: '2027-08-16', dueDate: '2027-09-15' } });
    await sc.run(async () => {
      await travelTo(env, '2027-09-16T10:00:00Z');
      await sc.handle.signal(msg.pause, { reason: 'CFO on leave, agreed with sales', by: 'finance-ops' });
      const paused = await until(sc, (v) => v.stage === 'paused');
      expect(paused.paused).toMatchObject({ reason: 'CFO on leave, agreed with sales', by: 'finance-ops' });
      expect(paused.next).toBeUndefined();

      await travelTo(env, '2027-09-23T13:00:00Z'); // Thu 15:00: call_1 (09-22) not opened, nothing sent
      const during = await sc.state();
      expect(during.stage).toBe('paused');
      expect(touchLines(during)).toEqual(['2027-09-16 09:00 email reminder_1 sent 123456']);
      expect(during.callTasks.map((t) => t.taskId)).toEqual(['pre_due_call-1']);

      await travelTo(env, '2027-09-23T14:00:00Z');
      await sc.handle.signal(msg.resume, { reason: 'CFO back', by: 'finance-ops' });
      const resumed = await until(sc, (v) => v.stage !== 'paused');
      expect(resumed.stage).toBe('reminding');
      expect(resumed.paused).toBeUndefined();
      expect(Math.abs(resumed.cadenceShiftMs - (7 * DAY + 4 * HOUR))).toBeLessThan(5_000);

      await travelTo(env, '2027-10-06T12:00:00Z'); // Wed 14:00 CEST
      const view = await sc.state();
      expect(touchLines(view)).toEqual([
        '2027-09-16 09:00 email reminder_1 sent 123456',
        '2027-10-01 09:00 email gap_reminder sent 123456',
        '2027-10-06 13:00 letter letter_1 sent 123456',
        '2027-10-06 13:00 email letter_1 sent 123456',
      ]);
      expect(view.callTasks.map((t) => `${t.taskId} ${paris(t.openedAt)}`)).toEqual([
        'pre_due_call-1 2027-09-10 10:00',
        'call_1-2 2027-09-29 13:00',
      ]);
      expect(traceLines(view, ['paused', 'resumed'])).toEqual([
        '2027-09-16 12:00 paused paused - -',
        '2027-09-23 16:00 reminding resumed - -',
      ]);
      expect(view.trace.filter((t) => t.kind === 'paused' || t.kind === 'resumed').map((t) => t.detail)).toEqual([
        'CFO on leave, agreed with sales',
        'CFO back',
      ]);
    });
  });

  it('pause until a date: resumes by itself at 00:00 local that day, later steps move by the paused time', async () => {
    // Due Wed 2027-10-20. pre_due_call Fri 10-15 10:00 (missed Thu 10-21 10:00). reminder_1 Thu 10-21 09:00 CEST.
    // Paused Fri 10-22 08:30 CEST (06:30Z) until 2027-11-05: resumes Fri 11-05 00:00 CET (11-04 23:00Z),
    // clocks having gone back on Sun 10-31. Suspended 13 days 16 h 30 min.
    //   call_1   D+7  Wed 10-27 09:00 CEST (07:00Z) + 13d16h30 = 11-09 23:30Z = Wed 11-10 00:30 CET
    //                 -> call window Wed 11-10 10:00; deadline 2 business days: (Thu 11-11 holiday) Fri 11-12,
    //                 Mon 11-15 -> 11-15 10:00
    //   letter_1 D+14 Wed 11-03 09:00 CET (08:00Z) + 13d16h30 = 11-17 00:30Z = Wed 11-17 01:30 -> 11-17 09:00
    //   gap      11-05 00:00 + 10 days = Mon 11-15 00:00 -> last send slot before: Fri 11-12 09:00 gap_reminder
    await travelTo(env, '2027-10-11T08:00:00Z');
    const sc = await startScenario(env, { invoice: { issueDate: '2027-09-20', dueDate: '2027-10-20' } });
    await sc.run(async () => {
      await travelTo(env, '2027-10-22T06:30:00Z');
      await sc.handle.signal(msg.pause, { reason: 'Takeover in progress, wait for the new owner', until: '2027-11-05' });
      const paused = await until(sc, (v) => v.stage === 'paused');
      expect(paused.paused).toMatchObject({ until: '2027-11-05' });
      expect(paused.next).toMatchObject({ kind: 'event', at: '2027-11-04T23:00:00.000Z' });

      await travelTo(env, '2027-11-04T22:00:00Z'); // Thu 23:00 CET: still paused, nothing sent
      const during = await sc.state();
      expect(during.stage).toBe('paused');
      expect(touchLines(during)).toEqual(['2027-10-21 09:00 email reminder_1 sent 123456']);
      expect(during.callTasks).toHaveLength(1);

      await travelTo(env, '2027-11-12T12:00:00Z'); // Fri 13:00 CET
      const mid = await sc.state();
      expect(mid.stage).toBe('reminding');
      expect(Math.abs(mid.cadenceShiftMs - (13 * DAY + 16.5 * HOUR))).toBeLessThan(5_000);
      expect(mid.openTask).toMatchObject({ taskId: 'call_1-2', assignee: 'collector' });
      expect(paris(mid.openTask!.openedAt)).toBe('2027-11-10 10:00');
      expect(paris(mid.openTask!.dueBy)).toBe('2027-11-15 10:00');

      await travelTo(env, '2027-11-17T08:30:00Z'); // Wed 09:30 CET
      const view = await sc.state();
      expect(touchLines(view)).toEqual([
        '2027-10-21 09:00 email reminder_1 sent 123456',
        '2027-11-12 09:00 email gap_reminder sent 123456',
        '2027-11-17 09:00 letter letter_1 sent 123456',
        '2027-11-17 09:00 email letter_1 sent 123456',
      ]);
      expect(traceLines(view, ['paused', 'resumed'])).toEqual([
        '2027-10-22 08:30 paused paused - -',
        '2027-11-05 00:00 reminding resumed - -',
      ]);
      expect(view.trace.filter((t) => t.kind === 'paused' || t.kind === 'resumed').map((t) => t.detail)).toEqual([
        'Takeover in progress, wait for the new owner (until 2027-11-05)',
        'pause ended (2027-11-05)',
      ]);
    });
  });

  it('cancel with a reason: outcome cancelled, the reason in the result, open call task cancelled', async () => {
    // Due Wed 2027-12-01. pre_due_call Fri 11-26 10:00 (missed Thu 12-02 10:00). reminder_1 Thu 12-02 09:00.
    // call_1 D+7 Wed 12-08 10:00 (task call_1-2). Cancelled Thu 12-09 10:15 CET (09:15Z), before the gap
    // reminder (12-02 + 10 days = Sun 12-12 -> Fri 12-10 09:00), which must never go.
    await travelTo(env, '2027-11-22T08:00:00Z');
    const sc = await startScenario(env, { invoice: { issueDate: '2027-11-01', dueDate: '2027-12-01' } });
    const reason = 'Invoice issued in error, replaced by INV-2027-0999';
    await sc.run(async () => {
      await travelTo(env, '2027-12-09T09:15:00Z');
      expect((await sc.state()).openTask?.taskId).toBe('call_1-2');
      await sc.handle.signal(msg.cancel, { reason, by: 'finance-ops' });
      const result = await resultOf(sc);
      expect(result).toMatchObject({ outcome: 'cancelled', stage: 'closed', reason, amountDueCents: SAMPLE_DUE, paidCents: 0 });
      expect(result.closedAt).toMatch(/^2027-12-09T09:15/);

      await travelTo(env, '2027-12-15T09:00:00Z'); // Wed, after the would-be gap reminder of Fri 12-10
      const view = await sc.state();
      expect(touchLines(view)).toEqual(['2027-12-02 09:00 email reminder_1 sent 123456']);
      expect(view).toMatchObject({ stage: 'closed', outcome: 'cancelled', closeReason: reason });
      expect(view.openTask).toBeUndefined();
      expect(view.callTasks.map((t) => `${t.taskId} ${t.status}`)).toEqual(['pre_due_call-1 missed', 'call_1-2 cancelled']);
      expect(traceLines(view, ['closed'])).toEqual(['2027-12-09 10:15 closed closed - cancelled']);
      expect(view.trace.find((t) => t.kind === 'closed')!.detail).toBe(reason);
      expect(sc.log).toHaveLength(1);
    });
  });

  it('insolvency with an open call task: outcome insolvency, task cancelled, nothing else sent', async () => {
    // Due Wed 2027-12-29. pre_due_call: Tue 12-28, Mon 12-27, (Sat 12-25), Fri 12-24 -> Fri 12-24 10:00;
    // deadline Tue 12-28 10:00, reopened to Thu 12-30 10:00, missed. reminder_1 Thu 12-30 09:00.
    // call_1 D+7 = Wed 2028-01-05 10:00 (task call_1-2, deadline Fri 01-07 10:00).
    // Insolvency Thu 2028-01-06 11:00 CET (10:00Z). Without it the gap reminder would have gone on
    // Fri 01-07 09:00 (12-30 + 10 days = Sun 01-09) and letter_1 on Wed 01-12.
    await travelTo(env, '2027-12-20T08:00:00Z');
    const sc = await startScenario(env, { invoice: { issueDate: '2027-11-29', dueDate: '2027-12-29' } });
    await sc.run(async () => {
      await travelTo(env, '2028-01-06T10:00:00Z');
      const before = await sc.state();
      expect(before.openTask).toMatchObject({ taskId: 'call_1-2', status: 'open' });
      expect(paris(before.openTask!.openedAt)).toBe('2028-01-05 10:00');

      await sc.handle.signal(msg.insolvencyOpened, { procedure: 'receivership', reference: 'RJ 2028/001', administrator: 'Me Dupont', openedOn: '2028-01-05' });
      const result = await resultOf(sc);
      await recordHistory('insolvency', sc.handle);
      expect(result).toMatchObject({
        outcome: 'insolvency',
        stage: 'closed',
        amountDueCents: SAMPLE_DUE,
        reason: 'insolvency proceedings (receivership): file the claim with the mandataire judiciaire (Me Dupont) within 2 months of the BODACC publication (date not recorded) (Code de commerce L622-24, R622-24)',
      });
      expect(result.closedAt).toMatch(/^2028-01-06T10:00/);

      await travelTo(env, '2028-01-20T10:00:00Z');
      const view = await sc.state();
      expect(view.insolvency).toMatchObject({ procedure: 'receivership', reference: 'RJ 2028/001', administrator: 'Me Dupont', openedOn: '2028-01-05' });
      expect(view.openTask).toBeUndefined();
      expect(view.callTasks.map((t) => `${t.taskId} ${t.status}`)).toEqual(['pre_due_call-1 missed', 'call_1-2 cancelled']);
      expect(paris(view.callTasks[1].closedAt!)).toBe('2028-01-06 11:00');
      expect(view.pending).toEqual([]);
      expect(touchLines(view)).toEqual(['2027-12-30 09:00 email reminder_1 sent 123456']);
      expect(traceLines(view, ['closed'])).toEqual(['2028-01-06 11:00 closed closed - insolvency']);
      expect(sc.log.map((r) => r.kind)).toEqual(['email']);
      expect(emails(sc.log).map((e) => e.stepId)).toEqual(['reminder_1']);
    });
  });

  it('contact change: the next emails, letters and call tasks go to the new primary contact', async () => {
    // Due Wed 2028-02-02. pre_due_call Fri 01-28 10:00. reminder_1 Thu 02-03 09:00 to ap@acme.fr.
    // Contact changed Mon 02-07 10:00 CET (09:00Z). call_1 D+7 Wed 02-09 10:00 for the new contact.
    // Gap: 02-03 + 10 days = Sun 02-13 -> Fri 02-11 09:00 gap_reminder to the new address.
    // letter_1 D+14 Wed 02-16 09:00 addressed to the new contact, its email copy to the new address.
    await travelTo(env, '2028-01-24T08:00:00Z');
    const sc = await startScenario(env, { invoice: { issueDate: '2028-01-03', dueDate: '2028-02-02' } });
    const sophie = { name: 'Sophie Leroy', role: 'accounts_payable' as const, email: 'sophie.leroy@acme.fr', phone: '+33 1 98 76 54 32' };
    await sc.run(async () => {
      await travelTo(env, '2028-02-07T09:00:00Z');
      await sc.handle.signal(msg.contactChanged, { contact: sophie, primary: true });
      const changed = await until(sc, (v) => v.contacts.length === 3);
      expect(changed.activeContact).toBe(2);
      expect(changed.contacts[2]).toEqual(sophie);
      expect(traceLines(changed, ['contact_changed'])).toEqual(['2028-02-07 10:00 reminding contact_changed - -']);

      await travelTo(env, '2028-02-16T09:00:00Z'); // Wed 10:00 CET
      const view = await sc.state();
      expect(view.touches.map((t) => `${paris(t.at)} ${t.channel} ${t.template} ${t.to}`)).toEqual([
        '2028-02-03 09:00 email reminder_1 ap@acme.fr',
        '2028-02-11 09:00 email gap_reminder sophie.leroy@acme.fr',
        '2028-02-16 09:00 letter letter_1 Sophie Leroy',
        '2028-02-16 09:00 email letter_1 sophie.leroy@acme.fr',
      ]);
      expect(messages(sc.log).map((m) => `${m.kind} ${m.request.stepId.replace(/^gap-\d+$/, 'gap')} ${m.request.to.name} ${m.request.to.email}`)).toEqual([
        'email reminder_1 Claire Martin ap@acme.fr',
        'email gap Sophie Leroy sophie.leroy@acme.fr',
        'letter letter_1 Sophie Leroy sophie.leroy@acme.fr',
        'email letter_1-copy Sophie Leroy sophie.leroy@acme.fr',
      ]);
      const call1 = view.callTasks.find((t) => t.stepId === 'call_1')!;
      expect(paris(call1.openedAt)).toBe('2028-02-09 10:00');
      expect(call1.contactIndex).toBe(2);
    });
  });

  it('invalid signal payloads are not applied and are recorded as signal_rejected', async () => {
    // Due Wed 2028-03-01. pre_due_call: Tue 02-29 (leap year), Mon 02-28, Fri 02-25 -> Fri 02-25 10:00.
    // reminder_1 Thu 03-02 09:00. Bad signals Fri 03-03 11:00 CET (10:00Z). The cadence carries on:
    // call_1 Wed 03-08 10:00 (task), gap: 03-02 + 10 days = Sun 03-12 -> Fri 03-10 09:00, full amount.
    await travelTo(env, '2028-02-21T08:00:00Z');
    const sc = await startScenario(env, { invoice: { issueDate: '2028-01-31', dueDate: '2028-03-01' } });
    await sc.run(async () => {
      await travelTo(env, '2028-03-03T10:00:00Z');
      await sc.handle.signal(msg.paymentReceived, { paymentId: 'PAY-ZERO', amountCents: 0 });
      await sc.handle.signal(msg.cancel, { reason: 'no' });
      await sc.handle.signal(msg.disputeOpened, { kind: 'legal', details: 'Lawyer says no' } as never);
      await sc.handle.signal(msg.pause, { reason: 'Waiting', until: '2028-02-30' });
      // Well-formed but about no open dispute: refused by the reducer, recorded the same way.
      await sc.handle.signal(msg.disputeResolved, { disputeId: 'DSP-NONE', resolution: 'resume' });
      const view1 = await until(sc, (v) => v.trace.filter((t) => t.kind === 'signal_rejected').length >= 5);
      const rejected = view1.trace.filter((t) => t.kind === 'signal_rejected');
      expect(rejected.map((t) => `${paris(t.at)} ${t.stage}`)).toEqual(Array(5).fill('2028-03-03 11:00 reminding'));
      expect(rejected[0].detail).toBe('paymentReceived: amountCents: must be more than 0');
      expect(rejected[1].detail).toBe('cancel: reason: say why (at least 3 characters)');
      expect(rejected[2].detail).toMatch(/^disputeOpened: kind: /);
      expect(rejected[3].detail).toBe('pause: until: not a real calendar date');
      expect(rejected[4].detail).toBe('disputeResolved: no open dispute DSP-NONE');
      // None of them was applied.
      expect(view1).toMatchObject({ stage: 'reminding', amountDueCents: SAMPLE_DUE, paidCents: 0, paymentIds: [], disputes: [] });
      expect(view1.outcome).toBeUndefined();
      expect(view1.paused).toBeUndefined();

      await travelTo(env, '2028-03-10T11:00:00Z'); // Fri 12:00 CET
      const view = await sc.state();
      expect(touchLines(view)).toEqual([
        '2028-03-02 09:00 email reminder_1 sent 123456',
        '2028-03-10 09:00 email gap_reminder sent 123456',
      ]);
      expect(view.callTasks.map((t) => `${t.taskId} ${paris(t.openedAt)}`)).toEqual([
        'pre_due_call-1 2028-02-25 10:00',
        'call_1-2 2028-03-08 10:00',
      ]);
      expect(emails(sc.log).map((e) => e.facts.amountDueCents)).toEqual([SAMPLE_DUE, SAMPLE_DUE]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Small helpers

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const PARIS = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** `YYYY-MM-DD HH:MM` in Paris, to the nearest minute (signals land a few ms after the instant travelled to). */
function paris(ms: number): string {
  return PARIS.format(new Date(Math.round(ms / 60_000) * 60_000));
}

/** Touches as `date time channel template result amountDueCents`. */
function touchLines(view: DunningView): string[] {
  return view.touches.map((t) => `${paris(t.at)} ${t.channel} ${t.template} ${t.result} ${t.amountDueCents}`);
}

/** Trace entries of the given kinds as `date time stage kind step outcome`. */
function traceLines(view: DunningView, kinds: string[]): string[] {
  return view.trace.filter((t) => kinds.includes(t.kind)).map((t) => `${paris(t.at)} ${t.stage} ${t.kind} ${t.step ?? '-'} ${t.outcome ?? '-'}`);
}

function emails(log: RecordedSend[]) {
  return log.flatMap((r) => (r.kind === 'email' ? [r.request] : []));
}

/** Emails and letters in the order they were sent. */
function messages(log: RecordedSend[]) {
  return log.flatMap((r) => (r.kind === 'litigation' ? [] : [{ kind: r.kind, request: r.request as EmailRequest | LetterRequest }]));
}

/**
 * The run's result without moving the clock: the test environment's own client skips time while
 * it waits for a result (to 10 years later once the run is over), so a plain client is used.
 */
async function resultOf(sc: Scenario): Promise<DunningResult> {
  const client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
  return client.workflow.getHandle<typeof dunningWorkflow>(sc.handle.workflowId).result();
}

/** Queries until the workflow has applied what was just signalled (wall-clock polling, no time skipped). */
async function until(sc: Scenario, ok: (v: DunningView) => boolean, timeoutMs = 10_000): Promise<DunningView> {
  const start = Date.now();
  for (;;) {
    const v = await sc.state();
    if (ok(v)) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`workflow state did not reach the expected condition; trace: ${JSON.stringify(v.trace.slice(-5))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
