import { describe } from 'vitest';
import { parseDuration } from '../../../domain/time/duration';
import { DEFAULT_POLICY } from '../../../domain/policy/parse';
import { checkInstant, nextActions, reminderInstant } from '../../../domain/dunning/plan';
import { iso, localDateTime, once, policyWith, Shell, table, touchLines } from './driver';

/**
 * Promises, payment plans and settlements (docs/domain.md §2 broken promises, §3), as rows.
 * Default policy: reminder 2 business days before the date, grace 2 business days after it
 * (checked at 00:00 the day after), broken promise chased by a call task 1 business day later.
 */

/** Everything the planner has in view, earliest first: `kind what YYYY-MM-DD HH:MM` (Paris). */
function plan(sh: Shell): string[] {
  return nextActions(sh.state, sh.policy, sh.now).map((a) => {
    const what = a.kind === 'send' ? a.template : a.kind === 'open_call' ? a.task.kind : a.kind === 'event' ? a.event.type : 'litigation';
    return `${a.kind} ${what} ${localDateTime(a.at)}`;
  });
}

describe('§3 dated promise: friendly reminder before the date, checked after the grace period', () => {
  const PARIS = 'Europe/Paris';
  const g = DEFAULT_POLICY.promises;
  table<string>([
    // Fri 23 Apr 2027: Thu 22, Wed 21 -> Wed 21 Apr 09:00.
    { spec: '§3', rule: 'reminder 2 business days before a Friday promise: Wednesday 09:00', observe: () => localDateTime(reminderInstant('2027-04-23', g.reminderBefore, DEFAULT_POLICY, PARIS)), expected: '2027-04-21 09:00' },
    { spec: '§3', rule: 'reminder 2 business days before a Monday promise: Thursday 09:00', observe: () => localDateTime(reminderInstant('2027-04-26', g.reminderBefore, DEFAULT_POLICY, PARIS)), expected: '2027-04-22 09:00' },
    // Tue 6 Jun 2028: Mon 5 Jun is Whit Monday -> Fri 2, Thu 1 Jun.
    { spec: '§3 §8', rule: 'reminder before a promise just after Whit Monday skips the holiday', observe: () => localDateTime(reminderInstant('2028-06-06', g.reminderBefore, DEFAULT_POLICY, PARIS)), expected: '2028-06-01 09:00' },
    // Fri 23 Apr 2027 + Mon 26, Tue 27 -> checked Wed 28 Apr 00:00.
    { spec: '§3', rule: 'check after 2 business days of grace, from the end of the promised day', observe: () => localDateTime(checkInstant('2027-04-23', g.grace, DEFAULT_POLICY, PARIS)), expected: '2027-04-28 00:00' },
    // Fri 30 Apr 2027 + (Sat 1 May, holiday) Mon 3, Tue 4 -> Wed 5 May 00:00.
    { spec: '§3 §8', rule: 'grace over a weekend and 1 May', observe: () => localDateTime(checkInstant('2027-04-30', g.grace, DEFAULT_POLICY, PARIS)), expected: '2027-05-05 00:00' },
    { spec: '§3', rule: 'grace in calendar days (3 days): end of the promised day + 3 days', observe: () => localDateTime(checkInstant('2027-04-23', parseDuration('3 days'), DEFAULT_POLICY, PARIS)), expected: '2027-04-27 00:00' },
  ]);
});

// Due Wed 7 Apr 2027; call 1 (Wed 14 Apr 10:00) answered at 10:30 CEST: full amount promised for Fri 23 Apr.
const promised = () =>
  Shell.start({ at: '2027-04-08T06:00:00Z', invoice: { issueDate: '2027-03-08', dueDate: '2027-04-07' } })
    .complete('2027-04-14T08:30:00Z', { reached: true, contactName: 'Claire Martin', reason: 'forgot', promise: { date: '2027-04-23', amountCents: 123_456 } });

describe('§3 a promise holds the cadence and is kept by a payment', () => {
  table<unknown>([
    { spec: '§3', rule: 'after the call: the written follow-up at once, then only the reminder and the check (letter_1 and gap held)', observe: () => {
      const sh = promised();
      const first = plan(sh);
      sh.runUntil('2027-04-14T09:30:00Z');
      return { first: first[0], then: plan(sh) };
    }, expected: { first: 'send call_followup 2027-04-14 10:30', then: ['send promise_reminder 2027-04-21 09:00', 'event promise_due 2027-04-28 00:00'] } },
    { spec: '§3', rule: 'while the promise runs nothing else goes out (D+14 letter of 21 Apr held)', observe: () => touchLines(promised().runUntil('2027-04-26T08:00:00Z').state),
      expected: ['2027-04-08 09:00 email reminder_1 sent', '2027-04-14 10:30 call call_1 reached', '2027-04-14 10:30 email call_followup sent', '2027-04-21 09:00 email promise_reminder sent'] },
    { spec: '§3', rule: 'paid within the grace period (Mon 26 Apr 11:00): promise kept, file paid', observe: () => {
      const s = promised().pay('2027-04-26T09:00:00Z', 'VIR-1', 123_456).runToEnd().state;
      return { promises: s.promises.map((p) => p.status), outcome: s.outcome, last: touchLines(s).at(-1) };
    }, expected: { promises: ['kept'], outcome: 'paid', last: '2027-04-26 11:00 email payment_confirmation sent' } },
    { spec: '§3', rule: 'paid before the date: kept at once, no reminder', observe: () => {
      const s = promised().pay('2027-04-20T09:00:00Z', 'VIR-1', 123_456).runToEnd().state;
      return { promises: s.promises.map((p) => p.status), templates: s.touches.map((t) => t.template) };
    }, expected: { promises: ['kept'], templates: ['reminder_1', 'call_1', 'call_followup', 'payment_confirmation'] } },
    { spec: '§3', rule: 'a promise for part of the amount is kept by that part; the rest is still chased', observe: () => {
      const s = Shell.start({ at: '2027-04-08T06:00:00Z', invoice: { issueDate: '2027-03-08', dueDate: '2027-04-07' } })
        .complete('2027-04-14T08:30:00Z', { reached: true, promise: { date: '2027-04-23', amountCents: 50_000 } })
        .pay('2027-04-22T09:00:00Z', 'VIR-1', 50_000).state;
      return { promises: s.promises.map((p) => p.status), amountDueCents: s.amountDueCents, stage: s.stage, outcome: s.outcome };
    }, expected: { promises: ['kept'], amountDueCents: 73_456, stage: 'reminding', outcome: undefined } },
    { spec: '§3', rule: 'a promise paid only in part is broken at the check', observe: () => {
      const s = Shell.start({ at: '2027-04-08T06:00:00Z', invoice: { issueDate: '2027-03-08', dueDate: '2027-04-07' } })
        .complete('2027-04-14T08:30:00Z', { reached: true, promise: { date: '2027-04-23', amountCents: 50_000 } })
        .pay('2027-04-22T09:00:00Z', 'VIR-1', 30_000)
        .runUntil('2027-04-27T22:00:00Z').state;
      return { promises: s.promises.map((p) => p.status), brokenPromises: s.brokenPromises, amountDueCents: s.amountDueCents };
    }, expected: { promises: ['broken'], brokenPromises: 1, amountDueCents: 93_456 } },
  ]);
});

describe('§2 §3 broken promises: broken_promise email, chased daily, 2 broken lead to litigation', () => {
  // Due Wed 1 Sep 2027; call 1 (Wed 8 Sep 10:00) answered 10:30: full amount for Fri 10 Sep. Its reminder
  // (Wed 8 Sep 09:00) is already past. Grace Mon 13, Tue 14 -> checked Wed 15 Sep 00:00: broken (1).
  const broken = () =>
    Shell.start({ at: '2027-09-02T06:00:00Z', invoice: { issueDate: '2027-08-02', dueDate: '2027-09-01' } })
      .complete('2027-09-08T08:30:00Z', { reached: true, promise: { date: '2027-09-10', amountCents: 123_456 } });
  // The chase (Thu 16 Sep 10:00) answered 10:30: a new promise for Mon 20 Sep, checked Thu 23 Sep 00:00: broken (2).
  const twice = once(() => broken().complete('2027-09-16T08:30:00Z', { reached: true, reason: 'customer_not_paid', promise: { date: '2027-09-20', amountCents: 123_456 } }).runToEnd());
  table<unknown>([
    { spec: '§3', rule: 'a promise whose reminder time has passed: only the check is planned', observe: () => plan(broken().runUntil('2027-09-08T09:00:00Z')), expected: ['event promise_due 2027-09-15 00:00'] },
    { spec: '§2 §3', rule: 'broken (1): broken_promise email at 09:00, chase call task the next business day (brokenChase 1 business day)', observe: () => {
      const s = broken().runUntil('2027-09-16T08:30:00Z').state;
      const t = s.callTasks.find((x) => x.status === 'open')!;
      return { brokenPromises: s.brokenPromises, lastTouch: touchLines(s).at(-1), chase: `${t.kind} ${t.script} ${t.tone} ${iso(t.openedAt)}` };
    }, expected: { brokenPromises: 1, lastTouch: '2027-09-15 09:00 email broken_promise sent', chase: 'broken_promise broken_promise firm 2027-09-16T08:00:00.000Z' } },
    { spec: '§2', rule: 'chased daily: a chase that gets nothing new is chased again the next business day', observe: () => {
      const s = broken().complete('2027-09-16T08:30:00Z', { reached: true, reason: 'refused' }).runUntil('2027-09-17T09:00:00Z').state;
      return s.callTasks.filter((t) => t.kind === 'broken_promise').map((t) => `${t.status} ${localDateTime(t.openedAt)}`);
    }, expected: ['done 2027-09-16 10:00', 'open 2027-09-17 10:30'] },
    { spec: '§2', rule: 'chased daily: an unanswered chase is chased again the next business day (Friday -> Monday)', observe: () => {
      const s = broken().complete('2027-09-16T08:30:00Z', { reached: false }).complete('2027-09-17T08:30:00Z', { reached: false }).runUntil('2027-09-20T09:00:00Z').state;
      return s.callTasks.filter((t) => t.kind === 'broken_promise').map((t) => `${t.status} ${localDateTime(t.openedAt)}`);
    }, expected: ['done 2027-09-16 10:00', 'done 2027-09-17 10:30', 'open 2027-09-20 10:30'] },
    { spec: '§2 §3', rule: 'the second broken promise (2 allowed): litigation announced, formal notice, handoff', observe: () => touchLines(twice().state),
      expected: [
        '2027-09-02 09:00 email reminder_1 sent',
        '2027-09-08 10:30 call call_1 reached',
        '2027-09-08 10:30 email call_followup sent',
        '2027-09-15 09:00 email broken_promise sent',
        '2027-09-16 10:30 call broken_promise reached',
        '2027-09-16 10:30 email call_followup sent',
        '2027-09-23 09:00 email litigation_announce sent',
        '2027-09-23 09:00 letter formal_notice sent',
      ] },
    // No news of the registered notice of Thu 23 Sep: presentation taken at the end of the wait, 23 Sep + 15 = Fri 8 Oct;
    // + 8 days = Sat 16 Oct -> Mon 18 Oct; handed off on the next business day: Tue 19 Oct 09:00 CEST = 07:00Z.
    { spec: '§2', rule: 'two broken promises: reason, deadline, handoff', observe: () => {
      const s = twice().state;
      return { promises: s.promises.map((p) => p.status), reason: s.litigation.reason, deadline: s.formalNotice?.deadline, handedOffAt: iso(s.litigation.handedOffAt!), outcome: s.outcome };
    }, expected: { promises: ['broken', 'broken'], reason: '2 broken promises (the policy allows 2)', deadline: '2027-10-18', handedOffAt: '2027-10-19T07:00:00.000Z', outcome: 'litigation' } },
    { spec: '§2', rule: 'a policy allowing 3: the second broken promise is chased, no litigation', observe: () => {
      const s = Shell.start({ at: '2027-09-02T06:00:00Z', invoice: { issueDate: '2027-08-02', dueDate: '2027-09-01' }, policy: policyWith({ brokenPromises: { allowed: 3, hardshipException: true } }) })
        .complete('2027-09-08T08:30:00Z', { reached: true, promise: { date: '2027-09-10', amountCents: 123_456 } })
        .complete('2027-09-16T08:30:00Z', { reached: true, promise: { date: '2027-09-20', amountCents: 123_456 } })
        .runUntil('2027-09-24T09:00:00Z').state;
      return { brokenPromises: s.brokenPromises, litigation: s.litigation.reason, lastTouch: touchLines(s).at(-1), open: s.callTasks.filter((t) => t.status === 'open').map((t) => `${t.kind} ${localDateTime(t.openedAt)}`) };
    }, expected: { brokenPromises: 2, litigation: undefined, lastTouch: '2027-09-23 09:00 email broken_promise sent', open: ['broken_promise 2027-09-24 10:00'] } },
    // spec: §2 "Broken promises are chased daily (a call task the next business day after the grace
    // period ends)": grace = Mon 13 and Tue 14 Sep, so the chase is Wed 15 Sep; today: the promise is
    // found broken at Wed 15 00:00 and brokenChase (1 business day) is counted from then
    // (domain/dunning/reduce.ts:402), so the first chase opens Thu 16 Sep 10:00, a day later than the spec's wording.
    { spec: '§2', rule: 'the first chase is the next business day after the grace period ends (Wed 15 Sep)', today: 'Thu 16 Sep 10:00', observe: () => {
      const t = broken().runUntil('2027-09-17T00:00:00Z').state.callTasks.find((x) => x.kind === 'broken_promise')!;
      return localDateTime(t.openedAt).slice(0, 10);
    }, expected: '2027-09-15' },
  ]);
});

describe('§2 §3 hardship: a payment plan instead of litigation, tracked instalment by instalment', () => {
  // Due Wed 1 Mar 2028 (CET); call 1 Wed 8 Mar answered 10:30: hardship, 500 EUR for Fri 10 Mar, broken
  // Wed 15 Mar 00:00 (1); chase Thu 16 Mar answered 10:30: 500 EUR for Mon 20 Mar, broken Thu 23 Mar 00:00 (2):
  // hardship -> plan_proposal 09:00 and a chase Fri 24 Mar 10:00, answered 10:30 with a plan:
  // 600 + 317,28 + 317,28 = 1 234,56 (a larger first instalment, "ticket d'entrée").
  const hardship = once(() => {
    const sh = Shell.start({ at: '2028-03-02T07:00:00Z', invoice: { issueDate: '2028-01-31', dueDate: '2028-03-01' } })
      .complete('2028-03-08T09:30:00Z', { reached: true, reason: 'cannot_pay', hardship: true, promise: { date: '2028-03-10', amountCents: 50_000 } })
      .complete('2028-03-16T09:30:00Z', { reached: true, promise: { date: '2028-03-20', amountCents: 50_000 } })
      .runUntil('2028-03-24T09:29:00Z');
    const proposal = sh.state;
    sh.complete('2028-03-24T09:30:00Z', { reached: true, plan: { instalments: [{ date: '2028-04-07', amountCents: 60_000 }, { date: '2028-05-05', amountCents: 31_728 }, { date: '2028-06-06', amountCents: 31_728 }] } });
    const agreed = sh.state;
    sh.pay('2028-04-06T08:00:00Z', 'P1', 60_000);
    const afterFirst = sh.state;
    sh.pay('2028-05-04T08:00:00Z', 'P2', 31_728);
    const afterSecond = sh.state;
    sh.pay('2028-06-05T08:00:00Z', 'P3', 31_728).runToEnd();
    return { proposal, agreed, afterFirst, afterSecond, end: sh.state };
  });
  table<unknown>([
    { spec: '§2', rule: 'second broken promise with hardship declared: plan proposal, no litigation, the chase goes on', observe: () => {
      const s = hardship().proposal;
      const t = s.callTasks.find((x) => x.status === 'open')!;
      return { brokenPromises: s.brokenPromises, litigation: s.litigation.announcedAt, notice: s.formalNotice, lastTouch: touchLines(s).at(-1), chase: `${t.kind} ${localDateTime(t.openedAt)}` };
    }, expected: { brokenPromises: 2, litigation: undefined, notice: undefined, lastTouch: '2028-03-23 09:00 email plan_proposal sent', chase: 'broken_promise 2028-03-24 10:00' } },
    { spec: '§3', rule: 'the plan agreed: confirmed in writing at once (plan_confirmation)', observe: () => {
      const s = hardship().agreed;
      return { instalments: s.plan!.instalments.map((i) => `${i.seq} ${i.date} ${i.amountCents} ${i.status}`), pending: s.pending.map((p) => `${p.template} ${p.immediate ? 'immediate' : 'next slot'}`) };
    }, expected: { instalments: ['1 2028-04-07 60000 pending', '2 2028-05-05 31728 pending', '3 2028-06-06 31728 pending'], pending: ['plan_confirmation immediate'] } },
    { spec: '§3', rule: 'instalments tracked one by one as they are paid', observe: () => [hardship().afterFirst, hardship().afterSecond, hardship().end].map((s) => `${s.plan!.status}: ${s.plan!.instalments.map((i) => i.status).join(' ')}`),
      expected: ['active: paid pending pending', 'active: paid paid pending', 'completed: paid paid paid'] },
    // Reminders 2 business days before each instalment: Fri 7 Apr -> Wed 5 Apr; Fri 5 May -> Wed 3 May;
    // Tue 6 Jun -> Thu 1 Jun (Whit Monday 5 Jun).
    { spec: '§3', rule: 'every touch of the hardship file, to the last instalment', observe: () => touchLines(hardship().end),
      expected: [
        '2028-03-02 09:00 email reminder_1 sent',
        '2028-03-08 10:30 call call_1 reached',
        '2028-03-08 10:30 email call_followup sent',
        '2028-03-15 09:00 email broken_promise sent',
        '2028-03-16 10:30 call broken_promise reached',
        '2028-03-16 10:30 email call_followup sent',
        '2028-03-23 09:00 email plan_proposal sent',
        '2028-03-24 10:30 call broken_promise reached',
        '2028-03-24 10:30 email plan_confirmation sent',
        '2028-04-05 09:00 email promise_reminder sent',
        '2028-05-03 09:00 email promise_reminder sent',
        '2028-06-01 09:00 email promise_reminder sent',
        '2028-06-05 10:00 email payment_confirmation sent',
      ] },
    { spec: '§3', rule: 'last instalment paid: outcome paid', observe: () => ({ outcome: hardship().end.outcome, amountDueCents: hardship().end.amountDueCents, paidCents: hardship().end.paidCents }), expected: { outcome: 'paid', amountDueCents: 0, paidCents: 123_456 } },
    // Due Wed 7 Apr 2027; call 1 Wed 14 Apr answered 10:30 with a plan (Fri 30 Apr 600, Mon 31 May 634,56).
    // Instalment 1 unpaid: grace (Sat 1 May) Mon 3, Tue 4 -> missed Wed 5 May 00:00; broken_promise email 09:00;
    // chase 1 business day later: Thu 6 May is Ascension -> Fri 7 May 10:00.
    { spec: '§3', rule: 'a missed instalment is a broken promise: plan broken, broken_promise email, chase', observe: () => {
      const s = Shell.start({ at: '2027-04-08T06:00:00Z', invoice: { issueDate: '2027-03-08', dueDate: '2027-04-07' } })
        .complete('2027-04-14T08:30:00Z', { reached: true, reason: 'cannot_pay', plan: { instalments: [{ date: '2027-04-30', amountCents: 60_000 }, { date: '2027-05-31', amountCents: 63_456 }] } })
        .runUntil('2027-05-07T08:30:00Z').state;
      return {
        plan: `${s.plan!.status}: ${s.plan!.instalments.map((i) => i.status).join(' ')}`,
        brokenPromises: s.brokenPromises,
        touches: touchLines(s).slice(2),
        chase: s.callTasks.filter((t) => t.status === 'open').map((t) => `${t.kind} ${localDateTime(t.openedAt)}`),
      };
    }, expected: {
      plan: 'broken: missed pending',
      brokenPromises: 1,
      touches: ['2027-04-14 10:30 email plan_confirmation sent', '2027-04-28 09:00 email promise_reminder sent', '2027-05-05 09:00 email broken_promise sent'],
      chase: ['broken_promise 2027-05-07 10:00'],
    } },
  ]);
});

describe('§3 settlement with discount: reduces what is due, closes as settled when paid', () => {
  // Due Wed 6 Sep 2028; call 1 Wed 13 Sep answered 10:30: 1 000 EUR by Fri 29 Sep, approved by the CFO.
  const settled = once(() => {
    const sh = Shell.start({ at: '2028-09-07T06:00:00Z', invoice: { issueDate: '2028-08-07', dueDate: '2028-09-06' } })
      .complete('2028-09-13T08:30:00Z', { reached: true, reason: 'cannot_pay', settlement: { amountCents: 100_000, approvedBy: 'CFO Marie Leroy', payBy: '2028-09-29' } });
    const agreed = sh.state;
    sh.pay('2028-09-28T08:00:00Z', 'S1', 100_000).runToEnd();
    return { agreed, end: sh.state };
  });
  table<unknown>([
    { spec: '§3', rule: 'agreed: the approved amount becomes what is due, the discount is recorded', observe: () => {
      const s = settled().agreed;
      return { amountDueCents: s.amountDueCents, settlement: { amountCents: s.settlement?.amountCents, waivedCents: s.settlement?.waivedCents, approvedBy: s.settlement?.approvedBy }, promise: s.promises.map((p) => `${p.date} ${p.amountCents} ${p.status}`) };
    }, expected: { amountDueCents: 100_000, settlement: { amountCents: 100_000, waivedCents: 23_456, approvedBy: 'CFO Marie Leroy' }, promise: ['2028-09-29 100000 pending'] } },
    { spec: '§3', rule: 'the reminder asks for the settled amount; paying it closes the file as settled', observe: () => {
      const s = settled().end;
      return { touches: s.touches.map((t) => `${t.template} ${t.amountDueCents}`), outcome: s.outcome, paidCents: s.paidCents, amountDueCents: s.amountDueCents, reason: s.closeReason };
    }, expected: { touches: ['reminder_1 123456', 'call_1 123456', 'call_followup 100000', 'promise_reminder 100000', 'payment_confirmation 0'], outcome: 'settled', paidCents: 100_000, amountDueCents: 0, reason: 'settled for 100000 cents' } },
  ]);
});
