import { workflowInfo } from '@temporalio/workflow';
import type { EmailRequest, LetterRequest } from '../../activities/types';
import { buildFacts } from '../../domain/dunning/facts';
import type { Action } from '../../domain/dunning/plan';
import { consumed, copyAction, noticeOf, touchEvent, type SendAction } from '../../domain/dunning/touch-events';
import { activities, briefActivities, sendFailure } from '../shell';
import { sendEmail, sendLetterAndCopy } from '../sends';
import { notifyHold, sendSms } from './channels';
import { performField } from './field';
import type { InvoiceRun } from './handlers';

/** Performs one planned action of the invoice's own (per-invoice mode, or a step that stays local). */
export async function perform(run: InvoiceRun, action: Action, at: number): Promise<void> {
  switch (action.kind) {
    case 'event':
      return run.dispatch({ ...action.event, at });
    case 'open_call':
      run.dispatch({ type: 'call_task_opened', at, task: action.task, stepIndex: action.stepIndex, followUpId: action.followUpId });
      return writeCallBrief(run, action.task.taskId);
    case 'handoff':
      return handOff(run, at);
    case 'send':
      return action.channel === 'sms' ? sendSms(run, action, at) : send(run, action, at);
    case 'hold':
      return notifyHold(run, action.change, at);
    case 'open_visit':
    case 'open_approval':
    case 'remind_approval':
      return performField(run, action, at);
  }
}

/** The brief file of a call task that just opened (domain.md §4). A convenience: the task stands without it. */
export async function writeCallBrief(run: InvoiceRun, taskId: string): Promise<void> {
  try {
    // Ids only: the activity reads the state from the run (the history does not carry it).
    const { path } = await briefActivities.prepareCallBrief.executeWithOptions({ summary: `Call brief for ${taskId}` }, [{ taskId, workflowId: workflowInfo().workflowId }]);
    run.dispatch({ type: 'call_brief_ready', at: Date.now(), taskId, path });
  } catch (err) {
    sendFailure(err); // rethrows anything but an activity failure; the CLI builds the brief on demand
  }
}

async function handOff(run: InvoiceRun, at: number): Promise<void> {
  const workflowId = workflowInfo().workflowId;
  try {
    // Ids only: the activity reads the file's contents from the run (the getHandoff query).
    const receipt = await activities.handOffToLitigation.executeWithOptions({ summary: `Litigation handoff of ${run.state().invoice.invoiceId}` }, [
      { idempotencyKey: `${workflowId}/litigation`, workflowId },
    ]);
    run.dispatch({ type: 'handed_off', at, reference: receipt.reference, location: receipt.location, route: receipt.suggestedRoute });
  } catch (err) {
    run.dispatch({ type: 'handoff_failed', at: Date.now(), error: sendFailure(err).error });
  }
}

async function send(run: InvoiceRun, action: SendAction, at: number): Promise<void> {
  const state = run.state();
  const policy = run.policy;
  const workflowId = workflowInfo().workflowId;
  const notice = noticeOf(action, at, state, policy);
  // From the first presentation, the deadline's date is not known when the letter is written: it states the delay.
  const facts = notice?.waitUntil !== undefined ? { ...buildFacts(state, policy, at, action), noticeDelay: policy.formalNotice.deadline } : buildFacts(state, policy, at, action, notice?.deadline);
  const contact = state.contacts[state.activeContact];
  // The first contact from the active one on whose address is not known to bounce.
  const emailContact = [...state.contacts.slice(state.activeContact), ...state.contacts.slice(0, state.activeContact)].find((c) => c.email && !state.badEmails.includes(c.email));
  const channel = action.channel === 'email' && !emailContact ? 'letter' : action.channel;
  const base = { workflowId, template: action.template, tone: action.tone, language: state.invoice.debtor.language, invoice: state.invoice, facts, onUncertain: policy.sends.onUncertain };
  try {
    if (channel === 'letter') {
      const letter: LetterRequest = { ...base, idempotencyKey: `${workflowId}/${action.stepId}`, stepId: action.stepId, to: contact, registered: action.options.registered };
      const copyId = `${action.stepId}-copy`;
      const copy: Omit<EmailRequest, 'attachLetterPath'> | undefined =
        action.options.copyByEmail && emailContact ? { ...base, idempotencyKey: `${workflowId}/${copyId}`, stepId: copyId, to: emailContact, attachInvoicePdf: false } : undefined;
      const sent = await sendLetterAndCopy(run.sends, letter, copy, `Letter ${action.template}${action.options.registered ? ' (registered)' : ''} to ${state.invoice.debtor.name}`);
      run.dispatch(touchEvent(action, sent.receipt, contact.name, notice, at));
      if (sent.copy) run.dispatch(touchEvent(copyAction(action), sent.copy.receipt, sent.copy.to, undefined, at));
      if (sent.copyFailure) run.dispatch({ type: 'send_failed', at, stepId: copyId, channel: 'email', template: action.template, error: sent.copyFailure.error });
      return;
    }
    const email: EmailRequest = { ...base, idempotencyKey: `${workflowId}/${action.stepId}`, stepId: action.stepId, to: emailContact!, attachInvoicePdf: action.options.attachInvoice };
    const receipt = await sendEmail(run.sends, `Email ${action.template} to ${emailContact!.email}`, email);
    run.dispatch(touchEvent(action, receipt, emailContact!.email!, undefined, at));
  } catch (err) {
    const failure = sendFailure(err);
    if (failure.kind === 'bounced' && channel === 'email') {
      run.dispatch({ type: 'email_bounced', at, stepId: action.stepId, template: action.template, tone: action.tone, email: emailContact!.email!, error: failure.error, attachInvoice: action.options.attachInvoice, ...consumed(action) });
    } else {
      run.dispatch({ type: 'send_failed', at, stepId: action.stepId, channel, template: action.template, error: failure.error, ...consumed(action) });
    }
  }
}
