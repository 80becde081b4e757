import { describe, expect, it } from 'vitest';
import { openDisputeTasks } from '../../../domain/dunning/dispute-task';
import { PolicySchema } from '../../../domain/policy/schema';
import { DEFAULT_POLICY_INPUT } from '../../../domain/policy/default';
import { checkPolicy } from '../../../domain/wire/policy';
import { toView } from '../../../domain/views/read-model';
import { Shell } from './driver';
import { nextActions } from '../../../domain/dunning/plan';

const utc = (iso: string) => Date.parse(iso);
const tasks = (sh: Shell, at: string) => openDisputeTasks(sh.state, utc(at)).map((t) => ({ id: t.disputeId, assignee: t.assignee, dueBy: new Date(t.dueBy).toISOString(), ageDays: t.ageDays, overdue: t.overdue, escalatedTo: t.escalatedTo }));

describe('§3 a dispute opens a dispute task: assignee by kind, resolution deadline, overdue and escalated at the reader\'s time', () => {
  // Due Wed 2 Jun 2027. DSP-5 (commercial) opened Thu 3 Jun 11:00 CEST. 10 business days, no holiday
  // between: Fri 4, Mon 7 ... Fri 11, Mon 14 ... Thu 17 Jun -> resolve by Thu 17 Jun 11:00 CEST (09:00Z).
  const opened = () =>
    Shell.start({ at: '2027-05-24T08:00:00Z', invoice: { issueDate: '2027-05-03', dueDate: '2027-06-02' } }).openDispute('2027-06-03T09:00:00Z', {
      disputeId: 'DSP-5',
      kind: 'commercial',
      details: 'Prices differ from the quote',
    });

  it('commercial: the sales rep, 10 business days; overdue (and the manager\'s) only once past the deadline', () => {
    const sh = opened();
    expect(tasks(sh, '2027-06-17T09:00:00Z')).toEqual([{ id: 'DSP-5', assignee: 'sales_rep', dueBy: '2027-06-17T09:00:00.000Z', ageDays: 14, overdue: false, escalatedTo: undefined }]);
    expect(tasks(sh, '2027-06-17T09:01:00Z')).toEqual([{ id: 'DSP-5', assignee: 'sales_rep', dueBy: '2027-06-17T09:00:00.000Z', ageDays: 14, overdue: true, escalatedTo: 'manager' }]);
  });

  it('the read model (dunning status, tasks --kind dispute) computes it at the reader\'s time', () => {
    const sh = opened();
    expect(toView(sh.state, sh.policy, utc('2027-06-10T09:00:00Z')).openDisputes).toMatchObject([{ disputeId: 'DSP-5', ageDays: 7, overdue: false }]);
    expect(toView(sh.state, sh.policy, utc('2027-06-21T09:00:00Z')).openDisputes).toMatchObject([{ disputeId: 'DSP-5', ageDays: 18, overdue: true, escalatedTo: 'manager' }]);
  });

  it('resolution closes the task', () => {
    const sh = opened().resolveDispute('2027-06-18T13:00:00Z', { disputeId: 'DSP-5', resolution: 'resume', note: 'Quote confirmed' });
    expect(tasks(sh, '2027-06-18T13:00:00Z')).toEqual([]);
    expect(sh.state.disputes[0].task).toEqual({ assignee: 'sales_rep', dueBy: utc('2027-06-17T09:00:00Z'), closedAt: utc('2027-06-18T13:00:00Z') });
  });

  it('14 July is not a business day: administrative, opened Mon 5 Jul 10:30 CEST, resolve by Tue 20 Jul 10:30 CEST', () => {
    // Tue 6 (1), Wed 7, Thu 8, Fri 9 (4), Mon 12, Tue 13 (6), Wed 14 holiday, Thu 15, Fri 16 (8), Mon 19, Tue 20 (10).
    const sh = Shell.start({ at: '2027-06-28T08:00:00Z', invoice: { issueDate: '2027-06-01', dueDate: '2027-07-01' } }).openDispute('2027-07-05T08:30:00Z', {
      disputeId: 'DSP-7',
      kind: 'administrative',
      details: 'Purchase order number missing',
    });
    expect(tasks(sh, '2027-07-05T08:30:00Z')).toEqual([{ id: 'DSP-7', assignee: 'credit_controller', dueBy: '2027-07-20T08:30:00.000Z', ageDays: 0, overdue: false, escalatedTo: undefined }]);
  });

  it('a call outcome with a dispute opens the task too; the policy names the assignee and the time (both policy schemas)', () => {
    const input = { ...DEFAULT_POLICY_INPUT, disputes: { assignees: { technical: 'manager' }, resolveWithin: '3 days' } };
    const policy = PolicySchema.parse(input);
    const wire = checkPolicy(input);
    expect(wire.ok && wire.value.disputes).toEqual(policy.disputes);
    expect(policy.disputes.assignees).toEqual({ administrative: 'credit_controller', commercial: 'sales_rep', technical: 'manager' });
    // Due Wed 3 Feb 2027: the pre-due call is open on Fri 29 Jan; the dispute is given on the call at 10:00 CET.
    const sh = Shell.start({ at: '2027-01-25T08:00:00Z', policy }).runUntil('2027-01-29T09:00:00Z');
    const taskId = sh.state.callTasks.find((t) => t.status === 'open')?.taskId;
    expect(taskId).toBeDefined();
    sh.complete('2027-01-29T09:00:00Z', { reached: true, dispute: { kind: 'technical', details: 'The licence never worked' } });
    // 3 calendar days: Mon 1 Feb 10:00 CET; the manager already has it: overdue, not escalated further.
    expect(tasks(sh, '2027-02-01T09:00:01Z')).toEqual([{ id: expect.stringMatching(/^dispute-/), assignee: 'manager', dueBy: '2027-02-01T09:00:00.000Z', ageDays: 3, overdue: true, escalatedTo: undefined }]);
  });

  it('existing policy files stay valid: the defaults', () => {
    expect(PolicySchema.parse(DEFAULT_POLICY_INPUT).disputes).toEqual({ assignees: { administrative: 'credit_controller', commercial: 'sales_rep', technical: 'sales_rep' }, resolveWithin: { unit: 'business_days', n: 10 } });
    const wire = checkPolicy(DEFAULT_POLICY_INPUT);
    expect(wire.ok && wire.value.disputes).toEqual(PolicySchema.parse(DEFAULT_POLICY_INPUT).disputes);
  });

  it('runs started since wake at the deadline: overdue recorded at Thu 17 Jun 11:00 CEST, escalated to the manager, nothing else done', () => {
    const sh = Shell.start({ at: '2027-05-24T08:00:00Z', invoice: { issueDate: '2027-05-03', dueDate: '2027-06-02' }, disputeDeadlines: true }).openDispute('2027-06-03T09:00:00Z', {
      disputeId: 'DSP-5',
      kind: 'commercial',
      details: 'Prices differ from the quote',
    });
    const touches = sh.state.touches.length;
    sh.runUntil('2027-06-30T00:00:00Z');
    expect(sh.state.disputes[0].task?.overdueAt).toBe(utc('2027-06-17T09:00:00Z'));
    expect(sh.state.trace.filter((t) => t.kind === 'dispute_overdue').map((t) => [new Date(t.at).toISOString(), t.detail])).toEqual([
      ['2027-06-17T09:00:00.000Z', 'DSP-5: not resolved by its deadline: escalated to the manager (was the sales_rep)'],
    ]);
    expect(sh.state.touches.length).toBe(touches); // the dispute still holds the cadence
    expect(sh.state.stage).toBe('disputed');
  });

  it('runs started before (no flag) plan no wake-up: their histories replay unchanged', () => {
    const sh = opened();
    expect(nextActions(sh.state, sh.policy, sh.now)).toEqual([]);
  });
});
