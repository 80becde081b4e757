/** Events of the cadence and its messages: a step skipped, a late start, a message sent, bounced or failed. */
import { checkUnsuccessful, consumeStep, dropPending, recordTouch, trace, type EventMap, type Handlers } from './helpers';
import type { DunningState } from '../state';
import { isPreDueStep } from '../plan';
import type { Policy } from '../../policy/schema';

export const SEND_HANDLERS: Handlers<'step_skipped' | 'catch_up' | 'touch' | 'email_bounced' | 'send_failed'> = {
  step_skipped: (s, e, { policy }) => {
    const step = policy.steps[e.stepIndex];
    s.skippedSteps.push(step.id);
    consumeStep(s, e.stepIndex);
    trace(s, e.at, 'step_skipped', { step: step.id, detail: e.reason });
  },
  catch_up: (s, e) => {
    s.cadenceShiftMs += e.shiftMs;
    trace(s, e.at, 'catch_up', { step: e.fromStep, detail: `invoice imported late: the cadence starts at ${e.fromStep}` });
  },
  touch: (s, e, { policy }) => onTouch(s, e, policy),
  email_bounced: (s, e, { policy }) => {
    if (!s.badEmails.includes(e.email)) s.badEmails.push(e.email);
    s.touches.push({ at: e.at, stepId: e.stepId, channel: 'email', template: e.template, tone: e.tone, to: e.email, result: 'bounced', unsuccessful: true, amountDueCents: s.amountDueCents });
    consumeStep(s, e.stepIndex);
    dropPending(s, e.pendingId);
    // The same message goes by post; the address is flagged for a contact update.
    s.pending.push({ id: `${e.stepId}-letter`, template: e.template, channel: 'letter', tone: e.tone, attachInvoice: false, fallbackFor: e.stepId });
    trace(s, e.at, 'email_bounced', { step: e.stepId, channel: 'email', template: e.template, outcome: 'bounced', detail: `${e.email}: ${e.error}; falling back to a letter` });
    checkUnsuccessful(s, e.at, policy);
  },
  send_failed: (s, e) => {
    // Never retried forever: the step is consumed and the failure stays visible in the trace.
    consumeStep(s, e.stepIndex);
    dropPending(s, e.pendingId);
    trace(s, e.at, 'send_failed', { step: e.stepId, channel: e.channel, template: e.template, outcome: 'failed', detail: e.error });
  },
};

function onTouch(s: DunningState, e: EventMap['touch'], policy: Policy): void {
  recordTouch(s, e);
  consumeStep(s, e.stepIndex);
  dropPending(s, e.pendingId);
  markReminderSent(s, e);
  if (e.formalNotice) {
    const { deadline, deadlineAt, waitUntil } = e.formalNotice;
    s.formalNotice = { sentAt: e.at, deadline, deadlineAt, stepId: e.touch.stepId, ...(e.touch.trackingNumber ? { trackingNumber: e.touch.trackingNumber } : {}), ...(waitUntil !== undefined ? { presentation: { waitUntil } } : {}) };
    s.activeStage = 'formal_notice';
  } else if (e.stepIndex !== undefined && s.activeStage === 'pre_due' && !isPreDueStep(s, policy, e.stepIndex)) {
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

/** The friendly reminder of a promise or an instalment went: it is not sent again. */
function markReminderSent(s: DunningState, e: EventMap['touch']): void {
  if (e.promiseId) {
    const p = s.promises.find((x) => x.promiseId === e.promiseId);
    if (p) p.reminderSent = true;
  }
  if (e.instalmentSeq !== undefined && s.plan) {
    const i = s.plan.instalments.find((x) => x.seq === e.instalmentSeq);
    if (i) i.reminderSent = true;
  }
}
