/**
 * The ONE place that reads workflow state shapes for the chaos audit: which sends each workflow
 * says it made (and under which idempotency key / message id), how to name a send's kind from its
 * key, and a one-line "where is it waiting" for a run still open. When the state shapes or the key
 * shapes change, adapt this file only.
 *
 * Key shapes (workflows/dunning/effects.ts, workflows/debtor.ts; message id = messageIdFor(key)):
 * - invoice sends:       `dunning-<invoiceId>/<stepId>`, its letter's email copy `.../<stepId>-copy`;
 *   recorded as DunningView.touches[] { stepId, channel, result: 'sent' | 'uncertain', messageId };
 * - debtor (merged) sends: `debtor-<debtorId>/<groupId>` (groupId `email-3-<epoch>`...), the email
 *   copy of a merged letter `.../<groupId>-copy`, the written follow-up of a merged call
 *   `.../<debtorTaskId>-followup`; recorded as DebtorState.groups[] { groupId, messageId,
 *   copyMessageId, members }; each covered invoice records the merged send (and the copy) as its
 *   own touches with the debtor's message ids.
 */
import type { Client } from '@temporalio/client';
import { messageIdFor } from '../../activities/sent-log';
import type { DebtorState } from '../../domain/debtor/state';
import { getDebtorState, getState, type DunningView } from '../../workflows/messages';

export const INVOICE_WORKFLOW_TYPE = 'dunningWorkflow';
export const DEBTOR_WORKFLOW_TYPE = 'debtorWorkflow';

/** A send that a workflow's state records. */
export interface TracedSend {
  /** The workflow whose state records it. */
  workflowId: string;
  channel: 'email' | 'letter';
  /** The idempotency key it was sent under, when the state tells it. */
  key?: string;
  /** The message id recorded (messageIdFor(key) of the send that made it). */
  messageId?: string;
  /** For people: `dunning-X touch letter_1 (letter letter_1)`. */
  ref: string;
  /** A merged send: the invoice workflows it covers (each should record it too). */
  covers?: string[];
}

export type WorkflowState = { type: 'invoice'; view: DunningView } | { type: 'debtor'; state: DebtorState };

/** The state of a workflow (open or closed: queries of closed runs work while a worker runs). */
export async function queryState(client: Client, workflowId: string, workflowType: string): Promise<WorkflowState> {
  const handle = client.workflow.getHandle(workflowId);
  if (workflowType === DEBTOR_WORKFLOW_TYPE) return { type: 'debtor', state: await handle.query(getDebtorState) };
  return { type: 'invoice', view: await handle.query(getState) };
}

export function tracedSends(workflowId: string, s: WorkflowState): TracedSend[] {
  if (s.type === 'invoice') {
    return s.view.touches
      .filter((t) => (t.result === 'sent' || t.result === 'uncertain') && (t.channel === 'email' || t.channel === 'letter'))
      .map((t) => {
        const own = `${workflowId}/${t.stepId}`;
        // Coordinated touches carry the debtor's message id: the key is then the debtor's, unknown here.
        const key = t.messageId === undefined || t.messageId === messageIdFor(own) ? own : undefined;
        return { workflowId, channel: t.channel === 'letter' ? 'letter' : 'email', key, messageId: t.messageId, ref: `${workflowId} touch ${t.stepId} (${t.channel} ${t.template})` };
      });
  }
  return s.state.groups
    .filter((g) => g.messageId !== undefined && g.channel !== 'call')
    .flatMap((g): TracedSend[] => {
      const covers = g.members.map((m) => m.workflowId);
      const ids = g.members.map((m) => m.invoiceId).join(', ');
      const sent: TracedSend = { workflowId, channel: g.channel === 'letter' ? 'letter' : 'email', key: `${workflowId}/${g.groupId}`, messageId: g.messageId, ref: `${workflowId} group ${g.groupId} (${g.channel} ${g.template} for ${ids})`, covers };
      if (!g.copyMessageId) return [sent];
      return [sent, { workflowId, channel: 'email', key: `${workflowId}/${g.groupId}-copy`, messageId: g.copyMessageId, ref: `${workflowId} group ${g.groupId}-copy (email copy of ${g.template} for ${ids})`, covers }];
    });
}

/** The kind of a send, from its key and channel, for the per-kind counts. */
export function sendKind(key: string, channel: 'email' | 'letter'): string {
  const merged = key.startsWith('debtor-') ? ' (merged, debtor)' : ' (invoice)';
  if (channel === 'letter') return `letters${merged}`;
  if (key.endsWith('-copy')) return `email copies of letters${merged}`;
  if (key.endsWith('-followup')) return `call follow-up emails${merged}`;
  return `emails${merged}`;
}

const at = (ms: number | string) => new Date(ms).toISOString().slice(11, 19);

/** Where an open run stands, in one line. */
export function describeWaiting(s: WorkflowState, now = Date.now()): string {
  if (s.type === 'invoice') {
    const v = s.view;
    const last = v.trace[v.trace.length - 1];
    const next = v.next ? `next ${v.next.kind} "${v.next.description}" at ${at(v.next.at)}${Date.parse(v.next.at) < now ? ' (overdue)' : ''}` : 'no next action';
    return `stage ${v.stage}, ${next}, ${v.touches.length} touch(es), last trace ${last ? `${last.kind}${last.step ? ` ${last.step}` : ''} at ${at(last.at)}` : 'none'}`;
  }
  const d = s.state;
  const open = Object.values(d.invoices).filter((i) => !i.closed);
  const planned = open
    .filter((i) => i.planned)
    .map((i) => `${i.invoiceId} ${i.planned!.channel} ${i.planned!.stepId} at ${at(i.planned!.at)}${(d.done[i.invoiceId] ?? []).includes(i.planned!.key) ? ' (done)' : ''}`);
  const calls = d.callTasks.filter((t) => t.status === 'open').map((t) => t.debtorTaskId);
  return `${open.length} open invoice(s) of ${Object.keys(d.invoices).length}, ${d.groups.length} group(s) sent, planned: ${planned.join('; ') || 'none'}, open calls: ${calls.join(', ') || 'none'}`;
}
