import { getExternalWorkflowHandle, workflowInfo } from '@temporalio/workflow';
import type { SendRequest } from '../../activities/types';
import type { DebtorStep } from '../../domain/debtor/plan';
import { debtorTz, mergedFacts } from '../../domain/debtor/grouping';
import type { Notice } from '../../domain/debtor/state';
import { noticeDeadline } from '../../domain/dunning/plan';
import * as msg from '../messages';
import { sendFailure, type News } from '../shell';
import { sendEmail, sendLetterAndCopy } from '../sends';
import { followUpRequest } from './follow-up';
import { notifyHold, sendSms } from './channels';
import { writeMergedBrief } from './brief';
import type { DebtorRun } from './handlers';

type SendStep = Extract<DebtorStep, { kind: 'send' }>;
type FollowUpStep = Extract<DebtorStep, { kind: 'followup' }>['followUp'];

/** Performs one planned step of the debtor's run; `since` is the news counter read before planning it. */
export async function takeDebtorStep(run: DebtorRun, news: News, step: Exclude<DebtorStep, { kind: 'close' }>, since: number): Promise<void> {
  switch (step.kind) {
    case 'deliver':
      return deliver(run, step.notice);
    case 'event':
      return run.dispatch(step.event);
    case 'wait':
      await news.since(since, step.until, step.until === undefined ? undefined : `Wait: ${step.reason}`);
      return;
    case 'followup':
      return sendFollowUp(run, step.followUp);
    case 'send':
      return step.group.channel === 'sms' ? sendSms(run, step, mergedBase(run, step)) : send(run, step);
    case 'hold':
      return notifyHold(run, step);
    case 'brief':
      return writeMergedBrief(run, step.debtorTaskId);
  }
}

/** A signal to an invoice run; a run that has ended cannot take it, which is recorded. */
async function deliver(run: DebtorRun, n: Notice): Promise<void> {
  const invoice = getExternalWorkflowHandle(n.workflowId);
  try {
    if (n.kind === 'done') await invoice.signal(msg.debtorTouchDone, n.done);
    else if (n.kind === 'ack') await invoice.signal(msg.debtorAck, n.ack);
    else if (n.kind === 'outcome') await invoice.signal(msg.callOutcomeForwarded, n.forwarded);
    else if (n.kind === 'payment') await invoice.signal(msg.paymentReceived, n.payment);
    else if (n.kind === 'insolvency') await invoice.signal(msg.insolvencyOpened, n.insolvency);
    else if (n.kind === 'protocol') await invoice.signal(msg.debtorProtocol, n.protocol);
    else if (n.kind === 'resync') await invoice.signal(msg.debtorResync, n.resync);
    else await invoice.signal(msg.debtorSent, n.sent);
    run.dispatch({ type: 'notice_delivered', at: Date.now(), id: n.id });
  } catch (err) {
    run.dispatch({ type: 'notice_undeliverable', at: Date.now(), id: n.id, error: err instanceof Error ? err.message : String(err) });
  }
}

/** The request every merged send shares (email, letter, the letter's copy), addressed later. */
export function mergedBase(run: DebtorRun, step: SendStep): Omit<SendRequest, 'to'> {
  const { group, members, lead, formalNotice } = step;
  const at = group.at;
  const policy = run.policy;
  const tz = debtorTz(run.state(), policy);
  // The letter states a date only when every invoice in it counts from the sending day (runs started before).
  const fromPresentation = formalNotice && members.every((m) => m.planned?.noticeFromPresentation);
  const notice = formalNotice && !fromPresentation ? noticeDeadline(at, policy, tz) : undefined;
  const workflowId = workflowInfo().workflowId;
  return {
    idempotencyKey: `${workflowId}/${group.groupId}`,
    workflowId,
    stepId: group.groupId,
    template: lead.template,
    tone: lead.tone,
    language: lead.lead.invoice.debtor.language,
    invoice: lead.lead.invoice,
    facts: { ...mergedFacts(members, at, tz, notice?.deadline), ...(fromPresentation ? { noticeDelay: policy.formalNotice.deadline } : {}) },
    onUncertain: policy.sends.onUncertain,
  };
}

/** One merged email or letter (with its copy by email when asked); what came of it is dispatched. */
async function send(run: DebtorRun, step: SendStep): Promise<void> {
  const { group, lead } = step;
  const base = mergedBase(run, step);
  const count = step.members.length;
  run.dispatch({ type: 'send_started', at: group.at, group });
  try {
    if (group.channel === 'letter') {
      const copyTo = lead.copyByEmail ? lead.lead.recipient : undefined;
      const copy = copyTo && { ...base, idempotencyKey: `${base.idempotencyKey}-copy`, stepId: `${group.groupId}-copy`, to: copyTo, attachInvoicePdf: false };
      const sent = await sendLetterAndCopy(run.sends, { ...base, to: lead.lead.addressee, registered: lead.registered }, copy, `Letter ${lead.template} for ${count} invoice(s) to ${lead.lead.invoice.debtor.name}`);
      run.dispatch({ type: 'send_done', at: Date.now(), groupId: group.groupId, receipt: sent.receipt, to: lead.lead.addressee.name, copy: sent.copy });
      return;
    }
    const to = lead.lead.recipient!;
    const receipt = await sendEmail(run.sends, `Email ${lead.template} for ${count} invoice(s) to ${to.email}`, { ...base, to, attachInvoicePdf: lead.attachInvoice });
    run.dispatch({ type: 'send_done', at: Date.now(), groupId: group.groupId, receipt, to: to.email ?? to.name });
  } catch (err) {
    const failure = sendFailure(err);
    const email = lead.lead.recipient?.email;
    run.dispatch({ type: 'send_failed', at: Date.now(), groupId: group.groupId, error: failure.error, bounced: failure.kind === 'bounced' && email ? { email, error: failure.error } : undefined });
  }
}

/** One written follow-up for the merged call, restating what was agreed invoice by invoice (000, 002). */
async function sendFollowUp(run: DebtorRun, f: FollowUpStep): Promise<void> {
  const req = followUpRequest(run.state(), run.policy, f, Date.now(), workflowInfo().workflowId);
  if (!req) return run.dispatch({ type: 'followup_done', at: Date.now(), id: f.id, template: 'call_followup', error: 'no email address for the debtor' });
  try {
    const receipt = await sendEmail(run.sends, `Email call_followup for ${f.invoiceIds.length} invoice(s) to ${req.to.email}`, req);
    run.dispatch({ type: 'followup_done', at: Date.now(), id: f.id, template: 'call_followup', receipt, to: req.to.email ?? req.to.name });
  } catch (err) {
    run.dispatch({ type: 'followup_done', at: Date.now(), id: f.id, template: 'call_followup', error: sendFailure(err).error });
  }
}
