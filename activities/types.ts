/**
 * The contract between the dunning workflow and its side effects.
 * Workflows import these as types only; implementations live beside this file.
 */
import type { InvoiceSync, InvoiceSyncDelta } from '../domain/coordination/messages';
import type { Contact, Invoice } from '../domain/invoice/schema';
import type { PolicyInput } from '../domain/policy/schema';
import type { BriefView } from '../domain/views/brief';
import type { Language, MessageFacts, SendReceipt, TemplateId, Tone } from '../domain/wire/vocabulary';

// The message vocabulary lives in domain/ (the core speaks it); re-exported for the adapters.
export { TEMPLATE_IDS } from '../domain/wire/vocabulary';
export type { Channel, InstalmentFacts, InvoiceLine, Language, MessageFacts, PromiseFacts, SendReceipt, TemplateId, Tone } from '../domain/wire/vocabulary';

export interface SendRequest {
  /** workflow id + step id: a retried or replayed send with the same key is a no-op. */
  idempotencyKey: string;
  workflowId: string;
  stepId: string;
  template: TemplateId;
  tone: Tone;
  language: Language;
  invoice: Invoice;
  to: Contact;
  facts: MessageFacts;
  /**
   * A previous attempt of this key called the provider and left no receipt, and the provider
   * cannot tell whether it took the message: 'review' (default) sends nothing and answers a
   * receipt with `uncertain`; 'resend' sends again.
   */
  onUncertain?: 'review' | 'resend';
}

export interface EmailRequest extends SendRequest {
  attachInvoicePdf: boolean;
  /** Attach the PDF of a letter already produced (a letter's email copy). */
  attachLetterPath?: string;
  /** Other files to attach, e.g. the delivery note of a document_resend (added by the channels work). */
  extraAttachments?: Array<{ path: string; filename?: string }>;
}

/** An SMS (docs/channels.md): `template` is an SMS text id, `phone` the E.164 number the invoice chose. */
export interface SmsRequest extends Omit<SendRequest, 'template' | 'to'> {
  template: string;
  to: { name: string; phone: string };
  /** The policy's sms.maxSegments: a longer text is refused (SmsTooLong), never sent. */
  maxSegments: number;
}

export interface LetterRequest extends SendRequest {
  /** Registered with acknowledgement of receipt (formal notice). */
  registered: boolean;
}

/**
 * What version 2 runs schedule instead of the request (a claim check): the run keeps the request
 * in memory while the send is in flight and answers it by the `sendRequest` query, so the history
 * does not carry the invoice and the facts (which grow with every touch) at each send. Only what
 * a person reading the Web UI wants beside the activity's summary, nothing that grows.
 */
export interface SendRef {
  /** The key the run keeps the request under: its step id (unique among the run's sends in flight). */
  ref: string;
  idempotencyKey: string;
  template: string;
}
/** A full request (first-version runs, sends scheduled before the claim check) or a reference. */
export type EmailInput = EmailRequest | SendRef;
export type LetterInput = LetterRequest | SendRef;
export type SmsInput = SmsRequest | SendRef;
/** The `sendRequest` query's answer: the request kept under a key, with its channel. */
export type KeptSend = { channel: 'email'; request: EmailRequest } | { channel: 'letter'; request: LetterRequest } | { channel: 'sms'; request: SmsRequest };


/** What a first-version run sent in its litigation request (version 2 runs answer getHandoff instead). */
export interface HandoffFacts {
  invoice: Invoice;
  /** The workflow state snapshot (a DunningView), serialised for the file. */
  state: unknown;
  facts: MessageFacts;
}

/**
 * Version 2 runs send ids only (`idempotencyKey`, `workflowId`): the activity reads the rest from
 * the run itself (the `getHandoff` query), so the history does not carry the whole file twice.
 * Runs of the first version still send everything.
 */
export type LitigationRequest = { idempotencyKey: string; workflowId: string } & Partial<HandoffFacts>;
/** A request with every part present, as the file builders read it. */
export type FullLitigationRequest = { idempotencyKey: string; workflowId: string } & HandoffFacts;
export interface LitigationReceipt {
  reference: string;
  location: string;
  suggestedRoute: string;
}

/** Error type names the workflow recognises (ApplicationFailure.type). */
export const EMAIL_REJECTED = 'EmailRejected'; // 4xx from the provider: not retried, fall back to a letter
export const LETTER_UNDELIVERABLE = 'LetterUndeliverable'; // the debtor has no postal address: not retried
export const LITIGATION_REJECTED = 'LitigationRejected';
export const ACCOUNT_HOLD_REJECTED = 'AccountHoldRejected'; // 4xx from the ERP webhook: not retried
/** A reference to a request its run no longer keeps (it stopped waiting for this send): nothing is sent. */
export const SEND_NOT_AWAITED = 'SendNotAwaited';
export const SMS_REJECTED = 'SmsRejected'; // 4xx from the SMS provider, or a text longer than the policy allows: not retried // 4xx from the litigation partner's webhook: not retried

export interface DebtorSyncRequest {
  debtorId: string;
  /** Protocol 3: a delta once the debtor run said it reads them (never the sync a debtor run starts with). */
  sync: InvoiceSync | InvoiceSyncDelta;
  /**
   * The policy of the invoice that starts the debtor's workflow, if it is not running yet. Sent by
   * first-version runs; version 2 runs leave it out and the activity asks the run (`getPolicy`)
   * only when the debtor's workflow has to be started, so syncs stay small in history.
   */
  policy?: PolicyInput;
  maxHistoryEvents?: number;
}

/** Ids only: the activity reads the debtor run's state and its invoices' by query. */
export interface DebtorCallBriefRequest {
  debtorWorkflowId: string;
  debtorTaskId: string;
}

export interface CallBriefRequest {
  taskId: string;
  /** Version 2 runs: the run to read the state from (the `getState` query), as the task opens. */
  workflowId?: string;
  /** First-version runs send the state itself (what getState returns). */
  view?: BriefView;
}

/** Seed 004: tell the ERP/sales side to hold the customer's account (deliveries against a down payment) or release it. */
export interface AccountHoldRequest {
  /** `<workflow id>/hold-place-<n>` or `.../hold-release-<n>`: the receiver ignores a repeat. */
  idempotencyKey: string;
  action: 'place' | 'release';
  workflowId: string;
  debtorId: string;
  debtorName: string;
  siren?: string;
  /** The invoices behind the hold (place), or that were settled (release). */
  invoiceIds: string[];
  amountDueCents: number;
  currency: string;
  reason: string;
  /** ISO time the workflow decided it. */
  decidedAt: string;
}
export interface AccountHoldReceipt {
  /** Deterministic, from the key. */
  reference: string;
  adapter: 'webhook' | 'outbox' | 'record';
  duplicate: boolean;
}

export interface DunningActivities {
  /** Per-debtor coordination: the invoice's picture and next touch to its debtor's workflow. */
  syncWithDebtor(req: DebtorSyncRequest): Promise<void>;
  sendEmail(req: EmailInput): Promise<SendReceipt>;
  sendLetter(req: LetterInput): Promise<SendReceipt>;
  sendSms(req: SmsInput): Promise<SendReceipt>;
  notifyAccountHold(req: AccountHoldRequest): Promise<AccountHoldReceipt>;
  /** The call brief file of a task that just opened (domain.md §4). */
  prepareCallBrief(req: CallBriefRequest): Promise<{ path: string }>;
  /** The one brief file of a merged call of the debtor run (coordinated mode), covering all its invoices. */
  prepareDebtorCallBrief(req: DebtorCallBriefRequest): Promise<{ path: string }>;
  handOffToLitigation(req: LitigationRequest): Promise<LitigationReceipt>;
  /** Visits and approvals of legal steps (docs/field.md): the visit brief, the approver's draft, a reminder to the approver. */
  prepareVisitBrief(req: VisitBriefRequest): Promise<{ path: string }>;
  prepareApprovalDraft(req: ApprovalDocumentRequest): Promise<{ path: string }>;
  remindApprover(req: ApprovalDocumentRequest & { reminder: number }): Promise<{ path: string }>;
}

export interface VisitBriefRequest {
  workflowId: string;
  taskId: string;
}
export interface ApprovalDocumentRequest {
  workflowId: string;
  approvalId: string;
}
