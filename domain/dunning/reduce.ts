/**
 * The only place an invoice run's state changes: `reduce(state, event, policy)`. Pure: same state,
 * event and policy, same result. Each event type has its handler (reduce/: sends, calls, payments,
 * disputes, lifecycle, coordination), made of the named state changes in reduce/helpers.ts.
 */
import type { Policy } from '../policy/schema';
import { isClosed, isSuspended } from './derived';
import { CALL_HANDLERS } from './reduce/calls';
import { CHANNEL_HANDLERS } from './reduce/channels';
import { COORDINATION_HANDLERS, isCoordinationEvent } from './reduce/coordination';
import { DISPUTE_HANDLERS } from './reduce/disputes';
import { dropPending, recordTouch, recordTouchOnly, run, trace, type EventType, type Handlers } from './reduce/helpers';
import { LIFECYCLE_HANDLERS } from './reduce/lifecycle';
import { NOTICE_HANDLERS } from './reduce/notice';
import { PAYMENT_HANDLERS } from './reduce/payments';
import { SEND_HANDLERS } from './reduce/sends';
import { APPROVAL_HANDLERS } from './approval';
import { VISIT_HANDLERS } from './visits';
import type { DunningEvent, DunningState, Stage } from './state';

const HANDLERS: Handlers<EventType> = {
  ...SEND_HANDLERS,
  ...CALL_HANDLERS,
  ...PAYMENT_HANDLERS,
  ...DISPUTE_HANDLERS,
  ...LIFECYCLE_HANDLERS,
  ...NOTICE_HANDLERS,
  ...COORDINATION_HANDLERS,
  ...CHANNEL_HANDLERS,
  ...VISIT_HANDLERS,
  ...APPROVAL_HANDLERS,
};

export function reduce(prev: DunningState, event: DunningEvent, policy: Policy): DunningState {
  const s = clone(prev);
  if (isClosed(s)) return reduceClosed(s, event, policy);
  const wasSuspended = isSuspended(s);
  const traced = s.trace.length;
  apply(s, event, policy);
  s.stage = stageOf(s);
  // Trace lines show the stage the event led to.
  for (let i = traced; i < s.trace.length; i++) s.trace[i].stage = s.stage;
  settleSuspension(s, wasSuspended, event.at);
  return s;
}

function apply(s: DunningState, e: DunningEvent, policy: Policy): void {
  run(HANDLERS, s, e, { policy, apply: (inner) => apply(s, inner, policy) });
}

/** A closed file takes only what completes its record; late news is ignored, with a trace of it. */
function reduceClosed(s: DunningState, e: DunningEvent, policy: Policy): DunningState {
  // What the debtor's workflow did for a closed file is still recorded (touches and trace only).
  if (isCoordinationEvent(e)) {
    run(COORDINATION_HANDLERS, s, e, { policy, apply: (inner) => recordTouchOnly(s, inner) });
    return s;
  }
  // The hold is released once the file is paid, cancelled or credited; a STOP is kept for the record.
  if (e.type === 'account_hold' || e.type === 'sms_opted_out') {
    run(CHANNEL_HANDLERS, s, e, { policy, apply: () => undefined });
    return s;
  }
  // The last messages of a closed file (the thank-you) still go out and are recorded.
  if ((e.type === 'touch' || e.type === 'send_failed' || e.type === 'email_bounced') && e.pendingId) {
    dropPending(s, e.pendingId);
    if (e.type !== 'touch') trace(s, e.at, 'send_failed', { step: e.stepId, outcome: 'failed', detail: e.error });
    else {
      recordTouch(s, e);
      trace(s, e.at, 'touch', { step: e.touch.stepId, channel: e.touch.channel, template: e.touch.template, outcome: e.touch.result, detail: e.touch.to && `to ${e.touch.to}` });
    }
    return s;
  }
  trace(s, e.at, 'ignored', { detail: `${e.type} after the file was closed` });
  return s;
}

function stageOf(s: DunningState): Stage {
  if (s.outcome === 'litigation') return 'litigation';
  if (s.outcome) return 'closed';
  if (s.paused) return 'paused';
  if (s.disputes.some((d) => d.status === 'open')) return 'disputed';
  return s.activeStage;
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
