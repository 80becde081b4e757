/**
 * Field visits (issue 17 point 2, docs/field.md; seed 002: a face-to-face meeting when nothing else
 * worked, seed 000: visits for large amounts). A policy step on channel `visit` opens a visit task
 * for the policy's field agent when the amount due reaches `visits.minAmountCents`; below it the step
 * is skipped and the cadence goes on. The agent reports met / absent / promise / dispute / refused.
 */
import { addDuration, localDateOf } from '../time/calendar';
import type { Policy } from '../policy/schema';
import { tzOf } from './derived';
import type { FieldAction } from './field-actions';
import type { VisitOutcome, VisitTask } from './field-types';
import type { DunningState } from './state';
import { validateCommitment } from './validate';
import { addPromise, checkUnsuccessful, consumeStep, openDispute, trace, type EventMap, type Handlers } from './reduce/helpers';

/** The visit to make; a closed file (paid, cancelled...) has none, whatever its last task's status. */
export function openVisitTask(s: DunningState): VisitTask | undefined {
  return s.outcome ? undefined : s.visitTasks?.find((t) => t.status === 'open');
}

/** The visit step `index` due `at`: a visit task, or the step skipped when the amount is below the threshold. */
export function visitStep(s: DunningState, policy: Policy, index: number, at: number): FieldAction {
  const step = policy.steps[index];
  const min = policy.visits.minAmountCents;
  if (s.amountDueCents < min) {
    const reason = `amount due ${s.amountDueCents} cents is below the visit threshold (${min} cents)`;
    return { kind: 'event', at, event: { type: 'step_skipped', at, stepIndex: index, reason }, description: `Skip ${step.id} (below the visit threshold)` };
  }
  const tz = tzOf(s, policy);
  const task = {
    taskId: `${step.id}-v${(s.visitTasks?.length ?? 0) + 1}`,
    stepId: step.id,
    template: step.template,
    agent: policy.visits.agent,
    objective: step.objective ?? 'Meet the debtor at their premises and get a dated promise to pay.',
    dueBy: addDuration(at, policy.visits.taskDeadline, policy.calendar, tz),
    day: localDateOf(at, tz),
  };
  return { kind: 'open_visit', at, task, stepIndex: index, description: `Visit task ${step.id} (${task.agent})` };
}

/** The deadline of the open visit: past it the visit is closed as missed (no reassignment: the route is per agent and day). */
export function visitExpiry(s: DunningState): FieldAction[] {
  const t = openVisitTask(s);
  if (!t) return [];
  return [{ kind: 'event', at: t.dueBy, event: { type: 'visit_task_expired', at: t.dueBy, taskId: t.taskId }, description: `Deadline of visit task ${t.taskId}` }];
}

/** What a reported visit must satisfy against the state (the update validator). */
export function validateVisitOutcome(s: DunningState, policy: Policy, now: number, o: VisitOutcome): string | undefined {
  const task = s.visitTasks?.find((t) => t.taskId === o.taskId);
  if (!task) {
    const open = openVisitTask(s);
    return `unknown visit task "${o.taskId}"${open ? ` (the open visit is "${open.taskId}")` : ' (no visit task is open)'}`;
  }
  if (task.status !== 'open') return `visit task "${o.taskId}" is already closed (${task.status})`;
  return validateCommitment({ promise: o.promise }, s.amountDueCents, now, tzOf(s, policy), policy);
}

/** Met with no commitment, absent or refused: a fruitless touch (domain.md §2), like a call with nothing agreed. */
export function isFruitlessVisit(o: VisitOutcome): boolean {
  return o.result !== 'promise' && o.result !== 'dispute';
}

export const VISIT_HANDLERS: Handlers<'visit_task_opened' | 'visit_brief_ready' | 'visit_task_expired' | 'visit_completed'> = {
  visit_task_opened: (s, e) => {
    (s.visitTasks ??= []).push({ ...e.task, openedAt: e.at, status: 'open' });
    consumeStep(s, e.stepIndex);
    trace(s, e.at, 'visit_task_opened', { step: e.task.stepId, channel: 'visit', template: e.task.template, detail: `${e.task.taskId} for ${e.task.agent} on ${e.task.day}: ${e.task.objective}` });
  },
  visit_brief_ready: (s, e) => {
    const t = s.visitTasks?.find((x) => x.taskId === e.taskId);
    if (t) t.briefPath = e.path;
  },
  visit_task_expired: (s, e) => {
    const t = s.visitTasks?.find((x) => x.taskId === e.taskId && x.status === 'open');
    if (!t) return;
    t.status = 'missed';
    t.closedAt = e.at;
    trace(s, e.at, 'visit_task_missed', { step: t.stepId, channel: 'visit', outcome: 'missed', detail: `${t.taskId} not reported by its deadline` });
  },
  visit_completed: (s, e, { policy }) => onVisit(s, e, policy),
};

function onVisit(s: DunningState, e: EventMap['visit_completed'], policy: Policy): void {
  const o = e.outcome;
  const task = s.visitTasks?.find((t) => t.taskId === o.taskId && t.status === 'open');
  if (!task) return; // refused by the validator; replays stay safe
  task.status = 'done';
  task.outcome = o;
  task.closedAt = e.at;
  const met = o.result !== 'absent';
  const to = s.contacts[s.activeContact]?.name;
  s.touches.push({ at: e.at, stepId: task.stepId, channel: 'visit', template: task.template, to, result: met ? 'reached' : 'unreached', unsuccessful: isFruitlessVisit(o), amountDueCents: s.amountDueCents });
  trace(s, e.at, 'visit', { step: task.stepId, channel: 'visit', template: task.template, outcome: o.result, detail: [o.agent && `by ${o.agent}`, o.notes].filter(Boolean).join('; ') || undefined });
  if (o.promise) addPromise(s, e.at, o.promise.date, o.promise.amountCents, task.taskId);
  if (o.dispute) openDispute(s, e.at, { kind: o.dispute.kind, details: o.dispute.reason }, task.taskId, policy);
  checkUnsuccessful(s, e.at, policy);
}
