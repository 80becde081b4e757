import { addBusinessDays, addDays, addDuration, localDateOf, nextBusinessDay, nextSendInstant, zonedInstant } from '../time/calendar';
import type { Policy } from '../policy/schema';
import type { LetterEvent } from '../invoice/commands';

/**
 * The formal notice's deadline, counted from the first presentation of the registered letter
 * (shared/domain.md §8; docs/french-law.md "The formal notice"). The postal side reports the
 * presentation, the delivery or the return (LetterEvent); the run waits for it until
 * `policy.formalNotice.presentationTimeout` after sending. No news by then: the presentation is
 * taken as that day (the latest it can have been: an unclaimed letter is kept 15 days), stated as
 * assumed in the trace and the litigation file. A letter returned "address unknown" reached nobody:
 * no deadline runs, the file goes to the litigation partner at the next send slot.
 */

/** What the run knows of its registered notice's journey. Absent on runs that count from the sending day. */
export interface NoticePresentation {
  /** Until when the run waits for news of the letter. */
  waitUntil: number;
  /** The first presentation (reported, or assumed at the end of the wait). */
  presentedOn?: string;
  /** Where `presentedOn` comes from; `address_unknown`: returned undelivered, no presentation. */
  basis?: 'presented' | 'delivered' | 'returned' | 'assumed' | 'address_unknown';
  deliveredOn?: string;
  returned?: { on: string; reason: NonNullable<LetterEvent['reason']> };
}

export interface NoticeDeadline {
  /** Last day to pay. */
  deadline: string;
  /** When the handoff may happen: the first business day after the deadline, at send time. */
  deadlineAt: number;
}

/**
 * The deadline counted from `start` (a local date): a non-working last day moves to the next
 * working day (CPC 642 by analogy). A deadline in hours or seconds (demo policies) counts from
 * `startAt`, the instant the presentation became known (else the start of that day).
 */
export function deadlineFrom(start: string, policy: Policy, tz: string, startAt?: number): NoticeDeadline {
  const d = policy.formalNotice.deadline;
  const cal = policy.calendar;
  if (d.unit === 'ms') {
    const deadlineAt = (startAt ?? zonedInstant(start, '00:00', tz)) + d.n;
    return { deadline: localDateOf(deadlineAt, tz), deadlineAt };
  }
  const raw = d.unit === 'days' ? addDays(start, d.n) : addBusinessDays(start, d.n, cal);
  const deadline = nextBusinessDay(raw, cal);
  const handoffDay = cal.enabled ? nextBusinessDay(addDays(deadline, 1), cal) : addDays(deadline, 1);
  return { deadline, deadlineAt: zonedInstant(handoffDay, cal.enabled ? cal.sendTime : '00:00', tz) };
}

/** A notice sent at `at`: the wait for news of the letter and the deadline it gives if none comes (the latest possible). */
export function noticeAwaitingPresentation(at: number, policy: Policy, tz: string): NoticeDeadline & { waitUntil: number } {
  const waitUntil = addDuration(at, policy.formalNotice.presentationTimeout, policy.calendar, tz);
  return { ...deadlineFrom(localDateOf(waitUntil, tz), policy, tz, waitUntil), waitUntil };
}

/** What the run knows after a postal event: the earliest reported presentation counts, and replaces an assumed one. */
export function afterLetterEvent(p: NoticePresentation, e: LetterEvent): NoticePresentation {
  const reported = p.basis !== undefined && p.basis !== 'assumed' && p.basis !== 'address_unknown';
  const first = (on: string, basis: NoticePresentation['basis']): NoticePresentation =>
    !reported || (p.presentedOn !== undefined && on < p.presentedOn) ? { ...p, presentedOn: on, basis } : p;
  switch (e.event) {
    case 'presented':
      return first(e.on, 'presented');
    case 'delivered':
      // Delivered without an earlier notice of passage: delivered on its first presentation.
      return { ...first(e.on, 'delivered'), deliveredOn: e.on };
    case 'returned': {
      const returned = { on: e.on, reason: e.reason ?? 'unclaimed' };
      // "Avisé non réclamé" or refused: it was presented, the deadline runs from then.
      if (returned.reason !== 'address_unknown') return { ...first(e.presentedOn ?? e.on, 'returned'), returned };
      return reported ? { ...p, returned } : { ...p, presentedOn: undefined, basis: 'address_unknown', returned };
    }
  }
}

/** The deadline a presentation gives (known at `now`): from the first presentation, or (address unknown) a handoff at the next send slot. */
export function deadlineOf(p: NoticePresentation, policy: Policy, tz: string, now: number): NoticeDeadline | undefined {
  if (p.basis === 'address_unknown') {
    const at = nextSendInstant(now, policy.calendar, tz);
    return { deadline: localDateOf(at, tz), deadlineAt: at };
  }
  return p.presentedOn !== undefined ? deadlineFrom(p.presentedOn, policy, tz, now) : undefined;
}

/** Waiting for news of the letter: the deadline is not known yet. */
export function awaitsPresentation(p: NoticePresentation | undefined): boolean {
  return p !== undefined && p.basis === undefined;
}

/** "first presented 2027-04-30, delivered 2027-05-03", for traces, details and the CLI. */
export function describePresentation(p: NoticePresentation, tz: string): string {
  const parts: string[] = [];
  if (p.basis === undefined) parts.push(`awaiting the first presentation (until ${localDateOf(p.waitUntil, tz)})`);
  else if (p.basis === 'address_unknown') parts.push('returned undelivered: address unknown (no presentation)');
  else parts.push(`first presented ${p.presentedOn}${p.basis === 'assumed' ? ' (assumed: no news of the letter)' : ''}`);
  if (p.deliveredOn) parts.push(`delivered ${p.deliveredOn}`);
  if (p.returned && p.basis !== 'address_unknown') parts.push(`returned ${p.returned.on} (${p.returned.reason === 'unclaimed' ? 'avisé non réclamé' : p.returned.reason})`);
  return parts.join(', ');
}

/** The notice as `dunning status` and the Web UI details show it: sent, presented, deadline, handoff. */
export function describeNotice(n: { sentAt: number; deadline: string; deadlineAt: number; trackingNumber?: string; presentation?: NoticePresentation }, tz: string): string {
  const sent = `sent ${localDateOf(n.sentAt, tz)}${n.trackingNumber ? ` (registered ${n.trackingNumber})` : ''}`;
  if (!n.presentation) return `${sent}; pay by ${n.deadline} (counted from the sending day)`;
  if (awaitsPresentation(n.presentation)) return `${sent}; ${describePresentation(n.presentation, tz)}; pay by ${n.deadline} if no news comes`;
  if (n.presentation.basis === 'address_unknown') return `${sent}; ${describePresentation(n.presentation, tz)}`;
  return `${sent}; ${describePresentation(n.presentation, tz)}; pay by ${n.deadline}, handoff from ${localDateOf(n.deadlineAt, tz)}`;
}
