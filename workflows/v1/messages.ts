import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallOutcomeInput, Cancel, ContactChanged, DisputeOpened, DisputeResolved, InsolvencyOpened, Pause, PaymentReceived, Resume } from './domain/commands';
import type { InvoiceInput } from './domain/invoice';
import type { PolicyInput } from './domain/policy';
import type { CallTask, DunningState, Outcome, Stage } from './domain/state';

/** Shared by the workflow and its clients (CLI, tests). Payloads are parsed with domain/commands.ts. */
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

export interface DunningView extends DunningState {
  now: string;
  penaltiesCents: number;
  indemnityCents: number;
  daysPastDue: number;
  openTask?: CallTask;
  next?: { kind: string; description: string; at: string };
  policyName: string;
}
export const getState = defineQuery<DunningView>('getState');

export interface DunningInput {
  invoice: InvoiceInput;
  /** The policy as written (JSON); parsed by the workflow, fixed for the life of the run. */
  policy?: PolicyInput;
  /** Carried over by continue-as-new. */
  resume?: DunningState;
  /** Continue-as-new once history passes this many events (the server's own suggestion also counts). */
  maxHistoryEvents?: number;
  /** One reminder per debtor: hand every touch to the debtor's workflow, which merges them (§9). */
  coordinated?: boolean;
  /** History budget of the debtor's workflow when this invoice starts it (tests force continue-as-new). */
  debtorMaxHistoryEvents?: number;
  /** Carried by continue-as-new: touches the debtor performed that this invoice has not recorded yet. */
  debtorDone?: DebtorTouchDone[];
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

// --- per-debtor coordination (domain.md §9) -------------------------------------------------------
import type { DebtorCallOutcomeInput, DebtorPayment, CallOutcome } from './domain/commands';
import type { DebtorState, InvoiceSync } from './domain/debtor';
import type { SendReceipt } from '../../activities/types';

/** Invoice -> debtor: the invoice's picture and its next touch (sent through signal-with-start). */
export const invoiceSync = defineSignal<[InvoiceSync]>('invoiceSync');
/** Debtor -> invoice: the planned touch `key` was performed (alone or merged) at `at`. */
export interface DebtorTouchDone {
  key: string;
  at: number;
  receipt?: SendReceipt;
  to?: string;
  debtorTaskId?: string;
  mergedInvoiceIds: string[];
}
export const debtorTouchDone = defineSignal<[DebtorTouchDone]>('debtorTouchDone');
/** Debtor -> invoice: this invoice's share of a merged call's outcome. */
export interface ForwardedCallOutcome {
  outcome: CallOutcome;
  debtorTaskId: string;
  debtorAttempts: number;
}
export const callOutcomeForwarded = defineSignal<[ForwardedCallOutcome]>('callOutcomeForwarded');

export const debtorPaymentReceived = defineSignal<[DebtorPayment]>('debtorPaymentReceived');
export interface DebtorCallResult {
  debtorTaskId: string;
  invoices: Array<{ invoiceId: string; taskId: string; outcome: string }>;
}
export const completeDebtorCall = defineUpdate<DebtorCallResult, [DebtorCallOutcomeInput]>('completeDebtorCall');
export const getDebtorState = defineQuery<DebtorState & { now: string }>('getDebtorState');

export interface DebtorInput {
  debtorId: string;
  policy?: PolicyInput;
  resume?: DebtorState;
  maxHistoryEvents?: number;
}
