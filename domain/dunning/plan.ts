import type { Assignee, CallTaskKind, PaymentFacts, TemplateId, Tone } from '../wire/vocabulary';
import { addBusinessDays, addDays, addDuration, addOffset, isBusinessDay, localDateOf, nextBusinessDay, nextCallSlot, nextSendInstant, zonedInstant } from '../time/calendar';
import type { Duration } from '../time/duration';
import type { Policy } from '../policy/schema';
import type { CallTask, DunningEvent, DunningState } from './state';
import { hasPendingCommitment, isClosed, isSuspended, openCallTask, tzOf } from './derived';
import { callAttemptTimes, callBackHold, followUpCall, underCallCap } from './call-rules';
import { awaitsPresentation } from './notice';
import { smsRecipient, smsSkipReason } from './sms';
import type { FieldAction } from './field-actions';
import { approvalGate } from './approval';
import { visitExpiry, visitStep } from './visits';
import { disputeDeadlineActions } from './dispute-task';

/** Where a sent message came from, so the reducer knows what it fulfils. */
export interface SendSource {
  stepIndex?: number;
  pendingId?: string;
  promiseId?: string;
  instalmentSeq?: number;
  gap?: boolean;
}

/** What a message carries beyond its template and tone (from the policy step, or plain). */
export interface SendOptions {
  /** The invoice PDF attached to the email. */
  attachInvoice: boolean;
  /** A letter's PDF sent by email as well. */
  copyByEmail: boolean;
  /** A letter by registered post with acknowledgement of receipt. */
  registered: boolean;
  /** The formal notice: sending it starts the deadline to pay. */
  formalNotice: boolean;
}

/** A message with nothing more than its text. */
export const PLAIN_SEND: SendOptions = { attachInvoice: false, copyByEmail: false, registered: false, formalNotice: false };

export type Action =
  | {
      kind: 'send';
      at: number;
      stepId: string;
      channel: 'email' | 'letter' | 'sms';
      template: TemplateId;
      tone: Tone;
      options: SendOptions;
      document?: 'invoice' | 'delivery_note' | 'other';
      callTaskId?: string;
      payment?: PaymentFacts;
      promiseId?: string;
      instalmentSeq?: number;
      source: SendSource;
      description: string;
    }
  | { kind: 'open_call'; at: number; task: Omit<CallTask, 'status' | 'reopened' | 'openedAt'>; stepIndex?: number; followUpId?: string; description: string }
  | { kind: 'event'; at: number; event: DunningEvent; description: string }
  | { kind: 'handoff'; at: number; description: string }
  /** Tell the ERP/sales side to hold the account or release it (domain/dunning/hold.ts); per-invoice mode only. */
  | { kind: 'hold'; at: number; change: 'place' | 'release'; description: string }
  | Exclude<FieldAction, { kind: 'event' }>;

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
  const candidates: Action[] = pending ? [pending] : [];
  candidates.push(...disputeDeadlineActions(s));
  if (s.paused) {
    if (s.paused.until) candidates.push(resumeAction(s.paused.until, tz));
  } else if (!s.disputes.some((d) => d.status === 'open')) {
    // An open dispute holds everything: its resolution comes as a signal.
    candidates.push(...taskExpiry(s, policy, tz), ...visitExpiry(s), ...litigationActions(s, policy, now, tz), ...promiseActions(s, policy, tz), ...followUpCalls(s, policy), ...cadenceActions(s, policy, tz));
  }
  return earliestFirst(candidates.flatMap((a) => gated(s, policy, a)).map((a) => (a.at >= now ? a : atNextSlot(a, now, policy, tz))));
}

/** The formal notice and the handoff wait for a person's approval when the policy asks (domain/dunning/approval.ts). */
function gated(s: DunningState, policy: Policy, a: Action): Action[] {
  const step = a.kind === 'handoff' ? 'handoff' : a.kind === 'send' && a.options.formalNotice ? 'formal_notice' : undefined;
  const gate = step ? approvalGate(s, policy, step, a.at) : 'go';
  return gate === 'go' ? [a] : gate;
}

/** Earliest first; ties keep their order. */
function earliestFirst(actions: Action[]): Action[] {
  return actions.map((a, i) => [a, i] as const).sort((x, y) => x[0].at - y[0].at || x[1] - y[1]).map(([a]) => a);
}

/** A step whose time passed while the workflow was busy or away runs at the next allowed slot. */
function atNextSlot(a: Action, now: number, policy: Policy, tz: string): Action {
  if (a.kind === 'open_call') return { ...a, at: nextCallSlot(now, policy.calendar, tz) };
  if (a.kind === 'send' || a.kind === 'open_visit') return { ...a, at: nextSendInstant(now, policy.calendar, tz) };
  return a;
}

function resumeAction(until: string, tz: string): Action {
  const at = zonedInstant(until, '00:00', tz);
  return { kind: 'event', at, event: { type: 'resumed', at, reason: `pause ended (${until})` }, description: `Resume on ${until}` };
}

/** The deadline of the open call task, if any. */
function taskExpiry(s: DunningState, policy: Policy, tz: string): Action[] {
  const task = openCallTask(s);
  if (!task) return [];
  const reopen = task.reopened < policy.calls.reopenLimit;
  const until = reopen ? addDuration(task.dueBy, policy.calls.taskDeadline, policy.calendar, tz) : undefined;
  return [
    {
      kind: 'event',
      at: task.dueBy,
      event: { type: 'call_task_expired', at: task.dueBy, taskId: task.taskId, reopenUntil: until },
      description: `Deadline of call task ${task.taskId}`,
    },
  ];
}

/** Litigation decided: formal notice (if not yet sent), then handoff at its deadline. */
function litigationActions(s: DunningState, policy: Policy, now: number, tz: string): Action[] {
  if (s.litigation.announcedAt === undefined && !s.formalNotice) return [];
  if (!s.formalNotice) {
    const index = policy.steps.findIndex((st) => st.formalNotice);
    if (index >= 0) return [stepAction(s, policy, index, nextSendInstant(now, policy.calendar, tz))];
    return s.litigation.handoffFailedAt === undefined ? [{ kind: 'handoff', at: now, description: 'Litigation handoff' }] : [];
  }
  if (hasPendingCommitment(s) || s.litigation.handoffFailedAt !== undefined) return [];
  const p = s.formalNotice.presentation;
  if (p && awaitsPresentation(p)) {
    return [{ kind: 'event', at: p.waitUntil, event: { type: 'notice_presentation_assumed', at: p.waitUntil }, description: 'End of the wait for news of the registered notice' }];
  }
  return [{ kind: 'handoff', at: s.formalNotice.deadlineAt, description: `Litigation handoff (notice deadline ${s.formalNotice.deadline})` }];
}

/** A call for each follow-up still to do: a resent document to check, a broken promise to chase. */
function followUpCalls(s: DunningState, policy: Policy): Action[] {
  if (s.litigation.announcedAt !== undefined) return [];
  return s.followUps
    .filter((f) => !f.done)
    .map((f): Action => {
      const c = followUpCall(f);
      const at = callTime(s, policy, f.at);
      const task = callTask(s, policy, { stepId: f.id, kind: c.kind, script: c.script, tone: c.tone, assignee: 'collector', objective: c.objective, openAt: at });
      return { kind: 'open_call', at, followUpId: f.id, task, description: `Call task ${c.kind}` };
    });
}

/** The next cadence step, or a gap reminder when the last touch is too old (the max-gap rule). */
function cadenceActions(s: DunningState, policy: Policy, tz: string): Action[] {
  if (isSuspended(s) || s.litigation.announcedAt !== undefined || s.formalNotice) return [];
  const index = s.nextStepIndex;
  const base = lastTouchBase(s);
  const gapAt = base !== undefined ? latestSendInstant(addDuration(base, policy.maxGapBetweenTouches, { ...policy.calendar, enabled: false }, tz), policy, tz) : undefined;
  if (index < policy.steps.length) {
    const step = yieldToCallBack(s, policy, index, stepAction(s, policy, index, undefined));
    // Against the step's own time: a notice held back to the due date (noticeFloor) adds no gap reminders.
    return [gapAt !== undefined && stepTime(s, policy, index) > gapAt && gapAt > (base ?? 0) ? gapAction(gapAt) : step];
  }
  // Cadence exhausted with no formal notice step in the policy: keep the rhythm until someone acts.
  return gapAt !== undefined ? [gapAction(gapAt)] : [];
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
    options: { ...PLAIN_SEND, attachInvoice: p.attachInvoice },
    document: p.document,
    callTaskId: p.callTaskId,
    ...(p.payment ? { payment: p.payment } : {}),
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
    options: { ...PLAIN_SEND, attachInvoice: true },
    source: { gap: true },
    description: 'Email gap_reminder (no touch for too long)',
  };
}

/** When cadence step `index` is due: from its anchor (due date, start or issue date), moved by suspensions, then by the calendar. */
export function stepTime(s: DunningState, policy: Policy, index: number): number {
  const step = policy.steps[index];
  const t = nominalStepTime(s, policy, index);
  return step.channel === 'call' ? callTime(s, policy, t) : nextSendInstant(t, policy.calendar, tzOf(s, policy));
}

/** When the next formal notice step of the cadence is planned, if one is still to come. */
export function noticePlannedAt(s: DunningState, policy: Policy): number | undefined {
  if (s.formalNotice) return undefined;
  const index = policy.steps.findIndex((st, i) => i >= s.nextStepIndex && st.formalNotice);
  return index < 0 ? undefined : stepTime(s, policy, index);
}

/** The step's time before the calendar and the call rules move it. */
function nominalStepTime(s: DunningState, policy: Policy, index: number): number {
  const step = policy.steps[index];
  const tz = tzOf(s, policy);
  const cal = policy.calendar;
  const from = step.anchor ?? policy.anchor;
  let anchor = from === 'start' ? s.startedAt : zonedInstant(from === 'issue_date' ? s.invoice.issueDate : s.invoice.dueDate, cal.sendTime, tz);
  // Paid by direct debit: the debit settles (or bounces) first; reminders count from then.
  if (from === 'due_date' && isDirectDebit(s) && step.offset.sign >= 0) anchor = addDuration(anchor, policy.directDebit.settleWithin, cal, tz);
  return addOffset(anchor, step.offset, cal, tz) + s.cadenceShiftMs;
}

/** A step before the due date: a negative offset, or (004) a step counted from the issue date that falls before it. */
export function isPreDueStep(s: DunningState, policy: Policy, index: number): boolean {
  const step = policy.steps[index];
  if (step.anchor !== 'issue_date') return step.offset.sign < 0;
  return localDateOf(nominalStepTime(s, policy, index), tzOf(s, policy)) < s.invoice.dueDate;
}

/**
 * A call never comes sooner than the minimum gap after the last attempt, nor beyond the calls allowed
 * in any 30 days (domain.md §8), and only in the call window.
 */
function callTime(s: DunningState, policy: Policy, t: number): number {
  const tz = tzOf(s, policy);
  const earliest = s.lastCallAttemptAt !== undefined ? addDuration(s.lastCallAttemptAt, policy.calls.minGap, policy.calendar, tz) : t;
  const at = Math.max(t, earliest);
  if (s.legacyCalls) return nextCallSlot(at, policy.calendar, tz);
  return nextCallSlot(underCallCap(at, callAttemptTimes(s), policy.calls.maxPer30Days), policy.calendar, tz);
}

/** A cadence call due before the agreed call-back is replaced by it (003 §6: one agreed date, not two calls). */
function yieldToCallBack(s: DunningState, policy: Policy, index: number, step: Action): Action {
  const hold = callBackHold(s);
  if (step.kind !== 'open_call' || hold === undefined || step.at > hold) return step;
  const stepId = policy.steps[index].id;
  return { kind: 'event', at: step.at, event: { type: 'step_skipped', at: step.at, stepIndex: index, reason: 'replaced by the call-back agreed with the debtor' }, description: `Skip ${stepId} (a call-back is agreed)` };
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

export function isDirectDebit(s: DunningState): boolean {
  return s.invoice.paymentMethod === 'direct_debit';
}

function stepAction(s: DunningState, policy: Policy, index: number, at: number | undefined): Action {
  const step = policy.steps[index];
  if (isDirectDebit(s) && isPreDueStep(s, policy, index)) {
    // Nothing to check or confirm before the due date: the creditor collects the debit itself.
    const when = at ?? stepTime(s, policy, index);
    return { kind: 'event', at: when, event: { type: 'step_skipped', at: when, stepIndex: index, reason: 'paid by direct debit: no contact before the debit' }, description: `Skip ${step.id} (direct debit)` };
  }
  const planned = at ?? stepTime(s, policy, index);
  const when = step.formalNotice ? Math.max(planned, noticeFloor(s, policy)) : planned;
  if (step.channel === 'call') {
    const kind: CallTaskKind = isPreDueStep(s, policy, index) ? 'pre_due' : 'reminder';
    return {
      kind: 'open_call',
      at: when,
      stepIndex: index,
      task: callTask(s, policy, {
        stepId: step.id,
        kind,
        script: step.template,
        tone: step.tone,
        assignee: step.actor === 'system' ? 'collector' : step.actor,
        objective: step.objective ?? 'Get a dated promise to pay.',
        openAt: when,
      }),
      description: `Call task ${step.id} (${step.actor})`,
    };
  }
  // A visit step opens a visit task (docs/field.md); runs started before the field rules send it as an email, below.
  if (step.channel === 'visit' && s.fieldRules) return visitStep(s, policy, index, when);
  // Runs started before the call rules (legacyCalls) sent an sms step as an email: they still do, so their histories replay.
  const sms = step.channel === 'sms' && !s.legacyCalls;
  if (sms && !smsRecipient(s)) {
    return { kind: 'event', at: when, event: { type: 'step_skipped', at: when, stepIndex: index, reason: smsSkipReason(s) }, description: `Skip ${step.id} (no SMS: ${smsSkipReason(s)})` };
  }
  // Runs started before the field rules carry a visit step as an email.
  const channel = step.channel === 'letter' ? 'letter' : sms ? 'sms' : 'email';
  return {
    kind: 'send',
    at: when,
    stepId: step.id,
    channel,
    template: step.template as TemplateId,
    tone: step.tone,
    options: { attachInvoice: step.attachInvoice, copyByEmail: step.copyByEmail, registered: step.registered, formalNotice: step.formalNotice },
    source: { stepIndex: index },
    description: `${label(channel)} ${step.template}`,
  };
}

/** What a call task is opened with; its id, contact and deadline follow from the state and policy. */
interface CallTaskSpec {
  stepId: string;
  kind: CallTaskKind;
  script: string;
  tone: Tone;
  assignee: Assignee;
  objective: string;
  openAt: number;
}

function callTask(s: DunningState, policy: Policy, t: CallTaskSpec): Omit<CallTask, 'status' | 'reopened' | 'openedAt'> {
  const tz = tzOf(s, policy);
  const dueBy = addDuration(t.openAt, policy.calls.taskDeadline, policy.calendar, tz);
  const base = { taskId: `${t.stepId}-${s.callTasks.length + 1}`, kind: t.kind, stepId: t.stepId, contactIndex: s.activeContact, dueBy };
  // Handed to the creditor's manager after the fruitless touches: their script, whatever the call.
  const up = policy.calls.creditorEscalation;
  if (up && s.creditorEscalatedAt !== undefined) {
    return { ...base, script: up.script, tone: up.tone, assignee: 'manager', objective: `The creditor's manager calls (after ${up.afterFailedTouches} fruitless touches). ${t.objective}` };
  }
  return { ...base, script: t.script, tone: t.tone, objective: t.objective, assignee: t.assignee };
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
        options: PLAIN_SEND, promiseId: p.promiseId,
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
          options: PLAIN_SEND, instalmentSeq: next.seq,
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
  return channel === 'letter' ? 'Letter' : channel === 'sms' ? 'SMS' : 'Email';
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
  const preDue = (i: number) => isPreDueStep(s, policy, i);
  let latest = -1;
  for (let i = s.nextStepIndex; i < policy.steps.length; i++) if (!preDue(i) && policy.steps[i].anchor !== 'issue_date' && isPast(i)) latest = i;
  const notice = policy.steps.findIndex((st) => st.formalNotice);
  const capped = notice > 0 && latest >= notice;
  if (capped) latest = notice - 1;
  for (let i = s.nextStepIndex; i < policy.steps.length; i++) {
    if (preDue(i)) {
      if (isPast(i)) skip(i, pastDue ? 'due date already passed' : 'its time had passed when dunning started');
    } else if (policy.steps[i].anchor === 'issue_date') skip(i, 'counted from the issue date it falls after the due date: the cadence covers it (short terms)');
    else if (i < latest) skip(i, 'invoice imported late');
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
