import { addDuration, daysBetween, localDateOf, nextCallSlot, nextSendInstant } from '../time/calendar';
import type { InvoiceSync } from '../coordination/messages';
import { toMs } from '../time/duration';
import { underCallCap } from '../dunning/call-rules';
import { lateInterest, rateOn, type InterestTerms } from '../money/interest';
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
  channel: 'email' | 'letter' | 'call' | 'sms';
  members: InvoiceSync[];
}

/** Open invoices with a planned touch not yet performed, earliest first (ties: oldest due, then id). */
export function waitingTouches(s: DebtorState): InvoiceSync[] {
  return Object.values(s.invoices)
    .filter((i) => !i.closed && i.planned && !(s.done[i.invoiceId] ?? []).includes(i.planned.key))
    .sort((a, b) => a.planned!.at - b.planned!.at || byText(a.invoice.dueDate, b.invoice.dueDate) || byText(a.invoiceId, b.invoiceId));
}

/**
 * The next merged touch: the one that can go first, with every touch of the same channel (a formal
 * notice only with formal notices) due within the merge window. Never two dunning messages of one
 * channel within the window: an email or letter waits until the window since the last one has
 * passed, then for the next send slot. Calls keep the minimum gap between two calls to this debtor,
 * and the cap of calls in any 30 days.
 *
 * `sendWindow`: an email or letter goes only at the debtor's send time on a business day (by the
 * debtor run's calendar), whatever time the invoice that planned it chose (an invoice run under
 * another policy may plan at night). False only for runs recorded before this rule.
 */
export function nextGroup(s: DebtorState, policy: Policy, sendWindow = true): Group | undefined {
  const all = waitingTouches(s);
  if (!all.length) return undefined;
  // The touch that can go first: a call held by the gap or the cap must not hold back a letter due
  // meanwhile (runs started before the call rules keep taking the earliest planned touch).
  const heads = s.legacyCalls ? [all[0]] : firstOfEachKind(all);
  const timed = heads.map((h) => ({ h, at: allowedAt(s, policy, h, sendWindow) }));
  const { h: first, at } = timed.reduce((best, x) => (x.at < best.at ? x : best));
  const p = first.planned!;
  const window = mergeWindowMs(policy);
  const members = all.filter((i) => i.planned!.channel === p.channel && i.planned!.formalNotice === p.formalNotice && i.planned!.at <= at + window);
  return { at, channel: p.channel, members };
}

/**
 * When the debtor's run will perform each waiting touch, as things stand (gap and cap of calls,
 * merge and send windows): what `status` shows in place of the time the invoice planned.
 */
export function plannedTimes(s: DebtorState, policy: Policy, sendWindow = true): Record<string, { key: string; at: number }> {
  const out: Record<string, { key: string; at: number }> = {};
  for (const i of waitingTouches(s)) out[i.invoiceId] = { key: i.planned!.key, at: allowedAt(s, policy, i, sendWindow) };
  return out;
}

/** The earliest waiting touch of each kind that merges together: one channel, formal notices only with formal notices. */
function firstOfEachKind(all: InvoiceSync[]): InvoiceSync[] {
  const seen = new Set<string>();
  return all.filter((i) => {
    const kind = `${i.planned!.channel}|${i.planned!.formalNotice}`;
    if (seen.has(kind)) return false;
    seen.add(kind);
    return true;
  });
}

/** When this touch may go: calls after the minimum gap and under the cap of calls per 30 days, messages once the merge window since the last of the channel has passed. */
function allowedAt(s: DebtorState, policy: Policy, i: InvoiceSync, sendWindow: boolean): number {
  const p = i.planned!;
  const tz = debtorTz(s, policy);
  let at = p.at;
  if (p.channel === 'call') {
    if (s.lastCallAt !== undefined) at = Math.max(at, addDuration(s.lastCallAt, policy.calls.minGap, policy.calendar, tz));
    if (!s.legacyCalls) at = underCallCap(at, s.callTimes ?? [], policy.calls.maxPer30Days);
    return nextCallSlot(at, policy.calendar, tz);
  }
  const last = s.lastSent[p.channel];
  const window = mergeWindowMs(policy);
  if (last !== undefined && at < last + window) at = nextSendInstant(last + window, policy.calendar, tz);
  return sendWindow ? nextSendInstant(at, policy.calendar, tz) : at;
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
  const interest = lateInterest({ dueDate: m.invoice.dueDate, asOf: today, balances: m.balances, terms: termsOf(m) });
  const interestPaid = m.interestPaidCents ?? 0;
  const penalties = interest.cents;
  const days = Math.max(0, daysBetween(m.invoice.dueDate, today));
  return {
    invoiceId: m.invoiceId,
    issueDate: m.invoice.issueDate,
    dueDate: m.invoice.dueDate,
    amountCents: m.invoice.amountCents,
    amountDueCents: m.amountDueCents,
    paidCents: m.paidCents,
    penaltiesCents: penalties,
    indemnityCents: m.indemnityCents,
    interest: { debtorKind: m.invoice.debtor.kind, periods: interest.periods, accruedCents: interest.cents, paidCents: interestPaid },
    daysPastDue: days,
    // Past its due date an invoice is being reminded, even before its first post-due touch.
    stage: m.stage === 'pre_due' && days > 0 ? 'reminding' : m.stage,
    template: m.planned?.template ?? '',
  };
}

/** The interest terms an invoice's sync carries (domain/money/interest.ts). */
function termsOf(m: InvoiceSync): InterestTerms {
  return { debtorKind: m.invoice.debtor.kind, contractualRatePct: m.contractualRatePct, noticeDate: m.noticeDate };
}

/** Facts of a message covering every member: totals, one line per invoice. */
export function mergedFacts(members: InvoiceSync[], now: number, tz: string, noticeDeadline?: string): MessageFacts {
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
    // The lead (oldest) invoice's rate today; each line carries its own periods.
    penaltyRatePct: rateOn(termsOf(oldestDue(members)), localDateOf(now, tz)),
    indemnityCents: sum((l) => l.indemnityCents),
    daysPastDue: Math.max(...lines.map((l) => l.daysPastDue)),
    noticeDeadline,
    ...noticePlanned(members, now, tz),
    interest: lines.length === 1 ? lines[0].interest : undefined,
    previousTouches,
    invoices: lines.length > 1 ? lines : undefined,
  };
}

/** The earliest formal notice the announced invoices plan (today at the earliest), for "before <day>". */
function noticePlanned(members: InvoiceSync[], now: number, tz: string): Pick<MessageFacts, 'noticePlannedOn'> {
  const times = members.map((m) => m.planned?.noticeAt).filter((t): t is number => t !== undefined);
  if (!times.length) return {};
  const day = localDateOf(Math.min(...times), tz);
  const today = localDateOf(now, tz);
  return { noticePlannedOn: day < today ? today : day };
}
