import { addDuration, localDateOf } from '../time/calendar';
import type { CallOutcome, DebtorCallOutcome } from '../invoice/commands';
import type { Policy } from '../policy/schema';
import { validateCallBack, validateCommitment } from '../dunning/validate';
import type { DebtorCallTask, DebtorState } from './state';

/** When a merged call task nobody completed is stale: its deadline with every reopening. */
function staleAt(t: DebtorCallTask, policy: Policy, tz: string): number {
  let at = t.openedAt;
  for (let i = 0; i <= policy.calls.reopenLimit; i++) at = addDuration(at, policy.calls.taskDeadline, policy.calendar, tz);
  return at;
}

/**
 * Merged call tasks that end now: every invoice closed, or every invoice moved on from its task
 * and the task's deadline (with its reopenings) has passed. An invoice still holding its task past
 * the deadline decides with its next sync.
 */
export function staleCallTasks(s: DebtorState, policy: Policy, now: number, tz: string): { stale: string[]; recheckAt?: number } {
  const stale: string[] = [];
  let recheckAt: number | undefined;
  for (const t of s.callTasks) {
    if (t.status !== 'open') continue;
    const members = Object.entries(t.tasks).map(([id, taskId]) => ({ inv: s.invoices[id], taskId }));
    const allClosed = members.every((m) => !m.inv || m.inv.closed);
    const movedOn = members.every((m) => !m.inv || m.inv.closed || m.inv.openTaskId !== m.taskId);
    const at = staleAt(t, policy, tz);
    if (allClosed || (movedOn && now >= at)) stale.push(t.debtorTaskId);
    else if (at > now && (recheckAt === undefined || at < recheckAt)) recheckAt = at;
  }
  return { stale, recheckAt };
}

/** Why a merged call's outcome cannot be recorded, or undefined (the update validator runs this). */
export function validateDebtorCall(s: DebtorState, policy: Policy, now: number, tz: string, o: DebtorCallOutcome): string | undefined {
  const task = s.callTasks.find((t) => t.debtorTaskId === o.debtorTaskId);
  if (!task) return `unknown debtor call task "${o.debtorTaskId}"`;
  if (task.status !== 'open') return `debtor call task "${o.debtorTaskId}" is already closed`;
  for (const share of o.shares) {
    const inv = s.invoices[share.invoiceId];
    if (!inv || !(share.invoiceId in task.tasks)) return `invoice ${share.invoiceId} is not covered by call task ${o.debtorTaskId} (it covers ${Object.keys(task.tasks).join(', ')})`;
    const bad = validateCommitment(share, inv.amountDueCents, now, tz, policy);
    if (bad) return `${share.invoiceId}: ${bad}`;
  }
  if (o.confirmedAtTerm && !o.promiseAll) {
    const today = localDateOf(now, tz);
    const late = Object.keys(task.tasks).find((id) => s.invoices[id] && s.invoices[id].invoice.dueDate < today && !o.shares.some((x) => x.invoiceId === id && (x.promise || x.plan)));
    if (late) return `${late} was due on ${s.invoices[late].invoice.dueDate}: a confirmation now needs the payment date (a promise)`;
  }
  if (o.promiseAll) {
    const bad = validateCommitment({ promise: { date: o.promiseAll.date, amountCents: 1 } }, 1, now, tz, policy);
    if (bad) return bad;
  }
  return validateCallBack(o.callBack, now, tz, policy);
}

/** Each invoice's share of a merged call's outcome, as that invoice's own call outcome. */
export function shareOf(o: DebtorCallOutcome, invoiceId: string, taskId: string, amountDueCents: number): CallOutcome {
  const share = o.shares.find((s) => s.invoiceId === invoiceId);
  return {
    taskId,
    reached: o.reached,
    contactName: o.contactName,
    collector: o.collector,
    reason: share?.reason ?? o.reason,
    hardship: o.hardship,
    notes: o.notes,
    promise: o.promiseAll ? { date: o.promiseAll.date, amountCents: amountDueCents } : share?.promise,
    plan: share?.plan,
    dispute: share?.dispute,
    settlement: share?.settlement,
    documentRequested: share?.documentRequested,
    confirmedAtTerm: o.confirmedAtTerm,
    callBack: o.callBack,
    tense: o.tense,
  };
}
