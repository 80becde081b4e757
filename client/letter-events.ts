/**
 * News of a registered letter from the postal side (docs/french-law.md "The formal notice"): the
 * CLI (`dunning letter-event`) and a hybrid-mail provider's webhook both end here. One letter may
 * carry several invoices (the debtor's workflow merges the notices of a debtor's invoices into one
 * letter in the coordinated mode): the event goes to every invoice in it, each run recording it
 * through its `recordLetterEvent` update (refused by its validator when it does not fit).
 */
import { isDeepStrictEqual } from 'node:util';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { debtorWorkflowId } from '../domain/debtor/state';
import { afterLetterEvent } from '../domain/dunning/notice';
import { LetterEventSchema, type LetterEvent } from '../domain/invoice/commands';
import { IsoDate, workflowIdFor } from '../domain/invoice/schema';
import type { PostalAdapter } from '../activities/postal';
import { getDebtorState, getState, recordLetterEvent, type DunningView } from '../workflows/messages';

/** Which letter: an invoice's formal notice, or the idempotency key the postal adapter was given (`<workflow id>/<step id>`). */
export type LetterRef = { invoiceId: string } | { reference: string };

export type LetterEventAnswer = { workflowId: string } & ({ ok: true; deadline?: string; presentedOn?: string; already?: true } | { ok: false; kind: string; message: string });

/** The invoice runs a registered letter was for. */
export async function invoicesOfLetter(client: Client, ref: LetterRef): Promise<string[]> {
  if ('reference' in ref) {
    const cut = ref.reference.lastIndexOf('/');
    if (cut <= 0) throw new Error(`letter reference "${ref.reference}" is not <workflow id>/<step id>`);
    const workflowId = ref.reference.slice(0, cut);
    const stepId = ref.reference.slice(cut + 1);
    if (!workflowId.startsWith('debtor-')) return [workflowId];
    const debtor = await client.workflow.getHandle(workflowId).query(getDebtorState);
    const group = debtor.groups.find((g) => g.groupId === stepId);
    if (!group) throw new Error(`no letter ${stepId} in ${workflowId}`);
    return group.members.map((m) => m.workflowId);
  }
  const workflowId = workflowIdFor(ref.invoiceId);
  const view = await client.workflow.getHandle(workflowId).query(getState);
  const notice = view.formalNotice;
  if (!notice || !view.coordination) return [workflowId];
  // Sent by the debtor's workflow: the other invoices of the same letter share its message id.
  const touch = view.touches.find((t) => t.stepId === notice.stepId && t.channel === 'letter');
  const debtor = await client.workflow.getHandle(debtorWorkflowId(view.invoice.debtor.debtorId)).query(getDebtorState).catch(() => undefined);
  const group = debtor?.groups.find((g) => g.channel === 'letter' && touch?.messageId !== undefined && g.messageId === touch.messageId);
  return group ? group.members.map((m) => m.workflowId) : [workflowId];
}

/**
 * True when the run already knows all the event says (a provider's retry, the same news reported
 * twice): the update would only add a second trace line, so it is not sent.
 */
export function alreadyRecorded(view: Pick<DunningView, 'outcome' | 'formalNotice'>, event: LetterEvent): boolean {
  const n = view.formalNotice;
  if (view.outcome || !n?.presentation) return false;
  if (event.trackingNumber && event.trackingNumber !== n.trackingNumber) return false;
  return isDeepStrictEqual(afterLetterEvent(n.presentation, event), n.presentation);
}

/**
 * Records the event on every invoice of the letter; a refusal is an answer (the run's validator said
 * why), not an exception. An invoice that already knows it answers `already` and records nothing.
 */
export async function recordLetterEventFor(client: Client, ref: LetterRef, event: LetterEvent): Promise<LetterEventAnswer[]> {
  const answers: LetterEventAnswer[] = [];
  for (const workflowId of await invoicesOfLetter(client, ref)) {
    const view = await client.workflow.getHandle(workflowId).query(getState);
    if (alreadyRecorded(view, event)) {
      answers.push({ workflowId, ok: true, already: true, deadline: view.formalNotice?.deadline, presentedOn: view.formalNotice?.presentation?.presentedOn });
      continue;
    }
    try {
      const r = await client.workflow.getHandle(workflowId).executeUpdate(recordLetterEvent, { args: [event] });
      answers.push({ workflowId, ok: true, deadline: r.deadline, presentedOn: r.presentedOn });
    } catch (err) {
      if (!(err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type?.startsWith('Refused:'))) throw err;
      answers.push({ workflowId, ok: false, kind: err.cause.type.slice('Refused:'.length), message: err.cause.message });
    }
  }
  return answers;
}

/**
 * What a hybrid-mail provider's webhook posts (its own format mapped to this one by a few lines of
 * glue): the reference it was given when the letter was posted (PostalSendRequest.idempotencyKey),
 * the event and its date. Parsed here, at the boundary; the runs check it again.
 */
export const PostalWebhookSchema = z.object({
  reference: z.string().min(3),
  event: LetterEventSchema.shape.event,
  date: IsoDate,
  reason: LetterEventSchema.shape.reason,
  presentedOn: IsoDate.optional(),
  trackingNumber: z.string().min(1).optional(),
  provider: z.string().optional(),
});

/**
 * The webhook's hook: the body in the product's terms (the postal adapter's `toLetterEvent` maps a
 * provider's own format; else the body must already be a PostalLetterEvent), parsed, then recorded
 * on the letter's invoices. A body about something else is answered with no invoice.
 */
export async function handlePostalWebhook(client: Client, body: unknown, adapter?: Pick<PostalAdapter, 'toLetterEvent'>): Promise<LetterEventAnswer[]> {
  const mapped = adapter?.toLetterEvent ? adapter.toLetterEvent(body) : body;
  if (mapped === undefined) return [];
  const w = PostalWebhookSchema.parse(mapped);
  const event = LetterEventSchema.parse({ event: w.event, on: w.date, reason: w.reason, presentedOn: w.presentedOn, trackingNumber: w.trackingNumber, source: w.provider ?? 'postal webhook' });
  return recordLetterEventFor(client, { reference: w.reference }, event);
}
