import type { InvoiceLine, MessageFacts, TemplateId, Tone } from '../../../activities/types';
import { addDuration, localDateOf, nextCallSlot } from './calendar';
import type { Contact, Invoice } from './invoice';
import { accruePenalties } from './penalties';
import type { Policy } from './policy';
import type { CallTaskKind, Assignee } from './state';

/**
 * Per-debtor coordination (domain.md §9: one reminder per debtor, not per invoice). Each invoice
 * workflow keeps its own scenario but hands its next touch to the debtor's workflow, which sends
 * the touches of one channel due within the merge window as ONE message or ONE call task.
 * Pure: the debtor workflow is a thin shell around these functions.
 */
export interface PlannedTouch {
  /** `<invoice workflow id>/<step id>`: unique per step, so a touch is never performed twice. */
  key: string;
  channel: 'email' | 'letter' | 'call';
  at: number;
  stepId: string;
  template: string;
  tone: Tone;
  registered: boolean;
  formalNotice: boolean;
  attachInvoice: boolean;
  copyByEmail: boolean;
  call?: { taskId: string; kind: CallTaskKind; objective: string; script: string; assignee: Assignee };
}

/** What an invoice workflow tells its debtor's workflow whenever its picture changes. */
export interface InvoiceSync {
  invoiceId: string;
  workflowId: string;
  invoice: Invoice;
  stage: string;
  closed: boolean;
  amountDueCents: number;
  paidCents: number;
  indemnityCents: number;
  penaltyRatePct: number;
  balances: Array<{ from: string; amountCents: number }>;
  /** The invoice's own open call task, answered through a merged debtor call. */
  openTaskId?: string;
  recipient?: Contact;
  addressee: Contact;
  previousTouches: MessageFacts['previousTouches'];
  planned?: PlannedTouch;
}

export interface DebtorCallTask {
  debtorTaskId: string;
  openedAt: number;
  /** invoiceId -> that invoice's own task id. */
  tasks: Record<string, string>;
  objective: string;
  status: 'open' | 'done';
  closedAt?: number;
}

export interface DebtorGroupRecord {
  groupId: string;
  at: number;
  // 'sms' for the receipt type only: v1 runs never send one.
  channel: 'email' | 'letter' | 'call' | 'sms';
  template: string;
  invoiceIds: string[];
  messageId?: string;
}

export interface DebtorState {
  debtorId: string;
  invoices: Record<string, InvoiceSync>;
  /** Keys already performed, per invoice: a re-sent plan for the same step is not done twice. */
  done: Record<string, string[]>;
  groups: DebtorGroupRecord[];
  callTasks: DebtorCallTask[];
  lastCallAt?: number;
  callAttempts: number;
  paymentIds: string[];
  unappliedCents: number;
  seq: number;
}

export function initialDebtorState(debtorId: string): DebtorState {
  return { debtorId, invoices: {}, done: {}, groups: [], callTasks: [], callAttempts: 0, paymentIds: [], unappliedCents: 0, seq: 0 };
}

export function applySync(s: DebtorState, sync: InvoiceSync): void {
  s.invoices[sync.invoiceId] = sync;
}

export interface Group {
  at: number;
  channel: 'email' | 'letter' | 'call';
  members: InvoiceSync[];
}

const TONES: Tone[] = ['courteous', 'friendly', 'friendly_firm', 'firm', 'very_firm', 'formal'];

function pending(s: DebtorState): InvoiceSync[] {
  return Object.values(s.invoices).filter(
    (i) => !i.closed && i.planned && !(s.done[i.invoiceId] ?? []).includes(i.planned.key),
  );
}

/**
 * The next merged touch: the earliest planned one, with every touch of the same channel (and the
 * same kind: a formal notice only merges with formal notices) due within the merge window. Calls
 * also respect the minimum gap between two calls to this debtor, whatever the invoice.
 */
export function nextGroup(s: DebtorState, policy: Policy, mergeWindowMs: number, tz: string): Group | undefined {
  const all = pending(s).sort((a, b) => a.planned!.at - b.planned!.at || a.invoice.dueDate.localeCompare(b.invoice.dueDate));
  const first = all[0];
  if (!first) return undefined;
  const p = first.planned!;
  let at = p.at;
  if (p.channel === 'call' && s.lastCallAt !== undefined) {
    at = nextCallSlot(Math.max(at, addDuration(s.lastCallAt, policy.calls.minGap, policy.calendar, tz)), policy.calendar, tz);
  }
  const members = all.filter(
    (i) => i.planned!.channel === p.channel && i.planned!.formalNotice === p.formalNotice && i.planned!.at <= at + mergeWindowMs,
  );
  return { at, channel: p.channel, members };
}

/** The harshest tone due among the members sets the message (domain.md §9). */
export function leadOf(group: Group): { lead: InvoiceSync; tone: Tone; template: TemplateId; registered: boolean; attachInvoice: boolean; copyByEmail: boolean } {
  const byTone = [...group.members].sort((a, b) => TONES.indexOf(b.planned!.tone) - TONES.indexOf(a.planned!.tone));
  const harshest = byTone[0].planned!;
  const lead = [...group.members].sort((a, b) => a.invoice.dueDate.localeCompare(b.invoice.dueDate))[0];
  return {
    lead,
    tone: harshest.tone,
    template: harshest.template as TemplateId,
    registered: group.members.some((m) => m.planned!.registered),
    attachInvoice: group.members.some((m) => m.planned!.attachInvoice),
    copyByEmail: group.members.some((m) => m.planned!.copyByEmail),
  };
}

export function lineOf(m: InvoiceSync, now: number, tz: string): InvoiceLine {
  const today = localDateOf(now, tz);
  const penalties = accruePenalties({ dueDate: m.invoice.dueDate, asOf: today, annualRatePct: m.penaltyRatePct, balances: m.balances });
  const days = Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${m.invoice.dueDate}T00:00:00Z`)) / 86_400_000));
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
  const lines = [...members].sort((a, b) => a.invoice.dueDate.localeCompare(b.invoice.dueDate)).map((m) => lineOf(m, now, tz));
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
    .sort((a, b) => a.date.localeCompare(b.date));
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

/**
 * A debtor-level payment is allocated to the invoices the remittance names, in that order, then to
 * the others (not in dispute) oldest due date first; what exceeds every amount due stays unapplied.
 */
export function allocatePayment(s: DebtorState, amountCents: number, invoiceIds?: string[]): { shares: Array<{ invoiceId: string; workflowId: string; amountCents: number }>; unappliedCents: number } {
  const open = Object.values(s.invoices).filter((i) => !i.closed && i.amountDueCents > 0);
  const named = (invoiceIds ?? []).map((id) => open.find((i) => i.invoiceId === id)).filter((i): i is InvoiceSync => Boolean(i));
  // A disputed invoice is paid only when the remittance names it.
  const rest = open.filter((i) => !named.includes(i) && i.stage !== 'disputed').sort((a, b) => a.invoice.dueDate.localeCompare(b.invoice.dueDate) || a.invoiceId.localeCompare(b.invoiceId));
  let left = amountCents;
  const shares: Array<{ invoiceId: string; workflowId: string; amountCents: number }> = [];
  for (const i of [...named, ...rest]) {
    if (left <= 0) break;
    const share = Math.min(left, i.amountDueCents);
    shares.push({ invoiceId: i.invoiceId, workflowId: i.workflowId, amountCents: share });
    left -= share;
  }
  return { shares, unappliedCents: left };
}

/**
 * A merged call task nobody completed ends with its invoices' own tasks: once every invoice is
 * closed or has moved on, and the task's deadline (with its reopenings) has passed.
 * Returns when to look again, if a task is still open.
 */
export function closeStaleCallTasks(s: DebtorState, policy: Policy, now: number, tz: string): number | undefined {
  let wake: number | undefined;
  for (const t of s.callTasks) {
    if (t.status !== 'open') continue;
    let staleAt = t.openedAt;
    for (let i = 0; i <= policy.calls.reopenLimit; i++) staleAt = addDuration(staleAt, policy.calls.taskDeadline, policy.calendar, tz);
    const members = Object.entries(t.tasks).map(([id, taskId]) => ({ inv: s.invoices[id], taskId }));
    const allClosed = members.every((m) => !m.inv || m.inv.closed);
    const movedOn = members.every((m) => !m.inv || m.inv.closed || m.inv.openTaskId !== m.taskId);
    if (allClosed || (movedOn && now >= staleAt)) {
      t.status = 'done';
      t.closedAt = now;
    } else if (staleAt > now && (wake === undefined || staleAt < wake)) wake = staleAt;
    // Past its deadline but an invoice still holds its task: that invoice's next sync decides.
  }
  return wake;
}

export function debtorWorkflowId(debtorId: string): string {
  return `debtor-${debtorId}`;
}
