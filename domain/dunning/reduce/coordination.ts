/**
 * Events of the invoice's side of per-debtor coordination (docs/coordination.md): what the invoice
 * told its debtor's workflow, and what that workflow did for it. They run on open and closed files
 * alike: whatever the debtor did for the invoice ends up in its touches and trace. `apply` (of
 * Reducing) records the events a touch done by the debtor turns into.
 */
import type { DebtorTouchDone } from '../../coordination/messages';
import { unplannedTouchEvents } from '../coordinated';
import { isClosed } from '../derived';
import type { Coordination, DunningEvent, DunningState } from '../state';
import { trace, type EventMap, type Handlers } from './helpers';

export type CoordinationEventType =
  | 'debtor_sync_sent'
  | 'debtor_sync_expired'
  | 'debtor_touch_done'
  | 'debtor_touch_applied'
  | 'debtor_sent'
  | 'debtor_ack'
  | 'debtor_ack_timeout'
  | 'debtor_protocol'
  | 'debtor_resync';
export type CoordinationEvent = EventMap[CoordinationEventType];

export const COORDINATION_HANDLERS: Handlers<CoordinationEventType> = {
  debtor_sync_sent: (s, e) => {
    const c = coordination(s);
    c.seq = e.seq;
    c.sent = e.fingerprint;
    c.handed = e.handed;
    c.sentAt = e.at;
    if (e.closed) c.closedSeq = e.seq;
  },
  debtor_sync_expired: (s, e) => {
    const c = coordination(s);
    c.sent = undefined;
    trace(s, e.at, 'debtor_silent', { detail: `the debtor's workflow has not performed ${c.handed?.key ?? 'the handed touch'}: told again` });
  },
  debtor_touch_done: (s, e, { apply }) => {
    const c = coordination(s);
    const d = e.done;
    if (c.done.some((x) => x.key === d.key)) return;
    trace(s, e.at, 'debtor_done', { detail: describeDone(d) });
    if (isClosed(s)) return recordUnplanned(d, apply);
    c.done.push(d);
    while (c.done.length > MAX_DONE) recordUnplanned(c.done.shift()!, apply);
  },
  debtor_touch_applied: (s, e, { apply }) => {
    const c = coordination(s);
    c.done = c.done.filter((x) => x.key !== e.key);
    for (const inner of e.events) apply(inner);
  },
  debtor_sent: (s, e, { apply }) => {
    coordination(s);
    const t = e.sent;
    const [event] = unplannedTouchEvents({ key: `${t.groupId}/${t.template}`, at: t.at, receipt: t.receipt, to: t.to, mergedInvoiceIds: [] }, t.template);
    if (event) apply(event);
    trace(s, e.at, 'debtor_sent', { detail: `${t.template} sent by the debtor's workflow (${t.groupId}, message ${t.receipt.messageId})` });
  },
  debtor_ack: (s, e) => {
    const c = coordination(s);
    c.ackedSeq = Math.max(c.ackedSeq, e.seq);
  },
  debtor_protocol: (s, e) => {
    const c = coordination(s);
    if (e.protocol >= 3) c.deltas = true;
  },
  debtor_resync: (s) => {
    // Forget what was sent: the plan sees a new picture and syncs it whole, before anything else
    // (the debtor's trace says which delta did not apply).
    const c = coordination(s);
    c.deltas = undefined;
    c.sent = undefined;
  },
  debtor_ack_timeout: (s, e) => {
    const c = coordination(s);
    c.ackedSeq = c.closedSeq ?? c.seq;
    trace(s, e.at, 'debtor_silent', { detail: `no acknowledgement from the debtor's workflow after closing: ending anyway` });
  },
};

const TYPES = Object.keys(COORDINATION_HANDLERS);

export function isCoordinationEvent(e: DunningEvent): e is CoordinationEvent {
  return TYPES.includes(e.type);
}

/** Done touches kept for when they come up; beyond this, the oldest is recorded as it happened. */
const MAX_DONE = 20;

/** The run's coordination record, made on the first coordination event. */
function coordination(s: DunningState): Coordination {
  return (s.coordination ??= { seq: 0, done: [], ackedSeq: 0 });
}

/** On closing: touches the debtor did that never came up are recorded now, so none is missing. */
export function flushDone(s: DunningState, apply: (e: DunningEvent) => void): void {
  const c = s.coordination;
  if (!c?.done.length) return;
  const left = c.done;
  c.done = [];
  for (const d of left) recordUnplanned(d, apply);
}

function recordUnplanned(d: DebtorTouchDone, apply: (e: DunningEvent) => void): void {
  for (const event of unplannedTouchEvents(d, d.template ?? 'unknown')) apply(event);
}

function describeDone(d: DebtorTouchDone): string {
  const what = d.debtorTaskId ? `call task ${d.debtorTaskId}` : d.receipt ? `${d.receipt.channel} ${d.template ?? ''} message ${d.receipt.messageId}` : d.bounced ? `email bounced (${d.bounced.email})` : `failed: ${d.failed ?? ''}`;
  return `${d.key}: ${what}${d.mergedInvoiceIds.length > 1 ? ` (merged: ${d.mergedInvoiceIds.join(', ')})` : ''}${d.groupId ? `, ${d.groupId}` : ''}`;
}
