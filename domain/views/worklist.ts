import { formatMoney } from '../money/format';
/**
 * The collectors' worklist (domain.md §5): open call tasks ordered by what brings cash fastest
 * and lowers risk. The score is a plain sum of named parts, each shown to the collector, so the
 * order can always be explained ("300 broken promise + 50 amount + 12 days").
 */
import type { DunningView } from './read-model';
import { localDateOf } from '../time/calendar';
import type { CallTask } from '../dunning/state';

export const WORKLIST_WEIGHTS = {
  /** Points per tenfold of the amount due above 100 (100 -> 0, 1 000 -> 25, 10 000 -> 50...). */
  amountPerTenfold: 25,
  amountMax: 75,
  /** Older debts are harder to recover (003 §5: past 90 days). */
  perDayPastDue: 1,
  daysMax: 90,
  /** Broken promises come first and are chased daily (003 §1). */
  brokenPromiseChase: 300,
  perBrokenPromise: 20,
  /** A promise or instalment due today: the call secures the payment. */
  promiseDueToday: 60,
  /** A dispute resolved since the last call: the debtor has no reason left not to pay. */
  disputeResolvedWaiting: 40,
  /** Customer risk from the payment behaviour (004). */
  risk: { new: 10, good: 0, occasional_late: 20, chronic_late: 40 },
} as const;

export type ScorePartKey = 'broken_promise' | 'promise_due_today' | 'dispute_resolved' | 'amount' | 'days_past_due' | 'customer_risk';
export interface ScorePart {
  key: ScorePartKey;
  points: number;
  why: string;
}

export interface WorklistEntry {
  invoiceId: string;
  debtorId: string;
  debtorName: string;
  /** The collector who owns the invoice (from the invoice), if any. */
  owner?: string;
  /** `debtorTaskId`: one merged call covers this invoice and the debtor's others (domain.md §9). */
  task: Pick<CallTask, 'taskId' | 'kind' | 'assignee' | 'dueBy' | 'objective' | 'script' | 'tone' | 'debtorTaskId'>;
  amountDueCents: number;
  currency: string;
  daysPastDue: number;
  score: number;
  parts: ScorePart[];
}

/** What the score reads from a run's state (the `getState` query's answer). */
export type ScoredView = Pick<
  DunningView,
  'invoice' | 'now' | 'amountDueCents' | 'daysPastDue' | 'brokenPromises' | 'promises' | 'plan' | 'disputes' | 'lastCallAttemptAt' | 'openTask'
>;

export function scoreParts(v: ScoredView, w = WORKLIST_WEIGHTS): ScorePart[] {
  const parts: ScorePart[] = [];
  const today = localDateOf(Date.parse(v.now), v.invoice.debtor.timeZone);
  const chase = v.openTask?.kind === 'broken_promise';
  if (chase || v.brokenPromises > 0) {
    const points = (chase ? w.brokenPromiseChase : 0) + w.perBrokenPromise * v.brokenPromises;
    parts.push({ key: 'broken_promise', points, why: `${v.brokenPromises} broken promise(s)${chase ? ', chase call' : ''}` });
  }
  const dueToday =
    v.promises.some((p) => p.status === 'pending' && p.date === today) ||
    (v.plan?.status === 'active' && v.plan.instalments.some((i) => i.status === 'pending' && i.date === today));
  if (dueToday) parts.push({ key: 'promise_due_today', points: w.promiseDueToday, why: `payment promised for today (${today})` });
  const lastCall = v.lastCallAttemptAt ?? 0;
  const resolved = v.disputes.filter((d) => d.status !== 'open' && (d.resolvedAt ?? 0) > lastCall);
  if (resolved.length && !v.disputes.some((d) => d.status === 'open')) {
    parts.push({ key: 'dispute_resolved', points: w.disputeResolvedWaiting, why: `dispute ${resolved.map((d) => d.disputeId).join(', ')} resolved, not called since` });
  }
  const euros = v.amountDueCents / 100;
  const amount = Math.min(w.amountMax, Math.max(0, Math.round(w.amountPerTenfold * Math.log10(Math.max(1, euros / 100)))));
  parts.push({ key: 'amount', points: amount, why: `${formatMoney(v.amountDueCents, v.invoice.currency, 'en')} due` });
  parts.push({ key: 'days_past_due', points: Math.min(w.daysMax, v.daysPastDue * w.perDayPastDue), why: `${v.daysPastDue} days past due` });
  const behaviour = v.invoice.debtor.paymentBehaviour ?? 'new';
  parts.push({ key: 'customer_risk', points: w.risk[behaviour], why: behaviour.replace('_', ' ') });
  return parts;
}

export function worklistEntry(v: ScoredView, w = WORKLIST_WEIGHTS): WorklistEntry | undefined {
  const t = v.openTask;
  if (!t) return undefined;
  const parts = scoreParts(v, w);
  return {
    invoiceId: v.invoice.invoiceId,
    debtorId: v.invoice.debtor.debtorId,
    debtorName: v.invoice.debtor.name,
    owner: v.invoice.assignee,
    task: { taskId: t.taskId, kind: t.kind, assignee: t.assignee, dueBy: t.dueBy, objective: t.objective, script: t.script, tone: t.tone, debtorTaskId: t.debtorTaskId },
    amountDueCents: v.amountDueCents,
    currency: v.invoice.currency,
    daysPastDue: v.daysPastDue,
    score: parts.reduce((sum, p) => sum + p.points, 0),
    parts,
  };
}

/** Highest score first; on a tie the task that expires first, then by invoice id (stable output). */
export function buildWorklist(views: readonly ScoredView[], w = WORKLIST_WEIGHTS): WorklistEntry[] {
  return views
    .map((v) => worklistEntry(v, w))
    .filter((e): e is WorklistEntry => e !== undefined)
    .sort((a, b) => b.score - a.score || a.task.dueBy - b.task.dueBy || a.invoiceId.localeCompare(b.invoiceId));
}

/** "300 broken promise + 50 amount + 12 days past due". */
export function describeParts(parts: readonly ScorePart[]): string {
  return parts
    .filter((p) => p.points > 0)
    .map((p) => `${p.points} ${p.key.replace(/_/g, ' ')}`)
    .join(' + ');
}

/** One line of the worklist: one call to make, covering one invoice or a debtor's merged call. */
export interface WorklistCall {
  /** The debtor task id of a merged call, else the invoice's own task id. */
  callId: string;
  debtorId: string;
  debtorName: string;
  invoices: WorklistEntry[];
  amountDueCents: number;
  currency: string;
  daysPastDue: number;
  /** The most urgent invoice on the call sets its place in the list. */
  score: number;
  parts: ScorePart[];
  dueBy: number;
}

/** One row per call to make: the invoices of a merged debtor call go together (domain.md §9). */
export function groupByCall(entries: readonly WorklistEntry[]): WorklistCall[] {
  const calls = new Map<string, WorklistEntry[]>();
  for (const e of entries) {
    const id = e.task.debtorTaskId ?? `${e.invoiceId}/${e.task.taskId}`;
    calls.set(id, [...(calls.get(id) ?? []), e]);
  }
  return [...calls.entries()]
    .map(([, members]) => {
      const top = members.reduce((a, b) => (b.score > a.score ? b : a));
      return {
        callId: members[0].task.debtorTaskId ?? members[0].task.taskId,
        debtorId: top.debtorId,
        debtorName: top.debtorName,
        invoices: members,
        amountDueCents: members.reduce((t, m) => t + m.amountDueCents, 0),
        currency: top.currency,
        daysPastDue: Math.max(...members.map((m) => m.daysPastDue)),
        score: top.score,
        parts: top.parts,
        dueBy: Math.min(...members.map((m) => m.task.dueBy)),
      } satisfies WorklistCall;
    })
    .sort((a, b) => b.score - a.score || a.dueBy - b.dueBy || a.callId.localeCompare(b.callId));
}
