import type { CallOutcome, DisputeOpened, DisputeResolved, InsolvencyOpened, LetterEvent, PaymentReceived } from '../invoice/commands';
import type { DebtorSent, DebtorTouchDone } from '../coordination/messages';
import type { Assignee, CallTaskKind, Channel, PaymentFacts, TemplateId, Tone } from '../wire/vocabulary';
import type { Contact, Invoice } from '../invoice/schema';
import type { ClaimFiling } from './insolvency';
import type { NoticePresentation } from './notice';
import type { Approval, ApprovalDecision, LegalStep, VisitOutcome, VisitTask } from './field-types';

/** docs/domain.md §7. */
export type Stage = 'pre_due' | 'reminding' | 'formal_notice' | 'litigation' | 'paused' | 'disputed' | 'closed';
export type Outcome = 'paid' | 'settled' | 'cancelled' | 'credited' | 'litigation' | 'insolvency';

export interface Touch {
  at: number;
  stepId: string;
  channel: Channel;
  template: string;
  tone?: Tone;
  to?: string;
  /**
   * sent: a message left; reached/unreached: a call attempt; bounced: email refused by the provider;
   * uncertain: a send that may have happened (a worker died during the provider's call), to review.
   */
  result: 'sent' | 'reached' | 'unreached' | 'bounced' | 'uncertain';
  /** Counts toward the "N unsuccessful touches in a window" rule (domain.md §2). */
  unsuccessful: boolean;
  amountDueCents: number;
  messageId?: string;
  path?: string;
  trackingNumber?: string;
}

export interface CallTask {
  taskId: string;
  kind: CallTaskKind;
  stepId: string;
  script: string;
  tone: Tone;
  objective: string;
  assignee: Assignee;
  contactIndex: number;
  openedAt: number;
  dueBy: number;
  reopened: number;
  /** Set when the task is part of one merged call to the debtor (domain.md §9). */
  debtorTaskId?: string;
  /** The call brief file written when the task opened. */
  briefPath?: string;
  status: 'open' | 'done' | 'missed' | 'superseded' | 'cancelled';
  outcome?: CallOutcome;
  closedAt?: number;
}

export interface PromiseRecord {
  promiseId: string;
  date: string;
  amountCents: number;
  madeAt: number;
  via: string;
  /** paidCents when it was made: the promise is kept once this much more has been paid. */
  paidAtStartCents: number;
  status: 'pending' | 'kept' | 'broken' | 'superseded';
  reminderSent: boolean;
  settlement?: boolean;
}

export interface Instalment {
  seq: number;
  date: string;
  amountCents: number;
  status: 'pending' | 'paid' | 'missed';
  reminderSent: boolean;
}

export interface PaymentPlan {
  planId: string;
  agreedAt: number;
  paidAtStartCents: number;
  instalments: Instalment[];
  status: 'active' | 'completed' | 'broken';
}

export interface Dispute {
  disputeId: string;
  kind: DisputeOpened['kind'];
  details: string;
  returnDetails?: string;
  openedAt: number;
  status: 'open' | 'resumed' | 'credited';
  resolvedAt?: number;
  creditNoteCents?: number;
  creditNoteRef?: string;
  note?: string;
  /** Who resolves it, by when (domain.md §3); disputes opened before dispute tasks have none. */
  task?: DisputeTask;
}

/** The dispute task of domain.md §3 (domain/dunning/dispute-task.ts). */
export interface DisputeTask {
  assignee: Assignee;
  /** The resolution deadline: opening + policy.disputes.resolveWithin (business days on the calendar, debtor's zone). */
  dueBy: number;
  /** When the dispute was resolved (resumed or credited): the task is done. */
  closedAt?: number;
  /** When the run recorded it past its deadline (runs with `disputeDeadlines`). */
  overdueAt?: number;
}

/** A message decided by an event (post-call email, plan confirmation...) waiting to be sent. */
export interface PendingMessage {
  id: string;
  template: TemplateId;
  channel: 'email' | 'letter';
  tone: Tone;
  attachInvoice: boolean;
  document?: 'invoice' | 'delivery_note' | 'other';
  callTaskId?: string;
  /** A letter sent because an email bounced. */
  fallbackFor?: string;
  /** Transactional (post-call, thank-you): goes at once; others wait for the next send slot. */
  immediate?: boolean;
  /** payment_confirmation: the payment it thanks for, and how much of it the invoice took. */
  payment?: PaymentFacts;
}

export interface FollowUp {
  id: string;
  kind: 'document' | 'broken_promise_chase' | 'call_back';
  at: number;
  done: boolean;
  /** call_back: the call to make then (the script and tone of the call it follows, and why). */
  call?: { script: string; tone: Tone; objective: string };
}

/** What a trace line records: each kind is written by one or a few places of the reducer. */
export type TraceKind =
  | 'started'
  | 'step_skipped'
  | 'catch_up'
  | 'touch'
  | 'email_bounced'
  | 'send_failed'
  | 'call_task_opened'
  | 'call_task_reopened'
  | 'call_task_missed'
  | 'call_task_cancelled'
  | 'call'
  | 'contact_escalated'
  | 'call_back'
  | 'creditor_escalated'
  | 'contact_changed'
  | 'promise'
  | 'promise_kept'
  | 'promise_broken'
  | 'payment_plan'
  | 'plan_proposed'
  | 'settlement'
  | 'payment'
  | 'payment_duplicate'
  | 'dispute_opened'
  | 'dispute_resolved'
  | 'dispute_overdue'
  | 'paused'
  | 'resumed'
  | 'notice_letter'
  | 'litigation_decided'
  | 'litigation_handoff'
  | 'litigation_handoff_failed'
  | 'signal_rejected'
  | 'sms_opted_out'
  | 'account_hold'
  | 'closed'
  | 'ignored'
  // what the debtor's workflow did for this invoice (docs/coordination.md)
  | 'debtor_done'
  | 'debtor_sent'
  | 'debtor_silent'
  // field visits and approvals of legal steps (docs/field.md)
  | 'visit_task_opened'
  | 'visit_task_missed'
  | 'visit'
  | 'approval_opened'
  | 'approval_reminded'
  | 'approval_decided';

export interface TraceEntry {
  at: number;
  stage: Stage;
  kind: TraceKind;
  step?: string;
  channel?: Channel;
  template?: string;
  outcome?: string;
  detail?: string;
}

export interface DunningState {
  workflowId: string;
  invoice: Invoice;
  startedAt: number;
  stage: Stage;
  /** Stage to return to when a pause or the last open dispute ends. */
  activeStage: 'pre_due' | 'reminding' | 'formal_notice';
  outcome?: Outcome;
  closedAt?: number;
  closeReason?: string;
  amountDueCents: number;
  paidCents: number;
  creditedCents: number;
  unappliedCents: number;
  /** Outstanding amount from each date on, for penalties per day on what is still due (§8). */
  balances: Array<{ from: string; amountCents: number }>;
  paymentIds: string[];
  /** Part of the payments applied to accrued interest/penalties first (Code civil 1343-1); absent on older runs. */
  interestPaidCents?: number;
  settlement?: { amountCents: number; approvedBy: string; agreedAt: number; waivedCents: number };
  contacts: Contact[];
  activeContact: number;
  badEmails: string[];
  nextStepIndex: number;
  skippedSteps: string[];
  /** Time the cadence lost to pauses, disputes and promises; later steps move by as much. */
  cadenceShiftMs: number;
  suspendedSince?: number;
  resumedAt?: number;
  touches: Touch[];
  callTasks: CallTask[];
  callAttempts: number;
  consecutiveUnreached: number;
  lastCallAttemptAt?: number;
  /**
   * Set on runs started before the call rules of docs/calls.md (pre-due calls and confirmations not
   * failures, calls per 30 days, the creditor's manager): they keep replaying with the old rules.
   */
  legacyCalls?: true;
  /** When the fruitless touches handed the calls to the creditor's manager (policy calls.creditorEscalation). */
  creditorEscalatedAt?: number;
  promises: PromiseRecord[];
  plan?: PaymentPlan;
  disputes: Dispute[];
  paused?: { reason: string; since: number; until?: string; by?: string };
  hardship: boolean;
  brokenPromises: number;
  planProposedAt?: number;
  followUps: FollowUp[];
  pending: PendingMessage[];
  litigation: { reason?: string; announcedAt?: number; handedOffAt?: number; reference?: string; location?: string; route?: string; handoffFailedAt?: number; handoffError?: string };
  /**
   * The formal notice once sent. `presentation`: its deadline runs from the registered letter's first
   * presentation (domain/dunning/notice.ts); until that is known, `deadline` is the one the end of the
   * wait would give. Without it (runs started before), the deadline ran from the sending day.
   */
  formalNotice?: { sentAt: number; deadline: string; deadlineAt: number; stepId: string; trackingNumber?: string; presentation?: NoticePresentation };
  /** Set on runs started before the notice's deadline ran from the first presentation: theirs runs from the sending day. */
  noticeFromSending?: true;
  insolvency?: InsolvencyOpened & { at: number; claimFiling?: ClaimFiling };
  trace: TraceEntry[];
  seq: number;
  /** Per-debtor coordination (coordinated runs only): what the debtor's workflow was told and did. */
  coordination?: Coordination;
  /** Runs started since visits and approvals of legal steps (docs/field.md); older runs replay without them. */
  fieldRules?: true;
  /** Runs started since wake at a dispute task's deadline (domain/dunning/dispute-task.ts); older runs replay without it. */
  disputeDeadlines?: true;
  visitTasks?: VisitTask[];
  approvals?: Approval[];
  /** Numbers (E.164) that answered STOP to an SMS, or "*" for all of the debtor's: no SMS goes to them. */
  smsOptOuts?: string[];
  /** The account hold told to the ERP/sales side (policy accountHold): placed, then released. */
  accountHold?: AccountHoldRecord;
}

export interface AccountHoldRecord {
  placedAt: number;
  reference: string;
  releasedAt?: number;
  releaseReference?: string;
  /** The ERP could not be told (refused, or retries spent): a person must do it by hand. */
  error?: string;
}

export interface Coordination {
  /** Seq of the last sync sent to the debtor's workflow. */
  seq: number;
  /** What that sync said (its fingerprint): an identical picture is not sent again. */
  sent?: string;
  /** The touch handed over in that sync, and when it was due. */
  handed?: { key: string; at: number };
  /** When that sync was sent: a touch told again after it was due gets its watchdog from here. */
  sentAt?: number;
  /** Touches the debtor performed for this invoice, applied when they come up (carried over continue-as-new). */
  done: DebtorTouchDone[];
  /** Highest seq the debtor acknowledged; a closed invoice ends once its last sync is acknowledged. */
  ackedSeq: number;
  /** Seq of the sync that told the debtor this invoice is closed. */
  closedSeq?: number;
  /** Protocol 3: the debtor's run said it reads deltas; syncs go as deltas on the last one sent (until it asks for a resync). */
  deltas?: true;
}

/** Every change of state is one of these; signals, updates, timers and activity results alike. */
export type DunningEvent =
  | { type: 'step_skipped'; at: number; stepIndex: number; reason: string }
  | { type: 'catch_up'; at: number; shiftMs: number; fromStep: string }
  | { type: 'touch'; at: number; touch: Omit<Touch, 'at' | 'amountDueCents'>; stepIndex?: number; pendingId?: string; promiseId?: string; instalmentSeq?: number; gap?: boolean; announce?: boolean; formalNotice?: { deadline: string; deadlineAt: number; waitUntil?: number } }
  | { type: 'email_bounced'; at: number; stepId: string; template: TemplateId; tone: Tone; email: string; error: string; stepIndex?: number; pendingId?: string; attachInvoice: boolean }
  | { type: 'call_task_opened'; at: number; task: Omit<CallTask, 'status' | 'reopened' | 'openedAt'>; stepIndex?: number; followUpId?: string }
  | { type: 'call_task_expired'; at: number; taskId: string; reopenUntil?: number }
  | { type: 'call_completed'; at: number; outcome: CallOutcome; viaDebtor?: boolean; debtorAttempts?: number }
  | { type: 'promise_due'; at: number; promiseId?: string; instalmentSeq?: number }
  | { type: 'payment'; at: number; payment: PaymentReceived; today: string }
  | { type: 'dispute_opened'; at: number; dispute: DisputeOpened; cancelTasks?: boolean }
  | { type: 'dispute_resolved'; at: number; resolution: DisputeResolved; today: string }
  /** An open dispute's task reached its deadline unresolved: overdue, the manager's. */
  | { type: 'dispute_overdue'; at: number; disputeId: string }
  | { type: 'paused'; at: number; reason: string; until?: string; by?: string; cancelTasks?: boolean }
  | { type: 'resumed'; at: number; reason?: string; by?: string }
  | { type: 'cancelled'; at: number; reason: string; by?: string }
  | { type: 'contact_changed'; at: number; contact: Contact; primary: boolean }
  | { type: 'insolvency'; at: number; insolvency: InsolvencyOpened }
  | { type: 'letter_event'; at: number; letter: LetterEvent }
  /** No news of the registered notice by the end of the wait: its presentation is taken as that day. */
  | { type: 'notice_presentation_assumed'; at: number }
  | { type: 'litigation_decided'; at: number; reason: string }
  | { type: 'plan_proposal_decided'; at: number }
  | { type: 'handed_off'; at: number; reference: string; location: string; route: string }
  | { type: 'handoff_failed'; at: number; error: string }
  | { type: 'call_brief_ready'; at: number; taskId: string; path: string }
  | { type: 'send_failed'; at: number; stepId: string; channel: 'email' | 'letter' | 'sms'; template: string; error: string; stepIndex?: number; pendingId?: string }
  | { type: 'signal_rejected'; at: number; signal: string; error: string }
  | { type: 'sms_opted_out'; at: number; phone: string; source: string }
  | { type: 'account_hold'; at: number; action: 'place' | 'release'; reference: string; error?: string }
  // --- field visits and approvals of legal steps (docs/field.md) ---
  | { type: 'visit_task_opened'; at: number; task: Omit<VisitTask, 'status' | 'openedAt'>; stepIndex?: number }
  | { type: 'visit_brief_ready'; at: number; taskId: string; path: string }
  | { type: 'visit_task_expired'; at: number; taskId: string }
  | { type: 'visit_completed'; at: number; outcome: VisitOutcome }
  | { type: 'approval_opened'; at: number; approvalId: string; step: LegalStep; approver: string }
  | { type: 'approval_draft_ready'; at: number; approvalId: string; path: string }
  | { type: 'approval_reminded'; at: number; approvalId: string }
  | { type: 'approval_decided'; at: number; decision: ApprovalDecision; today: string }
  // --- per-debtor coordination (docs/coordination.md) ---
  | { type: 'debtor_sync_sent'; at: number; seq: number; fingerprint: string; handed?: { key: string; at: number }; closed: boolean }
  | { type: 'debtor_sync_expired'; at: number }
  | { type: 'debtor_touch_done'; at: number; done: DebtorTouchDone }
  | { type: 'debtor_touch_applied'; at: number; key: string; events: DunningEvent[] }
  | { type: 'debtor_sent'; at: number; sent: DebtorSent }
  | { type: 'debtor_ack'; at: number; seq: number }
  | { type: 'debtor_ack_timeout'; at: number }
  /** Protocol 3: the debtor's run reads syncs of `protocol` (3: deltas). */
  | { type: 'debtor_protocol'; at: number; protocol: number }
  /** Protocol 3: a delta did not apply at the debtor: the next sync is the whole picture, at once. */
  | { type: 'debtor_resync'; at: number; seq: number };
