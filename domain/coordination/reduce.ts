import type { Coordination, DunningEvent, DunningState, TraceEntry } from '../state';
import type { DebtorTouchDone } from './messages';
import { unplannedTouchEvents } from './invoice';

export type CoordinationEvent = Extract<
  DunningEvent,
  { type: 'debtor_sync_sent' | 'debtor_sync_expired' | 'debtor_touch_done' | 'debtor_touch_applied' | 'debtor_sent' | 'debtor_ack' | 'debtor_ack_timeout' }
>;

const TYPES: ReadonlyArray<CoordinationEvent['type']> = [
  'debtor_sync_sent', 'debtor_sync_expired', 'debtor_touch_done', 'debtor_touch_applied', 'debtor_sent', 'debtor_ack', 'debtor_ack_timeout',
];

export function isCoordinationEvent(e: DunningEvent): e is CoordinationEvent {
  return (TYPES as readonly string[]).includes(e.type);
}

/** Done touches kept for when they come up; beyond this, the oldest is recorded as it happened. */
const MAX_DONE = 20;

/**
 * The invoice side of the protocol (docs/coordination.md). `apply` is the invoice reducer's own
 * apply, for the events a touch done by the debtor turns into. Runs on open and closed files alike:
 * whatever the debtor did for the invoice ends up in its touches and trace.
 */
export function applyCoordination(s: DunningState, e: CoordinationEvent, apply: (e: DunningEvent) => void, closed: boolean): void {
  const c: Coordination = (s.coordination ??= { seq: 0, done: [], ackedSeq: 0 });
  switch (e.type) {
    case 'debtor_sync_sent':
      c.seq = e.seq;
      c.sent = e.fingerprint;
      c.handed = e.handed;
      if (e.closed) c.closedSeq = e.seq;
      return;
    case 'debtor_sync_expired':
      c.sent = undefined;
      trace(s, e.at, 'debtor_silent', `the debtor's workflow has not performed ${c.handed?.key ?? 'the handed touch'}: told again`);
      return;
    case 'debtor_touch_done': {
      const d = e.done;
      if (c.done.some((x) => x.key === d.key)) return;
      trace(s, e.at, 'debtor_done', describeDone(d));
      if (closed) return recordUnplanned(d, apply);
      c.done.push(d);
      while (c.done.length > MAX_DONE) recordUnplanned(c.done.shift()!, apply);
      return;
    }
    case 'debtor_touch_applied':
      c.done = c.done.filter((x) => x.key !== e.key);
      for (const inner of e.events) apply(inner);
      return;
    case 'debtor_sent': {
      const t = e.sent;
      const [event] = unplannedTouchEvents({ key: `${t.groupId}/${t.template}`, at: t.at, receipt: t.receipt, to: t.to, mergedInvoiceIds: [] }, t.template);
      if (event) apply(event);
      trace(s, e.at, 'debtor_sent', `${t.template} sent by the debtor's workflow (${t.groupId}, message ${t.receipt.messageId})`);
      return;
    }
    case 'debtor_ack':
      c.ackedSeq = Math.max(c.ackedSeq, e.seq);
      return;
    case 'debtor_ack_timeout':
      c.ackedSeq = c.closedSeq ?? c.seq;
      trace(s, e.at, 'debtor_silent', `no acknowledgement from the debtor's workflow after closing: ending anyway`);
      return;
  }
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

function trace(s: DunningState, at: number, kind: TraceEntry['kind'], detail: string): void {
  s.trace.push({ at, stage: s.stage, kind, detail });
}
