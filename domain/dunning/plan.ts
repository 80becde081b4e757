import type { Assignee, CallTaskKind, TemplateId, Tone } from '../wire/vocabulary';
import { addBusinessDays, addDays, addDuration, addOffset, isBusinessDay, localDateOf, nextBusinessDay, nextCallSlot, nextSendInstant, zonedInstant } from '../time/calendar';
import type { Duration } from '../time/duration';
import type { Policy } from '../policy/schema';
import type { CallTask, DunningEvent, DunningState } from './state';
import { hasPendingCommitment, isClosed, isSuspended, openCallTask, tzOf } from './derived';

/** Where a sent message came from, so the reducer knows what it fulfils. */
export interface SendSource {
  stepIndex?: number;
  pendingId?: string;
  promiseId?: string;
  instalmentSeq?: number;
  gap?: boolean;
}

export type Action =
  | {
      kind: 'send';
      at: number;
      stepId: string;
      channel: 'email' | 'letter';
      template: TemplateId;
      tone: Tone;
      attachInvoice: boolean;
      copyByEmail: boolean;
      registered: boolean;
      formalNotice: boolean;
      document?: 'invoice' | 'delivery_note' | 'other';
      callTaskId?: string;
      promiseId?: string;
      instalmentSeq?: number;
      source: SendSource;
      description: string;
    }
  | { kind: 'open_call'; at: number; task: Omit<CallTask, 'status' | 'reopened' | 'openedAt'>; stepIndex?: number; followUpId?: string; description: string }
  | { kind: 'event'; at: number; event: DunningEvent; description: string }
  | { kind: 'handoff'; at: number; description: string };

/**
 * The next thing this invoice's workflow must do, and when. Pure in (state, policy, now):
 * the workflow sleeps until `at` unless an event changes the state first, then asks again.
 */
export function nextAction(s: DunningState, policy: Policy, now: number): Action | undefined {
  return nextActions(s, policy, now)[0];
}

/** Every action the state calls for, earliest first (ties keep their order: pending messages first). */
export function nextActions(s: DunningState, policy: Policy, now: number): Action[] {
  // Messages decided by events: transactional ones at once, even after closing (the thank-you).
  const pending = pendingAction(s, policy, now);
  if (pending && (pending.at <= now || isClosed(s))) return [pending];
  if (isClosed(s)) return [];
  const tz = tzOf(s, policy);
  const cal = policy.calendar;
  const candidates: Action[] = pending ? [pending] : [];
  const earliest = () => candidates.map((a, i) => [a, i] as const).sort((x, y) => x[0].at - y[0].at || x[1] - y[1]).map(([a]) => a);

  if (s.paused) {
    if (s.paused.until) {
      const at = zonedInstant(s.paused.until, '00:00', tz);
      candidates.push({ kind: 'event', at, event: { type: 'resumed', at, reason: `pause ended (${s.paused.until})` }, description: `Resume on ${s.paused.until}` });
    }
    return earliest();
  }
  if (s.disputes.some((d) => d.status === 'open')) return earliest(); // resolution comes as a signal

  const task = openCallTask(s);
  if (task) {
    const reopen = task.reopened < policy.calls.reopenLimit;
    const until = reopen ? addDuration(task.dueBy, policy.calls.taskDeadline, cal, tz) : undefined;
    candidates.push({
      kind: 'event',
      at: task.dueBy,
      event: { type: 'call_task_expired', at: task.dueBy, taskId: task.taskId, reopenUntil: until },
      description: `Deadline of call task ${task.taskId}`,
    });
  }

  // Litigation decided: formal notice (if not yet sent), then handoff at its deadline.
  if (s.litigation.announcedAt !== undefined || s.formalNotice) {
    if (!s.formalNotice) {
      const index = policy.steps.findIndex((st) => st.formalNotice);
      if (index >= 0) candidates.push(stepAction(s, policy, index, nextSendInstant(now, cal, tz)));
      else if (s.litigation.handoffFailedAt === undefined) candidates.push({ kind: 'handoff', at: now, description: 'Litigation handoff' });
    } else if (!hasPendingCommitment(s) && s.litigation.handoffFailedAt === undefined) {
      candidates.push({ kind: 'handoff', at: s.formalNotice.deadlineAt, description: `Litigation handoff (notice deadline ${s.formalNotice.deadline})` });
    }
  }

  promiseActions(s, policy, tz).forEach((a) => candidates.push(a));

  for (const f of s.followUps) {
    if (f.done || s.litigation.announcedAt !== undefined) continue;
    const kind: CallTaskKind = f.kind === 'document' ? 'document_follow_up' : 'broken_promise';
    const at = callTime(s, policy, f.at);
    candidates.push({
      kind: 'open_call',
      at,
      followUpId: f.id,
      task: callTask(s, f.id, kind, kind === 'broken_promise' ? 'broken_promise' : 'call_1', kind === 'broken_promise' ? 'firm' : 'friendly_firm', 'collector',
        kind === 'broken_promise' ? 'Chase the broken promise: get the payment today or a new dated promise.' : 'Check the document resent was received and get a payment date.', at, policy),
      description: `Call task ${kind}`,
    });
  }

  if (!isSuspended(s) && s.litigation.announcedAt === undefined && !s.formalNotice) {
    const index = s.nextStepIndex;
    const base = lastTouchBase(s);
    const gapAt = base !== undefined ? latestSendInstant(addDuration(base, policy.maxGapBetweenTouches, { ...cal, enabled: false }, tz), policy, tz) : undefined;
    if (index < policy.steps.length) {
      const step = stepAction(s, policy, index, undefined);
      // Against the step's own time: a notice held back to the due date (noticeFloor) adds no gap reminders.
      if (gapAt !== undefined && stepTime(s, policy, index) > gapAt && gapAt > (base ?? 0)) candidates.push(gapAction(gapAt));
      else candidates.push(step);
    } else if (gapAt !== undefined) {
      // Cadence exhausted with no formal notice step in the policy: keep the rhythm until someone acts.
      candidates.push(gapAction(gapAt));
    }
  }

  // A step whose time passed while the workflow was busy or away runs at the next allowed slot.
  for (let i = 0; i < candidates.length; i++) {
    const a = candidates[i];
    if (a.at >= now) continue;
    if (a.kind === 'open_call') candidates[i] = { ...a, at: nextCallSlot(now, cal, tz) };
    else if (a.kind === 'send') candidates[i] = { ...a, at: nextSendInstant(now, cal, tz) };
  }
  return earliest();
}

function pendingAction(s: DunningState, policy: Policy, now: number): Action | undefined {
  const p = s.pending[0];
  if (!p) return undefined;
  return {
    kind: 'send',
    at: p.immediate ? now : nextSendInstant(now, policy.calendar, tzOf(s, policy)),
    stepId: p.id,
    channel: p.channel,
    template: p.template,
    tone: p.tone,
    attachInvoice: p.attachInvoice,
    copyByEmail: false,
    registered: false,
    formalNotice: false,
    document: p.document,
    callTaskId: p.callTaskId,
    source: { pendingId: p.id },
    description: `${label(p.channel)} ${p.template}`,
  };
}

/** The last send slot at or before `limit`: a gap may be shorter than the maximum, never longer. */
function latestSendInstant(limit: number, policy: Policy, tz: string): number {
  const cal = policy.calendar;
  if (!cal.enabled) return limit;
  let day = localDateOf(limit, tz);
  if (!isBusinessDay(day, cal) || zonedInstant(day, cal.sendTime, tz) > limit) day = addBusinessDays(day, -1, cal);
  return zonedInstant(day, cal.sendTime, tz);
}

function gapAction(at: number): Action {
  return {
    kind: 'send',
    at,
    stepId: `gap-${at}`,
    channel: 'email',
    template: 'gap_reminder',
    tone: 'firm',
    attachInvoice: true,
    copyByEmail: false,
    registered: false,
    formalNotice: false,
    source: { gap: true },
    description: 'Email gap_reminder (no touch for too long)',
  };
}

/** When cadence step `index` is due: from the due date (or start), moved by suspensions, then by the calendar. */
export function stepTime(s: DunningState, policy: Policy, index: number): number {
  const step = policy.steps[index];
  const tz = tzOf(s, policy);
  const cal = policy.calendar;
  const anchor = policy.anchor === 'start' ? s.startedAt : zonedInstant(s.invoice.dueDate, cal.sendTime, tz);
  const t = addOffset(anchor, step.offset, cal, tz) + s.cadenceShiftMs;
  return step.channel === 'call' ? callTime(s, policy, t) : nextSendInstant(t, cal, tz);
}

/** A call never comes sooner than the minimum gap after the last attempt, and only in the call window. */
function callTime(s: DunningState, policy: Policy, t: number): number {
  const tz = tzOf(s, policy);
  const earliest = s.lastCallAttemptAt !== undefined ? addDuration(s.lastCallAttemptAt, policy.calls.minGap, policy.calendar, tz) : t;
  return nextCallSlot(Math.max(t, earliest), policy.calendar, tz);
}

/**
 * The earliest a formal notice may go, whatever the policy says (fast demo policies, a notice step
 * before the due date, litigation decided on a pre-due call): the first send slot after the due
 * date, so the notice claims a debt that is due and its penalty period runs forward.
 */
export function noticeFloor(s: DunningState, policy: Policy): number {
  const tz = tzOf(s, policy);
  return nextSendInstant(zonedInstant(addDays(s.invoice.dueDate, 1), policy.calendar.sendTime, tz), policy.calendar, tz);
}

function stepAction(s: DunningState, policy: Policy, index: number, at: number | undefined): Action {
  const step = policy.steps[index];
  const planned = at ?? stepTime(s, policy, index);
  const when = step.formalNotice ? Math.max(planned, noticeFloor(s, policy)) : planned;
  if (step.channel === 'call') {
    const kind: CallTaskKind = step.offset.sign < 0 ? 'pre_due' : 'reminder';
    return {
      kind: 'open_call',
      at: when,
      stepIndex: index,
      task: callTask(s, step.id, kind, step.template, step.tone, step.actor === 'system' ? 'collector' : step.actor, step.objective ?? 'Get a dated promise to pay.', when, policy),
      description: `Call task ${step.id} (${step.actor})`,
    };
  }
  const channel = step.channel === 'letter' ? 'letter' : 'email'; // sms/visit are carried as email until they have adapters
  return {
    kind: 'send',
    at: when,
    stepId: step.id,
    channel,
    template: step.template as TemplateId,
    tone: step.tone,
    attachInvoice: step.attachInvoice,
    copyByEmail: step.copyByEmail,
    registered: step.registered,
    formalNotice: step.formalNotice,
    source: { stepIndex: index },
    description: `${label(channel)} ${step.template}`,
  };
}

function callTask(
  s: DunningState,
  stepId: string,
  kind: CallTaskKind,
  script: string,
  tone: Tone,
  assignee: Assignee,
  objective: string,
  openAt: number,
  policy: Policy,
): Omit<CallTask, 'status' | 'reopened' | 'openedAt'> {
  const tz = tzOf(s, policy);
  return {
    taskId: `${stepId}-${s.callTasks.length + 1}`,
    kind,
    stepId,
    script,
    tone,
    objective,
    assignee,
    contactIndex: s.activeContact,
    dueBy: addDuration(openAt, policy.calls.taskDeadline, policy.calendar, tz),
  };
}

function promiseActions(s: DunningState, policy: Policy, tz: string): Action[] {
  const out: Action[] = [];
  const dueAt = (date: string) => checkInstant(date, policy.promises.grace, policy, tz);
  const reminderAt = (date: string) => reminderInstant(date, policy.promises.reminderBefore, policy, tz);
  for (const p of s.promises) {
    if (p.status !== 'pending') continue;
    const r = reminderAt(p.date);
    if (!p.reminderSent && r > p.madeAt) {
      out.push({
        kind: 'send', at: r, stepId: `${p.promiseId}-reminder`, channel: 'email', template: 'promise_reminder', tone: 'friendly',
        attachInvoice: false, copyByEmail: false, registered: false, formalNotice: false, promiseId: p.promiseId,
        source: { promiseId: p.promiseId }, description: `Email promise_reminder (payment promised for ${p.date})`,
      });
    }
    const at = dueAt(p.date);
    out.push({ kind: 'event', at, event: { type: 'promise_due', at, promiseId: p.promiseId }, description: `Check the promise of ${p.date}` });
  }
  if (s.plan?.status === 'active') {
    const next = s.plan.instalments.find((i) => i.status === 'pending');
    if (next) {
      const r = reminderAt(next.date);
      if (!next.reminderSent && r > s.plan.agreedAt) {
        out.push({
          kind: 'send', at: r, stepId: `${s.plan.planId}-i${next.seq}-reminder`, channel: 'email', template: 'promise_reminder', tone: 'friendly',
          attachInvoice: false, copyByEmail: false, registered: false, formalNotice: false, instalmentSeq: next.seq,
          source: { instalmentSeq: next.seq }, description: `Email promise_reminder (instalment ${next.seq} due ${next.date})`,
        });
      }
      const at = dueAt(next.date);
      out.push({ kind: 'event', at, event: { type: 'promise_due', at, instalmentSeq: next.seq }, description: `Check instalment ${next.seq} of ${next.date}` });
    }
  }
  return out;
}

/** A promise for day D is checked after the grace period, counted from the end of D. */
export function checkInstant(date: string, grace: Duration, policy: Policy, tz: string): number {
  const endOfDay = zonedInstant(addDays(date, 1), '00:00', tz);
  if (grace.unit === 'business_days') {
    return zonedInstant(addDays(addBusinessDaysSafe(date, grace.n, policy), 1), '00:00', tz);
  }
  return addDuration(endOfDay, grace, policy.calendar, tz);
}

function addBusinessDaysSafe(date: string, n: number, policy: Policy): string {
  // Grace counts working days after the promise date itself.
  let d = date;
  for (let i = 0; i < n; i++) d = nextBusinessDay(addDays(d, 1), policy.calendar);
  return d;
}

/** The friendly reminder goes at send time, `before` ahead of the promise date. */
export function reminderInstant(date: string, before: Duration, policy: Policy, tz: string): number {
  const at = zonedInstant(date, policy.calendar.sendTime, tz);
  return addOffset(at, { sign: -1, duration: before }, policy.calendar, tz);
}

/** Last touch, or the end of the last suspension: the max-gap rule counts from the later one. */
function lastTouchBase(s: DunningState): number | undefined {
  const last = s.touches.length ? s.touches[s.touches.length - 1].at : undefined;
  if (last === undefined) return undefined;
  return Math.max(last, s.resumedAt ?? 0);
}

function label(channel: string): string {
  return channel === 'letter' ? 'Letter' : 'Email';
}

/**
 * An invoice that starts late (imported overdue) begins at the step its age calls for: earlier
 * steps are skipped, pre-due steps whose time has passed too. It never starts with the formal
 * notice: when even the notice is due, the step before it runs now and the rest keep their spacing.
 */
export function catchUpEvents(s: DunningState, policy: Policy, now: number): DunningEvent[] {
  const events: DunningEvent[] = [];
  const pastDue = localDateOf(now, tzOf(s, policy)) > s.invoice.dueDate;
  const skip = (i: number, reason: string) => events.push({ type: 'step_skipped', at: now, stepIndex: i, reason });
  const isPast = (i: number) => stepTime(s, policy, i) <= now;
  let latest = -1;
  for (let i = s.nextStepIndex; i < policy.steps.length; i++) if (policy.steps[i].offset.sign > 0 && isPast(i)) latest = i;
  const notice = policy.steps.findIndex((st) => st.formalNotice);
  const capped = notice > 0 && latest >= notice;
  if (capped) latest = notice - 1;
  for (let i = s.nextStepIndex; i < policy.steps.length; i++) {
    if (policy.steps[i].offset.sign < 0) {
      if (isPast(i)) skip(i, pastDue ? 'due date already passed' : 'its time had passed when dunning started');
    } else if (i < latest) skip(i, 'invoice imported late');
  }
  if (capped) {
    events.push({ type: 'catch_up', at: now, shiftMs: now - stepTime(s, policy, latest), fromStep: policy.steps[latest].id });
  }
  return events;
}

/** A formal notice sent at `at` gives until this date; a non-working day moves to the next one (§8). */
export function noticeDeadline(at: number, policy: Policy, tz: string): { deadline: string; deadlineAt: number } {
  const d = policy.formalNotice.deadline;
  if (d.unit === 'ms') {
    const deadlineAt = at + d.n;
    return { deadline: localDateOf(deadlineAt, tz), deadlineAt };
  }
  const start = localDateOf(at, tz);
  const raw = d.unit === 'days' ? addDays(start, d.n) : addBusinessDaysSafe(start, d.n, policy);
  const deadline = nextBusinessDay(raw, policy.calendar);
  // Handed off once the whole deadline day has passed.
  return { deadline, deadlineAt: zonedInstant(addDays(deadline, 1), policy.calendar.enabled ? policy.calendar.sendTime : '00:00', tz) };
}
