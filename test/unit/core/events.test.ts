import { describe } from 'vitest';
import { nextActions } from '../../../domain/dunning/plan';
import type { DunningState } from '../../../domain/dunning/state';
import { iso, localDateTime, nextLine, once, policyWith, Shell, table } from './driver';

/**
 * Events that change the course (docs/domain.md §3), as rows: (state, event) -> new state and
 * next action. Sample invoice: 123 456 cents, contacts Claire Martin (ap@acme.fr) then Paul Durand.
 * Dates hand-computed in the comments (same scenarios as test/workflow/events.test.ts).
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Touches as `YYYY-MM-DD HH:MM channel template result amountDueCents` (Paris). */
const touchAmounts = (s: DunningState) => s.touches.map((t) => `${localDateTime(t.at)} ${t.channel} ${t.template} ${t.result} ${t.amountDueCents}`);
const taskStatuses = (s: DunningState) => s.callTasks.map((t) => `${t.taskId} ${t.status}`);
const taskOpenings = (s: DunningState) => s.callTasks.map((t) => `${t.taskId} ${localDateTime(t.openedAt)}`);

describe('§3 payments', () => {
  // Due Wed 10 Feb 2027: reminder_1 Thu 11 Feb 09:00; call_1 task Wed 17 Feb 10:00; paid in full Thu 18 Feb 14:30.
  const paidInFull = once(() => Shell.start({ at: '2027-02-01T08:00:00Z', invoice: { issueDate: '2027-01-11', dueDate: '2027-02-10' } }).pay('2027-02-18T13:30:00Z', 'PAY-FULL', 123_456).runToEnd().state);
  // Due Wed 10 Mar 2027: 500 EUR paid Mon 15 Mar 11:00; call_1 Wed 17 Mar 10:00; gap 11 Mar + 10 days = Sun 21 -> Fri 19 Mar 09:00; letter_1 Wed 24 Mar.
  const partial = () => Shell.start({ at: '2027-03-01T08:00:00Z', invoice: { issueDate: '2027-02-08', dueDate: '2027-03-10' } }).pay('2027-03-15T10:00:00Z', 'PAY-P1', 50_000);
  // Due Thu 1 Apr 2027: PAY-A twice and PAY-B on Tue 6 Apr 11:00 CEST; gap reminder Mon 12 Apr 09:00.
  const duplicate = () => Shell.start({ at: '2027-03-25T08:00:00Z', invoice: { issueDate: '2027-03-02', dueDate: '2027-04-01' } })
    .pay('2027-04-06T09:00:00Z', 'PAY-A', 30_000).pay('2027-04-06T09:00:00Z', 'PAY-A', 30_000).pay('2027-04-06T09:00:00Z', 'PAY-B', 10_000);
  table<unknown>([
    { spec: '§3', rule: 'full payment: everything stops, outcome paid', observe: () => {
      const s = paidInFull();
      return { outcome: s.outcome, stage: s.stage, amountDueCents: s.amountDueCents, paidCents: s.paidCents, unappliedCents: s.unappliedCents, closedAt: iso(s.closedAt!), reason: s.closeReason };
    }, expected: { outcome: 'paid', stage: 'closed', amountDueCents: 0, paidCents: 123_456, unappliedCents: 0, closedAt: '2027-02-18T13:30:00.000Z', reason: 'paid in full' } },
    { spec: '§3', rule: 'full payment: the open call task is cancelled, the thank-you goes at once', observe: () => ({ tasks: taskStatuses(paidInFull()), touches: touchAmounts(paidInFull()) }),
      expected: { tasks: ['pre_due_call-1 missed', 'call_1-2 cancelled'], touches: ['2027-02-11 09:00 email reminder_1 sent 123456', '2027-02-18 14:30 email payment_confirmation sent 0'] } },
    { spec: '§3', rule: 'full payment with the thank-you turned off (it is optional): nothing more is sent', observe: () => touchAmounts(Shell.start({ at: '2027-02-01T08:00:00Z', invoice: { issueDate: '2027-01-11', dueDate: '2027-02-10' }, policy: policyWith({ thankYouOnPayment: false }) }).pay('2027-02-18T13:30:00Z', 'PAY-FULL', 123_456).runToEnd().state),
      expected: ['2027-02-11 09:00 email reminder_1 sent 123456'] },
    { spec: '§3', rule: 'partial payment: the amount due is reduced and the cadence goes on', observe: () => {
      const sh = partial();
      return { stage: sh.state.stage, amountDueCents: sh.state.amountDueCents, paidCents: sh.state.paidCents, outcome: sh.state.outcome, next: nextLine(sh) };
    }, expected: { stage: 'reminding', amountDueCents: 73_456, paidCents: 50_000, outcome: undefined, next: 'open_call call_1 2027-03-17 10:00' } },
    { spec: '§3', rule: 'partial payment: later messages never ask for more than is due', observe: () => touchAmounts(partial().runUntil('2027-03-24T09:00:00Z').state),
      expected: ['2027-03-11 09:00 email reminder_1 sent 123456', '2027-03-19 09:00 email gap_reminder sent 73456', '2027-03-24 09:00 letter letter_1 sent 73456', '2027-03-24 09:00 email letter_1 sent 73456'] },
    // Code civil 1343-1: the payment first pays the penalties of 11..14 Mar, 123 456 x 4 x 12.15 / 36 500 = 164.38 -> 164,
    // so the principal from 15 Mar is 123 456 - (50 000 - 164) = 73 620.
    { spec: '§3 §8', rule: 'partial payment: the balance for penalties changes from the day it was paid', observe: () => partial().state.balances,
      expected: [{ from: '2027-03-11', amountCents: 123_456 }, { from: '2027-03-15', amountCents: 73_620 }] },
    { spec: '§3 §9', rule: 'the same payment id twice counts once', observe: () => {
      const s = duplicate().state;
      return { amountDueCents: s.amountDueCents, paidCents: s.paidCents, paymentIds: s.paymentIds, details: s.trace.filter((t) => t.kind.startsWith('payment')).map((t) => t.detail) };
    }, expected: { amountDueCents: 83_456, paidCents: 40_000, paymentIds: ['PAY-A', 'PAY-B'], details: ['30000 cents (PAY-A), 164 cents to interest first (Code civil 1343-1); 93456 cents still due', 'payment PAY-A already recorded: ignored', '10000 cents (PAY-B); 83456 cents still due'] } },
    { spec: '§3', rule: 'after the payments the gap reminder asks for what is left', observe: () => touchAmounts(duplicate().runUntil('2027-04-12T10:00:00Z').state),
      expected: ['2027-04-02 09:00 email reminder_1 sent 123456', '2027-04-12 09:00 email gap_reminder sent 83456'] },
    // Due Wed 5 May 2027: 1 500 EUR paid Mon 10 May 16:20 CEST.
    { spec: '§3 §9', rule: 'overpayment: paid, the excess kept as unapplied cents', observe: () => {
      const s = Shell.start({ at: '2027-04-26T08:00:00Z', invoice: { issueDate: '2027-04-05', dueDate: '2027-05-05' } }).pay('2027-05-10T14:20:00Z', 'PAY-OVER', 150_000).runToEnd().state;
      return { outcome: s.outcome, paidCents: s.paidCents, unappliedCents: s.unappliedCents, amountDueCents: s.amountDueCents, detail: s.trace.find((t) => t.kind === 'payment')?.detail };
    }, expected: { outcome: 'paid', paidCents: 123_456, unappliedCents: 26_544, amountDueCents: 0, detail: '150000 cents (PAY-OVER), 26544 cents unapplied; 0 cents still due' } },
  ]);
});

describe('§3 disputes: the cadence holds, resumes shifted by the dispute\'s duration, or a credit note', () => {
  // Due Wed 2 Jun 2027; reminder_1 Thu 3 Jun 09:00. Dispute opened Thu 3 Jun 11:00 CEST, resolved
  // "resume" Thu 17 Jun 15:00 CEST: 14 days 4 hours. Later steps (09:00 from the due date) + 14d4h:
  //   call_1 Wed 9 Jun -> Wed 23 Jun 13:00; letter_1 Wed 16 Jun -> Wed 30 Jun 13:00; call_2 -> Wed 7 Jul 13:00;
  //   notice_announce Wed 30 Jun -> Wed 14 Jul 13:00 (holiday) -> Thu 15 Jul 09:00; formal_notice -> Fri 16 Jul 13:00.
  // Max gap from the resume: 17 Jun 15:00 + 10 days = Sun 27 Jun -> Fri 25 Jun 09:00; after letter_1:
  // Sat 10 Jul -> Fri 9 Jul 09:00. No news of the registered notice: its presentation is taken at the end of
  // the wait, 16 Jul + 15 days = Sat 31 Jul; deadline 31 Jul + 8 = Sun 8 Aug -> Mon 9 Aug; handoff Tue 10 Aug 09:00.
  const dispute = once(() => {
    const sh = Shell.start({ at: '2027-05-24T08:00:00Z', invoice: { issueDate: '2027-05-03', dueDate: '2027-06-02' } })
      .openDispute('2027-06-03T09:00:00Z', { disputeId: 'DSP-5', kind: 'commercial', details: 'Prices differ from the quote' });
    const opened = { stage: sh.state.stage, planned: nextActions(sh.state, sh.policy, sh.now).length, disputes: sh.state.disputes.map((d) => `${d.disputeId} ${d.kind} ${d.status}`) };
    sh.runUntil('2027-06-17T12:00:00Z');
    const during = { stage: sh.state.stage, touches: touchAmounts(sh.state), tasks: taskStatuses(sh.state) };
    sh.resolveDispute('2027-06-17T13:00:00Z', { disputeId: 'DSP-5', resolution: 'resume', note: 'Quote confirmed the price' });
    const resumed = { stage: sh.state.stage, cadenceShiftMs: sh.state.cadenceShiftMs, next: nextLine(sh) };
    sh.runUntil('2027-07-16T12:00:00Z');
    const later = { touches: touchAmounts(sh.state), tasks: taskOpenings(sh.state), stage: sh.state.stage, notice: { deadline: sh.state.formalNotice?.deadline, deadlineAt: iso(sh.state.formalNotice!.deadlineAt) } };
    sh.runToEnd();
    return { opened, during, resumed, later, end: sh.state };
  });
  // Due Wed 11 Aug 2027. DSP-1 opened Thu 12 Aug 14:00 CEST, closed Mon 16 Aug 15:00 by credit note CN-1 of
  // 234,56 EUR (4 days 1 hour held): call_1 Wed 18 Aug 09:00 + 4d1h -> Mon 23 Aug 10:00 (reopened once);
  // gap 16 Aug 15:00 + 10 days -> Thu 26 Aug 09:00 asking 1 000 EUR. DSP-2 opened Thu 26 Aug 11:00, closed
  // Mon 30 Aug 08:00 by credit note CN-2 of 1 000 EUR: nothing left due.
  const credit = once(() => {
    const sh = Shell.start({ at: '2027-08-02T08:00:00Z', invoice: { issueDate: '2027-07-12', dueDate: '2027-08-11' } })
      .openDispute('2027-08-12T12:00:00Z', { disputeId: 'DSP-1', kind: 'technical', details: 'Two licences were never activated' })
      .resolveDispute('2027-08-16T13:00:00Z', { disputeId: 'DSP-1', resolution: 'credit_note', creditNoteCents: 23_456, creditNoteRef: 'CN-1' });
    const partly = { stage: sh.state.stage, amountDueCents: sh.state.amountDueCents, creditedCents: sh.state.creditedCents, outcome: sh.state.outcome, cadenceShiftMs: sh.state.cadenceShiftMs };
    sh.runUntil('2027-08-26T09:00:00Z');
    const t = sh.state.callTasks.find((x) => x.status === 'open')!;
    const mid = { touches: touchAmounts(sh.state), task: `${t.taskId} reopened ${t.reopened} ${t.assignee} ${localDateTime(t.openedAt)}` };
    sh.openDispute('2027-08-26T09:00:00Z', { disputeId: 'DSP-2', kind: 'administrative', details: 'Purchase order number missing' })
      .resolveDispute('2027-08-30T06:00:00Z', { disputeId: 'DSP-2', resolution: 'credit_note', creditNoteCents: 100_000, creditNoteRef: 'CN-2' })
      .runToEnd();
    return { partly, mid, end: sh.state };
  });
  table<unknown>([
    { spec: '§3', rule: 'dispute opened: stage disputed, nothing planned', observe: () => dispute().opened, expected: { stage: 'disputed', planned: 0, disputes: ['DSP-5 commercial open'] } },
    { spec: '§3', rule: 'two weeks in dispute: no touch, call_1 (9 Jun) never opened', observe: () => dispute().during,
      expected: { stage: 'disputed', touches: ['2027-06-03 09:00 email reminder_1 sent 123456'], tasks: ['pre_due_call-1 missed'] } },
    { spec: '§3', rule: 'resolved "resume": back to reminding, later steps move by the 14 d 4 h in dispute', observe: () => dispute().resumed,
      expected: { stage: 'reminding', cadenceShiftMs: 14 * DAY + 4 * HOUR, next: 'open_call call_1 2027-06-23 13:00' } },
    { spec: '§3 §2', rule: 'after the resume: shifted steps, gap reminders counted from the resume, 14 July skipped', observe: () => dispute().later,
      expected: {
        touches: [
          '2027-06-03 09:00 email reminder_1 sent 123456',
          '2027-06-25 09:00 email gap_reminder sent 123456',
          '2027-06-30 13:00 letter letter_1 sent 123456',
          '2027-06-30 13:00 email letter_1 sent 123456',
          '2027-07-09 09:00 email gap_reminder sent 123456',
          '2027-07-15 09:00 email notice_announce sent 123456',
          '2027-07-16 13:00 letter formal_notice sent 123456',
        ],
        tasks: ['pre_due_call-1 2027-05-28 10:00', 'call_1-2 2027-06-23 13:00', 'call_2-3 2027-07-07 13:00'],
        stage: 'formal_notice',
        notice: { deadline: '2027-08-09', deadlineAt: '2027-08-10T07:00:00.000Z' },
      } },
    { spec: '§3', rule: 'after the resume, unpaid: handed off at the shifted deadline', observe: () => ({ outcome: dispute().end.outcome, handedOffAt: iso(dispute().end.litigation.handedOffAt!) }), expected: { outcome: 'litigation', handedOffAt: '2027-08-10T07:00:00.000Z' } },
    { spec: '§3', rule: 'credit note for part of the amount: reduced, the cadence goes on (4 d 1 h later)', observe: () => credit().partly,
      expected: { stage: 'reminding', amountDueCents: 100_000, creditedCents: 23_456, outcome: undefined, cadenceShiftMs: 4 * DAY + HOUR } },
    { spec: '§3', rule: 'after a partial credit note the messages ask for what is left', observe: () => credit().mid,
      expected: { touches: ['2027-08-12 09:00 email reminder_1 sent 123456', '2027-08-26 09:00 email gap_reminder sent 100000'], task: 'call_1-2 reopened 1 credit_controller 2027-08-23 10:00' } },
    { spec: '§3', rule: 'credit note for the whole amount: closed as credited, the open task cancelled, no thank-you', observe: () => {
      const s = credit().end;
      return { outcome: s.outcome, stage: s.stage, amountDueCents: s.amountDueCents, creditedCents: s.creditedCents, reason: s.closeReason, closedAt: iso(s.closedAt!), call1: s.callTasks.find((t) => t.taskId === 'call_1-2')?.status, touches: s.touches.length };
    }, expected: { outcome: 'credited', stage: 'closed', amountDueCents: 0, creditedCents: 123_456, reason: 'cancelled by a credit note', closedAt: '2027-08-30T06:00:00.000Z', call1: 'cancelled', touches: 2 } },
    { spec: '§3', rule: 'resolving a dispute that is not open: refused and traced, nothing changes', observe: () => {
      const s = Shell.start({ at: '2028-02-21T08:00:00Z', invoice: { issueDate: '2028-01-31', dueDate: '2028-03-01' } }).resolveDispute('2028-03-03T10:00:00Z', { disputeId: 'DSP-NONE', resolution: 'resume' }).state;
      return { stage: s.stage, rejected: s.trace.filter((t) => t.kind === 'signal_rejected').map((t) => t.detail) };
    }, expected: { stage: 'reminding', rejected: ['disputeResolved: no open dispute DSP-NONE'] } },
    // spec: §3 "Dispute: the cadence pauses; a dispute task is opened"; today: opening a dispute only
    // records it (domain/dunning/reduce.ts:436-441) and the planner returns nothing while it is open
    // (domain/dunning/plan.ts:66): no task for anyone to work the dispute (CallTaskKind has no dispute kind).
    { spec: '§3', rule: 'dispute opened: a dispute task is opened', today: 'no task, nothing planned', observe: () => {
      const sh = Shell.start({ at: '2027-05-24T08:00:00Z', invoice: { issueDate: '2027-05-03', dueDate: '2027-06-02' } })
        .openDispute('2027-06-03T09:00:00Z', { disputeId: 'DSP-5', kind: 'commercial', details: 'Prices differ from the quote' })
        .runUntil('2027-06-04T09:00:00Z');
      return { aboutTheDispute: nextActions(sh.state, sh.policy, sh.now).some((a) => /dispute/i.test(a.description)) || sh.state.callTasks.some((t) => t.status === 'open' && /dispute/i.test(`${t.kind} ${t.objective}`)) };
    }, expected: { aboutTheDispute: true } },
  ]);
});

describe('§3 pause, resume, pause until a date, cancel (finance ops, with a reason)', () => {
  // Due Wed 15 Sep 2027. Paused Thu 16 Sep 12:00 CEST, resumed Thu 23 Sep 16:00: 7 days 4 hours.
  //   call_1 Wed 22 Sep 09:00 + 7d4h = Wed 29 Sep 13:00; gap 23 Sep 16:00 + 10 days = Sun 3 Oct -> Fri 1 Oct 09:00;
  //   letter_1 Wed 29 Sep 09:00 + 7d4h = Wed 6 Oct 13:00.
  const paused = once(() => {
    const sh = Shell.start({ at: '2027-09-06T08:00:00Z', invoice: { issueDate: '2027-08-16', dueDate: '2027-09-15' } })
      .news('2027-09-16T10:00:00Z', { type: 'paused', at: 0, reason: 'CFO on leave, agreed with sales', by: 'finance-ops' });
    const during = { stage: sh.state.stage, planned: nextActions(sh.state, sh.policy, sh.now).length, paused: sh.state.paused?.reason };
    sh.runUntil('2027-09-23T13:00:00Z');
    const stillPaused = { touches: touchAmounts(sh.state), tasks: sh.state.callTasks.length };
    sh.news('2027-09-23T14:00:00Z', { type: 'resumed', at: 0, reason: 'CFO back', by: 'finance-ops' });
    const resumed = { stage: sh.state.stage, cadenceShiftMs: sh.state.cadenceShiftMs };
    sh.runUntil('2027-10-06T12:00:00Z');
    return { during, stillPaused, resumed, end: sh.state };
  });
  // Due Wed 20 Oct 2027. Paused Fri 22 Oct 08:30 CEST until 5 Nov: resumes Fri 5 Nov 00:00 CET (4 Nov 23:00Z),
  // clocks having gone back on 31 Oct: 13 days 16 h 30 held. call_1 Wed 27 Oct 09:00 CEST + 13d16h30 =
  // Wed 10 Nov 00:30 CET -> 10:00, deadline 2 business days (Thu 11 Nov holiday): Mon 15 Nov 10:00.
  // letter_1 -> Wed 17 Nov 09:00; gap 5 Nov 00:00 + 10 days = Mon 15 Nov 00:00 -> Fri 12 Nov 09:00.
  const until = once(() => {
    const sh = Shell.start({ at: '2027-10-11T08:00:00Z', invoice: { issueDate: '2027-09-20', dueDate: '2027-10-20' } })
      .news('2027-10-22T06:30:00Z', { type: 'paused', at: 0, reason: 'Takeover in progress, wait for the new owner', until: '2027-11-05' });
    const next = { line: nextLine(sh), at: iso(sh.next()!.at) };
    sh.runUntil('2027-11-12T12:00:00Z');
    const t = sh.state.callTasks.find((x) => x.status === 'open')!;
    const mid = { stage: sh.state.stage, cadenceShiftMs: sh.state.cadenceShiftMs, task: `${t.taskId} ${localDateTime(t.openedAt)} due ${localDateTime(t.dueBy)}` };
    sh.runUntil('2027-11-17T08:30:00Z');
    return { next, mid, end: sh.state };
  });
  // Due Wed 1 Dec 2027: call_1 task Wed 8 Dec 10:00; cancelled Thu 9 Dec 10:15, before the gap reminder of Fri 10 Dec.
  const cancelled = once(() => Shell.start({ at: '2027-11-22T08:00:00Z', invoice: { issueDate: '2027-11-01', dueDate: '2027-12-01' } })
    .news('2027-12-09T09:15:00Z', { type: 'cancelled', at: 0, reason: 'Invoice issued in error, replaced by INV-2027-0999', by: 'finance-ops' })
    .runToEnd());
  table<unknown>([
    { spec: '§3', rule: 'paused with a reason: stage paused, nothing planned', observe: () => paused().during, expected: { stage: 'paused', planned: 0, paused: 'CFO on leave, agreed with sales' } },
    { spec: '§3', rule: 'while paused nothing goes out (call_1 of 22 Sep not opened)', observe: () => paused().stillPaused, expected: { touches: ['2027-09-16 09:00 email reminder_1 sent 123456'], tasks: 1 } },
    { spec: '§3', rule: 'resumed: back to reminding, later steps move by the 7 d 4 h paused', observe: () => paused().resumed, expected: { stage: 'reminding', cadenceShiftMs: 7 * DAY + 4 * HOUR } },
    { spec: '§3', rule: 'after the resume: shifted steps and the gap counted from the resume', observe: () => ({ touches: touchAmounts(paused().end), tasks: taskOpenings(paused().end) }),
      expected: {
        touches: ['2027-09-16 09:00 email reminder_1 sent 123456', '2027-10-01 09:00 email gap_reminder sent 123456', '2027-10-06 13:00 letter letter_1 sent 123456', '2027-10-06 13:00 email letter_1 sent 123456'],
        tasks: ['pre_due_call-1 2027-09-10 10:00', 'call_1-2 2027-09-29 13:00'],
      } },
    { spec: '§3', rule: 'pause until a date: resumes by itself at 00:00 local that day (across the DST change)', observe: () => until().next, expected: { line: 'event resumed 2027-11-05 00:00', at: '2027-11-04T23:00:00.000Z' } },
    { spec: '§3', rule: 'pause until a date: later steps move by the 13 d 16 h 30 held', observe: () => until().mid,
      expected: { stage: 'reminding', cadenceShiftMs: 13 * DAY + 16.5 * HOUR, task: 'call_1-2 2027-11-10 10:00 due 2027-11-15 10:00' } },
    { spec: '§3', rule: 'pause until a date: the touches after it', observe: () => touchAmounts(until().end),
      expected: ['2027-10-21 09:00 email reminder_1 sent 123456', '2027-11-12 09:00 email gap_reminder sent 123456', '2027-11-17 09:00 letter letter_1 sent 123456', '2027-11-17 09:00 email letter_1 sent 123456'] },
    { spec: '§3', rule: 'cancel with a reason: outcome cancelled, the open task cancelled, nothing more sent', observe: () => {
      const s = cancelled().state;
      return { outcome: s.outcome, stage: s.stage, reason: s.closeReason, closedAt: iso(s.closedAt!), tasks: taskStatuses(s), touches: touchAmounts(s) };
    }, expected: { outcome: 'cancelled', stage: 'closed', reason: 'Invoice issued in error, replaced by INV-2027-0999', closedAt: '2027-12-09T09:15:00.000Z', tasks: ['pre_due_call-1 missed', 'call_1-2 cancelled'], touches: ['2027-12-02 09:00 email reminder_1 sent 123456'] } },
    { spec: '§3', rule: 'news after the file closed is ignored, with a trace', observe: () => {
      const sh = Shell.start({ at: '2027-11-22T08:00:00Z', invoice: { issueDate: '2027-11-01', dueDate: '2027-12-01' } })
        .news('2027-12-09T09:15:00Z', { type: 'cancelled', at: 0, reason: 'Invoice issued in error' })
        .pay('2027-12-10T09:00:00Z', 'LATE', 123_456);
      return { outcome: sh.state.outcome, paidCents: sh.state.paidCents, last: sh.state.trace.at(-1)?.detail };
    }, expected: { outcome: 'cancelled', paidCents: 0, last: 'payment after the file was closed' } },
  ]);
});

describe('§3 §8 insolvency and contact change', () => {
  // Due Wed 29 Dec 2027: call_1 task Wed 5 Jan 2028 10:00; insolvency (receivership) Thu 6 Jan 11:00 CET.
  const insolvent = once(() => Shell.start({ at: '2027-12-20T08:00:00Z', invoice: { issueDate: '2027-11-29', dueDate: '2027-12-29' } })
    .news('2028-01-06T10:00:00Z', { type: 'insolvency', at: 0, insolvency: { procedure: 'receivership', reference: 'RJ 2028/001', administrator: 'Me Dupont', openedOn: '2028-01-05' } })
    .runToEnd().state);
  // Due Wed 2 Feb 2028: reminder_1 Thu 3 Feb to ap@acme.fr; new primary contact Mon 7 Feb 10:00; call_1 Wed 9 Feb 10:00;
  // gap Thu 3 Feb + 10 days = Sun 13 -> Fri 11 Feb 09:00; letter_1 Wed 16 Feb.
  const sophie = { name: 'Sophie Leroy', role: 'accounts_payable' as const, email: 'sophie.leroy@acme.fr', phone: '+33 1 98 76 54 32' };
  const changed = once(() => Shell.start({ at: '2028-01-24T08:00:00Z', invoice: { issueDate: '2028-01-03', dueDate: '2028-02-02' } })
    .news('2028-02-07T09:00:00Z', { type: 'contact_changed', at: 0, contact: sophie, primary: true })
    .runUntil('2028-02-16T09:00:00Z').state);
  table<unknown>([
    { spec: '§3 §8', rule: 'insolvency proceedings: every action stops, outcome insolvency, the open task cancelled', observe: () => {
      const s = insolvent();
      return { outcome: s.outcome, stage: s.stage, reason: s.closeReason, tasks: taskStatuses(s), pending: s.pending, touches: touchAmounts(s), procedure: s.insolvency?.procedure };
    }, expected: { outcome: 'insolvency', stage: 'closed', reason: 'insolvency proceedings (receivership): file the claim with the mandataire judiciaire (Me Dupont) within 2 months of the BODACC publication (date not recorded) (Code de commerce L622-24, R622-24)', tasks: ['pre_due_call-1 missed', 'call_1-2 cancelled'], pending: [], touches: ['2027-12-30 09:00 email reminder_1 sent 123456'], procedure: 'receivership' } },
    { spec: '§3', rule: 'contact change: the next call, emails and letters go to the new primary contact', observe: () => {
      const s = changed();
      const call1 = s.callTasks.find((t) => t.stepId === 'call_1')!;
      return { activeContact: s.activeContact, touches: s.touches.map((t) => `${localDateTime(t.at)} ${t.channel} ${t.template} ${t.to}`), call1: `${localDateTime(call1.openedAt)} contact ${call1.contactIndex}` };
    }, expected: {
      activeContact: 2,
      touches: ['2028-02-03 09:00 email reminder_1 ap@acme.fr', '2028-02-11 09:00 email gap_reminder sophie.leroy@acme.fr', '2028-02-16 09:00 letter letter_1 Sophie Leroy', '2028-02-16 09:00 email letter_1 sophie.leroy@acme.fr'],
      call1: '2028-02-09 10:00 contact 2',
    } },
  ]);
});
