import { describe, expect, it } from 'vitest';
import type { VisitOutcome } from '../../../domain/dunning/field-types';
import { openVisitTask, validateVisitOutcome } from '../../../domain/dunning/visits';
import { describeState, visibleFields } from '../../../domain/views/presentation';
import { VisitOutcomeSchema } from '../../../domain/invoice/field-commands';
import { PolicySchema } from '../../../domain/policy/schema';
import { VisitOutcomeSpec } from '../../../domain/wire/field';
import { checkPolicy } from '../../../domain/wire/policy';
import { check } from '../../../domain/wire/schema';
import { localDateTime, Shell } from './driver';
import { visitPolicyInput } from '../../helpers/field';

/** Visits (issue 17.2, docs/field.md): the rules at exact virtual times, through the pure shell. */
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
