import { localDateOf } from '../time/calendar';
import type { LetterEvent } from '../invoice/commands';
import type { Policy } from '../policy/schema';
import { tzOf } from './derived';
import type { DunningState } from './state';
import type { Refusal } from './validate';

/** What the postal side reports must fit the notice this run sent; the update's validator refuses the rest. */
export function validateLetterEvent(s: DunningState, policy: Policy, now: number, e: LetterEvent): Refusal | undefined {
  const id = s.invoice.invoiceId;
  if (s.outcome) return { kind: 'closed', message: `the dunning of invoice ${id} is closed (${s.outcome})` };
  const n = s.formalNotice;
  if (!n) return { kind: 'no_notice', message: `no formal notice has been sent for invoice ${id}` };
  if (!n.presentation) return { kind: 'no_notice', message: `the notice of invoice ${id} counts its deadline from its sending day (a run started before the presentation rule): nothing to record` };
  if (e.trackingNumber && n.trackingNumber && e.trackingNumber !== n.trackingNumber) {
    return { kind: 'unknown_letter', message: `tracking number ${e.trackingNumber} is not the notice's (${n.trackingNumber})` };
  }
  if ((e.event === 'returned') !== (e.reason !== undefined)) return { kind: 'invalid', message: 'a return needs its reason (unclaimed, refused, address_unknown), and only a return has one' };
  const tz = tzOf(s, policy);
  const sent = localDateOf(n.sentAt, tz);
  const today = localDateOf(now, tz);
  for (const [what, d] of [['event date', e.on], ['presentation date', e.presentedOn]] as const) {
    if (d !== undefined && (d < sent || d > today)) return { kind: 'date', message: `${what} ${d} is not between the notice's sending day (${sent}) and today (${today})` };
  }
  if (e.presentedOn && e.presentedOn > e.on) return { kind: 'date', message: `presented on ${e.presentedOn}, after the return on ${e.on}` };
  return undefined;
}
