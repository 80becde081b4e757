import { workflowInfo } from '@temporalio/workflow';
import type { SmsRequest } from '../../activities/types';
import { buildFacts } from '../../domain/dunning/facts';
import { smsRecipient } from '../../domain/dunning/sms';
import { consumed, touchEvent, type SendAction } from '../../domain/dunning/touch-events';
import { activities, sendFailure } from '../shell';
import { sendSms as sendSmsRequest } from '../sends';
import type { InvoiceRun } from './handlers';

/** An SMS step of the invoice's own: to the number the plan chose (a mobile that has not answered STOP). */
export async function sendSms(run: InvoiceRun, action: SendAction, at: number): Promise<void> {
  const state = run.state();
  const policy = run.policy;
  const workflowId = workflowInfo().workflowId;
  const to = smsRecipient(state);
  const fail = (error: string) => run.dispatch({ type: 'send_failed', at, stepId: action.stepId, channel: 'sms', template: action.template, error, ...consumed(action) });
  if (!to) return fail('no mobile number to send the SMS to');
  const req: SmsRequest = {
    idempotencyKey: `${workflowId}/${action.stepId}`,
    workflowId,
    stepId: action.stepId,
    template: action.template,
    tone: action.tone,
    language: state.invoice.debtor.language,
    invoice: state.invoice,
    facts: buildFacts(state, policy, at, action),
    to,
    maxSegments: policy.sms.maxSegments,
    onUncertain: policy.sends.onUncertain,
  };
  try {
    const receipt = await sendSmsRequest(run.sends, `SMS ${action.template} to ${to.phone}`, req);
    run.dispatch(touchEvent(action, receipt, to.phone, undefined, at));
  } catch (err) {
    fail(sendFailure(err).error);
  }
}

/** Per-invoice mode: the ERP/sales side is told to hold the account, or to release it (seed 004). */
export async function notifyHold(run: InvoiceRun, change: 'place' | 'release', at: number): Promise<void> {
  const state = run.state();
  const workflowId = workflowInfo().workflowId;
  const debtor = state.invoice.debtor;
  const request = activities.notifyAccountHold.executeWithOptions({ summary: `Account hold ${change} for ${debtor.debtorId}` }, [
    {
      idempotencyKey: `${workflowId}/hold-${change}`,
      action: change,
      workflowId,
      debtorId: debtor.debtorId,
      debtorName: debtor.name,
      ...(debtor.siren ? { siren: debtor.siren } : {}),
      invoiceIds: [state.invoice.invoiceId],
      amountDueCents: state.amountDueCents,
      currency: state.invoice.currency,
      reason: change === 'place' ? `invoice ${state.invoice.invoiceId} overdue past step ${run.policy.accountHold?.afterStep ?? ''}` : `invoice ${state.invoice.invoiceId} ${state.outcome ?? 'settled'}`,
      decidedAt: new Date(at).toISOString(),
    },
  ]);
  try {
    run.dispatch({ type: 'account_hold', at, action: change, reference: (await request).reference });
  } catch (err) {
    // Refused, or retries spent: recorded (not tried again), and visible in the trace for a person.
    run.dispatch({ type: 'account_hold', at, action: change, reference: '', error: sendFailure(err).error });
  }
}
