import type { SearchAttributePair } from '@temporalio/common';
import { SA } from '../search-attributes';
import { localDateOf, localTimeOf } from './calendar';
import type { Invoice } from './invoice';
import { formatMoney } from './money';
import type { Action } from './planner';
import type { Policy } from './policy';
import type { DunningState, TraceEntry } from './state';
import { daysPastDue, openCallTask, tzOf } from './views';

/** "INV-2024-031 · Acme SARL · 1 234,56 € due 2024-05-02": the run's one-line summary in the Web UI. */
export function staticSummary(invoice: Invoice): string {
  return `${invoice.invoiceId} · ${invoice.debtor.name} · ${formatMoney(invoice.amountDueCents ?? invoice.amountCents, invoice.currency)} due ${invoice.dueDate}`;
}

/** A local "YYYY-MM-DD HH:MM" in the debtor's zone. */
export function localStamp(at: number, tz: string): string {
  return `${localDateOf(at, tz)} ${localTimeOf(at, tz)}`;
}

/** The workflow's current details (markdown) shown in the Web UI; refreshed at every change. */
export function describeState(s: DunningState, policy: Policy, now: number, next: Action | undefined): string {
  const tz = tzOf(s, policy);
  const money = (c: number) => formatMoney(c, s.invoice.currency);
  const task = openCallTask(s);
  const lines = [
    `**${s.invoice.invoiceId}** · ${s.invoice.debtor.name} · stage **${s.stage}**${s.outcome ? ` · outcome **${s.outcome}**` : ''}`,
    `Amount due: ${money(s.amountDueCents)} of ${money(s.invoice.amountCents)} · ${daysPastDue(s, policy, now)} days past due`,
    next ? `Next: ${next.description} on ${localStamp(next.at, tz)} (${tz})` : s.outcome ? `Closed: ${s.closeReason ?? s.outcome}` : 'Next: waiting for news (payment, dispute resolution, resume)',
  ];
  if (task) lines.push(`Open call task: ${task.taskId} (${task.kind}) for ${task.assignee}, due by ${localStamp(task.dueBy, tz)}`);
  const pending = s.promises.filter((p) => p.status === 'pending');
  if (pending.length) lines.push(`Promise: ${pending.map((p) => `${money(p.amountCents)} by ${p.date}`).join(', ')}`);
  if (s.plan) lines.push(`Payment plan (${s.plan.status}): ${s.plan.instalments.map((i) => `${i.date} ${money(i.amountCents)} ${i.status}`).join(' · ')}`);
  const kept = s.promises.filter((p) => p.status === 'kept').length;
  if (kept || s.brokenPromises) lines.push(`Promises kept: ${kept} · broken: ${s.brokenPromises}`);
  const disputes = s.disputes.filter((d) => d.status === 'open');
  if (disputes.length) lines.push(`Open dispute: ${disputes.map((d) => `${d.disputeId} (${d.kind}) ${d.details}`).join('; ')}`);
  if (s.paused) lines.push(`Paused: ${s.paused.reason}${s.paused.until ? ` until ${s.paused.until}` : ''}`);
  if (s.litigation.reason && !s.outcome) lines.push(`Litigation decided: ${s.litigation.reason}`);
  lines.push(`Touches: ${s.touches.length} · last: ${s.touches.length ? describeTouch(s, s.touches.length - 1, tz) : 'none yet'}`);
  return lines.join('\n\n');
}

function describeTouch(s: DunningState, i: number, tz: string): string {
  const t = s.touches[i];
  return `${t.channel} ${t.template} on ${localStamp(t.at, tz)} (${t.result})`;
}

export function searchAttributesOf(s: DunningState, policy: Policy, now: number, next: Action | undefined): SearchAttributePair[] {
  const task = openCallTask(s);
  const pairs: SearchAttributePair[] = [
    { key: SA.invoiceId, value: s.invoice.invoiceId },
    { key: SA.debtorId, value: s.invoice.debtor.debtorId },
    { key: SA.debtorName, value: s.invoice.debtor.name },
    { key: SA.stage, value: s.stage },
    { key: SA.amountDue, value: s.amountDueCents / 100 },
    { key: SA.daysPastDue, value: daysPastDue(s, policy, now) },
    { key: SA.dueDate, value: new Date(`${s.invoice.dueDate}T00:00:00Z`) },
    { key: SA.callTaskOpen, value: Boolean(task) },
    { key: SA.brokenPromises, value: s.brokenPromises },
    { key: SA.openDisputes, value: s.disputes.filter((d) => d.status === 'open').length },
  ] as SearchAttributePair[];
  if (task) pairs.push({ key: SA.callAssignee, value: task.assignee } as SearchAttributePair);
  if (next) {
    pairs.push({ key: SA.nextActionTime, value: new Date(next.at) } as SearchAttributePair);
    pairs.push({ key: SA.nextAction, value: next.description } as SearchAttributePair);
  }
  if (s.outcome) pairs.push({ key: SA.outcome, value: s.outcome } as SearchAttributePair);
  return pairs;
}

/** The readable trace of one run: local date and time, stage, what happened. */
export function formatTrace(entries: TraceEntry[], tz: string): string[] {
  return entries.map((e) => {
    const what = [e.kind, e.step, e.channel, e.template, e.outcome].filter(Boolean).join(' ');
    return `${localStamp(e.at, tz)}  ${e.stage.padEnd(13)} ${what}${e.detail ? ` — ${e.detail}` : ''}`;
  });
}
