import { describe } from 'vitest';
import type { CallOutcomeInput } from '../../../domain/invoice/commands';
import { PolicySchema } from '../../../domain/policy/schema';
import { DEFAULT_POLICY_INPUT } from '../../../domain/policy/default';
import { sampleInvoice } from '../../helpers/fixtures';
import { iso, localDateTime, once, policyWith, Shell, table, touchLines } from './driver';

/**
 * Hard thresholds of docs/domain.md §2, as rows. Sample invoice due Wed 3 Feb 2027 (Paris) unless
 * a row says otherwise; started Thu 4 Feb 07:00 (the pre-due call already past) or Mon 25 Jan.
 */

const DAY = 86_400_000;
type Outcome = Omit<CallOutcomeInput, 'taskId'>;

// The accounts-payable address bounces (an unsuccessful touch; the reminder goes by letter and later
// emails go to the next contact), then call 1 and call 2 are not answered: 3 unsuccessful touches.
const threeUnsuccessful = once(() =>
  Shell.start({ at: '2027-02-04T06:00:00Z', bouncing: ['ap@acme.fr'] })
    .complete('2027-02-10T09:30:00Z', { reached: false })
    .complete('2027-02-24T09:30:00Z', { reached: false, notes: 'voicemail again' })
    .runToEnd(),
);

describe('§2 3 unsuccessful touches within 30 days: litigation announced, then formal notice, then handoff', () => {
  table<unknown>([
    { spec: '§2', rule: 'every touch: bounce, letter fallback, two unreached calls with their written follow-ups, then litigation_announce and the notice', observe: () => touchLines(threeUnsuccessful().state),
      expected: [
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
      ] },
    // No news of the registered notice of Wed 24 Feb 10:30: presentation taken at the end of the wait, 24 Feb + 15 =
    // Thu 11 Mar; + 8 days = Fri 19 Mar, a business day; handed off on the next one: Mon 22 Mar 09:00 = 08:00Z.
    { spec: '§2', rule: 'the reason, the notice deadline and the handoff', observe: () => {
      const s = threeUnsuccessful().state;
      return { reason: s.litigation.reason, deadline: s.formalNotice?.deadline, handedOffAt: iso(s.litigation.handedOffAt!), outcome: s.outcome, badEmails: s.badEmails };
    }, expected: { reason: '3 unsuccessful touches within 30 days', deadline: '2027-03-19', handedOffAt: '2027-03-22T08:00:00.000Z', outcome: 'litigation', badEmails: ['ap@acme.fr'] } },
    { spec: '§2', rule: 'later emails go to the next contact once the first address bounced', observe: () => [...new Set(threeUnsuccessful().state.touches.filter((t) => t.channel === 'email' && t.result === 'sent').map((t) => t.to))],
      expected: ['paul.durand@acme.fr'] },
    { spec: '§2', rule: 'a window of 10 days: the same three touches are not within it, no litigation', observe: () => {
      const sh = Shell.start({ at: '2027-02-04T06:00:00Z', bouncing: ['ap@acme.fr'], policy: policyWith({ unsuccessfulTouches: { count: 3, window: '10 days' } }) })
        .complete('2027-02-10T09:30:00Z', { reached: false })
        .complete('2027-02-24T09:30:00Z', { reached: false })
        .runUntil('2027-02-25T00:00:00Z');
      return { reason: sh.state.litigation.reason, stage: sh.state.stage, notice: sh.state.formalNotice };
    }, expected: { reason: undefined, stage: 'reminding', notice: undefined } },
    // §2 "A cordial pre-due call is not a failure": pre-due + call 1 + call 2 unreached (29 Jan..24 Feb) is
    // 2 failures, not 3: no litigation on 24 Feb, the cadence goes on to the notice announce of 3 Mar.
    { spec: '§2', rule: 'the pre-due call does not count: pre-due + call 1 + call 2 unreached is only 2 failures', observe: () => {
      const sh = Shell.start({ at: '2027-01-25T08:00:00Z' })
        .complete('2027-01-29T09:30:00Z', { reached: false })
        .complete('2027-02-10T09:30:00Z', { reached: false })
        .complete('2027-02-24T09:30:00Z', { reached: false })
        .runUntil('2027-03-03T09:00:00Z');
      return { reason: sh.state.litigation.reason, lastTouch: touchLines(sh.state).at(-1) };
    }, expected: { reason: undefined, lastTouch: '2027-03-03 09:00 email notice_announce sent' } },
  ]);
});

describe('§2 which touches are unsuccessful ("fruitless")', () => {
  // Call 1 (Wed 10 Feb 10:00) answered at 10:30 with this outcome: the call's touch.
  const call1 = (o: Outcome) => {
    const s = Shell.start({ at: '2027-02-04T06:00:00Z' }).complete('2027-02-10T09:30:00Z', o).state;
    const t = s.touches.find((x) => x.channel === 'call')!;
    return `${t.result} ${t.unsuccessful ? 'unsuccessful' : 'not unsuccessful'}`;
  };
  const preDue = (o: Outcome) => {
    const s = Shell.start({ at: '2027-01-25T08:00:00Z' }).complete('2027-01-29T09:30:00Z', o).state;
    const t = s.touches.find((x) => x.channel === 'call')!;
    return `${t.stepId} ${t.result} ${t.unsuccessful ? 'unsuccessful' : 'not unsuccessful'}`;
  };
  table<string>([
    { spec: '§2', rule: 'unanswered call', observe: () => call1({ reached: false }), expected: 'unreached unsuccessful' },
    { spec: '§2', rule: 'answered, refuses, nothing agreed', observe: () => call1({ reached: true, reason: 'refused' }), expected: 'reached unsuccessful' },
    { spec: '§3', rule: 'answered "it\'s in progress" without a date: not a promise', observe: () => call1({ reached: true, reason: 'in_progress' }), expected: 'reached unsuccessful' },
    { spec: '§2', rule: 'answered with a dated promise', observe: () => call1({ reached: true, promise: { date: '2027-02-19', amountCents: 123_456 } }), expected: 'reached not unsuccessful' },
    { spec: '§2', rule: 'answered with a payment plan', observe: () => call1({ reached: true, plan: { instalments: [{ date: '2027-02-26', amountCents: 60_000 }, { date: '2027-03-26', amountCents: 63_456 }] } }), expected: 'reached not unsuccessful' },
    { spec: '§2', rule: 'answered with a dispute', observe: () => call1({ reached: true, dispute: { kind: 'commercial', details: 'price differs from the quote' } }), expected: 'reached not unsuccessful' },
    { spec: '§2', rule: 'answered "never received it": document resent', observe: () => call1({ reached: true, reason: 'not_received', documentRequested: 'invoice' }), expected: 'reached not unsuccessful' },
    { spec: '§2', rule: 'a message sent is not a failure', observe: () => { const t = Shell.start({ at: '2027-02-04T06:00:00Z' }).runUntil('2027-02-04T08:00:00Z').state.touches[0]; return `${t.template} ${t.result} ${t.unsuccessful ? 'unsuccessful' : 'not unsuccessful'}`; }, expected: 'reminder_1 sent not unsuccessful' },
    { spec: '§2', rule: 'a bounced email is unanswered', observe: () => { const t = Shell.start({ at: '2027-02-04T06:00:00Z', bouncing: ['ap@acme.fr'] }).runUntil('2027-02-04T08:00:00Z').state.touches[0]; return `${t.template} ${t.result} ${t.unsuccessful ? 'unsuccessful' : 'not unsuccessful'}`; }, expected: 'reminder_1 bounced unsuccessful' },
    // §2 "answered with ... confirmation that the invoice is validated and will be paid at term ...
    // A cordial pre-due call is not a failure" (more rows: test/unit/core/calls.test.ts).
    { spec: '§2', rule: 'cordial pre-due call, answered: invoice validated, will be paid at term', observe: () => preDue({ reached: true, contactName: 'Claire Martin', confirmedAtTerm: true, notes: 'invoice validated, paid at term on 3 Feb' }), expected: 'pre_due_call reached not unsuccessful' },
    { spec: '§2', rule: 'cordial pre-due call, not answered', observe: () => preDue({ reached: false }), expected: 'pre_due_call unreached not unsuccessful' },
  ]);
});

describe('§2 escalation of the contact after 2 unreached calls', () => {
  const oneContact = sampleInvoice().debtor;
  table<unknown>([
    // Pre-due call (Fri 29 Jan) and call 1 (Wed 10 Feb) unreached: call 2 (Wed 24 Feb) and letter 1 go to the manager.
    { spec: '§2', rule: 'not reached twice in a row: the next call task and messages target the manager', observe: () => {
      const s = Shell.start({ at: '2027-01-25T08:00:00Z' })
        .complete('2027-01-29T09:30:00Z', { reached: false })
        .complete('2027-02-10T09:30:00Z', { reached: false })
        .runUntil('2027-02-25T00:00:00Z').state;
      const call2 = s.callTasks.find((t) => t.stepId === 'call_2')!;
      return { activeContact: s.activeContact, call2: `${localDateTime(call2.openedAt)} contact ${call2.contactIndex}`, letter1: s.touches.filter((t) => t.template === 'letter_1').map((t) => t.to), escalated: s.trace.filter((t) => t.kind === 'contact_escalated').map((t) => t.detail) };
    }, expected: { activeContact: 1, call2: '2027-02-24 10:00 contact 1', letter1: ['Paul Durand', 'paul.durand@acme.fr'], escalated: ['not reached 2 times: next calls go to Paul Durand (manager)'] } },
    { spec: '§2', rule: 'reached on the second call: the streak is reset, no escalation', observe: () => {
      const s = Shell.start({ at: '2027-02-04T06:00:00Z' })
        .complete('2027-02-10T09:30:00Z', { reached: false })
        .complete('2027-02-24T09:30:00Z', { reached: true, contactName: 'Claire Martin', reason: 'in_progress', promise: { date: '2027-02-26', amountCents: 123_456 } }).state;
      return { consecutiveUnreached: s.consecutiveUnreached, activeContact: s.activeContact, escalated: s.trace.some((t) => t.kind === 'contact_escalated') };
    }, expected: { consecutiveUnreached: 0, activeContact: 0, escalated: false } },
    { spec: '§2', rule: 'nobody to escalate to (a single contact): calls stay with that contact', observe: () => {
      const s = Shell.start({ at: '2027-01-25T08:00:00Z', invoice: { debtor: { ...oneContact, contacts: [oneContact.contacts[0]] } } })
        .complete('2027-01-29T09:30:00Z', { reached: false })
        .complete('2027-02-10T09:30:00Z', { reached: false }).state;
      return { activeContact: s.activeContact, consecutiveUnreached: s.consecutiveUnreached };
    }, expected: { activeContact: 0, consecutiveUnreached: 2 } },
  ]);
});

describe('§2 call limits: maximum attempts per invoice, minimum gap between attempts', () => {
  table<unknown>([
    { spec: '§2', rule: 'max call attempts (2 in this policy): the last attempt without result leads to litigation', observe: () => {
      const s = Shell.start({ at: '2027-02-04T06:00:00Z', policy: policyWith({ calls: { maxAttempts: 2 } }) })
        .complete('2027-02-10T09:30:00Z', { reached: true, reason: 'refused' })
        .complete('2027-02-24T09:30:00Z', { reached: true, reason: 'refused' })
        .runUntil('2027-02-24T10:30:00Z').state;
      return { callAttempts: s.callAttempts, reason: s.litigation.reason, lastTwo: touchLines(s).slice(-2), stage: s.stage };
    }, expected: { callAttempts: 2, reason: '2 call attempts (the policy allows 2)', lastTwo: ['2027-02-24 10:30 email litigation_announce sent', '2027-02-24 10:30 letter formal_notice sent'], stage: 'formal_notice' } },
    // Due Wed 2 Jun 2027, call 1 answered Wed 9 Jun 10:30: follow-up wanted Thu 10 Jun 10:30 (1 day),
    // calls at least 3 business days apart: Mon 14 Jun 10:30 = 08:30Z.
    { spec: '§2', rule: 'min gap between call attempts wins over an earlier follow-up', observe: () => {
      const s = Shell.start({ at: '2027-06-03T06:00:00Z', invoice: { issueDate: '2027-05-03', dueDate: '2027-06-02' }, policy: policyWith({ documentFollowUp: '1 day', calls: { minGap: '3 business days' } }) })
        .complete('2027-06-09T08:30:00Z', { reached: true, documentRequested: 'delivery_note' })
        .runUntil('2027-06-14T09:00:00Z').state;
      const t = s.callTasks.find((x) => x.status === 'open')!;
      return `${t.kind} ${iso(t.openedAt)}`;
    }, expected: 'document_follow_up 2027-06-14T08:30:00.000Z' },
  ]);
});

describe('§2 §3 a document asked for: sent at once by email, followed up within 7 days', () => {
  // Due Wed 2 Jun 2027; call 1 answered Wed 9 Jun 10:30 CEST: "never received the invoice".
  const resent = once(() =>
    Shell.start({ at: '2027-06-03T06:00:00Z', invoice: { issueDate: '2027-05-03', dueDate: '2027-06-02' } })
      .complete('2027-06-09T08:30:00Z', { reached: true, reason: 'not_received', documentRequested: 'invoice' })
      .runUntil('2027-06-16T08:45:00Z'),
  );
  table<unknown>([
    { spec: '§2 §3', rule: 'document_resend email at once (invoice attached), the call follow-up with it; letter_1 on its date', observe: () => touchLines(resent().state),
      expected: [
        '2027-06-03 09:00 email reminder_1 sent',
        '2027-06-09 10:30 call call_1 reached',
        '2027-06-09 10:30 email document_resend sent',
        '2027-06-09 10:30 email call_followup sent',
        '2027-06-16 09:00 letter letter_1 sent',
        '2027-06-16 09:00 email letter_1 sent',
      ] },
    { spec: '§3', rule: 'the resend carries the document and the invoice PDF', observe: () => {
      const a = resent().performed.map((p) => p.action).find((x) => x.kind === 'send' && x.template === 'document_resend');
      return a?.kind === 'send' ? { document: a.document, attachInvoice: a.options.attachInvoice } : undefined;
    }, expected: { document: 'invoice', attachInvoice: true } },
    // 9 Jun 10:30 + 7 days = Wed 16 Jun 10:30, inside the call window.
    { spec: '§2 §3', rule: 'follow-up call task 7 days later', observe: () => {
      const t = resent().state.callTasks.find((x) => x.status === 'open')!;
      return `${t.kind} ${localDateTime(t.openedAt)}`;
    }, expected: 'document_follow_up 2027-06-16 10:30' },
    // spec: §2 "followed up within 7 days"; today: due Wed 30 Jun 2027, call 1 answered Wed 7 Jul 10:30:
    // +7 days is Wed 14 Jul (a holiday) and the task moves forward to Thu 15 Jul 10:00, 8 days later
    // (domain/dunning/reduce.ts:300 adds the delay, domain/dunning/plan.ts:96 callTime only moves it later).
    { spec: '§2', rule: 'follow-up within 7 days when day 7 is a public holiday (14 July)', today: 'opens Thu 15 Jul 10:00, 7 days 23.5 h after the call', observe: () => {
      const sh = Shell.start({ at: '2027-07-01T06:00:00Z', invoice: { issueDate: '2027-05-31', dueDate: '2027-06-30' } })
        .complete('2027-07-07T08:30:00Z', { reached: true, reason: 'not_received', documentRequested: 'invoice' })
        .runUntil('2027-07-16T00:00:00Z');
      const t = sh.state.callTasks.find((x) => x.kind === 'document_follow_up')!;
      return { kind: t.kind, withinSevenDays: t.openedAt - Date.parse('2027-07-07T08:30:00Z') <= 7 * DAY };
    }, expected: { kind: 'document_follow_up', withinSevenDays: true } },
  ]);
});

describe('§2 never a formal notice before the invoice is due, whatever the policy says', () => {
  const noticeBeforeDue = (sh: Shell) => {
    const sent = sh.state.formalNotice?.sentAt;
    return { noticeSentBeforeDueDate: sent !== undefined && localDateTime(sent).slice(0, 10) < sh.state.invoice.dueDate };
  };
  table<unknown>([
    { spec: '§2', rule: 'the default cadence: the notice comes 30 days after the due date', observe: () => noticeBeforeDue(Shell.start({ at: '2027-01-25T08:00:00Z' }).runToEnd()), expected: { noticeSentBeforeDueDate: false } },
    // §2 "Never a formal notice before the invoice is due, whatever the policy says": with calls.maxAttempts 1,
    // the pre-due call (Fri 29 Jan, due Wed 3 Feb) answered without result decides litigation; the notice
    // waits for the first send slot after the due date (domain/dunning/plan.ts noticeFloor).
    { spec: '§2', rule: 'litigation decided before the due date (max attempts 1): the notice waits for the due date', observe: () =>
      noticeBeforeDue(Shell.start({ at: '2027-01-25T08:00:00Z', policy: policyWith({ calls: { maxAttempts: 1 } }) }).complete('2027-01-29T09:30:00Z', { reached: true, reason: 'refused' }).runUntil('2027-02-05T00:00:00Z')),
    expected: { noticeSentBeforeDueDate: false } },
    // Same rule: a policy whose notice step is at "-2 days" (Mon 1 Feb) still waits for the due date.
    { spec: '§2', rule: 'a policy with the notice step before the due date: the notice still waits for the due date', observe: () => {
      const policy = PolicySchema.parse({ ...DEFAULT_POLICY_INPUT, steps: [{ id: 'formal_notice', offset: '-2 days', channel: 'letter', template: 'formal_notice', tone: 'formal', actor: 'system', registered: true, formalNotice: true }] });
      return noticeBeforeDue(Shell.start({ at: '2027-01-25T08:00:00Z', policy }).runUntil('2027-02-05T00:00:00Z'));
    }, expected: { noticeSentBeforeDueDate: false } },
  ]);
});
