import { describe, expect, it } from 'vitest';
import { approvalGate, validateApprovalDecision } from '../../../domain/dunning/approval';
import type { ApprovalDecision } from '../../../domain/dunning/field-types';
import { describeState, visibleFields } from '../../../domain/views/presentation';
import { ApprovalDecisionSchema } from '../../../domain/invoice/field-commands';
import { DEFAULT_POLICY_INPUT } from '../../../domain/policy/default';
import { PolicySchema } from '../../../domain/policy/schema';
import { ApprovalDecisionSpec } from '../../../domain/wire/field';
import { check } from '../../../domain/wire/schema';
import { iso, localDateTime, Shell, utc } from './driver';

/** Approval before the legal steps (issue 17.7, docs/field.md): the rules at exact virtual times, through the pure shell. */
const START = '2027-02-04T06:00:00Z'; // the sample invoice (1 234,56 EUR) is due Wed 3 Feb 2027
const paris = (ms: number | undefined) => (ms === undefined ? undefined : localDateTime(ms));

/** The default policy with approvals on (opt-in), for a run started since approvals (fieldRules). */
const ON = PolicySchema.parse({ ...DEFAULT_POLICY_INPUT, approvals: { formalNotice: true, handoff: true } });
function toNotice(): Shell {
  return Shell.start({ at: START, policy: ON, fieldRules: true }).runUntil('2027-03-05T08:00:00Z');
}
function decide(sh: Shell, at: string, d: ApprovalDecision): Shell {
  sh.runUntil(at);
  const problem = validateApprovalDecision(sh.state, d);
  if (problem) throw new Error(problem);
  sh.apply({ type: 'approval_decided', at: sh.now, decision: d, today: localDateTime(sh.now).slice(0, 10) });
  return sh;
}
const noticeTouch = (sh: Shell) => sh.state.touches.find((t) => t.template === 'formal_notice' && t.channel === 'letter');
const reminders = (sh: Shell) => sh.state.trace.filter((e) => e.kind === 'approval_reminded').map((e) => paris(e.at));

describe('#17.7 approval before the legal steps', () => {
  it('on by default: the notice (due Fri 5 Mar 09:00) waits; the approval opens then, with the amount due', () => {
    const sh = toNotice();
    expect(noticeTouch(sh)).toBeUndefined();
    const a = sh.state.approvals![0];
    expect({ ...a, openedAt: paris(a.openedAt) }).toEqual({ approvalId: 'approval-formal_notice', step: 'formal_notice', approver: 'credit_controller', openedAt: '2027-03-05 09:00', amountCents: 123_456, status: 'pending', reminders: 0, decisions: [] });
    expect(sh.state.stage).toBe('reminding');
    // Shown in the Web UI's current details, and in the open-task search attribute with the approver.
    expect(describeState(sh.state, sh.policy, sh.now, undefined)).toContain('Waiting for approval (credit\\_controller): the formal notice, pending, 0 reminder(s)');
    expect(visibleFields(sh.state, sh.policy, sh.now, undefined)).toMatchObject({ callTaskOpen: true, callAssignee: 'credit_controller' });
  });

  it('nobody decides: a reminder every 2 business days (Tue 9, Thu 11, Mon 15 March), and still no notice', () => {
    const sh = toNotice().runUntil('2027-03-15T12:00:00Z');
    expect(reminders(sh)).toEqual(['2027-03-09 09:00', '2027-03-11 09:00', '2027-03-15 09:00']);
    expect(sh.state.approvals![0]).toMatchObject({ reminders: 3, status: 'pending' });
    expect(noticeTouch(sh)).toBeUndefined();
  });

  it("approved on Wed 10 Mar 11:00 (a business day, past the send time): the notice goes at once, its deadline counted from the letter's first presentation", () => {
    const sh = decide(toNotice(), '2027-03-10T10:00:00Z', { decision: 'approve', by: 'Julie' }).runUntil('2027-03-12T00:00:00Z');
    expect(paris(noticeTouch(sh)?.at)).toBe('2027-03-10 11:00');
    // First presented Fri 12 Mar: + 8 days = Sat 20 Mar, a non-working day -> Mon 22 Mar (C. civ. 1344, CPC 642 by analogy).
    sh.news('2027-03-12T15:00:00Z', { type: 'letter_event', at: 0, letter: { event: 'presented', on: '2027-03-12' } }).runUntil('2027-03-13T00:00:00Z');
    expect(sh.state.formalNotice?.deadline).toBe('2027-03-22');
    expect(reminders(sh)).toEqual(['2027-03-09 09:00']);
  });

  it('approved on Saturday 13 Mar: the notice goes at the next send slot, Monday 15 Mar 09:00', () => {
    const sh = decide(toNotice(), '2027-03-13T09:00:00Z', { decision: 'approve' }).runUntil('2027-03-16T00:00:00Z');
    expect(paris(noticeTouch(sh)?.at)).toBe('2027-03-15 09:00');
  });

  it('edit: the notice claims the lower amount; the rest is written off, with the reason in the trace', () => {
    const sh = decide(toNotice(), '2027-03-08T10:00:00Z', { decision: 'edit', amountCents: 100_000, reason: 'goods partly returned', by: 'Julie' }).runUntil('2027-03-10T00:00:00Z');
    expect(noticeTouch(sh)).toMatchObject({ amountDueCents: 100_000 });
    expect(sh.state.approvals![0]).toMatchObject({ status: 'approved', writtenOffCents: 23_456 });
    expect(paris(noticeTouch(sh)?.at)).toBe('2027-03-08 11:00');
    expect(sh.state.trace.find((e) => e.kind === 'approval_decided')?.detail).toBe('approval-formal_notice: approved by Julie for 100000 cents instead of 123456 (23456 cents written off): goods partly returned');
  });

  it('hold, then approve later: no notice and no reminder while held; the notice follows the approval', () => {
    const sh = decide(toNotice(), '2027-03-08T10:00:00Z', { decision: 'hold', reason: 'customer meeting on the 17th' }).runUntil('2027-03-18T09:00:00Z');
    expect(noticeTouch(sh)).toBeUndefined();
    expect(reminders(sh)).toEqual([]);
    expect(sh.state.approvals![0].status).toBe('held');
    decide(sh, '2027-03-18T09:30:00Z', { decision: 'approve' }).runUntil('2027-03-20T00:00:00Z');
    expect(paris(noticeTouch(sh)?.at)).toBe('2027-03-18 10:30');
  });

  it('the handoff waits for its own approval after the notice deadline, then happens', () => {
    const sh = decide(toNotice(), '2027-03-05T09:00:00Z', { decision: 'approve' }).runUntil('2027-03-06T00:00:00Z');
    expect(paris(noticeTouch(sh)?.at)).toBe('2027-03-05 10:00');
    // First presented Tue 9 Mar: deadline Wed 17 Mar; the handoff is due the next business day, Thu 18 Mar 09:00.
    sh.news('2027-03-09T15:00:00Z', { type: 'letter_event', at: 0, letter: { event: 'presented', on: '2027-03-09' } }).runUntil('2027-03-30T00:00:00Z');
    const deadline = sh.state.formalNotice!.deadlineAt;
    const handoff = sh.state.approvals!.find((a) => a.step === 'handoff')!;
    expect([sh.state.formalNotice!.deadline, paris(deadline), paris(handoff.openedAt), sh.state.outcome]).toEqual(['2027-03-17', '2027-03-18 09:00', '2027-03-18 09:00', undefined]);
    decide(sh, '2027-03-30T08:00:00Z', { decision: 'approve' });
    sh.runUntil('2027-03-30T09:00:00Z');
    expect([sh.state.outcome, sh.state.litigation.handedOffAt && iso(sh.state.litigation.handedOffAt)]).toEqual(['litigation', '2027-03-30T08:00:00.000Z']);
  });

  it('litigation decided by fruitless touches: the notice it calls for waits for approval too', () => {
    const sh = Shell.start({ at: START, policy: ON, fieldRules: true }).news('2027-02-15T10:00:00Z', { type: 'litigation_decided', at: 0, reason: 'test: 3 unsuccessful touches' });
    sh.runUntil('2027-02-20T00:00:00Z');
    expect(noticeTouch(sh)).toBeUndefined();
    expect(sh.state.approvals?.map((a) => [a.step, paris(a.openedAt)])).toEqual([['formal_notice', '2027-02-15 11:00']]);
  });

  it('approvals off in the policy, or a run started before: the notice goes at its time, as before', () => {
    const off = PolicySchema.parse({ ...DEFAULT_POLICY_INPUT, approvals: { formalNotice: false, handoff: false } });
    for (const sh of [Shell.start({ at: START, policy: off, fieldRules: true }), Shell.start({ at: START })]) {
      sh.runUntil('2027-03-06T00:00:00Z');
      expect(paris(noticeTouch(sh)?.at)).toBe('2027-03-05 09:00');
      expect(sh.state.approvals ?? []).toEqual([]);
    }
    expect(approvalGate(Shell.start({ at: START }).state, Shell.start({ at: START }).policy, 'formal_notice', utc(START))).toBe('go');
  });

  it('the validator: nothing waiting, edit above what is due, hold twice', () => {
    expect(validateApprovalDecision(Shell.start({ at: START, policy: ON, fieldRules: true }).state, { decision: 'approve' })).toBe('no approval is waiting on invoice INV-2027-001');
    const sh = toNotice();
    expect(validateApprovalDecision(sh.state, { decision: 'edit', amountCents: 200_000, reason: 'typo' })).toBe('the edited amount (200000 cents) is more than the 123456 cents due');
    decide(sh, '2027-03-08T10:00:00Z', { decision: 'hold', reason: 'waiting for the sales team' });
    expect(validateApprovalDecision(sh.state, { decision: 'hold', reason: 'again' })).toBe('the formal notice is already on hold (waiting for the sales team)');
  });

  it('payload rules: zod (CLI) and the wire spec (workflow) give the same answers', () => {
    const cases: unknown[] = [
      { decision: 'approve' },
      { decision: 'edit', reason: 'partial return' },
      { decision: 'edit', amountCents: 100, reason: 'partial return' },
      { decision: 'edit', amountCents: 0, reason: 'partial return' },
      { decision: 'edit', amountCents: 100 },
      { decision: 'hold' },
      { decision: 'hold', reason: 'meeting next week' },
      { decision: 'approve', amountCents: 100 },
    ];
    expect(cases.map((c) => check(ApprovalDecisionSpec, c).ok)).toEqual(cases.map((c) => ApprovalDecisionSchema.safeParse(c).success));
    expect(cases.map((c) => check(ApprovalDecisionSpec, c).ok)).toEqual([true, false, true, false, false, false, true, false]);
  });
});
