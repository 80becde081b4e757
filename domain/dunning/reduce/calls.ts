/** Events of call tasks: opened, expired (reassigned or missed), completed with their outcome, briefed. */
import { addDuration, localDateOf, zonedInstant } from '../../time/calendar';
import { isFruitlessCall } from '../call-rules';
import type { CallOutcome } from '../../invoice/commands';
import type { Policy } from '../../policy/schema';
import type { Assignee } from '../../wire/vocabulary';
import { hasPendingCommitment, tzOf } from '../derived';
import type { CallTask, DunningState } from '../state';
import { addPromise, checkUnsuccessful, consumeStep, decideLitigation, openDispute, scheduleChase, setAmountDue, trace, type EventMap, type Handlers } from './helpers';

export const CALL_HANDLERS: Handlers<'call_task_opened' | 'call_task_expired' | 'call_completed' | 'call_brief_ready'> = {
  call_task_opened: (s, e) => {
    for (const t of s.callTasks) {
      if (t.status === 'open') {
        t.status = 'superseded';
        t.closedAt = e.at;
      }
    }
    s.callTasks.push({ ...e.task, openedAt: e.at, reopened: 0, status: 'open' });
    consumeStep(s, e.stepIndex);
    if (e.followUpId) markFollowUpDone(s, e.followUpId);
    trace(s, e.at, 'call_task_opened', { step: e.task.stepId, channel: 'call', template: e.task.script, detail: `${e.task.taskId} for ${e.task.assignee}: ${e.task.objective}` });
  },
  call_task_expired: (s, e) => {
    const t = s.callTasks.find((x) => x.taskId === e.taskId && x.status === 'open');
    if (!t) return;
    if (e.reopenUntil !== undefined) {
      t.reopened += 1;
      t.dueBy = e.reopenUntil;
      t.assignee = nextAssignee(t.assignee);
      trace(s, e.at, 'call_task_reopened', { step: t.stepId, channel: 'call', detail: `${t.taskId} not completed in time: reassigned to ${t.assignee}` });
    } else {
      t.status = 'missed';
      t.closedAt = e.at;
      trace(s, e.at, 'call_task_missed', { step: t.stepId, channel: 'call', outcome: 'missed', detail: `${t.taskId} closed without a call` });
    }
  },
  call_completed: (s, e, { policy }) => onCallCompleted(s, e, policy),
  call_brief_ready: (s, e) => {
    const t = s.callTasks.find((x) => x.taskId === e.taskId);
    if (t) t.briefPath = e.path;
  },
};

/** A call made (reached or not): the task closes, the call counts, and what was agreed takes effect. */
function onCallCompleted(s: DunningState, e: EventMap['call_completed'], policy: Policy): void {
  const o = e.outcome;
  const task = s.callTasks.find((t) => t.taskId === o.taskId && t.status === 'open');
  if (!task) return; // the update validator already refused this; replays stay safe
  task.status = 'done';
  task.outcome = o;
  task.closedAt = e.at;
  // Call limits hold per debtor: a merged call counts every call made to this debtor.
  s.callAttempts = Math.max(s.callAttempts + 1, e.debtorAttempts ?? 0);
  s.lastCallAttemptAt = e.at;
  // A courteous pre-due call counts as a touch, not as a step of the post-due cadence.
  recordCall(s, e.at, task, o);
  followContact(s, e.at, o, policy);
  if (o.hardship) s.hardship = true;
  recordAgreement(s, e.at, task, o, policy);
  scheduleCallBack(s, e.at, task, o, policy);
  // A written follow-up after every call, reached or not (000, 002): the plan's confirmation when there is one.
  // A merged call gets one follow-up from the debtor's workflow, except a plan's own confirmation.
  if (!e.viaDebtor || o.plan) {
    s.pending.push({ id: `followup-${task.taskId}`, template: o.plan ? 'plan_confirmation' : 'call_followup', channel: 'email', tone: task.tone, attachInvoice: false, callTaskId: task.taskId, immediate: true });
  }
  // A chase that got nothing new is chased again the next day (daily chase of broken promises).
  if (task.kind === 'broken_promise' && !o.promise && !o.plan && !o.settlement && !o.dispute) scheduleChase(s, e.at, policy);
  checkUnsuccessful(s, e.at, policy);
  if (s.callAttempts >= policy.calls.maxAttempts && !s.litigation.announcedAt && !hasPendingCommitment(s)) {
    decideLitigation(s, e.at, `${s.callAttempts} call attempts (the policy allows ${policy.calls.maxAttempts})`);
  }
}

/** The call as a touch: unsuccessful only when fruitless (domain.md §2, domain/dunning/call-rules.ts). */
function recordCall(s: DunningState, at: number, task: CallTask, o: CallOutcome): void {
  const result = o.reached ? 'reached' : 'unreached';
  const unsuccessful = isFruitlessCall(task.kind, o, s.legacyCalls);
  s.touches.push({ at, stepId: task.stepId, channel: 'call', template: task.script, tone: task.tone, to: o.contactName ?? s.contacts[task.contactIndex]?.name, result, unsuccessful, amountDueCents: s.amountDueCents });
  const said = [o.confirmedAtTerm && 'confirmed: validated, paid at term', o.tense && 'tense call', o.reason && `reason: ${o.reason}`, o.notes];
  trace(s, at, 'call', { step: task.stepId, channel: 'call', template: task.script, outcome: result, detail: said.filter(Boolean).join('; ') || undefined });
}

/** A call-back agreed (003 §6) or a tense call paused (001): the next call task opens then, in the call window. */
function scheduleCallBack(s: DunningState, at: number, task: CallTask, o: CallOutcome, policy: Policy): void {
  if (!o.callBack && !o.tense) return;
  const tz = tzOf(s, policy);
  const when = o.callBack
    ? zonedInstant(o.callBack.date, o.callBack.time ?? policy.calendar.callWindow.start, tz)
    : addDuration(at, policy.calls.tenseCallBack, policy.calendar, tz);
  const agreed = o.callBack ? `${o.callBack.date}${o.callBack.time ? ` ${o.callBack.time}` : ''}` : undefined;
  const objective = agreed
    ? `Call back as agreed on the call of ${localDateOf(at, tz)} (${agreed}): get the dated promise.`
    : `The call of ${localDateOf(at, tz)} turned tense and was paused: call back calmly and get a dated promise.`;
  // One call-back pending at a time: the latest agreement wins.
  for (const f of s.followUps) if (f.kind === 'call_back') f.done = true;
  s.followUps.push({ id: `call-back-${++s.seq}`, kind: 'call_back', at: when, done: false, call: { script: task.script, tone: task.tone, objective } });
  trace(s, at, 'call_back', { step: task.stepId, channel: 'call', detail: agreed ? `call-back agreed for ${agreed}` : `tense call: called back after ${policy.calls.tenseCallBack.n} ${policy.calls.tenseCallBack.unit.replace('_', ' ')}` });
}

/** Unreached too often: the next contact (the manager); a contact given on the call becomes the one to call. */
function followContact(s: DunningState, at: number, o: CallOutcome, policy: Policy): void {
  if (o.reached) s.consecutiveUnreached = 0;
  else {
    s.consecutiveUnreached += 1;
    if (s.consecutiveUnreached >= policy.calls.escalateAfterUnreached && s.activeContact + 1 < s.contacts.length) {
      s.activeContact += 1;
      s.consecutiveUnreached = 0;
      const next = s.contacts[s.activeContact];
      trace(s, at, 'contact_escalated', { detail: `not reached ${policy.calls.escalateAfterUnreached} times: next calls go to ${next.name} (${next.role})` });
    }
  }
  if (o.contactUpdate) {
    s.contacts.push(o.contactUpdate);
    s.activeContact = s.contacts.length - 1;
    trace(s, at, 'contact_changed', { detail: `${o.contactUpdate.name} (${o.contactUpdate.role}) given on the call` });
  }
}

/** What the debtor agreed to: a promise, a settlement, a plan, a dispute, a document to resend. */
function recordAgreement(s: DunningState, at: number, task: CallTask, o: CallOutcome, policy: Policy): void {
  if (o.promise) addPromise(s, at, o.promise.date, o.promise.amountCents, task.taskId);
  if (o.settlement) {
    const waived = s.amountDueCents - o.settlement.amountCents;
    s.settlement = { amountCents: o.settlement.amountCents, approvedBy: o.settlement.approvedBy, agreedAt: at, waivedCents: waived };
    setAmountDue(s, o.settlement.amountCents, localDateOf(at, tzOf(s, policy)));
    addPromise(s, at, o.settlement.payBy, o.settlement.amountCents, task.taskId, true);
    trace(s, at, 'settlement', { detail: `${o.settlement.amountCents} cents by ${o.settlement.payBy}, ${waived} cents waived, approved by ${o.settlement.approvedBy}` });
  }
  if (o.plan) {
    for (const p of s.promises) if (p.status === 'pending') p.status = 'superseded';
    s.plan = {
      planId: `plan-${++s.seq}`,
      agreedAt: at,
      paidAtStartCents: s.paidCents,
      instalments: o.plan.instalments.map((i, n) => ({ seq: n + 1, date: i.date, amountCents: i.amountCents, status: 'pending', reminderSent: false })),
      status: 'active',
    };
    trace(s, at, 'payment_plan', { detail: o.plan.instalments.map((i) => `${i.date}: ${i.amountCents}`).join(', ') });
  }
  if (o.dispute) openDispute(s, at, o.dispute, task.taskId, policy);
  if (o.documentRequested) {
    s.pending.push({ id: `doc-${++s.seq}`, template: 'document_resend', channel: 'email', tone: 'courteous', attachInvoice: true, document: o.documentRequested, callTaskId: task.taskId, immediate: true });
    s.followUps.push({ id: `doc-follow-up-${s.seq}`, kind: 'document', at: addDuration(at, policy.documentFollowUp, policy.calendar, tzOf(s, policy)), done: false });
  }
}

function markFollowUpDone(s: DunningState, id: string): void {
  const f = s.followUps.find((x) => x.id === id);
  if (f) f.done = true;
}

const ASSIGNEE_CHAIN: Assignee[] = ['sales_rep', 'collector', 'credit_controller', 'manager'];
function nextAssignee(a: Assignee): Assignee {
  return ASSIGNEE_CHAIN[Math.min(ASSIGNEE_CHAIN.indexOf(a) + 1, ASSIGNEE_CHAIN.length - 1)];
}
