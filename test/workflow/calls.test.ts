import { describe, expect, it } from 'vitest';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createRecordingActivities, type RecordedSend } from '../helpers/recording-activities';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { InvoiceSchema, workflowIdFor, type InvoiceInput } from '../../domain/invoice/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import type { CallOutcomeInput } from '../../domain/invoice/commands';
import type { EmailRequest } from '../../activities/types';
import type { PolicyInput } from '../../domain/policy/schema';
import { dunningWorkflow } from '../../workflows';
import * as msg from '../../workflows/messages';
import { sampleInvoice, startScenario, travelTo } from '../helpers/scenario';
import { createTestWorker, useTimeSkippingEnv } from '../helpers/temporal';
import { approvalsOff } from '../helpers/field';

/**
 * The call rules of docs/calls.md on the time-skipping server, per invoice and in the default
 * coordinated mode (a debtor's workflow groups its invoices' calls). Tests share the server's clock:
 * each starts later than the one before.
 */

const paris = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(new Date(ms));
const withCalls = (calls: Partial<PolicyInput['calls']>): PolicyInput => ({ ...DEFAULT_POLICY_INPUT, calls: { ...DEFAULT_POLICY_INPUT.calls, ...calls } });

async function startDebtor(env: TestWorkflowEnvironment, debtorId: string, invoices: Array<Partial<InvoiceInput>>, policy: PolicyInput) {
  const log: RecordedSend[] = [];
  const taskQueue = `calls-${Math.random().toString(36).slice(2)}`;
  const worker = await createTestWorker(env, { taskQueue, activities: createRecordingActivities(log) });
  const handles = [];
  for (const over of invoices) {
    const base = sampleInvoice(over);
    const invoice = InvoiceSchema.parse({ ...base, debtor: { ...base.debtor, debtorId } });
    handles.push(await env.client.workflow.start(dunningWorkflow, { taskQueue, workflowId: workflowIdFor(invoice.invoiceId), args: [{ invoice, policy: approvalsOff(policy), coordinated: true }] }));
  }
  const debtor = env.client.workflow.getHandle(debtorWorkflowId(debtorId));
  return { log, worker, handles, debtor, debtorState: () => debtor.query(msg.getDebtorState) };
}

describe('call outcomes and call rules (docs/calls.md)', () => {
  const envOf = useTimeSkippingEnv();

  it('per invoice: a call-back agreed opens the next task on that date and time; a wrong one is refused before history', async () => {
    const env = envOf();
    await travelTo(env, '2027-02-04T06:00:00Z'); // due Wed 3 Feb 2027; call 1 Wed 10 Feb 10:00
    const sc = await startScenario(env);
    await sc.run(async () => {
      await travelTo(env, '2027-02-10T09:30:00Z');
      const reject = async (outcome: object, message: RegExp) => {
        const err = await sc.handle.executeUpdate(msg.completeCallTask, { args: [outcome as CallOutcomeInput] }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(String((err as WorkflowUpdateFailedError).cause?.message)).toMatch(message);
      };
      await reject({ taskId: 'call_1-1', reached: true, callBack: { date: '2027-02-09' } }, /call-back date 2027-02-09 is in the past \(today is 2027-02-10\)/);
      await reject({ taskId: 'call_1-1', reached: false, tense: true }, /tense needs a call where someone was reached/);
      await reject({ taskId: 'call_1-1', reached: true, confirmedAtTerm: true }, /was due on 2027-02-03: a confirmation now needs the payment date/);
      expect((await sc.state()).trace.filter((t) => t.kind === 'call')).toEqual([]);

      const res = await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: 'call_1-1', reached: true, contactName: 'Claire Martin', callBack: { date: '2027-02-15', time: '14:30' } }] });
      expect(res.stage).toBe('reminding');
      await travelTo(env, '2027-02-15T13:35:00Z'); // Mon 15 Feb 14:35 Paris
      const v = await sc.state();
      expect(v.openTask).toMatchObject({ kind: 'call_back', script: 'call_1', assignee: 'collector' });
      expect(paris(v.openTask!.openedAt)).toBe('2027-02-15 14:30');
      expect(v.openTask!.objective).toContain('2027-02-15 14:30');
      expect(v.touches.find((t) => t.channel === 'call')).toMatchObject({ result: 'reached', unsuccessful: false });
      await sc.handle.terminate('test done');
    });
  });

  it('coordinated: a call-back agreed on a merged call opens ONE merged call on that date; a tense call is called back 2 business days later', async () => {
    const env = envOf();
    // Start Mon 1 Mar 2027. X due Tue 2 Mar, Y due Wed 3 Mar: one reminder Wed 3 Mar; call 1 falls on Tue 9
    // and Wed 10 Mar, merged (3-day window) on Tue 9 Mar 10:00.
    await travelTo(env, '2027-03-01T08:00:00Z');
    const steps = DEFAULT_POLICY_INPUT.steps.filter((s) => s.id !== 'pre_due_call');
    const d = await startDebtor(env, 'CB', [
      { invoiceId: 'CB-X', dueDate: '2027-03-02', issueDate: '2027-02-01' },
      { invoiceId: 'CB-Y', dueDate: '2027-03-03', issueDate: '2027-02-01' },
    ], { ...DEFAULT_POLICY_INPUT, steps });
    await d.worker.runUntil(async () => {
      await travelTo(env, '2027-03-09T09:30:00Z'); // Tue 9 Mar 10:30
      let debtor = await d.debtorState();
      const first = debtor.callTasks.find((t) => t.status === 'open')!;
      expect(Object.keys(first.tasks).sort()).toEqual(['CB-X', 'CB-Y']);
      // Fri 12 Mar is a business day: the call-back opens at 11:00.
      await d.debtor.executeUpdate(msg.completeDebtorCall, { args: [{ debtorTaskId: first.debtorTaskId, reached: true, callBack: { date: '2027-03-12', time: '11:00' } }] });
      await travelTo(env, '2027-03-12T10:30:00Z');
      debtor = await d.debtorState();
      expect(debtor.callTasks.map((t) => `${paris(t.openedAt)} ${Object.keys(t.tasks).sort().join('+')}`)).toEqual(['2027-03-09 10:00 CB-X+CB-Y', '2027-03-12 11:00 CB-X+CB-Y']);
      for (const h of d.handles) expect((await h.query(msg.getState)).openTask?.kind).toBe('call_back');
      const second = debtor.callTasks[1];
      await d.debtor.executeUpdate(msg.completeDebtorCall, { args: [{ debtorTaskId: second.debtorTaskId, reached: true, tense: true, notes: 'asked to talk again next week' }] });
      // Fri 12 Mar 11:30 + 2 business days = Tue 16 Mar 11:30.
      await travelTo(env, '2027-03-16T12:00:00Z');
      debtor = await d.debtorState();
      expect(debtor.callTasks.map((t) => paris(t.openedAt))).toEqual(['2027-03-09 10:00', '2027-03-12 11:00', '2027-03-16 11:30']);
      // None of these reached calls is a failure: no litigation on either invoice.
      for (const h of d.handles) {
        const v = await h.query(msg.getState);
        expect(v.touches.filter((t) => t.channel === 'call').map((t) => t.unsuccessful)).toEqual([false, false]);
        expect(v.litigation.announcedAt).toBeUndefined();
      }
      for (const h of [...d.handles, d.debtor]) await h.terminate('test done');
    });
  });

  it('coordinated: calls per 30 days are capped per debtor; the call beyond the cap waits until the window allows', async () => {
    const env = envOf();
    // Cap 2. Start Mon 3 May 2027; P due Mon 3 May (call 1 Mon 10 May), Q due Tue 11 May (call 1 Tue 18 May),
    // merge window 1 hour: no merging. Calls Mon 10 May and Tue 18 May; R's call 1 (due Wed 19 May ->
    // Wed 26 May) is the third within 30 days: it waits until Wed 9 Jun 10:30 (10 May 10:30 + 30 days).
    await travelTo(env, '2027-05-03T06:00:00Z');
    const steps = DEFAULT_POLICY_INPUT.steps.filter((s) => s.id !== 'pre_due_call');
    const policy = { ...withCalls({ maxPer30Days: 2, minGap: '1 hour' }), steps, coordination: { mergeWindow: '1 hour' } };
    const d = await startDebtor(env, 'CAP', [
      { invoiceId: 'CAP-P', dueDate: '2027-05-03', issueDate: '2027-04-02' },
      { invoiceId: 'CAP-Q', dueDate: '2027-05-11', issueDate: '2027-04-12' },
      { invoiceId: 'CAP-R', dueDate: '2027-05-19', issueDate: '2027-04-20' },
    ], policy);
    await d.worker.runUntil(async () => {
      const answer = async (at: string) => {
        await travelTo(env, at);
        const t = (await d.debtorState()).callTasks.find((x) => x.status === 'open')!;
        await d.debtor.executeUpdate(msg.completeDebtorCall, { args: [{ debtorTaskId: t.debtorTaskId, reached: false }] });
      };
      await answer('2027-05-10T08:30:00Z');
      await answer('2027-05-18T08:30:00Z');
      await travelTo(env, '2027-06-01T08:00:00Z');
      console.log('DBG jun1');
      let debtor = await d.debtorState();
      expect(debtor.callTasks.map((t) => `${paris(t.openedAt)} ${Object.keys(t.tasks).join('+')}`)).toEqual(['2027-05-10 10:00 CAP-P', '2027-05-18 10:00 CAP-Q']);
      await travelTo(env, '2027-06-09T09:00:00Z');
      debtor = await d.debtorState();
      const third = debtor.callTasks[2];
      // P's call 2 (wanted Mon 24 May), R's call 1 (Wed 26 May) and Q's call 2 (Tue 1 Jun) go as one call.
      expect(`${paris(third.openedAt)} ${Object.keys(third.tasks).sort().join('+')}`).toBe('2027-06-09 10:30 CAP-P+CAP-Q+CAP-R');
      // Letters due meanwhile did not wait for the held call: Q's letter 1 went on Tue 25 May.
      const letters = d.log.filter((l) => l.kind === 'letter' && l.request.template === 'letter_1').map((l) => `${l.request.invoice?.invoiceId} ${(l.request as EmailRequest).facts.today}`);
      expect(letters).toContain('CAP-Q 2027-05-25');
      for (const h of [...d.handles, d.debtor]) await h.terminate('test done');
    });
  });

  it("per invoice: a first call 14 days after the issue date, then the creditor's manager after a fruitless touch", async () => {
    const env = envOf();
    // Issued Mon 5 Jul 2027, due Fri 3 Sep (60 days): early call Mon 19 Jul 10:00 (a courteous pre-due call).
    await travelTo(env, '2027-07-05T07:00:00Z');
    const early = { id: 'early_call', anchor: 'issue_date', offset: '+14 days', channel: 'call', template: 'pre_due', tone: 'courteous', actor: 'sales_rep' } as const;
    const policy: PolicyInput = { ...withCalls({ creditorEscalation: { afterFailedTouches: 1 } }), steps: [early, ...DEFAULT_POLICY_INPUT.steps] };
    const sc = await startScenario(env, { invoice: { issueDate: '2027-07-05', dueDate: '2027-09-03' }, policy });
    await sc.run(async () => {
      await travelTo(env, '2027-07-19T08:30:00Z');
      let v = await sc.state();
      expect(v.openTask).toMatchObject({ taskId: 'early_call-1', kind: 'pre_due', assignee: 'sales_rep', script: 'pre_due' });
      expect(paris(v.openTask!.openedAt)).toBe('2027-07-19 10:00');
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: 'early_call-1', reached: true, confirmedAtTerm: true }] });
      // The pre-due call (Tue 31 Aug) not answered: no failure either. Call 1 (Fri 10 Sep) refused: the first.
      await travelTo(env, '2027-08-31T08:30:00Z');
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: (await sc.state()).openTask!.taskId, reached: false }] });
      await travelTo(env, '2027-09-10T08:30:00Z');
      await sc.handle.executeUpdate(msg.completeCallTask, { args: [{ taskId: (await sc.state()).openTask!.taskId, reached: true, reason: 'refused' }] });
      v = await sc.state();
      expect(v.touches.filter((t) => t.channel === 'call').map((t) => `${paris(t.at)} ${t.stepId} ${t.result} ${t.unsuccessful}`)).toEqual([
        '2027-07-19 10:30 early_call reached false', '2027-08-31 10:30 pre_due_call unreached false', '2027-09-10 10:30 call_1 reached true',
      ]);
      expect(v.trace.filter((t) => t.kind === 'creditor_escalated').map((t) => t.detail)).toEqual(["1 fruitless touches: the next calls go to the creditor's manager (script creditor_manager)"]);
      // Call 2 (D+21, Fri 24 Sep 10:00) is the creditor's manager's, with their script; the debtor's contact is unchanged.
      await travelTo(env, '2027-09-24T08:30:00Z');
      v = await sc.state();
      expect(v.openTask).toMatchObject({ stepId: 'call_2', assignee: 'manager', script: 'creditor_manager', tone: 'firm', contactIndex: 0 });
      expect(paris(v.openTask!.openedAt)).toBe('2027-09-24 10:00');
      await sc.handle.terminate('test done');
    });
  });

  it('a policy with an sms step on an email template fails the run at once, naming the step (never sent as an email)', async () => {
    const env = envOf();
    await travelTo(env, '2027-10-04T06:00:00Z');
    const sms = { id: 'nudge_sms', offset: '+2 days', channel: 'sms', template: 'reminder_1', tone: 'friendly', actor: 'system' } as const;
    const sc = await startScenario(env, { policy: { ...DEFAULT_POLICY_INPUT, steps: [...DEFAULT_POLICY_INPUT.steps, sms] }, invoice: { dueDate: '2027-10-06', issueDate: '2027-09-06' } });
    const err = await sc.run(() => sc.handle.result().catch((e: unknown) => e));
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(String((err as WorkflowFailedError).cause?.message)).toBe('invalid policy: steps.7.template: step "nudge_sms": an sms step uses an SMS text: sms_reminder, sms_firm');
    expect(sc.log).toEqual([]);
  });
});
