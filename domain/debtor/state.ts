import type { DebtorCallOutcome, DebtorPayment, InsolvencyOpened } from '../invoice/commands';
import type { DebtorAck, DebtorProtocol, DebtorResync, DebtorSent, DebtorTouchDone, ForwardedCallOutcome, InvoiceSync, InvoiceSyncDelta, PaymentShare } from '../coordination/messages';
import type { SendReceipt, TemplateId, Tone } from '../wire/vocabulary';

/**
 * The debtor's side of per-debtor coordination (domain.md §9: one reminder per debtor): what its
 * workflow knows and has done. Changed only by reduceDebtor; the workflow shell only waits,
 * performs what planDebtor asks and dispatches the results (docs/coordination.md).
 */
export interface DebtorState {
  protocol: 2;
  debtorId: string;
  /** This chain of runs (its first run id): send and call ids carry it, so a later debtor run never reuses them. */
  epoch: string;
  /** The latest sync of each invoice (older ones are ignored by their seq). */
  invoices: Record<string, InvoiceSync>;
  /** Touch keys performed, per invoice: a plan sent again for the same touch is not done twice. */
  done: Record<string, string[]>;
  /** What was sent or opened for several invoices at once, newest last. */
  groups: GroupRecord[];
  /** A send started and not yet answered (its members' keys are already in `done`). */
  inFlight?: GroupRecord;
  /** Messages to invoice workflows, delivered in order. */
  outbox: Notice[];
  /** Follow-up emails of merged calls, sent at once. */
  followUps: FollowUp[];
  callTasks: DebtorCallTask[];
  lastCallAt?: number;
  callAttempts: number;
  /** When the last calls were made (reached or not): at most policy.calls.maxPer30Days in any 30 days (domain.md §8). */
  callTimes?: number[];
  /** Set on runs started before the call rules (docs/calls.md): no cap on calls per 30 days, as then. */
  legacyCalls?: true;
  /** The last dunning email and letter: none other of that channel goes out within the merge window. */
  lastSent: { email?: number; letter?: number; sms?: number };
  /** Highest closed-sync seq acknowledged, per invoice. */
  acked: Record<string, number>;
  paymentIds: string[];
  unappliedCents: number;
  /** When something last happened: the idle close counts from it. */
  lastActivityAt: number;
  /** Numbers notices. */
  seq: number;
  /** Numbers sends and calls: their ids (and idempotency keys) follow from it, deterministic on replay. */
  groupSeq: number;
  trace: DebtorTraceEntry[];
  /** The account hold told to the ERP (policy accountHold): one per debtor, while any invoice calls for it. */
  hold?: DebtorHold;
  /** Runs started since protocol 3 (patched 'sync-deltas'): they tell each invoice they read deltas. */
  deltas?: true;
  /** Invoices asked for their whole picture (a delta did not apply): told again they may send deltas once it comes. */
  resync?: string[];
}

export interface DebtorHold {
  /** Holds placed so far: the idempotency keys follow from it. */
  count: number;
  placedAt?: number;
  reference?: string;
  invoiceIds: string[];
  releasedAt?: number;
  error?: string;
}

export interface GroupRecord {
  groupId: string;
  at: number;
  channel: 'email' | 'letter' | 'call' | 'sms';
  template: string;
  tone?: Tone;
  /** Members: invoice id and the key of the touch performed for it (calls: the invoice's own task id). */
  members: Array<{ invoiceId: string; workflowId: string; key: string; taskId?: string }>;
  status: 'sending' | 'sent' | 'failed' | 'opened';
  messageId?: string;
  copyMessageId?: string;
  uncertain?: boolean;
}

export interface DebtorCallTask {
  debtorTaskId: string;
  openedAt: number;
  /** invoiceId -> that invoice's own task id. */
  tasks: Record<string, string>;
  objective: string;
  status: 'open' | 'done';
  closedAt?: number;
  /** The one brief file of the merged call is still to write (asked once its invoices know the task). */
  briefPending?: true;
  /** The brief file of the merged call (<outbox>/briefs/debtor-<debtorId>/<debtorTaskId>.md). */
  briefPath?: string;
}

export interface FollowUp {
  id: string;
  debtorTaskId: string;
  invoiceIds: string[];
  outcome: DebtorCallOutcome;
  /** One line per invoice, what was agreed (restated in the email). */
  results: Array<{ invoiceId: string; outcome: string }>;
}

export type Notice =
  | { id: string; kind: 'done'; invoiceId: string; workflowId: string; done: DebtorTouchDone }
  | { id: string; kind: 'ack'; invoiceId: string; workflowId: string; ack: DebtorAck }
  | { id: string; kind: 'outcome'; invoiceId: string; workflowId: string; forwarded: ForwardedCallOutcome }
  | { id: string; kind: 'payment'; invoiceId: string; workflowId: string; payment: PaymentShare }
  | { id: string; kind: 'sent'; invoiceId: string; workflowId: string; sent: DebtorSent }
  | { id: string; kind: 'insolvency'; invoiceId: string; workflowId: string; insolvency: InsolvencyOpened }
  | { id: string; kind: 'protocol'; invoiceId: string; workflowId: string; protocol: DebtorProtocol }
  | { id: string; kind: 'resync'; invoiceId: string; workflowId: string; resync: DebtorResync };

export interface DebtorTraceEntry {
  at: number;
  kind: string;
  detail: string;
}

export type DebtorEvent =
  /** A full sync, or (protocol 3) a delta on one the debtor holds. */
  | { type: 'sync'; at: number; sync: InvoiceSync | InvoiceSyncDelta }
  | { type: 'send_started'; at: number; group: GroupRecord }
  | { type: 'send_done'; at: number; groupId: string; receipt: SendReceipt; to: string; copy?: { receipt: SendReceipt; to: string } }
  | { type: 'send_failed'; at: number; groupId: string; error: string; bounced?: { email: string; error: string } }
  | { type: 'call_opened'; at: number; group: GroupRecord; objective: string }
  | { type: 'call_completed'; at: number; outcome: DebtorCallOutcome }
  /** The merged call's brief file was written (path), or could not be (error), or is not written by this run (neither). */
  | { type: 'call_brief_ready'; at: number; debtorTaskId: string; path?: string; error?: string }
  | { type: 'followup_done'; at: number; id: string; template: TemplateId; receipt?: SendReceipt; to?: string; error?: string }
  | { type: 'payment'; at: number; payment: DebtorPayment }
  /** The debtor entered insolvency proceedings: every open invoice stops (stay of individual actions, L622-21). */
  | { type: 'insolvency'; at: number; insolvency: InsolvencyOpened }
  | { type: 'notice_delivered'; at: number; id: string }
  | { type: 'notice_undeliverable'; at: number; id: string; error: string }
  | { type: 'stale_calls_closed'; at: number; debtorTaskIds: string[] }
  | { type: 'signal_rejected'; at: number; signal: string; error: string }
  /** Protocol 3 from this run on, in a chain begun before: the open invoices it holds are told now. */
  | { type: 'deltas_read'; at: number }
  | { type: 'hold_done'; at: number; change: 'place' | 'release'; invoiceIds: string[]; reference: string; error?: string };

export function initialDebtorState(debtorId: string, now: number, epoch: string): DebtorState {
  return {
    protocol: 2,
    debtorId,
    epoch: epoch.slice(0, 8),
    invoices: {},
    done: {},
    groups: [],
    outbox: [],
    followUps: [],
    callTasks: [],
    callAttempts: 0,
    lastSent: {},
    acked: {},
    paymentIds: [],
    unappliedCents: 0,
    lastActivityAt: now,
    seq: 0,
    groupSeq: 0,
    trace: [],
  };
}

export function debtorWorkflowId(debtorId: string): string {
  return `debtor-${debtorId}`;
}

/** Deterministic text order, the same on every machine (localeCompare depends on the worker's locale). */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
