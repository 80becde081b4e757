import { describe } from 'vitest';
import { sampleInvoice } from '../../helpers/fixtures';
import { iso, localDateTime, nextLine, once, Shell, table, touchLines } from './driver';

/**
 * The default cadence of docs/domain.md §2, the business calendar of the planner (§2, §8) and
 * the late-import catch-up, as rows. Sample invoice: 1 234,56 EUR due Wed 3 Feb 2027, debtor in
 * Europe/Paris (CET = UTC+1 until 28 Mar 2027, CEST = UTC+2 until 31 Oct 2027).
 * Expected instants are hand-computed in the comments (same values as test/workflow/cadence.test.ts).
 */

// Nobody ever answers: the whole cadence runs to the handoff.
const unanswered = once(() => Shell.start({ at: '2027-01-25T08:00:00Z' }).runToEnd());

/** A performed step: its local time and what the planner asked for. */
function step(sh: Shell, stepId: string) {
  const p = sh.performed.find(({ action: a }) => (a.kind === 'open_call' ? a.task.stepId : a.kind === 'send' ? a.stepId : a.kind) === stepId);
  if (!p) return undefined;
  const a = p.action;
  const at = localDateTime(p.at);
  if (a.kind === 'open_call') return { at, call: a.task.kind, tone: a.task.tone, assignee: a.task.assignee, contact: a.task.contactIndex };
  if (a.kind === 'send') return { at, channel: a.channel, template: a.template, tone: a.tone, attachInvoice: a.options.attachInvoice, copyByEmail: a.options.copyByEmail, registered: a.options.registered };
  return { at, kind: a.kind };
}

describe('§2 default cadence, step by step (invoice due Wed 3 Feb 2027, nobody answers)', () => {
  table<unknown>([
    // D-3 business days: Tue 2, Mon 1 Feb, Fri 29 Jan; the call window opens at 10:00.
    { spec: '§2', rule: 'D-3 business days: courteous pre-due call task for the sales rep at the call window start', observe: () => step(unanswered(), 'pre_due_call'),
      expected: { at: '2027-01-29 10:00', call: 'pre_due', tone: 'courteous', assignee: 'sales_rep', contact: 0 } },
    { spec: '§2', rule: 'D+1: friendly email reminder_1 at 09:00, invoice PDF attached', observe: () => step(unanswered(), 'reminder_1'),
      expected: { at: '2027-02-04 09:00', channel: 'email', template: 'reminder_1', tone: 'friendly', attachInvoice: true, copyByEmail: false, registered: false } },
    { spec: '§2', rule: 'D+7: call task 1 for the collector, friendly-firm', observe: () => step(unanswered(), 'call_1'),
      expected: { at: '2027-02-10 10:00', call: 'reminder', tone: 'friendly_firm', assignee: 'collector', contact: 0 } },
    { spec: '§2', rule: 'D+14: firm letter_1 with its copy by email', observe: () => step(unanswered(), 'letter_1'),
      expected: { at: '2027-02-17 09:00', channel: 'letter', template: 'letter_1', tone: 'firm', attachInvoice: false, copyByEmail: true, registered: false } },
    { spec: '§2', rule: 'D+14: the letter and its email copy are two touches at the same instant', observe: () => touchLines(unanswered().state).filter((l) => l.includes('letter_1')),
      expected: ['2027-02-17 09:00 letter letter_1 sent', '2027-02-17 09:00 email letter_1 sent'] },
    { spec: '§2', rule: 'D+21: call task 2, firm', observe: () => step(unanswered(), 'call_2'),
      expected: { at: '2027-02-24 10:00', call: 'reminder', tone: 'firm', assignee: 'collector', contact: 0 } },
    { spec: '§2', rule: 'D+28: very firm email announcing the formal notice', observe: () => step(unanswered(), 'notice_announce'),
      expected: { at: '2027-03-03 09:00', channel: 'email', template: 'notice_announce', tone: 'very_firm', attachInvoice: false, copyByEmail: false, registered: false } },
    { spec: '§2', rule: 'D+30: formal notice, registered letter', observe: () => step(unanswered(), 'formal_notice'),
      expected: { at: '2027-03-05 09:00', channel: 'letter', template: 'formal_notice', tone: 'formal', attachInvoice: false, copyByEmail: false, registered: true } },
    // No news of the registered letter (Fri 5 Mar 09:00): the wait ends Sat 20 Mar, taken as its first presentation;
    // 20 Mar + 8 days = Sun 28 Mar -> Mon 29 Mar (Easter Monday) -> Tue 30 Mar (§8: a non-working last day moves forward);
    // handoff on the first business day after: Wed 31 Mar 09:00.
    { spec: '§2 §8', rule: 'formal notice deadline: 8 days, moved off the weekend', observe: () => ({ deadline: unanswered().state.formalNotice?.deadline, handoffFrom: localDateTime(unanswered().state.formalNotice!.deadlineAt) }),
      expected: { deadline: '2027-03-30', handoffFrom: '2027-03-31 09:00' } },
    { spec: '§2', rule: 'notice deadline passed: litigation handoff, outcome litigation', observe: () => ({ at: step(unanswered(), 'handoff')?.at, outcome: unanswered().state.outcome, stage: unanswered().state.stage, reference: unanswered().state.litigation.reference }),
      expected: { at: '2027-03-31 09:00', outcome: 'litigation', stage: 'litigation', reference: 'LIT-INV-2027-001' } },
    { spec: '§2 §7', rule: 'stages: pre_due, then reminding from D+1, formal_notice from D+30, litigation at the handoff', observe: () => {
      const sh = Shell.start({ at: '2027-01-25T08:00:00Z' });
      return ['2027-02-04T07:59:00Z', '2027-02-04T08:00:00Z', '2027-03-05T07:59:00Z', '2027-03-05T08:00:00Z', '2027-03-31T07:00:00Z'].map((t) => `${t} ${sh.runUntil(t).state.stage}`);
    }, expected: ['2027-02-04T07:59:00Z pre_due', '2027-02-04T08:00:00Z reminding', '2027-03-05T07:59:00Z reminding', '2027-03-05T08:00:00Z formal_notice', '2027-03-31T07:00:00Z litigation'] },
    { spec: '§2', rule: 'the whole unanswered run: every touch in order (unmade calls are not touches)', observe: () => touchLines(unanswered().state),
      expected: [
        '2027-02-04 09:00 email reminder_1 sent',
        '2027-02-12 09:00 email gap_reminder sent',
        '2027-02-17 09:00 letter letter_1 sent',
        '2027-02-17 09:00 email letter_1 sent',
        '2027-02-26 09:00 email gap_reminder sent',
        '2027-03-03 09:00 email notice_announce sent',
        '2027-03-05 09:00 letter formal_notice sent',
      ] },
  ]);
});

describe('§2 max gap: no gap longer than 10 days between two touches without promise or dispute', () => {
  const gaps = (sh: Shell) => touchLines(sh.state).filter((l) => l.includes('gap_reminder'));
  table<unknown>([
    // 4 Feb 09:00 + 10 days = Sun 14 Feb -> last business day before: Fri 12 Feb 09:00 (letter_1 is 17 Feb).
    // 17 Feb + 10 days = Sat 27 Feb -> Fri 26 Feb 09:00 (notice_announce is 3 Mar).
    { spec: '§2', rule: 'limit on a weekend: gap_reminder on the last business day before it', observe: () => gaps(unanswered()),
      expected: ['2027-02-12 09:00 email gap_reminder sent', '2027-02-26 09:00 email gap_reminder sent'] },
    { spec: '§2', rule: 'the longest gap of the unanswered run, in hours (17 Feb -> 26 Feb)', observe: () => {
      const at = unanswered().state.touches.map((t) => t.at);
      return Math.max(...at.slice(1).map((t, i) => t - at[i])) / 3_600_000;
    }, expected: 216 },
    // Due Thu 1 Apr 2027: reminder_1 Fri 2 Apr 09:00 CEST; + 10 days = Mon 12 Apr 09:00, a business day: exactly then.
    { spec: '§2', rule: 'limit on a business day at send time: gap_reminder at the limit itself', observe: () => gaps(Shell.start({ at: '2027-03-25T08:00:00Z', invoice: { issueDate: '2027-03-02', dueDate: '2027-04-01' } }).runUntil('2027-04-14T00:00:00Z')),
      expected: ['2027-04-12 09:00 email gap_reminder sent'] },
    // Due Wed 5 May 2027: reminder_1 Thu 6 May (Ascension) -> Fri 7 May 09:00; + 10 days = Mon 17 May,
    // Whit Monday -> Fri 14 May 09:00; letter_1 D+14 = Wed 19 May.
    { spec: '§2 §8', rule: 'limit on a public holiday (Whit Monday): gap_reminder the business day before', observe: () => touchLines(Shell.start({ at: '2027-04-26T08:00:00Z', invoice: { issueDate: '2027-04-05', dueDate: '2027-05-05' } }).runUntil('2027-05-20T00:00:00Z').state),
      expected: ['2027-05-07 09:00 email reminder_1 sent', '2027-05-14 09:00 email gap_reminder sent', '2027-05-19 09:00 letter letter_1 sent', '2027-05-19 09:00 email letter_1 sent'] },
  ]);
});

describe('§2 §8 business calendar in the planner', () => {
  const NY = 'America/New_York';
  const ny = (over: { dueDate: string; issueDate: string }) => ({ ...over, debtor: { ...sampleInvoice().debtor, timeZone: NY, language: 'en' as const } });
  const first = (sh: Shell, template: string) => sh.state.touches.find((t) => t.template === template);
  const task = (sh: Shell, stepId: string) => sh.state.callTasks.find((t) => t.stepId === stepId);
  table<unknown>([
    // Due Fri 1 Oct 2027: D+1 = Sat 2 Oct -> Mon 4 Oct 09:00.
    { spec: '§2', rule: 'weekend: a step due on a Saturday goes on the Monday at send time', observe: () => touchLines(Shell.start({ at: '2027-10-01T12:00:00Z', invoice: { issueDate: '2027-09-01', dueDate: '2027-10-01' } }).runUntil('2027-10-05T00:00:00Z').state)[0],
      expected: '2027-10-04 09:00 email reminder_1 sent' },
    // Due Tue 13 Jul 2027: D+1 = Wed 14 Jul (Fête nationale) -> Thu 15 Jul 09:00.
    { spec: '§8', rule: 'public holiday 14 July: the step goes the next business day', observe: () => touchLines(Shell.start({ at: '2027-07-13T12:00:00Z', invoice: { issueDate: '2027-06-13', dueDate: '2027-07-13' } }).runUntil('2027-07-16T00:00:00Z').state)[0],
      expected: '2027-07-15 09:00 email reminder_1 sent' },
    // Due Wed 5 May 2027: D+1 = Thu 6 May (Ascension) -> Fri 7 May 09:00.
    { spec: '§8', rule: 'public holiday Ascension: the step goes the next business day', observe: () => touchLines(Shell.start({ at: '2027-04-26T08:00:00Z', invoice: { issueDate: '2027-04-05', dueDate: '2027-05-05' } }).runUntil('2027-05-08T00:00:00Z').state)[0],
      expected: '2027-05-07 09:00 email reminder_1 sent' },
    // Due Thu 1 Apr 2027: D-3 business days = Wed 31, Tue 30, (Mon 29 Mar Easter Monday), Fri 26 Mar.
    { spec: '§8', rule: 'public holiday Easter Monday is not a business day when counting D-3', observe: () => localDateTime(task(Shell.start({ at: '2027-03-25T08:00:00Z', invoice: { issueDate: '2027-03-02', dueDate: '2027-04-01' } }).runUntil('2027-03-27T00:00:00Z'), 'pre_due_call')!.openedAt),
      expected: '2027-03-26 10:00' },
    // Due Wed 24 Mar 2027; clocks go forward Sun 28 Mar. D+1 09:00 CET = 08:00Z; D+7 call 10:00 CEST = 08:00Z; D+14 09:00 CEST = 07:00Z.
    { spec: '§8', rule: 'DST spring-forward: wall-clock times hold (UTC instants move by an hour)', observe: () => {
      const sh = Shell.start({ at: '2027-03-24T12:00:00Z', invoice: { issueDate: '2027-02-22', dueDate: '2027-03-24' } }).runUntil('2027-04-08T00:00:00Z');
      return [iso(first(sh, 'reminder_1')!.at), iso(task(sh, 'call_1')!.openedAt), iso(first(sh, 'letter_1')!.at)];
    }, expected: ['2027-03-25T08:00:00.000Z', '2027-03-31T08:00:00.000Z', '2027-04-07T07:00:00.000Z'] },
    // Due Wed 27 Oct 2027; clocks go back Sun 31 Oct. D+1 Thu 28 Oct 09:00 CEST = 07:00Z; D+7 Wed 3 Nov 10:00 CET = 09:00Z; D+14 Wed 10 Nov 09:00 CET = 08:00Z.
    { spec: '§8', rule: 'DST fall-back: wall-clock times hold', observe: () => {
      const sh = Shell.start({ at: '2027-10-20T08:00:00Z', invoice: { issueDate: '2027-09-27', dueDate: '2027-10-27' } }).runUntil('2027-11-11T00:00:00Z');
      return [iso(first(sh, 'reminder_1')!.at), iso(task(sh, 'call_1')!.openedAt), iso(first(sh, 'letter_1')!.at)];
    }, expected: ['2027-10-28T07:00:00.000Z', '2027-11-03T09:00:00.000Z', '2027-11-10T08:00:00.000Z'] },
    // Debtor in New York, due Tue 16 Nov 2027 (EST = UTC-5). D-3 business days: Mon 15, Fri 12, (Thu 11 Nov,
    // a French holiday, excluded by default), Wed 10 -> 10:00 New York = 15:00Z. D+1 Wed 17 Nov 09:00 NY = 14:00Z.
    { spec: '§2', rule: 'debtor in America/New_York: call window and send time in the debtor\'s zone', observe: () => {
      const sh = Shell.start({ at: '2027-11-08T14:00:00Z', invoice: ny({ issueDate: '2027-10-15', dueDate: '2027-11-16' }) }).runUntil('2027-11-18T00:00:00Z');
      return [localDateTime(task(sh, 'pre_due_call')!.openedAt, NY), iso(task(sh, 'pre_due_call')!.openedAt), localDateTime(first(sh, 'reminder_1')!.at, NY), iso(first(sh, 'reminder_1')!.at)];
    }, expected: ['2027-11-10 10:00', '2027-11-10T15:00:00.000Z', '2027-11-17 09:00', '2027-11-17T14:00:00.000Z'] },
    // Imported at 18:00 New York on D+7 (Tue 23 Nov): call_1 waits for Wed 24 Nov 10:00 New York = 15:00Z.
    { spec: '§2', rule: 'debtor in America/New_York imported at 18:00 local: the call waits for 10:00 local the next business day', observe: () => {
      const sh = Shell.start({ at: '2027-11-23T23:00:00Z', invoice: ny({ issueDate: '2027-10-15', dueDate: '2027-11-16' }) });
      return { skipped: sh.state.skippedSteps, next: nextLine(sh, NY), utc: iso(sh.next()!.at) };
    }, expected: { skipped: ['pre_due_call', 'reminder_1'], next: 'open_call call_1 2027-11-24 10:00', utc: '2027-11-24T15:00:00.000Z' } },
  ]);
});

describe('§2 calls only 10:00-16:00 on business days (debtor time): when a due call task opens', () => {
  // Due Wed 3 Feb 2027, imported on or after D+7 (call_1 due Wed 10 Feb 10:00): the call runs at the next slot.
  const importedAt = (at: string, invoice?: { issueDate: string; dueDate: string }) => nextLine(Shell.start({ at, invoice }));
  table<string>([
    { spec: '§2', rule: 'inside the window (15:59): at once', observe: () => importedAt('2027-02-10T14:59:00Z'), expected: 'open_call call_1 2027-02-10 15:59' },
    { spec: '§2', rule: 'at 16:00 (the end is exclusive): next business day 10:00', observe: () => importedAt('2027-02-10T15:00:00Z'), expected: 'open_call call_1 2027-02-11 10:00' },
    { spec: '§2', rule: 'Friday 17:00: Monday 10:00', observe: () => importedAt('2027-02-12T16:00:00Z'), expected: 'open_call call_1 2027-02-15 10:00' },
    { spec: '§2', rule: 'Saturday: Monday 10:00', observe: () => importedAt('2027-02-13T10:00:00Z'), expected: 'open_call call_1 2027-02-15 10:00' },
    // Due Tue 6 Jul 2027, call_1 Tue 13 Jul 10:00; imported 13 Jul 17:00 CEST: Wed 14 Jul is a holiday -> Thu 15 Jul 10:00.
    { spec: '§2 §8', rule: 'evening before a public holiday (13 July 17:00): the day after the holiday 10:00', observe: () => importedAt('2027-07-13T15:00:00Z', { issueDate: '2027-06-06', dueDate: '2027-07-06' }), expected: 'open_call call_1 2027-07-15 10:00' },
  ]);
});

describe('§2 late import: the cadence starts at the step the invoice\'s age calls for (catchUpEvents)', () => {
  const started = (at: string) => Shell.start({ at });
  table<unknown>([
    { spec: '§2', rule: 'imported before the pre-due call: nothing skipped, the pre-due call comes first', observe: () => ({ skipped: started('2027-01-25T08:00:00Z').state.skippedSteps, next: nextLine(started('2027-01-25T08:00:00Z')) }),
      expected: { skipped: [], next: 'open_call pre_due_call 2027-01-29 10:00' } },
    { spec: '§2', rule: 'imported on the due date, after the pre-due call time: only the pre-due call is skipped', observe: () => {
      const sh = started('2027-02-03T11:00:00Z');
      return { skipped: sh.state.skippedSteps, reason: sh.state.trace.find((t) => t.kind === 'step_skipped')?.detail, next: nextLine(sh) };
    }, expected: { skipped: ['pre_due_call'], reason: 'its time had passed when dunning started', next: 'send reminder_1 2027-02-04 09:00' } },
    { spec: '§2', rule: 'imported 2 days late: reminder_1 goes at once', observe: () => {
      const sh = started('2027-02-05T08:00:00Z');
      return { skipped: sh.state.skippedSteps, reason: sh.state.trace.find((t) => t.kind === 'step_skipped')?.detail, next: nextLine(sh) };
    }, expected: { skipped: ['pre_due_call'], reason: 'due date already passed', next: 'send reminder_1 2027-02-05 09:00' } },
    // Tue 23 Feb 09:00 = D+20: letter_1 (D+14) is the latest step past; call_2 (D+21) keeps its date.
    { spec: '§2', rule: 'imported 20 days late: starts with letter_1 at once, then call_2 on its own date', observe: () => {
      const sh = started('2027-02-23T08:00:00Z');
      const skipped = sh.state.skippedSteps;
      sh.runUntil('2027-02-25T00:00:00Z');
      return { skipped, touches: touchLines(sh.state), tasks: sh.state.callTasks.map((t) => `${t.stepId} ${localDateTime(t.openedAt)}`) };
    }, expected: { skipped: ['pre_due_call', 'reminder_1', 'call_1'], touches: ['2027-02-23 09:00 letter letter_1 sent', '2027-02-23 09:00 email letter_1 sent'], tasks: ['call_2 2027-02-24 10:00'] } },
    // Mon 15 Mar 10:00 = D+40: even the notice is due, so notice_announce runs now and the notice keeps
    // its 2-day spacing: shift = 15 Mar 10:00 - 3 Mar 09:00 = 12 d 1 h; notice 5 Mar 09:00 + shift = Wed 17 Mar 10:00.
    // Deadline while the run waits for news of the letter: the end of the wait, Thu 1 Apr, + 8 days = Fri 9 Apr.
    { spec: '§2', rule: 'imported 40 days late: never directly with the formal notice', observe: () => {
      const sh = started('2027-03-15T09:00:00Z');
      const skipped = sh.state.skippedSteps;
      sh.runUntil('2027-03-18T00:00:00Z');
      return { skipped, shiftHours: sh.state.cadenceShiftMs / 3_600_000, touches: touchLines(sh.state), deadline: sh.state.formalNotice?.deadline };
    }, expected: {
      skipped: ['pre_due_call', 'reminder_1', 'call_1', 'letter_1', 'call_2'],
      shiftHours: 289,
      touches: ['2027-03-15 10:00 email notice_announce sent', '2027-03-17 10:00 letter formal_notice sent'],
      deadline: '2027-04-09',
    } },
    // Sun 22 Aug 2027 10:00 CEST: notice_announce at the next send slot Mon 23 Aug 09:00; the notice 2 days
    // (48 h) after the shifted announce time: Tue 24 Aug 10:00.
    { spec: '§2', rule: 'imported 200 days late on a Sunday: announce on Monday, the notice after it', observe: () => {
      const sh = started('2027-08-22T08:00:00Z').runUntil('2027-08-25T00:00:00Z');
      return touchLines(sh.state);
    }, expected: ['2027-08-23 09:00 email notice_announce sent', '2027-08-24 10:00 letter formal_notice sent'] },
  ]);
});
