import { workflowInfo } from '@temporalio/workflow';
import type { SendRequest } from '../../activities/types';
import type { DebtorStep } from '../../domain/debtor/plan';
import { activities, sendFailure } from '../shell';
import { sendSms as sendSmsRequest } from '../sends';
import type { DebtorRun } from './handlers';

type SendStep = Extract<DebtorStep, { kind: 'send' }>;
type HoldStep = Extract<DebtorStep, { kind: 'hold' }>;

/** One SMS for the merged touches, to the number the lead invoice chose (a mobile that has not answered STOP). */
export async function sendSms(run: DebtorRun, step: SendStep, base: Omit<SendRequest, 'to'>): Promise<void> {
  const { group, lead } = step;
  const phone = lead.lead.planned?.smsTo;
  run.dispatch({ type: 'send_started', at: group.at, group });
  if (!phone) return run.dispatch({ type: 'send_failed', at: Date.now(), groupId: group.groupId, error: 'no mobile number to send the SMS to' });
  try {
    const receipt = await sendSmsRequest(run.sends, `SMS ${lead.template} for ${step.members.length} invoice(s) to ${phone}`, {
      ...base,
      to: { name: lead.lead.addressee.name, phone },
      maxSegments: run.policy.sms.maxSegments,
    });
    run.dispatch({ type: 'send_done', at: Date.now(), groupId: group.groupId, receipt, to: phone });
  } catch (err) {
    run.dispatch({ type: 'send_failed', at: Date.now(), groupId: group.groupId, error: sendFailure(err).error });
  }
}

/**
 * The debtor's one account hold, placed or released (seed 004); keys `<debtor run>/hold-<n>-<epoch>-place|release`:
 * a later chain of debtor runs (epoch) starts counting again and must not reuse a key.
 */
export async function notifyHold(run: DebtorRun, step: HoldStep): Promise<void> {
  const s = run.state();
  const workflowId = workflowInfo().workflowId;
  const members = step.invoiceIds.map((id) => s.invoices[id]).filter((m) => m !== undefined);
  const debtor = members[0]?.invoice.debtor;
  const at = Date.now();
  try {
    const receipt = await activities.notifyAccountHold.executeWithOptions({ summary: `Account hold ${step.change} for ${s.debtorId}` }, [
      {
        idempotencyKey: `${workflowId}/hold-${step.n}-${s.epoch}-${step.change}`,
        action: step.change,
        workflowId,
        debtorId: s.debtorId,
        debtorName: debtor?.name ?? s.debtorId,
        ...(debtor?.siren ? { siren: debtor.siren } : {}),
        invoiceIds: step.invoiceIds,
        amountDueCents: members.filter((m) => !m.closed).reduce((t, m) => t + m.amountDueCents, 0),
        currency: members[0]?.invoice.currency ?? 'EUR',
        reason: step.change === 'place' ? `overdue invoices: ${step.invoiceIds.join(', ')}` : 'no invoice of the debtor calls for the hold any more',
        decidedAt: new Date(at).toISOString(),
      },
    ]);
    run.dispatch({ type: 'hold_done', at, change: step.change, invoiceIds: step.invoiceIds, reference: receipt.reference });
  } catch (err) {
    run.dispatch({ type: 'hold_done', at, change: step.change, invoiceIds: step.invoiceIds, reference: '', error: sendFailure(err).error });
  }
}
