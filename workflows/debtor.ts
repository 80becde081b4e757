import { continueAsNew, getExternalWorkflowHandle, patched, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import { noticeDeadline } from '../domain/dunning/plan';
import { planDebtor, type DebtorStep } from '../domain/debtor/plan';
import { reduceDebtor } from '../domain/debtor/reduce';
import { initialDebtorState, type DebtorEvent, type DebtorState, type Notice } from '../domain/debtor/state';
import { debtorTz, mergedFacts } from '../domain/debtor/grouping';
import { describeDebtor } from '../domain/debtor/describe';
import { debtorRunInput } from './debtor/input';
import { registerDebtorHandlers, type DebtorRun } from './debtor/handlers';
import { followUpRequest } from './debtor/follow-up';
import type { DebtorInput } from './messages';
import * as msg from './messages';
import { activities, handlersDone, historyFull, News, sendFailure, sendLetterAndCopy } from './shell';
import { CORE_V2, SEND_WINDOW, v1 } from './versions';

/**
 * One long-running workflow per debtor (`debtor-<debtorId>`), started by the first invoice that
 * reaches out to it (signal-with-start). It sends the touches its invoices hand it, merging those
 * of one channel due within the merge window into one message or one call task, keeps the call
 * limits per debtor, and splits merged call outcomes and payments back to the invoices.
 */
export async function debtorWorkflow(input: DebtorInput): Promise<{ debtorId: string; invoices: number }> {
  if (!patched(CORE_V2)) return v1().runDebtorV1(input);
  const { debtorId, policy, resume, maxHistoryEvents } = debtorRunInput(input);
  let state: DebtorState = resume ?? initialDebtorState(debtorId, Date.now(), workflowInfo().firstExecutionRunId);
  const news = new News();
  const run: DebtorRun = {
    state: () => state,
    policy,
    dispatch: (e: DebtorEvent) => {
      state = reduceDebtor(state, e, policy);
      news.bump();
    },
  };
  registerDebtorHandlers(run);

  for (;;) {
    // Only between steps: nothing in flight, every notice queued so far is in the carried state.
    if (historyFull(maxHistoryEvents)) {
      await handlersDone();
      return continueAsNew<typeof debtorWorkflow>({ ...input, resume: state });
    }
    const since = news.version;
    const step = planDebtor(state, policy, Date.now(), patched(SEND_WINDOW));
    setCurrentDetails(describeDebtor(state, step, policy));
    if (step.kind === 'close') break;
    await take(step, since);
  }
  await handlersDone();
  return { debtorId: state.debtorId, invoices: Object.keys(state.invoices).length };

  async function take(step: Exclude<DebtorStep, { kind: 'close' }>, since: number): Promise<void> {
    switch (step.kind) {
      case 'deliver':
        return deliver(step.notice);
      case 'event':
        return run.dispatch(step.event);
      case 'wait':
        await news.since(since, step.until, step.until === undefined ? undefined : `Wait: ${step.reason}`);
        return;
      case 'followup':
        return sendFollowUp(step.followUp);
      case 'send':
        return send(step);
    }
  }

  /** A signal to an invoice run; a run that has ended cannot take it, which is recorded. */
  async function deliver(n: Notice): Promise<void> {
    const invoice = getExternalWorkflowHandle(n.workflowId);
    try {
      if (n.kind === 'done') await invoice.signal(msg.debtorTouchDone, n.done);
      else if (n.kind === 'ack') await invoice.signal(msg.debtorAck, n.ack);
      else if (n.kind === 'outcome') await invoice.signal(msg.callOutcomeForwarded, n.forwarded);
      else if (n.kind === 'payment') await invoice.signal(msg.paymentReceived, n.payment);
      else await invoice.signal(msg.debtorSent, n.sent);
      run.dispatch({ type: 'notice_delivered', at: Date.now(), id: n.id });
    } catch (err) {
      run.dispatch({ type: 'notice_undeliverable', at: Date.now(), id: n.id, error: err instanceof Error ? err.message : String(err) });
    }
  }

  async function send(step: Extract<DebtorStep, { kind: 'send' }>): Promise<void> {
    const { group, members, lead, formalNotice } = step;
    const at = group.at;
    const tz = debtorTz(state, policy);
    const notice = formalNotice ? noticeDeadline(at, policy, tz) : undefined;
    const workflowId = workflowInfo().workflowId;
    const base = {
      idempotencyKey: `${workflowId}/${group.groupId}`,
      workflowId,
      stepId: group.groupId,
      template: lead.template,
      tone: lead.tone,
      language: lead.lead.invoice.debtor.language,
      invoice: lead.lead.invoice,
      facts: mergedFacts(members, at, tz, policy.penalties.annualRatePct, notice?.deadline),
      onUncertain: policy.sends.onUncertain,
    };
    const ids = members.map((m) => m.invoiceId);
    run.dispatch({ type: 'send_started', at, group });
    try {
      if (group.channel === 'letter') {
        const copyTo = lead.copyByEmail ? lead.lead.recipient : undefined;
        const copy = copyTo && { ...base, idempotencyKey: `${base.idempotencyKey}-copy`, stepId: `${group.groupId}-copy`, to: copyTo, attachInvoicePdf: false };
        const sent = await sendLetterAndCopy({ ...base, to: lead.lead.addressee, registered: lead.registered }, copy, `Letter ${lead.template} for ${ids.length} invoice(s) to ${lead.lead.invoice.debtor.name}`);
        run.dispatch({ type: 'send_done', at: Date.now(), groupId: group.groupId, receipt: sent.receipt, to: lead.lead.addressee.name, copy: sent.copy });
        return;
      }
      const to = lead.lead.recipient!;
      const receipt = await activities.sendEmail.executeWithOptions({ summary: `Email ${lead.template} for ${ids.length} invoice(s) to ${to.email}` }, [
        { ...base, to, attachInvoicePdf: lead.attachInvoice },
      ]);
      run.dispatch({ type: 'send_done', at: Date.now(), groupId: group.groupId, receipt, to: to.email ?? to.name });
    } catch (err) {
      const failure = sendFailure(err);
      const email = lead.lead.recipient?.email;
      run.dispatch({ type: 'send_failed', at: Date.now(), groupId: group.groupId, error: failure.error, bounced: failure.kind === 'bounced' && email ? { email, error: failure.error } : undefined });
    }
  }

  /** One written follow-up for the merged call, restating what was agreed invoice by invoice (000, 002). */
  async function sendFollowUp(f: Extract<DebtorStep, { kind: 'followup' }>['followUp']): Promise<void> {
    const req = followUpRequest(state, policy, f, Date.now(), workflowInfo().workflowId);
    if (!req) return run.dispatch({ type: 'followup_done', at: Date.now(), id: f.id, template: 'call_followup', error: 'no email address for the debtor' });
    try {
      const receipt = await activities.sendEmail.executeWithOptions({ summary: `Email call_followup for ${f.invoiceIds.length} invoice(s) to ${req.to.email}` }, [req]);
      run.dispatch({ type: 'followup_done', at: Date.now(), id: f.id, template: 'call_followup', receipt, to: req.to.email ?? req.to.name });
    } catch (err) {
      run.dispatch({ type: 'followup_done', at: Date.now(), id: f.id, template: 'call_followup', error: sendFailure(err).error });
    }
  }
}
