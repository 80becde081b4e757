/**
 * The words messages are made of: channels, tones, templates and the facts a template may use.
 * Shared by the core (which decides what to send) and the adapters (which render and send it).
 */

export const CHANNELS = ['email', 'letter', 'call', 'sms', 'visit'] as const;
export type Channel = (typeof CHANNELS)[number];
/** From the gentlest to the firmest (domain.md §2: the tone rises step by step). */
export const TONES = ['courteous', 'friendly', 'friendly_firm', 'firm', 'very_firm', 'formal'] as const;
export type Tone = (typeof TONES)[number];
/** Why a call task opened, and who holds it (up the chain when it is not done in time). */
export type CallTaskKind = 'pre_due' | 'reminder' | 'broken_promise' | 'document_follow_up' | 'plan_negotiation' | 'call_back';
export type Assignee = 'sales_rep' | 'collector' | 'credit_controller' | 'manager';
export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

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

/** Interest/penalties period by period (domain/money/interest.ts), for the claim table's lines. */
export interface InterestFacts {
  /** professional: L441-10 penalties from the day after the due date; consumer: legal interest from the formal notice. */
  debtorKind: 'professional' | 'consumer';
  periods: Array<{ from: string; to: string; ratePct: number; basis: 'L441-10' | 'contract' | 'legal_floor' | 'legal_rate'; cents: number; provisional: boolean }>;
  accruedCents: number;
  /** Already paid by partial payments applied to interest first (Code civil 1343-1). */
  paidCents: number;
}

/** Everything a template may need, computed by the workflow at the time of the step. */
export interface MessageFacts {
  today: string; // YYYY-MM-DD, debtor's time zone
  amountDueCents: number;
  paidCents: number;
  penaltiesCents: number; // accrued late-payment penalties to `today`
  penaltyRatePct: number; // annual rate used for the penalties (ECB rate + 10 points by default)
  indemnityCents: number; // fixed recovery indemnity (EUR 40 per invoice for professionals, else 0)
  /**
   * How penaltiesCents (= accruedCents) is made; absent from facts of older runs. paidCents of it was
   * paid by partial payments applied to interest first and is still owed as principal, so the claim
   * is amountDueCents + penaltiesCents either way: letters show principal amountDueCents + paidCents,
   * the periods, and paidCents deducted.
   */
  interest?: InterestFacts;
  daysPastDue: number;
  noticeDeadline?: string; // formal notice: pay before this date
  /** The formal notice itself: pay within this from the letter's first presentation (its date is not known yet). */
  noticeDelay?: { n: number; unit: 'days' | 'business_days' | 'ms' };
  /** notice_announce: the day the formal notice is planned (the announcement says "before" it, not "in the next few days"). */
  noticePlannedOn?: string;
  /** policy.penalties.waiveAfterPayment: a confirmation after a notice waives penalties and indemnity. */
  penaltiesWaived?: boolean;
  promise?: PromiseFacts;
  plan?: InstalmentFacts[];
  /** call_followup: what the call produced, in plain words already decided by the workflow. */
  callSummary?: { reached: boolean; contactName?: string; notes?: string; agreements?: AgreementFacts[] };
  /** payment_confirmation: the payment thanked for (absent from older runs' facts: paidCents is then confirmed). */
  payment?: PaymentFacts;
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

/** One payment received: what the invoice took of it, and what exceeded its amount due (unapplied credit). */
export interface PaymentFacts {
  receivedCents: number;
  appliedCents: number;
  unappliedCents: number;
}

/**
 * What a call settled for one invoice, as data: the template words it in the debtor's language
 * (a promise with its date and amount, each instalment of a plan, the dispute and its reason...).
 */
export interface AgreementFacts {
  invoiceId: string;
  promise?: { date: string; amountCents: number };
  plan?: Array<{ date: string; amountCents: number }>;
  settlement?: { amountCents: number; payBy: string };
  dispute?: { kind: 'administrative' | 'commercial' | 'technical'; details: string };
  document?: 'invoice' | 'delivery_note' | 'other';
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
  interest?: InterestFacts;
  daysPastDue: number;
  /** Stage of that invoice (pre_due, reminding, formal_notice...). */
  stage: string;
  /** The template its own step would have used (reminder_1, letter_1, formal_notice...). */
  template: string;
}


/** What a send activity answers: the core records it on the touch. */
export interface SendReceipt {
  /** Deterministic id derived from the idempotency key. */
  messageId: string;
  channel: 'email' | 'letter' | 'sms';
  /** True when the sent-log already held this key: nothing was sent again. */
  duplicate: boolean;
  /** Where a copy is stored (outbox file, letter PDF). */
  path?: string;
  trackingNumber?: string;
  provider: string;
  /** The provider's own id for the message (SendGrid X-Message-Id), for support requests. */
  providerMessageId?: string;
  /**
   * Nothing was sent by this attempt, and an earlier attempt may or may not have reached the
   * provider (it died during the call): recorded as a touch that needs review (docs/sends.md).
   */
  uncertain?: { since: string; reason: string };
}
