import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deadlineFrom, afterLetterEvent, describeNotice } from '../../../domain/dunning/notice';
import { validateLetterEvent } from '../../../domain/dunning/notice-validate';
import { DEFAULT_POLICY } from '../../../domain/policy/parse';
import { PolicySchema } from '../../../domain/policy/schema';
import { DEFAULT_POLICY_INPUT } from '../../../domain/policy/default';
import { iso, localDateTime, Shell, utc } from '../core/driver';

/**
 * Code civil 1344 and shared/domain.md §8: the formal notice's deadline runs from the first
 * presentation of the registered letter; a last day that is not a working day moves to the next
 * one (CPC 642, by analogy), and the file goes to litigation on the first business day after it.
 * Dates are hand-computed; 2027 holidays: 6 May (Ascension), 8 May (Saturday), 14 July, 15 August (Sunday).
 */
describe('the deadline from the first presentation', () => {
  const tz = 'Europe/Paris';
  const line = (start: string) => {
    const d = deadlineFrom(start, DEFAULT_POLICY, tz);
    return `${d.deadline}, handoff ${localDateTime(d.deadlineAt)}`;
  };

  it.each([
    ['Fri 30 Apr + 8 = Sat 8 May (weekend, holiday) -> Mon 10 May; handoff Tue 11 May', '2027-04-30', '2027-05-10, handoff 2027-05-11 09:00'],
    ['Tue 6 Jul + 8 = Wed 14 Jul (holiday) -> Thu 15 Jul; handoff Fri 16 Jul', '2027-07-06', '2027-07-15, handoff 2027-07-16 09:00'],
    ['Wed 3 Nov + 8 = Thu 11 Nov (Armistice) -> Fri 12 Nov; handoff Mon 15 Nov (not Saturday)', '2027-11-03', '2027-11-12, handoff 2027-11-15 09:00'],
    ['Mon 10 May + 8 = Tue 18 May, a working day; handoff Wed 19 May', '2027-05-10', '2027-05-18, handoff 2027-05-19 09:00'],
  ])('%s', (_rule, start, expected) => {
    expect(line(start)).toBe(expected);
  });

  it('a 15-day deadline in the policy: Fri 30 Apr + 15 = Sat 15 May -> Mon 17 May (Pentecôte) -> Tue 18 May; handoff Wed 19 May', () => {
    const policy = PolicySchema.parse({ ...DEFAULT_POLICY_INPUT, formalNotice: { deadline: '15 days' } });
    const d = deadlineFrom('2027-04-30', policy, tz);
    expect([d.deadline, localDateTime(d.deadlineAt)]).toEqual(['2027-05-18', '2027-05-19 09:00']);
  });

  it('the postal events: the first presentation counts, a return unclaimed or refused still had one, address unknown had none', () => {
    const waiting = { waitUntil: 0 };
    const presented = afterLetterEvent(waiting, { event: 'presented', on: '2027-04-30' });
    expect(presented).toMatchObject({ presentedOn: '2027-04-30', basis: 'presented' });
    // A later delivery, a later second presentation: the first stays.
    expect(afterLetterEvent(afterLetterEvent(presented, { event: 'presented', on: '2027-05-03' }), { event: 'delivered', on: '2027-05-04' })).toMatchObject({ presentedOn: '2027-04-30', deliveredOn: '2027-05-04' });
    // Delivered at once, never reported as presented: delivered on its first presentation.
    expect(afterLetterEvent(waiting, { event: 'delivered', on: '2027-04-29' })).toMatchObject({ presentedOn: '2027-04-29', basis: 'delivered' });
    expect(afterLetterEvent(waiting, { event: 'returned', on: '2027-05-17', reason: 'unclaimed', presentedOn: '2027-04-30' })).toMatchObject({ presentedOn: '2027-04-30', basis: 'returned' });
    expect(afterLetterEvent(waiting, { event: 'returned', on: '2027-05-03', reason: 'refused' })).toMatchObject({ presentedOn: '2027-05-03', basis: 'returned' });
    expect(afterLetterEvent(waiting, { event: 'returned', on: '2027-05-03', reason: 'address_unknown' })).toMatchObject({ basis: 'address_unknown', returned: { reason: 'address_unknown' } });
    // A reported presentation replaces one assumed at the end of the wait, even a later one.
    expect(afterLetterEvent({ waitUntil: 0, presentedOn: '2027-05-12', basis: 'assumed' }, { event: 'presented', on: '2027-05-13' })).toMatchObject({ presentedOn: '2027-05-13', basis: 'presented' });
  });
});

describe('a run of the default cadence (invoice due Wed 3 Feb 2027): the notice goes Fri 5 Mar 09:00', () => {
  const noticeSent = () => Shell.start({ at: '2027-01-25T08:00:00Z' }).runUntil('2027-03-05T08:30:00Z');

  it('waits for the first presentation until Sat 20 Mar 09:00 (5 Mar + 15 days); until then the deadline shown is the one the end of the wait gives', () => {
    const sh = noticeSent();
    expect(sh.state.formalNotice).toMatchObject({ deadline: '2027-03-30', presentation: { waitUntil: utc('2027-03-20T08:00:00Z') } });
    expect(sh.next()).toMatchObject({ kind: 'event', at: utc('2027-03-20T08:00:00Z') });
    expect(describeNotice(sh.state.formalNotice!, 'Europe/Paris')).toBe('sent 2027-03-05; awaiting the first presentation (until 2027-03-20); pay by 2027-03-30 if no news comes');
  });

  it('presented Tue 9 Mar: 9 + 8 = Wed 17 Mar; handed off Thu 18 Mar 09:00', () => {
    const sh = noticeSent().news('2027-03-10T09:00:00Z', { type: 'letter_event', at: 0, letter: { event: 'presented', on: '2027-03-09' } }).runToEnd();
    expect([sh.state.formalNotice?.deadline, iso(sh.state.litigation.handedOffAt!)]).toEqual(['2027-03-17', '2027-03-18T08:00:00.000Z']);
  });

  it('the same report twice (a provider retrying its webhook) is one trace line and the same deadline; another report of the same letter is a line of its own', () => {
    const presented = { type: 'letter_event' as const, at: 0, letter: { event: 'presented' as const, on: '2027-03-09' } };
    const sh = noticeSent().news('2027-03-10T09:00:00Z', presented).news('2027-03-10T09:05:00Z', presented).news('2027-03-11T09:00:00Z', { type: 'letter_event', at: 0, letter: { event: 'delivered', on: '2027-03-10' } }).runToEnd();
    const lines = sh.state.trace.filter((t) => t.kind === 'notice_letter').map((t) => (t.detail ?? '').split(':')[0]);
    expect(lines).toEqual(['presented on 2027-03-09', 'delivered on 2027-03-10']);
    expect([sh.state.formalNotice?.deadline, iso(sh.state.litigation.handedOffAt!)]).toEqual(['2027-03-17', '2027-03-18T08:00:00.000Z']);
  });

  it('returned "address unknown" (NPAI), reported Thu 11 Mar 15:00, a business day after send time: no deadline runs, the partner gets the file at once', () => {
    const sh = noticeSent().news('2027-03-11T14:00:00Z', { type: 'letter_event', at: 0, letter: { event: 'returned', reason: 'address_unknown', on: '2027-03-11' } }).runToEnd();
    expect(sh.state.formalNotice?.presentation).toMatchObject({ basis: 'address_unknown', returned: { on: '2027-03-11', reason: 'address_unknown' } });
    expect(iso(sh.state.litigation.handedOffAt!)).toBe('2027-03-11T14:00:00.000Z');
    expect(sh.state.trace.find((t) => t.kind === 'notice_letter')?.detail).toBe('returned on 2027-03-11 (address_unknown): returned undelivered: address unknown (no presentation); the deadline cannot run: handed to the litigation partner');
  });

  it('returned "address unknown" reported on Sat 13 Mar: the handoff waits for the next send slot, Mon 15 Mar 09:00', () => {
    const sh = noticeSent().news('2027-03-13T10:00:00Z', { type: 'letter_event', at: 0, letter: { event: 'returned', reason: 'address_unknown', on: '2027-03-13' } }).runToEnd();
    expect(iso(sh.state.litigation.handedOffAt!)).toBe('2027-03-15T08:00:00.000Z');
  });

  it('the update refuses what does not fit: before the notice, a date before its sending or after today', () => {
    const before = Shell.start({ at: '2027-01-25T08:00:00Z' }).runUntil('2027-03-04T08:00:00Z');
    expect(validateLetterEvent(before.state, DEFAULT_POLICY, before.now, { event: 'presented', on: '2027-03-04' })?.kind).toBe('no_notice');
    const sh = noticeSent().runUntil('2027-03-08T09:00:00Z');
    expect(validateLetterEvent(sh.state, DEFAULT_POLICY, sh.now, { event: 'presented', on: '2027-03-04' })?.message).toBe("event date 2027-03-04 is not between the notice's sending day (2027-03-05) and today (2027-03-08)");
    expect(validateLetterEvent(sh.state, DEFAULT_POLICY, sh.now, { event: 'presented', on: '2027-03-09' })?.kind).toBe('date');
    expect(validateLetterEvent(sh.state, DEFAULT_POLICY, sh.now, { event: 'presented', on: '2027-03-08' })).toBeUndefined();
    // A run started before the presentation rule counts from the sending day: nothing to record.
    const legacy = { ...sh.state, formalNotice: { ...sh.state.formalNotice!, presentation: undefined } };
    expect(validateLetterEvent(legacy, DEFAULT_POLICY, sh.now, { event: 'presented', on: '2027-03-08' })?.kind).toBe('no_notice');
  });
});

describe('a policy in seconds (examples/fast-policy.json: deadline 10s, presentationTimeout 15s)', () => {
  it('no news 15 s after the notice: the deadline runs 10 s from then, and the file is handed off', () => {
    const fast = PolicySchema.parse(JSON.parse(readFileSync(join(__dirname, '../../../examples/fast-policy.json'), 'utf8')));
    // Its notice waits for the day after the due date (notice-guard.test.ts): Thu 4 Feb 2027 09:00 Paris.
    const sh = Shell.start({ at: '2027-01-25T08:00:00Z', policy: fast }).runToEnd();
    const notice = sh.state.formalNotice!;
    expect(localDateTime(notice.sentAt)).toBe('2027-02-04 09:00');
    expect([notice.presentation?.basis, notice.deadlineAt - notice.sentAt]).toEqual(['assumed', 25_000]);
    expect(sh.state.litigation.handedOffAt! - notice.sentAt).toBe(25_000);
  });
});
