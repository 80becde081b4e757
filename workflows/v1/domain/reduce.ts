import { addDuration, localDateOf } from './calendar';
import type { CallOutcome, DisputeOpened } from './commands';
import { durationToMs } from './duration';
import type { Policy } from './policy';
import type { CallTask, DunningEvent, DunningState, Outcome, Stage, TraceEntry } from './state';
import { instalmentDueCents, isSuspended, tzOf } from './views';

/** The only place state changes. Pure: same state + event + policy, same result. */
export function reduce(prev: DunningState, event: DunningEvent, policy: Policy): DunningState {
  if (prev.stage === 'closed' || prev.stage === 'litigation') {
    const s = clone(prev);
    // The last messages of a closed file (the thank-you) still go out and are recorded...
    if ((event.type === 'touch' || event.type === 'send_failed' || event.type === 'email_bounced') && event.pendingId) {
      s.pending = s.pending.filter((p) => p.id !== event.pendingId);
      if (event.type !== 'touch') return withTrace(s, event.at, 'send_failed', { step: event.stepId, outcome: 'failed', detail: event.error });
      s.touches.push({ ...event.touch, at: event.at, amountDueCents: s.amountDueCents });
      return withTrace(s, event.at, 'touch', { step: event.touch.stepId, channel: event.touch.channel, template: event.touch.template, outcome: event.touch.result, detail: event.touch.to && `to ${event.touch.to}` });
    }
    // ...while late news is ignored, with a trace of it.
    return withTrace(s, event.at, 'ignored', { detail: `${event.type} after the file was closed` });
  }
  const s = clone(prev);
  const wasSuspended = isSuspended(s);
  const traced = s.trace.length;
  apply(s, event, policy);
  updateStage(s);
  // Trace lines show the stage the event led to.
  for (let i = traced; i < s.trace.length; i++) s.trace[i].stage = s.stage;
  settleSuspension(s, wasSuspended, event.at);
  return s;
}

function apply(s: DunningState, e: DunningEvent, policy: Policy): void {
  switch (e.type) {
    case 'step_skipped': {
      const step = policy.steps[e.stepIndex];
      s.skippedSteps.push(step.id);
      s.nextStepIndex = Math.max(s.nextStepIndex, e.stepIndex + 1);
      trace(s, e.at, 'step_skipped', { step: step.id, detail: e.reason });
      return;
    }
    case 'catch_up':
      s.cadenceShiftMs += e.shiftMs;
      trace(s, e.at, 'catch_up', { step: e.fromStep, detail: `invoice imported late: the cadence starts at ${e.fromStep}` });
      return;
    case 'touch':
      return onTouch(s, e, policy);
    case 'email_bounced': {
      if (!s.badEmails.includes(e.email)) s.badEmails.push(e.email);
      s.touches.push({ at: e.at, stepId: e.stepId, channel: 'email', template: e.template, tone: e.tone, to: e.email, result: 'bounced', unsuccessful: true, amountDueCents: s.amountDueCents });
      if (e.stepIndex !== undefined) s.nextStepIndex = Math.max(s.nextStepIndex, e.stepIndex + 1);
      if (e.pendingId) s.pending = s.pending.filter((p) => p.id !== e.pendingId);
      // The same message goes by post; the address is flagged for a contact update.
      s.pending.push({ id: `${e.stepId}-letter`, template: e.template, channel: 'letter', tone: e.tone, attachInvoice: false, fallbackFor: e.stepId });
      trace(s, e.at, 'email_bounced', { step: e.stepId, channel: 'email', template: e.template, outcome: 'bounced', detail: `${e.email}: ${e.error}; falling back to a letter` });
      checkUnsuccessful(s, e.at, policy);
      return;
    }
    case 'call_task_opened': {
      for (const t of s.callTasks) {
        if (t.status === 'open') {
          t.status = 'superseded';
          t.closedAt = e.at;
        }
      }
      s.callTasks.push({ ...e.task, openedAt: e.at, reopened: 0, status: 'open' });
      if (e.stepIndex !== undefined) s.nextStepIndex = Math.max(s.nextStepIndex, e.stepIndex + 1);
      if (e.followUpId) markFollowUpDone(s, e.followUpId);
      trace(s, e.at, 'call_task_opened', { step: e.task.stepId, channel: 'call', template: e.task.script, detail: `${e.task.taskId} for ${e.task.assignee}: ${e.task.objective}` });
      return;
    }
    case 'call_task_expired': {
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
      return;
    }
    case 'call_completed':
      return onCallCompleted(s, e.at, e.outcome, policy, e.viaDebtor ?? false, e.debtorAttempts ?? 0);
    case 'promise_due':
      return onPromiseDue(s, e, policy);
    case 'payment':
      return onPayment(s, e, policy);
    case 'dispute_opened':
      openDispute(s, e.at, e.dispute, 'signal');
      return;
    case 'dispute_resolved': {
      const d = s.disputes.find((x) => x.disputeId === e.resolution.disputeId && x.status === 'open');
      if (!d) {
        trace(s, e.at, 'signal_rejected', { detail: `disputeResolved: no open dispute ${e.resolution.disputeId}` });
        return;
      }
      d.resolvedAt = e.at;
      d.note = e.resolution.note;
      if (e.resolution.resolution === 'credit_note') {
        const credit = Math.min(e.resolution.creditNoteCents ?? 0, s.amountDueCents);
        d.status = 'credited';
        d.creditNoteCents = credit;
        d.creditNoteRef = e.resolution.creditNoteRef;
        s.creditedCents += credit;
        setAmountDue(s, s.amountDueCents - credit, e.today);
        trace(s, e.at, 'dispute_resolved', { outcome: 'credit_note', detail: `${d.disputeId}: credit note ${e.resolution.creditNoteRef ?? ''} of ${credit} cents` });
        if (s.amountDueCents === 0) {
          cancelOpenTasks(s, e.at);
          s.pending = [];
          close(s, e.at, 'credited', 'cancelled by a credit note');
        }
      } else {
        d.status = 'resumed';
        trace(s, e.at, 'dispute_resolved', { outcome: 'resume', detail: `${d.disputeId}: ${e.resolution.note ?? 'dunning resumes'}` });
      }
      return;
    }
    case 'paused':
      if (s.paused) return;
      s.paused = { reason: e.reason, since: e.at, until: e.until, by: e.by };
      trace(s, e.at, 'paused', { detail: `${e.reason}${e.until ? ` (until ${e.until})` : ''}` });
      return;
    case 'resumed':
      if (s.litigation.handoffFailedAt !== undefined && !s.paused) {
        s.litigation.handoffFailedAt = undefined;
        trace(s, e.at, 'resumed', { detail: `${e.reason ?? 'resumed'}: the litigation handoff is tried again` });
        return;
      }
      if (!s.paused) return;
      s.paused = undefined;
      trace(s, e.at, 'resumed', { detail: e.reason ?? 'resumed' });
      return;
    case 'cancelled':
      cancelOpenTasks(s, e.at);
      close(s, e.at, 'cancelled', e.reason);
      return;
    case 'contact_changed': {
      s.contacts.push(e.contact);
      if (e.primary) s.activeContact = s.contacts.length - 1;
      s.consecutiveUnreached = 0;
      trace(s, e.at, 'contact_changed', { detail: `${e.contact.name} (${e.contact.role})${e.primary ? ', now the primary contact' : ''}` });
      return;
    }
    case 'insolvency':
      s.insolvency = { ...e.insolvency, at: e.at };
      cancelOpenTasks(s, e.at);
      s.pending = [];
      close(s, e.at, 'insolvency', `insolvency proceedings (${e.insolvency.procedure}): file the claim with the administrator`);
      return;
    case 'litigation_decided':
      s.litigation.reason = e.reason;
      s.litigation.announcedAt = e.at;
      trace(s, e.at, 'litigation_decided', { detail: e.reason });
      return;
    case 'plan_proposal_decided':
      s.planProposedAt = e.at;
      s.pending.push({ id: `plan-proposal-${++s.seq}`, template: 'plan_proposal', channel: 'email', tone: 'firm', attachInvoice: false });
      trace(s, e.at, 'plan_proposed', { detail: 'financial hardship declared: a payment plan is proposed instead of litigation' });
      return;
    case 'handed_off':
      s.litigation.handedOffAt = e.at;
      s.litigation.reference = e.reference;
      s.litigation.location = e.location;
      s.litigation.route = e.route;
      cancelOpenTasks(s, e.at);
      s.outcome = 'litigation';
      s.closedAt = e.at;
      s.stage = 'litigation';
      trace(s, e.at, 'litigation_handoff', { outcome: 'litigation', detail: `file ${e.reference} handed over (${e.route})` });
      return;
    case 'send_failed':
      // Never retried forever: the step is consumed and the failure stays visible in the trace.
      if (e.stepIndex !== undefined) s.nextStepIndex = Math.max(s.nextStepIndex, e.stepIndex + 1);
      if (e.pendingId) s.pending = s.pending.filter((p) => p.id !== e.pendingId);
      trace(s, e.at, 'send_failed', { step: e.stepId, channel: e.channel, template: e.template, outcome: 'failed', detail: e.error });
      return;
    case 'call_brief_ready': {
      const t = s.callTasks.find((x) => x.taskId === e.taskId);
      if (t) t.briefPath = e.path;
      return;
    }
    case 'handoff_failed':
      // The partner refused the file or never answered: a person must look; `resume` retries.
      s.litigation.handoffFailedAt = e.at;
      s.litigation.handoffError = e.error;
      trace(s, e.at, 'litigation_handoff_failed', { outcome: 'failed', detail: `${e.error} (send resume to retry)` });
      return;
    case 'signal_rejected':
      trace(s, e.at, 'signal_rejected', { detail: `${e.signal}: ${e.error}` });
      return;
  }
}

function onTouch(s: DunningState, e: Extract<DunningEvent, { type: 'touch' }>, policy: Policy): void {
  s.touches.push({ ...e.touch, at: e.at, amountDueCents: s.amountDueCents });
  if (e.stepIndex !== undefined) s.nextStepIndex = Math.max(s.nextStepIndex, e.stepIndex + 1);
  if (e.pendingId) s.pending = s.pending.filter((p) => p.id !== e.pendingId);
  if (e.promiseId) {
    const p = s.promises.find((x) => x.promiseId === e.promiseId);
    if (p) p.reminderSent = true;
  }
  if (e.instalmentSeq !== undefined && s.plan) {
    const i = s.plan.instalments.find((x) => x.seq === e.instalmentSeq);
    if (i) i.reminderSent = true;
  }
  if (e.formalNotice) {
    s.formalNotice = { sentAt: e.at, deadline: e.formalNotice.deadline, deadlineAt: e.formalNotice.deadlineAt, stepId: e.touch.stepId };
    s.activeStage = 'formal_notice';
  } else if (e.stepIndex !== undefined && s.activeStage === 'pre_due' && policy.steps[e.stepIndex].offset.sign > 0) {
    s.activeStage = 'reminding';
  }
  trace(s, e.at, 'touch', {
    step: e.touch.stepId,
    channel: e.touch.channel,
    template: e.touch.template,
    outcome: e.touch.result,
    detail: `${e.touch.to ? `to ${e.touch.to}, ` : ''}amount due ${s.amountDueCents} cents${e.touch.trackingNumber ? `, tracking ${e.touch.trackingNumber}` : ''}`,
  });
  checkUnsuccessful(s, e.at, policy);
}

function onCallCompleted(s: DunningState, at: number, o: CallOutcome, policy: Policy, viaDebtor: boolean, debtorAttempts: number): void {
  const task = s.callTasks.find((t) => t.taskId === o.taskId && t.status === 'open');
  if (!task) return; // the update validator already refused this; replays stay safe
  task.status = 'done';
  task.outcome = o;
  task.closedAt = at;
  const committed = Boolean(o.promise || o.plan || o.dispute || o.settlement || o.documentRequested || o.contactUpdate);
  const contact = s.contacts[task.contactIndex];
  // Call limits hold per debtor: a merged call counts every call made to this debtor.
  s.callAttempts = Math.max(s.callAttempts + 1, debtorAttempts);
  s.lastCallAttemptAt = at;
  s.touches.push({
    at,
    stepId: task.stepId,
    channel: 'call',
    template: task.script,
    tone: task.tone,
    to: o.contactName ?? contact?.name,
    result: o.reached ? 'reached' : 'unreached',
    unsuccessful: !committed,
    amountDueCents: s.amountDueCents,
  });
  trace(s, at, 'call', {
    step: task.stepId,
    channel: 'call',
    template: task.script,
    outcome: o.reached ? 'reached' : 'unreached',
    detail: [o.reason && `reason: ${o.reason}`, o.notes].filter(Boolean).join('; ') || undefined,
  });
  if (task.kind === 'pre_due' && s.activeStage === 'pre_due') {
    // The courteous pre-due call counts as a touch, not as a step of the post-due cadence.
  }

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
  if (o.hardship) s.hardship = true;

  const today = localDateOf(at, tzOf(s, policy));
  if (o.promise) addPromise(s, at, o.promise.date, o.promise.amountCents, task.taskId);
  if (o.settlement) {
    const waived = s.amountDueCents - o.settlement.amountCents;
    s.settlement = { amountCents: o.settlement.amountCents, approvedBy: o.settlement.approvedBy, agreedAt: at, waivedCents: waived };
    setAmountDue(s, o.settlement.amountCents, today);
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
  if (o.dispute) openDispute(s, at, o.dispute, task.taskId);
  if (o.documentRequested) {
    s.pending.push({ id: `doc-${++s.seq}`, template: 'document_resend', channel: 'email', tone: 'courteous', attachInvoice: true, document: o.documentRequested, callTaskId: task.taskId, immediate: true });
    s.followUps.push({ id: `doc-follow-up-${s.seq}`, kind: 'document', at: addDuration(at, policy.documentFollowUp, policy.calendar, tzOf(s, policy)), done: false });
  }
  // A written follow-up after every call, reached or not (000, 002): the plan's confirmation when there is one.
  // A merged call gets one follow-up from the debtor's workflow, except a plan's own confirmation.
  if (!viaDebtor || o.plan) s.pending.push({
    id: `followup-${task.taskId}`,
    template: o.plan ? 'plan_confirmation' : 'call_followup',
    channel: 'email',
    tone: task.tone,
    attachInvoice: false,
    callTaskId: task.taskId,
    immediate: true,
  });
  // A chase that got nothing new is chased again the next day (daily chase of broken promises).
  if (task.kind === 'broken_promise' && !o.promise && !o.plan && !o.settlement && !o.dispute) {
    scheduleChase(s, at, policy);
  }
  checkUnsuccessful(s, at, policy);
  if (s.callAttempts >= policy.calls.maxAttempts && !s.litigation.announcedAt && !hasPendingCommitment(s)) {
    decideLitigation(s, at, `${s.callAttempts} call attempts (the policy allows ${policy.calls.maxAttempts})`);
  }
}

function onPromiseDue(s: DunningState, e: Extract<DunningEvent, { type: 'promise_due' }>, policy: Policy): void {
  const paidSince = (start: number) => s.paidCents - start;
  if (e.promiseId) {
    const p = s.promises.find((x) => x.promiseId === e.promiseId && x.status === 'pending');
    if (!p) return;
    if (paidSince(p.paidAtStartCents) >= p.amountCents) {
      p.status = 'kept';
      trace(s, e.at, 'promise_kept', { detail: `${p.promiseId}: ${p.amountCents} cents by ${p.date}` });
    } else {
      p.status = 'broken';
      brokenPromise(s, e.at, `${p.promiseId}: ${p.amountCents} cents promised for ${p.date}`, policy);
    }
    return;
  }
  if (e.instalmentSeq !== undefined && s.plan && s.plan.status === 'active') {
    const i = s.plan.instalments.find((x) => x.seq === e.instalmentSeq);
    if (!i || i.status !== 'pending') return;
    if (paidSince(s.plan.paidAtStartCents) >= instalmentDueCents(s.plan, i.seq)) {
      i.status = 'paid';
    } else {
      i.status = 'missed';
      s.plan.status = 'broken';
      brokenPromise(s, e.at, `instalment ${i.seq} of ${i.amountCents} cents due ${i.date} missed`, policy);
    }
  }
}

function onPayment(s: DunningState, e: Extract<DunningEvent, { type: 'payment' }>, policy: Policy): void {
  const p = e.payment;
  if (s.paymentIds.includes(p.paymentId)) {
    trace(s, e.at, 'payment_duplicate', { detail: `payment ${p.paymentId} already recorded: ignored` });
    return;
  }
  s.paymentIds.push(p.paymentId);
  const applied = Math.min(p.amountCents, s.amountDueCents);
  s.paidCents += applied;
  s.unappliedCents += p.amountCents - applied;
  setAmountDue(s, s.amountDueCents - applied, p.paidOn ?? e.today);
  trace(s, e.at, 'payment', {
    outcome: s.amountDueCents === 0 ? 'full' : 'partial',
    detail: `${p.amountCents} cents (${p.paymentId})${p.amountCents > applied ? `, ${p.amountCents - applied} cents unapplied` : ''}; ${s.amountDueCents} cents still due`,
  });
  if (s.plan?.status === 'active') {
    const paid = s.paidCents - s.plan.paidAtStartCents;
    for (const i of s.plan.instalments) if (i.status === 'pending' && paid >= instalmentDueCents(s.plan, i.seq)) i.status = 'paid';
    if (s.plan.instalments.every((i) => i.status === 'paid')) s.plan.status = 'completed';
  }
  for (const pr of s.promises) {
    if (pr.status === 'pending' && s.paidCents - pr.paidAtStartCents >= pr.amountCents) {
      pr.status = 'kept';
      trace(s, e.at, 'promise_kept', { detail: `${pr.promiseId}: ${pr.amountCents} cents by ${pr.date}` });
    }
  }
  if (s.amountDueCents === 0) {
    cancelOpenTasks(s, e.at);
    s.pending = [];
    if (policy.thankYouOnPayment) s.pending.push({ id: `paid-${p.paymentId}`, template: 'payment_confirmation', channel: 'email', tone: 'friendly', attachInvoice: false, immediate: true });
    close(s, e.at, s.settlement ? 'settled' : 'paid', s.settlement ? `settled for ${s.settlement.amountCents} cents` : 'paid in full');
  }
}

function brokenPromise(s: DunningState, at: number, detail: string, policy: Policy): void {
  s.brokenPromises += 1;
  trace(s, at, 'promise_broken', { outcome: 'broken', detail: `${detail} (${s.brokenPromises} broken)` });
  if (s.brokenPromises >= policy.brokenPromises.allowed) {
    if (s.hardship && policy.brokenPromises.hardshipException && !s.planProposedAt) {
      apply(s, { type: 'plan_proposal_decided', at }, policy);
      scheduleChase(s, at, policy);
      return;
    }
    if (!s.litigation.announcedAt) decideLitigation(s, at, `${s.brokenPromises} broken promises (the policy allows ${policy.brokenPromises.allowed})`);
    return;
  }
  s.pending.push({ id: `broken-${++s.seq}`, template: 'broken_promise', channel: 'email', tone: 'firm', attachInvoice: false });
  scheduleChase(s, at, policy);
}

function scheduleChase(s: DunningState, at: number, policy: Policy): void {
  for (const f of s.followUps) if (f.kind === 'broken_promise_chase' && !f.done) f.done = true;
  s.followUps.push({ id: `chase-${++s.seq}`, kind: 'broken_promise_chase', at: addDuration(at, policy.promises.brokenChase, policy.calendar, tzOf(s, policy)), done: false });
}

function checkUnsuccessful(s: DunningState, at: number, policy: Policy): void {
  if (s.litigation.announcedAt || s.formalNotice) return;
  const windowMs = windowToMs(policy);
  const recent = s.touches.filter((t) => t.unsuccessful && t.at > at - windowMs);
  if (recent.length >= policy.unsuccessfulTouches.count && !hasPendingCommitment(s) && !s.disputes.some((d) => d.status === 'open')) {
    decideLitigation(s, at, `${recent.length} unsuccessful touches within ${policy.unsuccessfulTouches.window.n} ${policy.unsuccessfulTouches.window.unit}`);
  }
}

function windowToMs(policy: Policy): number {
  const w = policy.unsuccessfulTouches.window;
  // A window in business days is read as calendar days (x7/5): the rule is about elapsed time.
  return w.unit === 'business_days' ? Math.ceil((w.n * 7) / 5) * 86_400_000 : durationToMs(w);
}

function decideLitigation(s: DunningState, at: number, reason: string): void {
  s.litigation.reason = reason;
  s.litigation.announcedAt = at;
  for (const f of s.followUps) f.done = true;
  s.pending.push({ id: `litigation-announce-${++s.seq}`, template: 'litigation_announce', channel: 'email', tone: 'very_firm', attachInvoice: false });
  trace(s, at, 'litigation_decided', { detail: reason });
}

function addPromise(s: DunningState, at: number, date: string, amountCents: number, via: string, settlement = false): void {
  for (const p of s.promises) if (p.status === 'pending') p.status = 'superseded';
  for (const f of s.followUps) if (f.kind === 'broken_promise_chase') f.done = true;
  const promiseId = `promise-${++s.seq}`;
  s.promises.push({ promiseId, date, amountCents, madeAt: at, via, paidAtStartCents: s.paidCents, status: 'pending', reminderSent: false, settlement });
  trace(s, at, 'promise', { detail: `${promiseId}: ${amountCents} cents by ${date}` });
}

function openDispute(s: DunningState, at: number, d: DisputeOpened, via: string): void {
  const disputeId = d.disputeId ?? `dispute-${++s.seq}`;
  if (s.disputes.some((x) => x.disputeId === disputeId)) return;
  s.disputes.push({ disputeId, kind: d.kind, details: d.details, returnDetails: d.returnDetails, openedAt: at, status: 'open' });
  trace(s, at, 'dispute_opened', { detail: `${disputeId} (${d.kind}, via ${via}): ${d.details}` });
}

function setAmountDue(s: DunningState, cents: number, from: string): void {
  s.amountDueCents = Math.max(0, cents);
  const last = s.balances[s.balances.length - 1];
  if (last && last.from === from) last.amountCents = s.amountDueCents;
  else s.balances.push({ from, amountCents: s.amountDueCents });
}

function close(s: DunningState, at: number, outcome: Outcome, reason: string): void {
  s.outcome = outcome;
  s.closedAt = at;
  s.closeReason = reason;
  s.followUps.forEach((f) => (f.done = true));
  trace(s, at, 'closed', { outcome, detail: reason });
}

function cancelOpenTasks(s: DunningState, at: number): void {
  for (const t of s.callTasks) {
    if (t.status === 'open') {
      t.status = 'cancelled';
      t.closedAt = at;
    }
  }
}

function markFollowUpDone(s: DunningState, id: string): void {
  const f = s.followUps.find((x) => x.id === id);
  if (f) f.done = true;
}

function hasPendingCommitment(s: DunningState): boolean {
  return s.promises.some((p) => p.status === 'pending') || s.plan?.status === 'active';
}

const ASSIGNEE_CHAIN: CallTask['assignee'][] = ['sales_rep', 'collector', 'credit_controller', 'manager'];
function nextAssignee(a: CallTask['assignee']): CallTask['assignee'] {
  return ASSIGNEE_CHAIN[Math.min(ASSIGNEE_CHAIN.indexOf(a) + 1, ASSIGNEE_CHAIN.length - 1)];
}

function updateStage(s: DunningState): void {
  let stage: Stage;
  if (s.outcome === 'litigation') stage = 'litigation';
  else if (s.outcome) stage = 'closed';
  else if (s.paused) stage = 'paused';
  else if (s.disputes.some((d) => d.status === 'open')) stage = 'disputed';
  else stage = s.activeStage;
  s.stage = stage;
}

/** Pauses, disputes and pending promises hold the cadence; the time they took moves later steps. */
function settleSuspension(s: DunningState, wasSuspended: boolean, at: number): void {
  const now = isSuspended(s);
  if (!wasSuspended && now) s.suspendedSince = at;
  if (wasSuspended && !now && s.suspendedSince !== undefined) {
    s.cadenceShiftMs += at - s.suspendedSince;
    s.suspendedSince = undefined;
    s.resumedAt = at;
  }
}

/** States are plain JSON (they travel in queries and continue-as-new): a JSON copy is exact. */
function clone(s: DunningState): DunningState {
  return JSON.parse(JSON.stringify(s)) as DunningState;
}

function trace(s: DunningState, at: number, kind: string, fields: Omit<TraceEntry, 'at' | 'stage' | 'kind'>): void {
  s.trace.push({ at, stage: s.stage, kind, ...fields });
}
function withTrace(s: DunningState, at: number, kind: string, fields: Omit<TraceEntry, 'at' | 'stage' | 'kind'>): DunningState {
  trace(s, at, kind, fields);
  return s;
}

