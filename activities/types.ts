/**
 * The contract between the dunning workflow and its side effects.
 * Workflows import these as types only; implementations live beside this file.
 */
import type { Contact, Invoice } from '../domain/invoice';

export type Channel = 'email' | 'letter' | 'call' | 'sms' | 'visit';
export type Tone = 'courteous' | 'friendly' | 'friendly_firm' | 'firm' | 'very_firm' | 'formal';
export type Language = 'fr' | 'en';

/** Every message template the workflow can ask for. One file per template and language in templates/. */
export const TEMPLATE_IDS = [
  'reminder_1', // D+1 email, invoice attached, "probably an oversight"
  'letter_1', // D+14 letter (and its email copy)
  'notice_announce', // D+28 email announcing the formal notice
  'formal_notice', // D+30 registered letter (mise en demeure)
  'litigation_announce', // tells the debtor the file goes to litigation (3 unsuccessful touches)
  'gap_reminder', // filler touch so no gap exceeds the policy's max gap
  'promise_reminder', // friendly reminder a few days before a promise date
  'broken_promise', // written chase of a broken promise
  'plan_confirmation', // payment plan confirmed in writing (dates, count, amounts)
  'plan_proposal', // hardship: a payment plan is proposed instead of litigation
  'call_followup', // after any call: what was agreed (or that we could not reach them)
  'document_resend', // the duplicate invoice / delivery note asked for on a call
  'payment_confirmation', // thank-you once paid
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface PromiseFacts {
  date: string; // YYYY-MM-DD
  amountCents: number;
}
export interface InstalmentFacts {
  seq: number;
  date: string;
  amountCents: number;
  status: 'pending' | 'paid' | 'missed';
}

/** Everything a template may need, computed by the workflow at the time of the step. */
export interface MessageFacts {
  today: string; // YYYY-MM-DD, debtor's time zone
  amountDueCents: number;
  paidCents: number;
  penaltiesCents: number; // accrued late-payment penalties to `today`
  penaltyRatePct: number; // annual rate used for the penalties (ECB rate + 10 points by default)
  indemnityCents: number; // fixed recovery indemnity (EUR 40 per invoice for professionals, else 0)
  daysPastDue: number;
  noticeDeadline?: string; // formal notice: pay before this date
  promise?: PromiseFacts;
  plan?: InstalmentFacts[];
  /** call_followup: what the call produced, in plain words already decided by the workflow. */
  callSummary?: { reached: boolean; contactName?: string; notes?: string };
  /** document_resend: which document. */
  document?: 'invoice' | 'delivery_note' | 'other';
  /** Previous touches, for letters that recall them ("our email of 2 May..."). */
  previousTouches: Array<{ date: string; channel: Channel; template: string }>;
  /**
   * One message for several invoices of the same debtor (domain.md §9): every invoice covered, each
   * at its own stage. When present, amountDueCents, paidCents, penaltiesCents and indemnityCents
   * above are the TOTALS over these lines, and `invoice` in the request is the lead invoice
   * (oldest due date) that gives the debtor, address and language.
   */
  invoices?: InvoiceLine[];
}

export interface InvoiceLine {
  invoiceId: string;
  issueDate: string;
  dueDate: string;
  amountCents: number;
  amountDueCents: number;
  paidCents: number;
  penaltiesCents: number;
  indemnityCents: number;
  daysPastDue: number;
  /** Stage of that invoice (pre_due, reminding, formal_notice...). */
  stage: string;
  /** The template its own step would have used (reminder_1, letter_1, formal_notice...). */
  template: string;
}

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

export interface LetterRequest extends SendRequest {
  /** Registered with acknowledgement of receipt (formal notice). */
  registered: boolean;
}

export interface SendReceipt {
  /** Deterministic id derived from the idempotency key. */
  messageId: string;
  channel: 'email' | 'letter';
  /** True when the sent-log already held this key: nothing was sent again. */
  duplicate: boolean;
  /** Where a copy is stored (outbox file, letter PDF). */
  path?: string;
  trackingNumber?: string;
  provider: string;
  /** The provider's own id for the message (SendGrid X-Message-Id), for support requests. */
  providerMessageId?: string;
  /**
   * Present only when NOTHING was sent by this attempt and a previous attempt may or may not have
   * reached the provider (it called it and died before recording the answer, and the provider
   * could not tell): the touch needs review. `since`: ISO time of the first intent; `reason`: why,
   * in plain words. A normal receipt has no `uncertain`.
   */
  uncertain?: { since: string; reason: string };
}

export interface LitigationRequest {
  idempotencyKey: string;
  workflowId: string;
  invoice: Invoice;
  /** The workflow state snapshot (see domain/state.ts), serialised for the file. */
  state: unknown;
  facts: MessageFacts;
}
export interface LitigationReceipt {
  reference: string;
  location: string;
  suggestedRoute: string;
}

/** Error type names the workflow recognises (ApplicationFailure.type). */
export const EMAIL_REJECTED = 'EmailRejected'; // 4xx from the provider: not retried, fall back to a letter
export const LETTER_UNDELIVERABLE = 'LetterUndeliverable'; // the debtor has no postal address: not retried
export const LITIGATION_REJECTED = 'LitigationRejected'; // 4xx from the litigation partner's webhook: not retried

export interface DunningActivities {
  /** Per-debtor coordination: the invoice's picture and next touch to its debtor's workflow. */
  syncWithDebtor(req: import('./debtor').DebtorSyncRequest): Promise<void>;
  sendEmail(req: EmailRequest): Promise<SendReceipt>;
  sendLetter(req: LetterRequest): Promise<SendReceipt>;
  /** The call brief file of a task that just opened (domain.md §4). */
  prepareCallBrief(req: import('./brief').CallBriefRequest): Promise<{ path: string }>;
  handOffToLitigation(req: LitigationRequest): Promise<LitigationReceipt>;
}
