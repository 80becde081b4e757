import { describe, expect, it } from 'vitest';
import { approvalGate, validateApprovalDecision } from '../../../domain/dunning/approval';
import type { ApprovalDecision, VisitOutcome } from '../../../domain/dunning/field-types';
import { openVisitTask, validateVisitOutcome } from '../../../domain/dunning/visits';
import { describeState, visibleFields } from '../../../domain/views/presentation';
import { ApprovalDecisionSchema, VisitOutcomeSchema } from '../../../domain/invoice/field-commands';
import { DEFAULT_POLICY_INPUT } from '../../../domain/policy/default';
import { PolicySchema } from '../../../domain/policy/schema';
import { ApprovalDecisionSpec, VisitOutcomeSpec } from '../../../domain/wire/field';
import { checkPolicy } from '../../../domain/wire/policy';
import { check } from '../../../domain/wire/schema';
import { iso, localDateTime, Shell, utc } from './driver';
import { visitPolicyInput } from '../../helpers/field';

const VISIT_POLICY = PolicySchema.parse(visitPolicyInput());
const START = '2027-02-04T06:00:00Z'; // the sample invoice (1 234,56 EUR) is due Wed 3 Feb 2027
const paris = (ms: number | undefined) => (ms === undefined ? undefined : localDateTime(ms));

/** The Shell with the visit opened (Mon 1 Mar 2027 09:00 Paris: D+24 is Saturday 27 Feb). */
function atVisit(): Shell {
  return Shell.start({ at: START, policy: VISIT_POLICY, fieldRules: true }).runUntil('2027-03-01T08:00:00Z');
}

function report(sh: Shell, at: string, o: Omit<VisitOutcome, 'taskId'>): Shell {
  sh.runUntil(at);
  const outcome = { ...o, taskId: sh.state.visitTasks!.find((t) => t.status === 'open')!.taskId };
  const problem = validateVisitOutcome(sh.state, sh.policy, sh.now, outcome);
  if (problem) throw new Error(problem);
  sh.apply({ type: 'visit_completed', at: sh.now, outcome });
  return sh;
}

describe('#17.2 visits', () => {
  it('a visit step is accepted by both validators (sms still is not)', () => {
    expect(PolicySchema.safeParse(visitPolicyInput()).success).toBe(true);
    expect(checkPolicy(visitPolicyInput()).ok).toBe(true);
    const long = visitPolicyInput({ visits: { agent: 'x'.repeat(101) } });
    expect([PolicySchema.safeParse(long).success, checkPolicy(long).ok]).toEqual([false, false]); // the agent lands in a search attribute
    expect(VISIT_POLICY.visits).toMatchObject({ minAmountCents: 100_000, agent: 'Marc Petit', taskDeadline: { n: 5, unit: 'business_days' } });
  });

  it("opens a visit task at the step's send slot, for the policy's field agent, due 5 business days later", () => {
    const sh = atVisit();
    const t = sh.state.visitTasks![0];
    expect({ ...t, openedAt: paris(t.openedAt), dueBy: paris(t.dueBy) }).toEqual({
      taskId: 'visit_1-v1', stepId: 'visit_1', template: 'visit', agent: 'Marc Petit', objective: 'Meet the manager and get a dated promise.',
      openedAt: '2027-03-01 09:00', dueBy: '2027-03-08 09:00', day: '2027-03-01', status: 'open',
    });
    expect(sh.state.trace.at(-1)).toMatchObject({ kind: 'visit_task_opened', channel: 'visit', step: 'visit_1' });
    expect(describeState(sh.state, sh.policy, sh.now, undefined)).toContain('Open visit: visit\\_1-v1 for Marc Petit, planned 2027-03-01, report by 2027-03-08 09:00');
    // call_2's task is still open (reassigned to the credit controller): a call's assignee comes first in the search attribute.
    expect(visibleFields(sh.state, sh.policy, sh.now, undefined)).toMatchObject({ callTaskOpen: true, callAssignee: 'credit_controller' });
  });

  it('below the threshold the step is skipped, with the amounts in the reason, and the cadence goes on', () => {
    const policy = PolicySchema.parse(visitPolicyInput({ visits: { minAmountCents: 200_000 } }));
    const sh = Shell.start({ at: START, policy, fieldRules: true }).runUntil('2027-03-04T00:00:00Z');
    expect(sh.state.visitTasks ?? []).toEqual([]);
    expect(sh.state.skippedSteps).toContain('visit_1');
    expect(sh.state.trace.filter((e) => e.kind === 'step_skipped').map((e) => e.detail)).toContainEqual(expect.stringContaining('123456 cents is below the visit threshold (200000 cents)'));
    expect(sh.state.touches.at(-1)).toMatchObject({ template: 'notice_announce' });
  });

  it('a run started before the field rules keeps sending a visit step as an email', () => {
    const sh = Shell.start({ at: START, policy: VISIT_POLICY }).runUntil('2027-03-02T00:00:00Z');
    expect(sh.state.visitTasks).toBeUndefined();
    expect(sh.state.touches.at(-1)).toMatchObject({ stepId: 'visit_1', channel: 'email', template: 'visit' });
  });

  it('promise: a reached touch, not fruitless; the promise holds the cadence', () => {
    const sh = report(atVisit(), '2027-03-02T14:00:00Z', { result: 'promise', promise: { date: '2027-03-15', amountCents: 123_456 }, agent: 'Marc Petit', notes: 'met the manager' });
    expect(sh.state.visitTasks![0]).toMatchObject({ status: 'done', outcome: { result: 'promise' } });
    expect(sh.state.touches.at(-1)).toMatchObject({ channel: 'visit', template: 'visit', result: 'reached', unsuccessful: false, to: 'Claire Martin' });
    expect(sh.state.promises.at(-1)).toMatchObject({ date: '2027-03-15', amountCents: 123_456, status: 'pending', via: 'visit_1-v1' });
    expect(sh.state.trace.find((e) => e.kind === 'visit')).toMatchObject({ outcome: 'promise', detail: 'by Marc Petit; met the manager' });
    // The notice announcement of D+28 waits for the promise (checked after its grace period).
    expect(sh.next()?.description).toContain('promise');
  });

  it('dispute: the reason opens a dispute and the file is disputed', () => {
    const sh = report(atVisit(), '2027-03-02T14:00:00Z', { result: 'dispute', dispute: { kind: 'technical', reason: 'the machine was never installed' } });
    expect(sh.state.disputes).toMatchObject([{ kind: 'technical', details: 'the machine was never installed', status: 'open' }]);
    expect(sh.state.stage).toBe('disputed');
    expect(sh.state.touches.at(-1)).toMatchObject({ result: 'reached', unsuccessful: false });
  });

  it.each([
    ['absent', 'unreached'],
    ['refused', 'reached'],
    ['met', 'reached'],
  ] as const)('%s: a fruitless touch (%s)', (result, touch) => {
    const sh = report(atVisit(), '2027-03-02T14:00:00Z', { result });
    expect(sh.state.touches.at(-1)).toMatchObject({ channel: 'visit', result: touch, unsuccessful: true });
  });

  it('paid while the visit is open: the file closes and has no open visit any more (the route sheet leaves it out)', () => {
    const sh = atVisit().pay('2027-03-02T10:00:00Z', 'VIR-1', 123_456);
    expect(sh.state.outcome).toBe('paid');
    expect(openVisitTask(sh.state)).toBeUndefined();
  });

  it('not reported by its deadline: missed at the deadline', () => {
    const sh = atVisit().runUntil('2027-03-08T09:00:00Z');
    const t = sh.state.visitTasks![0];
    expect([t.status, paris(t.closedAt)]).toEqual(['missed', '2027-03-08 09:00']);
  });

  it('the validator refuses a closed task, an unknown task, a promise beyond what is due or in the past', () => {
    const sh = atVisit();
    const v = (o: Partial<VisitOutcome>) => validateVisitOutcome(sh.state, sh.policy, sh.now, { taskId: 'visit_1-v1', result: 'met', ...o });
    expect(v({ taskId: 'nope' })).toBe('unknown visit task "nope" (the open visit is "visit_1-v1")');
    expect(v({ result: 'promise', promise: { date: '2027-02-01', amountCents: 100 } })).toBe('promise date 2027-02-01 is in the past (today is 2027-03-01)');
    expect(v({ result: 'promise', promise: { date: '2027-03-10', amountCents: 999_999 } })).toBe('promised amount 999999 cents is more than the 123456 cents due');
    report(sh, '2027-03-02T14:00:00Z', { result: 'absent' });
    expect(v({})).toBe('visit task "visit_1-v1" is already closed (done)');
  });

  it('payload rules: zod (CLI) and the wire spec (workflow) give the same answers', () => {
    const cases: unknown[] = [
      { taskId: 't', result: 'met' },
      { taskId: 't', result: 'promise' },
      { taskId: 't', result: 'promise', promise: { date: '2027-03-10', amountCents: 10 } },
      { taskId: 't', result: 'dispute', dispute: { reason: 'no' } },
      { taskId: 't', result: 'dispute', dispute: { reason: 'wrong price' } },
      { taskId: 't', result: 'met', promise: { date: '2027-03-10', amountCents: 10 } },
      { taskId: 't', result: 'gone' },
    ];
    expect(cases.map((c) => check(VisitOutcomeSpec, c).ok)).toEqual(cases.map((c) => VisitOutcomeSchema.safeParse(c).success));
    expect(cases.map((c) => check(VisitOutcomeSpec, c).ok)).toEqual([true, false, true, false, true, false, false]);
  });
});

/** The default policy, for a run started since approvals (fieldRules). */
function toNotice(): Shell {
  return Shell.start({ at: START, fieldRules: true }).runUntil('2027-03-05T08:00:00Z');
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

  it('approved on Wed 10 Mar 11:00 (a business day, past the send time): the notice goes at once, its deadline counted from then', () => {
    const sh = decide(toNotice(), '2027-03-10T10:00:00Z', { decision: 'approve', by: 'Julie' }).runUntil('2027-03-12T00:00:00Z');
    expect(paris(noticeTouch(sh)?.at)).toBe('2027-03-10 11:00');
    expect(sh.state.formalNotice?.deadline).toBe('2027-03-18');
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
    const sh = decide(toNotice(), '2027-03-05T09:00:00Z', { decision: 'approve' }).runUntil('2027-03-30T00:00:00Z');
    expect(paris(noticeTouch(sh)?.at)).toBe('2027-03-05 10:00');
    const deadline = sh.state.formalNotice!.deadlineAt;
    const handoff = sh.state.approvals!.find((a) => a.step === 'handoff')!;
    expect([paris(deadline), paris(handoff.openedAt), sh.state.outcome]).toEqual(['2027-03-16 09:00', '2027-03-16 09:00', undefined]);
    decide(sh, '2027-03-30T08:00:00Z', { decision: 'approve' });
    sh.runUntil('2027-03-30T09:00:00Z');
    expect([sh.state.outcome, sh.state.litigation.handedOffAt && iso(sh.state.litigation.handedOffAt)]).toEqual(['litigation', '2027-03-30T08:00:00.000Z']);
  });

  it('litigation decided by fruitless touches: the notice it calls for waits for approval too', () => {
    const sh = Shell.start({ at: START, fieldRules: true }).news('2027-02-15T10:00:00Z', { type: 'litigation_decided', at: 0, reason: 'test: 3 unsuccessful touches' });
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
    expect(validateApprovalDecision(Shell.start({ at: START, fieldRules: true }).state, { decision: 'approve' })).toBe('no approval is waiting on invoice INV-2027-001');
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
