import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallOutcomeInput, Cancel, ContactChanged, DisputeOpened, DisputeResolved, InsolvencyOpened, Pause, PaymentReceived, Resume } from '../domain/commands';
import type { InvoiceInput } from '../domain/invoice';
import type { PolicyInput } from '../domain/policy';
import type { CallTask, DunningState, Outcome, Stage } from '../domain/state';

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
