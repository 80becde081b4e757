/**
 * The call brief a collector reads before dialling (domain.md §4; seeds 001 §1, 004, 000):
 * built from the run's state alone, pure, so it is unit-tested and the same brief can be shown
 * by the CLI, a UI or attached to a task. Amounts come both in cents and formatted in `lang`.
 */
import type { MessageFacts } from '../wire/vocabulary';
import type { DunningView } from './read-model';
import { localDateOf, localTimeOf } from '../time/calendar';
import type { Contact } from '../invoice/schema';
import { formatDate, formatMoney, type Lang } from '../money/format';
import type { CallTask, Dispute, Stage, Touch } from '../dunning/state';

export type PaymentBehaviour = 'new' | 'good' | 'occasional_late' | 'chronic_late';

const BEHAVIOUR_TEXT: Record<Lang, Record<PaymentBehaviour, string>> = {
  fr: {
    new: 'nouveau client, pas encore d’historique de paiement',
    good: 'client de longue date, paie à l’heure',
    occasional_late: 'client de longue date, retards occasionnels',
    chronic_late: 'payeur en retard chronique',
  },
  en: {
    new: 'new customer, no payment history yet',
    good: 'long-standing customer, pays on time',
    occasional_late: 'long-standing customer, occasionally late',
    chronic_late: 'chronic late payer',
  },
};

export interface Amount {
  cents: number;
  text: string;
}

export interface BriefTouch {
  date: string;
  time: string;
  channel: Touch['channel'];
  template: string;
  result: Touch['result'];
  to?: string;
  /** A call's outcome, structured so each reader's language words it (dates written out, amounts formatted). */
  outcome?: BriefCallOutcome;
}

/** What a call settled, most binding first (a promise over a call-back agreed on the same call). */
export interface BriefCallOutcome {
  kind: 'promise' | 'plan' | 'settlement' | 'dispute' | 'call_back' | 'tense' | 'confirmed' | 'reached' | 'unreached';
  /** The promise's date, the plan's last instalment, the settlement's pay-by date, the call-back date (YYYY-MM-DD, local). */
  date?: string;
  /** The call-back's local time (HH:MM), when one was agreed. */
  time?: string;
  /** The promised amount, the plan's total, the settlement's amount. */
  amount?: Amount;
  instalments?: number;
  disputeKind?: Dispute['kind'];
}

export interface BriefContact extends Contact {
  /** The contact this call goes to. */
  callNow: boolean;
}

export interface CallBrief {
  language: Lang;
  today: string;
  invoice: {
    invoiceId: string;
    issueDate: string;
    dueDate: string;
    daysPastDue: number;
    description?: string;
    orderRef?: string;
    orderDate?: string;
    deliveryDate?: string;
    stage: Stage;
    outcome?: string;
  };
  amounts: {
    currency: string;
    invoiced: Amount;
    stillDue: Amount;
    paid: Amount;
    credited: Amount;
    penalties: Amount;
    indemnity: Amount;
    /** Still due + penalties + indemnity: what a formal notice would claim today. */
    totalClaim: Amount;
  };
  debtor: { debtorId: string; name: string; kind: string; siren?: string; timeZone: string; paymentBehaviour: PaymentBehaviour; paymentHistory: string; paymentsOnThisInvoice: number };
  touches: BriefTouch[];
  promises: {
    kept: number;
    broken: number;
    items: Array<{ date: string; amount: Amount; status: string; settlement: boolean }>;
    plan?: { status: string; instalments: Array<{ seq: number; date: string; amount: Amount; status: string }> };
  };
  disputes: { open: Array<Pick<Dispute, 'disputeId' | 'kind' | 'details' | 'returnDetails'> & { openedOn: string }>; resolved: number };
  contacts: BriefContact[];
  /** The open call task: what this call must achieve. Absent when no task is open. */
  task?: Pick<CallTask, 'taskId' | 'kind' | 'objective' | 'tone' | 'script' | 'assignee' | 'reopened'> & { dueBy: string };
  /** Who to ask for. */
  callContact: Contact;
  flags: { hardship: boolean; paused?: string; litigationDecided?: string; formalNoticeDeadline?: string };
  /** The facts the call script's template needs (same shape as the messages'). */
  scriptFacts: MessageFacts;
}

/** What the brief reads: a run's view, its trace aside (a first-version run sends a view whose trace speaks its own words). */
export type BriefView = Omit<DunningView, 'trace'>;

/** The outcome recorded with a call touch (its task closed at that instant). */
function callOutcomeOf(v: BriefView, t: Touch, amount: (cents: number) => Amount): BriefCallOutcome | undefined {
  if (t.channel !== 'call') return undefined;
  const o = v.callTasks.find((x) => x.closedAt === t.at && x.stepId === t.stepId && x.outcome)?.outcome;
  if (!o) return undefined;
  if (o.promise) return { kind: 'promise', date: o.promise.date, amount: amount(o.promise.amountCents) };
  if (o.plan) {
    const lines = o.plan.instalments;
    return { kind: 'plan', date: lines[lines.length - 1].date, amount: amount(lines.reduce((n, i) => n + i.amountCents, 0)), instalments: lines.length };
  }
  if (o.settlement) return { kind: 'settlement', date: o.settlement.payBy, amount: amount(o.settlement.amountCents) };
  if (o.dispute) return { kind: 'dispute', disputeKind: o.dispute.kind };
  if (o.callBack) return { kind: 'call_back', date: o.callBack.date, ...(o.callBack.time ? { time: o.callBack.time } : {}) };
  return { kind: o.tense ? 'tense' : o.confirmedAtTerm ? 'confirmed' : o.reached ? 'reached' : 'unreached' };
}

export function buildCallBrief(v: BriefView, lang: Lang = v.invoice.debtor.language): CallBrief {
  const tz = v.invoice.debtor.timeZone;
  const today = localDateOf(Date.parse(v.now), tz);
  const amount = (cents: number): Amount => ({ cents, text: formatMoney(cents, v.invoice.currency, lang) });
  const day = (at: number) => localDateOf(at, tz);
  const task = v.openTask;
  const callContact = v.contacts[task?.contactIndex ?? v.activeContact] ?? v.contacts[0];
  return {
    language: lang,
    today,
    invoice: briefInvoice(v),
    amounts: briefAmounts(v, amount),
    debtor: briefDebtor(v, lang),
    // Bounced emails stay in: "your email bounced" is worth knowing before dialling.
    touches: v.touches.map((t) => ({ date: day(t.at), time: localTimeOf(t.at, tz), channel: t.channel, template: t.template, result: t.result, to: t.to, outcome: callOutcomeOf(v, t, amount) })),
    promises: briefPromises(v, amount),
    disputes: {
      open: v.disputes
        .filter((d) => d.status === 'open')
        .map((d) => ({ disputeId: d.disputeId, kind: d.kind, details: d.details, returnDetails: d.returnDetails, openedOn: day(d.openedAt) })),
      resolved: v.disputes.filter((d) => d.status !== 'open').length,
    },
    contacts: v.contacts.map((c) => ({ ...c, callNow: c === callContact })),
    task: task && briefTask(task, tz),
    callContact,
    flags: {
      hardship: v.hardship,
      paused: v.paused?.reason,
      litigationDecided: v.litigation.reason,
      formalNoticeDeadline: v.formalNotice?.deadline,
    },
    scriptFacts: scriptFacts(v, today, tz),
  };
}

function briefInvoice(v: BriefView): CallBrief['invoice'] {
  const i = v.invoice;
  return {
    invoiceId: i.invoiceId,
    issueDate: i.issueDate,
    dueDate: i.dueDate,
    daysPastDue: v.daysPastDue,
    description: i.description,
    orderRef: i.orderRef,
    orderDate: i.orderDate,
    deliveryDate: i.deliveryDate,
    stage: v.stage,
    outcome: v.outcome,
  };
}

function briefAmounts(v: BriefView, amount: (cents: number) => Amount): CallBrief['amounts'] {
  return {
    currency: v.invoice.currency,
    invoiced: amount(v.invoice.amountCents),
    stillDue: amount(v.amountDueCents),
    paid: amount(v.paidCents),
    credited: amount(v.creditedCents),
    penalties: amount(v.penaltiesCents),
    indemnity: amount(v.indemnityCents),
    totalClaim: amount(v.amountDueCents + v.penaltiesCents + v.indemnityCents),
  };
}

function briefDebtor(v: BriefView, lang: Lang): CallBrief['debtor'] {
  const d = v.invoice.debtor;
  const behaviour = (d.paymentBehaviour ?? 'new') as PaymentBehaviour;
  return {
    debtorId: d.debtorId,
    name: d.name,
    kind: d.kind,
    siren: d.siren,
    timeZone: d.timeZone,
    paymentBehaviour: behaviour,
    paymentHistory: BEHAVIOUR_TEXT[lang][behaviour],
    paymentsOnThisInvoice: v.paymentIds.length,
  };
}

function briefPromises(v: BriefView, amount: (cents: number) => Amount): CallBrief['promises'] {
  return {
    kept: v.promises.filter((p) => p.status === 'kept').length,
    broken: v.brokenPromises,
    items: v.promises.map((p) => ({ date: p.date, amount: amount(p.amountCents), status: p.status, settlement: Boolean(p.settlement) })),
    plan: v.plan && {
      status: v.plan.status,
      instalments: v.plan.instalments.map((i) => ({ seq: i.seq, date: i.date, amount: amount(i.amountCents), status: i.status })),
    },
  };
}

function briefTask(task: NonNullable<BriefView['openTask']>, tz: string): NonNullable<CallBrief['task']> {
  return {
    taskId: task.taskId,
    kind: task.kind,
    objective: task.objective,
    tone: task.tone,
    script: task.script,
    assignee: task.assignee,
    reopened: task.reopened,
    dueBy: `${localDateOf(task.dueBy, tz)} ${localTimeOf(task.dueBy, tz)}`,
  };
}

/** The facts a call script reads ({{amountDue}}, {{promiseDate}}, previous touches...). */
function scriptFacts(v: BriefView, today: string, tz: string): MessageFacts {
  const promise = [...v.promises].reverse().find((p) => p.status === 'pending' || p.status === 'broken');
  return {
    today,
    amountDueCents: v.amountDueCents,
    paidCents: v.paidCents,
    penaltiesCents: v.penaltiesCents,
    // The view carries the penalties, not the policy's rate; call scripts do not quote the rate.
    penaltyRatePct: 0,
    indemnityCents: v.indemnityCents,
    daysPastDue: v.daysPastDue,
    noticeDeadline: v.formalNotice?.deadline,
    promise: promise && { date: promise.date, amountCents: promise.amountCents },
    plan: v.plan?.instalments.map((i) => ({ seq: i.seq, date: i.date, amountCents: i.amountCents, status: i.status })),
    previousTouches: v.touches.filter((t) => t.result !== 'bounced').map((t) => ({ date: localDateOf(t.at, tz), channel: t.channel, template: t.template })),
  };
}

/** "2 mai 2026" / "2 May 2026" for the text rendering of a brief. */
export const briefDate = (iso: string, lang: Lang) => formatDate(iso, lang);
