import type { CallOutcome, PaymentReceived } from '../invoice/commands';
import type { Contact, Invoice } from '../invoice/schema';
import { CHANNELS, TEMPLATE_IDS, TONES, type Assignee, type CallTaskKind, type Channel, type SendReceipt, type TemplateId, type Tone } from '../wire/vocabulary';
import { CallOutcomeSpec } from '../wire/commands';
import { ContactSpec, InvoiceSpec } from '../wire/invoice';
import type { Spec } from '../wire/schema';

/**
 * What invoice and debtor workflows tell each other (docs/coordination.md). Shapes only grow:
 * fields of the first release stay, so runs of either version can talk to the other.
 */

/** A touch an invoice hands to its debtor's workflow. */
export interface PlannedTouch {
  /** `<invoice workflow id>/<step id>` (calls: `.../call/<task id>`): unique per touch. */
  key: string;
  channel: 'email' | 'letter' | 'call' | 'sms';
  at: number;
  stepId: string;
  template: string;
  tone: Tone;
  registered: boolean;
  formalNotice: boolean;
  attachInvoice: boolean;
  copyByEmail: boolean;
  /** The formal notice's deadline runs from the letter's first presentation: the letter states the delay, not a date. */
  noticeFromPresentation?: boolean;
  /** A notice announcement: when the invoice plans its formal notice (the announcement names that day). */
  noticeAt?: number;
  call?: { taskId: string; kind: CallTaskKind; objective: string; script: string; assignee: Assignee };
  /** An SMS: the number (E.164) it goes to, chosen by the invoice (a mobile that has not answered STOP). */
  smsTo?: string;
}

/** Invoice -> debtor, whenever the invoice's picture or its next touch changes. */
export interface InvoiceSync {
  invoiceId: string;
  workflowId: string;
  invoice: Invoice;
  stage: string;
  closed: boolean;
  amountDueCents: number;
  paidCents: number;
  indemnityCents: number;
  penaltyRatePct: number;
  /** The terms of sale's rate (policy.penalties.contractualRatePct), if any: else the half-year reference rate. */
  contractualRatePct?: number;
  /** Local date of the invoice's formal notice: a consumer owes legal interest from it (C. civ. 1231-6). */
  noticeDate?: string;
  /** Payments applied to interest first (C. civ. 1343-1). */
  interestPaidCents?: number;
  balances: Array<{ from: string; amountCents: number }>;
  /** The invoice's own open call task, answered through a merged debtor call. */
  openTaskId?: string;
  recipient?: Contact;
  addressee: Contact;
  previousTouches: Array<{ date: string; channel: Channel; template: string }>;
  planned?: PlannedTouch;
  /** The invoice calls for the account hold (policy accountHold): the debtor holds while any invoice does. */
  holdWanted?: true;
  /** Protocol 2: increases with every sync of this invoice; the debtor ignores older ones. */
  seq?: number;
  protocol?: 2;
}

/** Fields a full sync may leave out: a delta names them in `unset` when they went away. */
export const UNSETTABLE = ['contractualRatePct', 'noticeDate', 'interestPaidCents', 'openTaskId', 'recipient', 'planned', 'holdWanted'] as const;
export type UnsettableField = (typeof UNSETTABLE)[number];
/** What a delta may carry: every field of the picture (the envelope is always there). */
export type SyncField = Exclude<keyof InvoiceSync, 'invoiceId' | 'workflowId' | 'seq' | 'protocol'>;

/**
 * Protocol 3 (docs/coordination.md): only the top-level fields whose JSON differs from the sync
 * `base` (a seq the debtor holds for this invoice), and the optional ones gone since (`unset`).
 * Sent only to a debtor run that said it reads them (`DebtorProtocol`).
 */
export type InvoiceSyncDelta = Partial<Pick<InvoiceSync, SyncField>> & {
  invoiceId: string;
  workflowId: string;
  seq: number;
  protocol: 3;
  base: number;
  unset?: UnsettableField[];
};

/** Debtor -> invoice: this debtor run reads syncs of `protocol` (3: deltas), said once per debtor run and invoice. */
export interface DebtorProtocol {
  protocol: number;
}

/** Debtor -> invoice: a delta (`seq`) did not apply to what the debtor holds: send the whole picture. */
export interface DebtorResync {
  seq: number;
}

/** Debtor -> invoice: the touch `key` was performed (alone or merged with others) at `at`, or failed. */
export interface DebtorTouchDone {
  key: string;
  at: number;
  receipt?: SendReceipt;
  to?: string;
  debtorTaskId?: string;
  mergedInvoiceIds: string[];
  /** Protocol 2: the debtor's send (`<debtor workflow id>/<groupId>` is its idempotency key). */
  groupId?: string;
  /** Protocol 2: the template the debtor used (the harshest of the merged touches). */
  template?: string;
  /** A letter's email copy, sent with it. */
  copy?: { receipt: SendReceipt; to: string };
  /** The send failed for good (after retries): the invoice moves on as after its own failed send. */
  failed?: string;
  /** The provider refused the email address: the invoice falls back to a letter and flags it. */
  bounced?: { email: string; error: string };
}

/** Debtor -> invoice: a message sent for it that was not one of its planned touches (a merged call's follow-up). */
export interface DebtorSent {
  groupId: string;
  at: number;
  template: TemplateId;
  receipt: SendReceipt;
  to: string;
  debtorTaskId?: string;
}

/** Debtor -> invoice: this invoice's share of a merged call's outcome. */
export interface ForwardedCallOutcome {
  outcome: CallOutcome;
  debtorTaskId: string;
  debtorAttempts: number;
}

/** Debtor -> invoice: every sync up to `seq` is processed and nothing sent for the invoice is still in flight. */
export interface DebtorAck {
  seq: number;
}

/** Debtor -> invoice: a debtor-level payment's share, as a payment of the invoice. */
export type PaymentShare = PaymentReceived;

// --- plain-data specs of the internal signals (a bad one is recorded and ignored) -----------------

const ReceiptSpec = {
  t: 'object',
  fields: {
    messageId: { t: 'string', min: 1 },
    channel: { t: 'enum', values: ['email', 'letter', 'sms'] },
    duplicate: { t: 'boolean', optional: true, default: false },
    path: { t: 'string', optional: true },
    trackingNumber: { t: 'string', optional: true },
    provider: { t: 'string', optional: true, default: 'unknown' },
    providerMessageId: { t: 'string', optional: true },
    uncertain: { t: 'object', fields: { since: { t: 'string' }, reason: { t: 'string' } }, optional: true },
  },
} as const satisfies Spec;

const PlannedTouchSpec = {
  t: 'object',
  optional: true,
  fields: {
    key: { t: 'string', min: 1 },
    channel: { t: 'enum', values: ['email', 'letter', 'call', 'sms'] },
    at: { t: 'number' },
    stepId: { t: 'string', min: 1 },
    template: { t: 'string', min: 1 },
    tone: { t: 'enum', values: TONES },
    registered: { t: 'boolean' },
    formalNotice: { t: 'boolean' },
    attachInvoice: { t: 'boolean' },
    copyByEmail: { t: 'boolean' },
    noticeFromPresentation: { t: 'boolean', optional: true },
    noticeAt: { t: 'number', optional: true },
    call: {
      t: 'object',
      optional: true,
      fields: {
        taskId: { t: 'string', min: 1 },
        kind: { t: 'enum', values: ['pre_due', 'reminder', 'broken_promise', 'document_follow_up', 'plan_negotiation', 'call_back'] },
        objective: { t: 'string' },
        script: { t: 'string' },
        assignee: { t: 'enum', values: ['sales_rep', 'collector', 'credit_controller', 'manager'] },
      },
    },
    smsTo: { t: 'string', optional: true },
  },
} as const satisfies Spec;

export const InvoiceSyncSpec = {
  t: 'object',
  fields: {
    invoiceId: { t: 'string', min: 1 },
    workflowId: { t: 'string', min: 1 },
    invoice: InvoiceSpec,
    stage: { t: 'string' },
    closed: { t: 'boolean' },
    amountDueCents: { t: 'int', min: 0 },
    paidCents: { t: 'int', min: 0 },
    indemnityCents: { t: 'int', min: 0 },
    penaltyRatePct: { t: 'number', min: 0 },
    contractualRatePct: { t: 'number', min: 0, optional: true },
    noticeDate: { t: 'date', optional: true },
    interestPaidCents: { t: 'int', min: 0, optional: true },
    balances: { t: 'array', of: { t: 'object', fields: { from: { t: 'date' }, amountCents: { t: 'int', min: 0 } } } },
    openTaskId: { t: 'string', optional: true },
    recipient: { ...ContactSpec, optional: true },
    addressee: ContactSpec,
    previousTouches: {
      t: 'array',
      of: { t: 'object', fields: { date: { t: 'date' }, channel: { t: 'enum', values: CHANNELS }, template: { t: 'string' } } },
    },
    planned: PlannedTouchSpec,
    holdWanted: { t: 'literal', value: true, optional: true },
    seq: { t: 'int', min: 0, optional: true },
    protocol: { t: 'literal', value: 2, optional: true },
  },
} as const satisfies Spec;

/** Every field of a spec's object made optional (a delta carries any of them). */
type AllOptional<F> = { [K in keyof F]: F[K] & { optional: true } };
function allOptional<F extends Record<string, Spec>>(fields: F): AllOptional<F> {
  const out: Record<string, Spec> = {};
  for (const [k, spec] of Object.entries(fields)) out[k] = { ...spec, optional: true };
  return out as AllOptional<F>;
}

const { invoiceId, workflowId, seq: _seq, protocol: _protocol, ...pictureFields } = InvoiceSyncSpec.fields;

export const InvoiceSyncDeltaSpec = {
  t: 'object',
  fields: {
    invoiceId,
    workflowId,
    seq: { t: 'int', min: 0 },
    protocol: { t: 'literal', value: 3 },
    base: { t: 'int', min: 0 },
    unset: { t: 'array', of: { t: 'enum', values: UNSETTABLE }, optional: true },
    ...allOptional(pictureFields),
  },
} as const satisfies Spec;

/** A delta is protocol 3 with a base; anything else is checked as a full sync. */
export function isDeltaShaped(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'base' in raw && 'protocol' in raw && raw.protocol === 3;
}

export const DebtorProtocolSpec = { t: 'object', fields: { protocol: { t: 'int', min: 1 } } } as const satisfies Spec;
export const DebtorResyncSpec = { t: 'object', fields: { seq: { t: 'int', min: 0 } } } as const satisfies Spec;

export const DebtorTouchDoneSpec = {
  t: 'object',
  fields: {
    key: { t: 'string', min: 1 },
    at: { t: 'number' },
    receipt: { ...ReceiptSpec, optional: true },
    to: { t: 'string', optional: true },
    debtorTaskId: { t: 'string', optional: true },
    mergedInvoiceIds: { t: 'array', of: { t: 'string' } },
    groupId: { t: 'string', optional: true },
    template: { t: 'string', optional: true },
    copy: { t: 'object', optional: true, fields: { receipt: ReceiptSpec, to: { t: 'string' } } },
    failed: { t: 'string', optional: true },
    bounced: { t: 'object', optional: true, fields: { email: { t: 'string' }, error: { t: 'string' } } },
  },
} as const satisfies Spec;

export const DebtorSentSpec = {
  t: 'object',
  fields: {
    groupId: { t: 'string', min: 1 },
    at: { t: 'number' },
    template: { t: 'enum', values: TEMPLATE_IDS },
    receipt: ReceiptSpec,
    to: { t: 'string' },
    debtorTaskId: { t: 'string', optional: true },
  },
} as const satisfies Spec;

export const ForwardedCallOutcomeSpec = {
  t: 'object',
  fields: { outcome: CallOutcomeSpec, debtorTaskId: { t: 'string', min: 1 }, debtorAttempts: { t: 'int', min: 0 } },
} as const satisfies Spec;

export const DebtorAckSpec = { t: 'object', fields: { seq: { t: 'int', min: 0 } } } as const satisfies Spec;
