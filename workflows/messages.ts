import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallOutcomeInput, Cancel, ContactChanged, DebtorCallOutcomeInput, DebtorPayment, DisputeOpened, DisputeResolved, InsolvencyOpened, LetterEvent, Pause, PaymentReceived, Resume } from '../domain/invoice/commands';
import type { DebtorAck, DebtorProtocol, DebtorResync, DebtorSent, DebtorTouchDone, ForwardedCallOutcome, InvoiceSync, InvoiceSyncDelta } from '../domain/coordination/messages';
import type { DebtorState } from '../domain/debtor/state';
import type { InvoiceInput } from '../domain/invoice/schema';
import type { ApprovalDecisionInput, VisitOutcomeInput } from '../domain/invoice/field-commands';
import type { Approval } from '../domain/dunning/field-types';
import type { NoticeDraft } from '../domain/dunning/drafts';
import type { PolicyInput } from '../domain/policy/schema';
import type { DunningView } from '../domain/views/read-model';
import type { HandoffSnapshot } from '../domain/views/handoff';
import type { KeptSend } from '../activities/types';
import type { DunningState, Outcome, Stage } from '../domain/dunning/state';

/**
 * Signals, updates and queries shared by the workflows and their clients (CLI, tests). Payloads
 * are checked in the workflow with domain/wire (plain-data specs) and at the CLI with zod.
 */
export const paymentReceived = defineSignal<[PaymentReceived]>('paymentReceived');
export const disputeOpened = defineSignal<[DisputeOpened]>('disputeOpened');
export const disputeResolved = defineSignal<[DisputeResolved]>('disputeResolved');
export const pause = defineSignal<[Pause]>('pause');
export const resume = defineSignal<[Resume]>('resume');
export const cancel = defineSignal<[Cancel]>('cancel');
export const contactChanged = defineSignal<[ContactChanged]>('contactChanged');
export const insolvencyOpened = defineSignal<[InsolvencyOpened]>('insolvencyOpened');

export interface CallTaskResult {
  taskId: string;
  stage: Stage;
  amountDueCents: number;
  next?: { description: string; at: string };
}
export const completeCallTask = defineUpdate<CallTaskResult, [CallOutcomeInput]>('completeCallTask');
/** The field agent's visit report (docs/field.md): same answer as a call's. */
export const completeVisitTask = defineUpdate<CallTaskResult, [VisitOutcomeInput]>('completeVisitTask');
export interface ApprovalResult {
  approvalId: string;
  status: Approval['status'];
  stage: Stage;
  amountDueCents: number;
  next?: { description: string; at: string };
}
/** The approver's decision on the formal notice or the handoff (docs/field.md). */
export const decideApproval = defineUpdate<ApprovalResult, [ApprovalDecisionInput]>('decideApproval');

/** What an accepted operator command changed; refusals (duplicate, overpayment, past date...) are update validator failures typed `Refused:<kind>`. */
export interface CommandResult {
  stage: Stage;
  amountDueCents: number;
  currency: string;
  /** recordPayment: the part that went to the invoice, and the excess kept as unapplied credit. */
  appliedCents?: number;
  unappliedCents?: number;
  outcome?: Outcome;
}
export interface PaymentCommand {
  payment: PaymentReceived;
  /** More than is due is refused unless the operator says so; the excess is then unapplied credit. */
  allowOverpayment?: boolean;
}
export const recordPayment = defineUpdate<CommandResult, [PaymentCommand]>('recordPayment');
export const pauseDunning = defineUpdate<CommandResult, [Pause]>('pauseDunning');
export const resumeDunning = defineUpdate<CommandResult, [Resume]>('resumeDunning');
/** The postal side's news of the registered formal notice (presented, delivered, returned): its deadline runs from the first presentation. */
export const recordLetterEvent = defineUpdate<CommandResult & { deadline?: string; presentedOn?: string }, [LetterEvent]>('recordLetterEvent');

/** A STOP answered to an SMS (docs/channels.md): no SMS to `phone` (absent: to any number of the debtor) any more. */
export interface SmsStop {
  phone?: string;
  /** Where it came from: "cli", "brevo-webhook"... */
  source: string;
}
export const smsStop = defineUpdate<{ optedOut: string[] }, [SmsStop]>('smsStop');

export type { DunningView } from '../domain/views/read-model';
/**
 * `asOf` (ISO instant, optional): the reader's clock. A query answers from the run's last activation,
 * which may be days old for a run waiting on a timer: days past due, penalties, stage and next step
 * are computed as of `asOf` when it is later.
 */
export const getState = defineQuery<DunningView, [asOf?: string]>('getState');
/** The policy as the run was started with (undefined: the default); read by activities that start the debtor's run. */
export const getPolicy = defineQuery<PolicyInput | undefined>('getPolicy');
/** What the litigation file is built from, as of now (read by the handoff activity). */
export const getHandoff = defineQuery<HandoffSnapshot>('getHandoff');
/** The formal notice as it would go now (read by the approval's draft activity; undefined: no notice step). */
export const getNoticeDraft = defineQuery<NoticeDraft | undefined>('getNoticeDraft');
/** The request of a send in flight, by its step id (the activity got a reference); null: not in flight. Invoice and debtor runs. */
export const sendRequest = defineQuery<KeptSend | null, [key: string]>('sendRequest');

export interface DunningInput {
  invoice: InvoiceInput;
  /** The policy as written (JSON); checked by the workflow, fixed for the life of the run. */
  policy?: PolicyInput;
  /** Carried over by continue-as-new. */
  resume?: DunningState;
  /** Continue-as-new once history passes this many events (the server's own suggestion also counts). */
  maxHistoryEvents?: number;
  /** One reminder per debtor: hand every touch to the debtor's workflow, which merges them (§9). */
  coordinated?: boolean;
  /** History budget of the debtor's workflow when this invoice starts it (tests force continue-as-new). */
  debtorMaxHistoryEvents?: number;
}

export interface DunningResult {
  invoiceId: string;
  outcome: Outcome;
  stage: Stage;
  amountDueCents: number;
  paidCents: number;
  closedAt: string;
  reason?: string;
  litigationReference?: string;
}

// --- per-debtor coordination (docs/coordination.md) --------------------------------------------
/** Invoice -> debtor: the invoice's picture and its next touch (sent through signal-with-start). */
export const invoiceSync = defineSignal<[InvoiceSync | InvoiceSyncDelta]>('invoiceSync');
/** Debtor -> invoice: the planned touch `key` was performed (alone or merged), or failed. */
export const debtorTouchDone = defineSignal<[DebtorTouchDone]>('debtorTouchDone');
/** Debtor -> invoice: a message sent for the invoice outside its plan (a merged call's follow-up). */
export const debtorSent = defineSignal<[DebtorSent]>('debtorSent');
/** Debtor -> invoice: syncs up to `seq` processed, nothing in flight: a closed invoice may end. */
export const debtorAck = defineSignal<[DebtorAck]>('debtorAck');
/** Debtor -> invoice (protocol 3): this debtor run reads deltas; said once per debtor run and invoice. */
export const debtorProtocol = defineSignal<[DebtorProtocol]>('debtorProtocol');
/** Debtor -> invoice (protocol 3): a delta did not apply to what the debtor holds: send the whole picture. */
export const debtorResync = defineSignal<[DebtorResync]>('debtorResync');
/** The invoice's whole picture of the sync being sent (or last sent): a debtor run started by a delta's activity starts with it. */
export const currentSync = defineQuery<InvoiceSync | undefined>('currentSync');
/** Debtor -> invoice: this invoice's share of a merged call's outcome. */
export const callOutcomeForwarded = defineSignal<[ForwardedCallOutcome]>('callOutcomeForwarded');

export const debtorPaymentReceived = defineSignal<[DebtorPayment]>('debtorPaymentReceived');
/** The debtor entered insolvency proceedings: the debtor's workflow stops each of its open invoices (L622-21). */
export const debtorInsolvencyOpened = defineSignal<[InsolvencyOpened]>('debtorInsolvencyOpened');
export interface DebtorCallResult {
  debtorTaskId: string;
  invoices: Array<{ invoiceId: string; taskId: string; outcome: string }>;
}
export const completeDebtorCall = defineUpdate<DebtorCallResult, [DebtorCallOutcomeInput]>('completeDebtorCall');
/** The debtor's state, with when it will perform each invoice's waiting touch (by invoice id). */
export type DebtorView = DebtorState & { now: string; planned?: Record<string, { key: string; at: number }> };
export const getDebtorState = defineQuery<DebtorView>('getDebtorState');

export interface DebtorInput {
  debtorId: string;
  policy?: PolicyInput;
  resume?: DebtorState;
  maxHistoryEvents?: number;
}

export type { DebtorTouchDone, ForwardedCallOutcome, InvoiceSync } from '../domain/coordination/messages';
