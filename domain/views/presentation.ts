import { openApproval } from '../dunning/approval';
import { openVisitTask } from '../dunning/visits';
import { localDateOf, localTimeOf } from '../time/calendar';
import type { Invoice } from '../invoice/schema';
import { clampUtf8, DETAILS_TEXT_BYTES, SUMMARY_TEXT_BYTES } from '../text/limits';
import { escapeMarkdown as md } from '../text/markdown';
import { formatMoney } from '../money/format';
import type { Policy } from '../policy/schema';
import type { DunningState, TraceEntry } from '../dunning/state';
import { daysPastDue, openCallTask, tzOf, visibleStage } from '../dunning/derived';
import { debtorWorkflowId } from '../debtor/state';
import { limitationOfState } from '../dunning/limitation';
import { describeNotice } from '../dunning/notice';
import { disputeTaskLine, openDisputeTasks } from '../dunning/dispute-task';

/**
 * "INV-2024-031 · Acme SARL · 1 234,56 € due 2024-05-02": the run's one-line summary in the Web UI,
 * which renders it as Markdown. Ids and the company name only (no contact's personal data), the
 * name escaped (a name holding a link must stay text) and shortened to fit the server's summary limit.
 */
export function staticSummary(invoice: Invoice): string {
  const amount = formatMoney(invoice.amountDueCents ?? invoice.amountCents, invoice.currency);
  const fixed = `${invoice.invoiceId} ·  · ${amount} due ${invoice.dueDate}`;
  const name = clampUtf8(invoice.debtor.name, Math.max(20, SUMMARY_TEXT_BYTES - fixed.length));
  return clampUtf8(`${invoice.invoiceId} · ${md(name)} · ${amount} due ${invoice.dueDate}`, SUMMARY_TEXT_BYTES);
}

/** The debtor run's one-line summary: company name (escaped, shortened) and id, nothing about its contacts. */
export function debtorSummary(name: string, debtorId: string): string {
  return clampUtf8(`Debtor ${md(clampUtf8(name, 80))} (${md(clampUtf8(debtorId, 60))}): one reminder per debtor`, SUMMARY_TEXT_BYTES);
}

/** A local "YYYY-MM-DD HH:MM" in the debtor's zone. */
export function localStamp(at: number, tz: string): string {
  return `${localDateOf(at, tz)} ${localTimeOf(at, tz)}`;
}

/** What the Web UI and `dunning list` can filter on; null clears a value that no longer holds. */
export interface VisibleFields {
  invoiceId: string;
  debtorId: string;
  debtorName: string;
  stage: string;
  amountDue: number;
  daysPastDue: number;
  dueDate: string;
  callTaskOpen: boolean;
  callAssignee: string | null;
  brokenPromises: number;
  openDisputes: number;
  nextAction: string | null;
  nextActionTime: number | null;
  outcome: string | null;
  /** Sends a crashed worker may or may not have made: a person checks them (docs/sends.md). */
  sendsToReview: number;
  /** Open, paused or disputed files: the last day to act before limitation (domain/dunning/limitation.ts). */
  limitationDate: string | null;
}

/** `overdueStage`: an overdue file still `pre_due` in its state shows `reminding` (false only for runs recorded before it). */
export function visibleFields(s: DunningState, policy: Policy, now: number, next: { at: number; description: string } | undefined, overdueStage = true): VisibleFields {
  const task = openCallTask(s);
  return {
    invoiceId: s.invoice.invoiceId,
    debtorId: s.invoice.debtor.debtorId,
    debtorName: s.invoice.debtor.name,
    stage: overdueStage ? visibleStage(s, policy, now) : s.stage,
    amountDue: s.amountDueCents / 100,
    daysPastDue: daysPastDue(s, policy, now),
    dueDate: s.invoice.dueDate,
    // Any human task: a call, a visit (docs/field.md) or an approval of a legal step; `dunning tasks --kind` tells them apart.
    callTaskOpen: Boolean(task ?? openVisitTask(s) ?? openApproval(s)),
    callAssignee: task?.assignee ?? openVisitTask(s)?.agent ?? openApproval(s)?.approver ?? null,
    brokenPromises: s.brokenPromises,
    openDisputes: s.disputes.filter((d) => d.status === 'open').length,
    nextAction: next?.description ?? null,
    nextActionTime: next?.at ?? null,
    outcome: s.outcome ?? null,
    sendsToReview: s.touches.filter((t) => t.result === 'uncertain').length,
    limitationDate: s.outcome ? null : limitationOfState(s, policy, now).date,
  };
}

/**
 * The workflow's current details (Markdown) shown in the Web UI; refreshed at every change. Every
 * free text that came from outside (the debtor's name, dispute ids and details, reasons) is
 * escaped; ids, stages and step names are the product's own words (invoice ids have a pattern).
 */
export function describeState(s: DunningState, policy: Policy, now: number, next: { at: number; description: string } | undefined): string {
  return clampUtf8(detailLines(s, policy, now, next).join('\n\n'), DETAILS_TEXT_BYTES);
}

/** A touch already due that the debtor's run holds (gap between calls, merge or send window) says so, not a time long past. */
function nextLine(next: { at: number; description: string }, now: number, tz: string): string {
  return next.at < now ? `Next: ${next.description}, due since ${localStamp(next.at, tz)} (${tz})` : `Next: ${next.description} on ${localStamp(next.at, tz)} (${tz})`;
}

function detailLines(s: DunningState, policy: Policy, now: number, next: { at: number; description: string } | undefined): string[] {
  const tz = tzOf(s, policy);
  const money = (c: number) => formatMoney(c, s.invoice.currency);
  const task = openCallTask(s);
  const lines = [
    `**${s.invoice.invoiceId}** · ${md(s.invoice.debtor.name)} · stage **${visibleStage(s, policy, now)}**${s.outcome ? ` · outcome **${s.outcome}**` : ''}`,
    `Amount due: ${money(s.amountDueCents)} of ${money(s.invoice.amountCents)} · ${daysPastDue(s, policy, now)} days past due`,
    next ? nextLine(next, now, tz) : s.outcome ? `Closed: ${md(s.closeReason ?? s.outcome)}` : 'Next: waiting for news (payment, dispute resolution, resume)',
  ];
  if (task) lines.push(`Open call task: ${task.taskId} (${task.kind}) for ${task.assignee}, due by ${localStamp(task.dueBy, tz)}`);
  const visit = openVisitTask(s);
  if (visit) lines.push(`Open visit: ${md(visit.taskId)} for ${md(visit.agent)}, planned ${visit.day}, report by ${localStamp(visit.dueBy, tz)}`);
  const approval = openApproval(s);
  if (approval) lines.push(`Waiting for approval (${md(approval.approver)}): the ${approval.step.replace('_', ' ')}, ${approval.status}, ${approval.reminders} reminder(s)`);
  if (s.coordination) lines.push(...debtorRunLines(s, tz));
  const pending = s.promises.filter((p) => p.status === 'pending');
  if (pending.length) lines.push(`Promise: ${pending.map((p) => `${money(p.amountCents)} by ${p.date}`).join(', ')}`);
  if (s.plan) lines.push(`Payment plan (${s.plan.status}): ${s.plan.instalments.map((i) => `${i.date} ${money(i.amountCents)} ${i.status}`).join(' · ')}`);
  const kept = s.promises.filter((p) => p.status === 'kept').length;
  if (kept || s.brokenPromises) lines.push(`Promises kept: ${kept} · broken: ${s.brokenPromises}`);
  const disputes = s.disputes.filter((d) => d.status === 'open');
  if (disputes.length) lines.push(`Open dispute: ${disputes.map((d) => `${md(d.disputeId)} (${d.kind}) ${md(d.details)}`).join('; ')}`);
  // As of the run's last step (no timer at the deadline): `dunning status` and `tasks --kind dispute` compute at the reader's time.
  const disputeTasks = openDisputeTasks(s, now);
  if (disputeTasks.length) lines.push(`Dispute task: ${disputeTasks.map((t) => disputeTaskLine(t, (at) => localStamp(at, tz), md)).join('; ')}`);
  if (s.paused) lines.push(`Paused: ${md(s.paused.reason)}${s.paused.until ? ` until ${s.paused.until}` : ''}`);
  // §9: credit notes and unapplied payments are shown, not buried in the trace.
  if (s.creditedCents) lines.push(`Credit notes: ${money(s.creditedCents)}`);
  if (s.unappliedCents) lines.push(`Unapplied payment: ${money(s.unappliedCents)} (paid beyond what was due: refund or allocate it)`);
  if (s.formalNotice) lines.push(`Formal notice: ${md(describeNotice(s.formalNotice, tz))}`);
  if (s.litigation.reason && !s.outcome) lines.push(`Litigation decided: ${md(s.litigation.reason)}`);
  if (s.smsOptOuts?.length) lines.push(`SMS stopped (STOP): ${s.smsOptOuts.map((n) => (n === '*' ? 'every number of the debtor' : n)).join(', ')}`);
  const hold = s.accountHold;
  if (hold) lines.push(`Account hold: ${hold.releasedAt !== undefined ? `released ${localStamp(hold.releasedAt, tz)}` : `on hold since ${localStamp(hold.placedAt, tz)}`}${hold.error ? ` (the ERP could not be told: ${md(hold.error)})` : ''}`);
  const review = s.touches.filter((t) => t.result === 'uncertain');
  if (review.length) lines.push(`To review: ${review.map((t) => `${t.channel} ${t.template} of ${localStamp(t.at, tz)} may not have gone (message ${t.messageId ?? '?'})`).join('; ')}`);
  lines.push(`Touches: ${s.touches.length} · last: ${s.touches.length ? describeTouch(s, s.touches.length - 1, tz) : 'none yet'}`);
  return lines;
}

/** Coordinated mode: the debtor's run sends for this invoice; name it and list what it sent (newest first). */
function debtorRunLines(s: DunningState, tz: string): string[] {
  const sent = s.touches.filter((t) => t.channel === 'email' || t.channel === 'letter' || t.channel === 'sms').slice(-5).reverse();
  return [
    `Debtor run: ${md(debtorWorkflowId(s.invoice.debtor.debtorId))} (sends and calls for all the debtor's invoices)`,
    `Sent for this invoice: ${sent.length ? sent.map((t) => `${t.channel} ${t.template} on ${localStamp(t.at, tz)} (${t.result})`).join('; ') : 'nothing yet'}`,
  ];
}

function describeTouch(s: DunningState, i: number, tz: string): string {
  const t = s.touches[i];
  return `${t.channel} ${t.template} on ${localStamp(t.at, tz)} (${t.result})`;
}

/** The readable trace of one run: local date and time, stage, what happened. */
export function formatTrace(entries: TraceEntry[], tz: string): string[] {
  return entries.map((e) => {
    const what = [e.kind, e.step, e.channel, e.template, e.outcome].filter(Boolean).join(' ');
    return `${localStamp(e.at, tz)}  ${e.stage.padEnd(13)} ${what}${e.detail ? ` — ${e.detail}` : ''}`;
  });
}
