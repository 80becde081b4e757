import { addDuration, localDateOf, nextCallSlot, nextSendInstant } from '../time/calendar';
import type { InvoiceSync } from '../coordination/messages';
import { DAY_MS, toMs } from '../time/duration';
import { accruePenalties } from '../money/penalties';
import type { Policy } from '../policy/schema';
import { TONES, type InvoiceLine, type MessageFacts, type TemplateId, type Tone } from '../wire/vocabulary';
import { byText, type DebtorState } from './state';

/** Touches of one channel due within this window go out as one (business days read as calendar days x7/5). */
export function mergeWindowMs(policy: Policy): number {
  return toMs(policy.coordination.mergeWindow);
}

/** The debtor's time zone: its invoices carry it; the policy's is the fallback. */
export function debtorTz(s: DebtorState, policy: Policy): string {
  for (const id of Object.keys(s.invoices)) return s.invoices[id].invoice.debtor.timeZone;
  return policy.calendar.timeZone;
}

export interface Group {
  at: number;
  channel: 'email' | 'letter' | 'call';
  members: InvoiceSync[];
}

/** Open invoices with a planned touch not yet performed, earliest first (ties: oldest due, then id). */
export function waitingTouches(s: DebtorState): InvoiceSync[] {
  return Object.values(s.invoices)
    .filter((i) => !i.closed && i.planned && !(s.done[i.invoiceId] ?? []).includes(i.planned.key))
    .sort((a, b) => a.planned!.at - b.planned!.at || byText(a.invoice.dueDate, b.invoice.dueDate) || byText(a.invoiceId, b.invoiceId));
}

/**
 * The next merged touch: the earliest planned one, with every touch of the same channel (a formal
 * notice only with formal notices) due within the merge window. Never two dunning messages of one
 * channel within the window: an email or letter waits until the window since the last one has
 * passed, then for the next send slot. Calls keep the minimum gap between two calls to this debtor.
 */
/**
 * `sendWindow`: an email or letter goes only at the debtor's send time on a business day (by the
 * debtor run's calendar), whatever time the invoice that planned it chose (an invoice run under
 * another policy may plan at night). False only for runs recorded before this rule.
 */
export function nextGroup(s: DebtorState, policy: Policy, sendWindow = true): Group | undefined {
  const all = waitingTouches(s);
  const first = all[0];
  if (!first) return undefined;
  const p = first.planned!;
  const tz = debtorTz(s, policy);
  const window = mergeWindowMs(policy);
  let at = p.at;
  if (p.channel === 'call') {
    if (s.lastCallAt !== undefined) at = Math.max(at, addDuration(s.lastCallAt, policy.calls.minGap, policy.calendar, tz));
    at = nextCallSlot(at, policy.calendar, tz);
  } else {
    const last = s.lastSent[p.channel];
    if (last !== undefined && at < last + window) at = nextSendInstant(last + window, policy.calendar, tz);
    if (sendWindow) at = nextSendInstant(at, policy.calendar, tz);
  }
  const members = all.filter((i) => i.planned!.channel === p.channel && i.planned!.formalNotice === p.formalNotice && i.planned!.at <= at + window);
  return { at, channel: p.channel, members };
}

export interface Lead {
  lead: InvoiceSync;
  tone: Tone;
  template: TemplateId;
  registered: boolean;
  attachInvoice: boolean;
  copyByEmail: boolean;
}

/** The harshest tone due among the members sets the message (domain.md §9); the oldest invoice leads. */
export function leadOf(members: InvoiceSync[]): Lead {
  const harshest = [...members].sort((a, b) => TONES.indexOf(b.planned!.tone) - TONES.indexOf(a.planned!.tone))[0].planned!;
  return {
    lead: oldestDue(members),
    tone: harshest.tone,
    template: harshest.template as TemplateId,
    registered: members.some((m) => m.planned!.registered),
    attachInvoice: members.some((m) => m.planned!.attachInvoice),
    copyByEmail: members.some((m) => m.planned!.copyByEmail),
  };
}

export function oldestDue(members: InvoiceSync[]): InvoiceSync {
  return [...members].sort((a, b) => byText(a.invoice.dueDate, b.invoice.dueDate) || byText(a.invoiceId, b.invoiceId))[0];
}

export function lineOf(m: InvoiceSync, now: number, tz: string): InvoiceLine {
  const today = localDateOf(now, tz);
  const penalties = accruePenalties({ dueDate: m.invoice.dueDate, asOf: today, annualRatePct: m.penaltyRatePct, balances: m.balances });
  const days = Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${m.invoice.dueDate}T00:00:00Z`)) / DAY_MS));
  return {
    invoiceId: m.invoiceId,
    issueDate: m.invoice.issueDate,
    dueDate: m.invoice.dueDate,
    amountCents: m.invoice.amountCents,
    amountDueCents: m.amountDueCents,
    paidCents: m.paidCents,
    penaltiesCents: penalties,
    indemnityCents: m.indemnityCents,
    daysPastDue: days,
    // Past its due date an invoice is being reminded, even before its first post-due touch.
    stage: m.stage === 'pre_due' && days > 0 ? 'reminding' : m.stage,
    template: m.planned?.template ?? '',
  };
}

/** Facts of a message covering every member: totals, one line per invoice. */
export function mergedFacts(members: InvoiceSync[], now: number, tz: string, penaltyRatePct: number, noticeDeadline?: string): MessageFacts {
  const lines = [...members].sort((a, b) => byText(a.invoice.dueDate, b.invoice.dueDate) || byText(a.invoiceId, b.invoiceId)).map((m) => lineOf(m, now, tz));
  const sum = (f: (l: InvoiceLine) => number) => lines.reduce((t, l) => t + f(l), 0);
  const seen = new Set<string>();
  const previousTouches = members
    .flatMap((m) => m.previousTouches)
    .filter((t) => {
      const k = `${t.date}|${t.channel}|${t.template}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => byText(a.date, b.date));
  return {
    today: localDateOf(now, tz),
    amountDueCents: sum((l) => l.amountDueCents),
    paidCents: sum((l) => l.paidCents),
    penaltiesCents: sum((l) => l.penaltiesCents),
    penaltyRatePct,
    indemnityCents: sum((l) => l.indemnityCents),
    daysPastDue: Math.max(...lines.map((l) => l.daysPastDue)),
    noticeDeadline,
    previousTouches,
    invoices: lines.length > 1 ? lines : undefined,
  };
}
