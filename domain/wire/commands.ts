import { ContactSpec, PositiveCentsSpec } from './invoice';
import type { Issue, Spec } from './schema';

/** The plain-data twins of domain/invoice/commands.ts (zod, at the CLI): what signals and updates carry. */

const Reason = { t: 'string', trim: true, min: 3, hint: 'say why (at least 3 characters)' } as const;
const Text = { t: 'string', optional: true } as const;
const NonPaymentReason = {
  t: 'enum',
  values: ['forgot', 'not_received', 'cannot_pay', 'invoice_wrong', 'goods_returned', 'customer_not_paid', 'in_progress', 'refused', 'other'],
  optional: true,
} as const;
const DocumentKind = { t: 'enum', values: ['invoice', 'delivery_note', 'other'], optional: true } as const;

export const PaymentReceivedSpec = {
  t: 'object',
  fields: { paymentId: { t: 'string', min: 1 }, amountCents: PositiveCentsSpec, paidOn: { t: 'date', optional: true }, reference: Text },
} as const satisfies Spec;

export const DisputeOpenedSpec = {
  t: 'object',
  fields: {
    disputeId: { t: 'string', min: 1, optional: true },
    kind: { t: 'enum', values: ['administrative', 'commercial', 'technical'] },
    details: { t: 'string', trim: true, min: 3, hint: 'describe the dispute' },
    returnDetails: Text,
  },
} as const satisfies Spec;

export const DisputeResolvedSpec = {
  t: 'object',
  fields: {
    disputeId: { t: 'string', min: 1 },
    resolution: { t: 'enum', values: ['resume', 'credit_note'] },
    creditNoteCents: { ...PositiveCentsSpec, optional: true },
    creditNoteRef: Text,
    note: Text,
  },
  rules: [
    (r) =>
      r.resolution === 'credit_note' && r.creditNoteCents === undefined
        ? { path: 'creditNoteCents', message: 'a credit note needs its amount (creditNoteCents)' }
        : undefined,
  ],
} as const satisfies Spec;

export const PauseSpec = { t: 'object', fields: { reason: Reason, until: { t: 'date', optional: true }, by: Text } } as const satisfies Spec;
export const ResumeSpec = { t: 'object', fields: { reason: Text, by: Text } } as const satisfies Spec;
export const CancelSpec = { t: 'object', fields: { reason: Reason, by: Text } } as const satisfies Spec;
export const ContactChangedSpec = {
  t: 'object',
  fields: { contact: ContactSpec, primary: { t: 'boolean', optional: true, default: true } },
} as const satisfies Spec;
export const InsolvencyOpenedSpec = {
  t: 'object',
  fields: {
    procedure: { t: 'enum', values: ['safeguard', 'receivership', 'liquidation', 'other'], optional: true, default: 'other' },
    reference: Text,
    administrator: Text,
    mandatary: Text,
    openedOn: { t: 'date', optional: true },
    bodaccPublishedOn: { t: 'date', optional: true },
  },
} as const satisfies Spec;

export const LetterEventSpec = {
  t: 'object',
  fields: {
    event: { t: 'enum', values: ['presented', 'delivered', 'returned'] },
    on: { t: 'date' },
    reason: { t: 'enum', values: ['unclaimed', 'refused', 'address_unknown'], optional: true },
    presentedOn: { t: 'date', optional: true },
    trackingNumber: { t: 'string', min: 1, optional: true },
    source: Text,
  },
} as const satisfies Spec;

const PromiseSpec = { t: 'object', fields: { date: { t: 'date' }, amountCents: PositiveCentsSpec }, optional: true } as const;
const InstalmentSpec = { t: 'object', fields: { date: { t: 'date' }, amountCents: PositiveCentsSpec } } as const;
const SettlementSpec = {
  t: 'object',
  fields: { amountCents: PositiveCentsSpec, approvedBy: { t: 'string', min: 1 }, payBy: { t: 'date' } },
  optional: true,
} as const;
const DisputeField = { ...DisputeOpenedSpec, optional: true } as const;

const CallBackSpec = {
  t: 'object',
  optional: true,
  fields: { date: { t: 'date' }, time: { t: 'string', pattern: /^([01]\d|2[0-3]):[0-5]\d$/, hint: 'a local time written HH:MM, e.g. 14:30', optional: true } },
} as const;
const Flag = { t: 'boolean', optional: true } as const;
/** What a call-back or a tense call adds to an outcome (invoice and merged calls alike). */
const CallBackFields = { confirmedAtTerm: Flag, callBack: CallBackSpec, tense: Flag } as const;

/** The first of `fields` set on a call where nobody was reached. */
function unreachedIssue(o: Record<string, unknown>, fields: readonly string[]): Issue | undefined {
  if (o.reached !== false) return undefined;
  const k = fields.find((f) => o[f] !== undefined && o[f] !== false);
  return k ? { path: k, message: `${k} needs a call where someone was reached` } : undefined;
}

function commitmentRules(o: Record<string, unknown>): Issue | undefined {
  const commitments = ['promise', 'plan', 'settlement'].filter((k) => o[k] !== undefined);
  if (commitments.length > 1) return { path: commitments[1], message: `only one of promise, plan, settlement (got ${commitments.join(', ')})` };
  return unreachedIssue(o, ['promise', 'plan', 'settlement', 'dispute', 'documentRequested', 'confirmedAtTerm', 'callBack', 'tense']);
}

/** A payment plan agreed on a call: two instalments at least. */
const PlanField = { t: 'object', fields: { instalments: { t: 'array', of: InstalmentSpec, min: 2 } }, optional: true } as const;

export const CallOutcomeSpec = {
  t: 'object',
  fields: {
    taskId: { t: 'string', min: 1 },
    reached: { t: 'boolean' },
    contactName: Text,
    collector: Text,
    reason: NonPaymentReason,
    promise: PromiseSpec,
    plan: PlanField,
    dispute: DisputeField,
    settlement: SettlementSpec,
    hardship: { t: 'boolean', optional: true },
    documentRequested: DocumentKind,
    contactUpdate: { ...ContactSpec, optional: true },
    notes: { t: 'string', max: 4000, optional: true },
    ...CallBackFields,
  },
  rules: [commitmentRules],
} as const satisfies Spec;

const ShareSpec = {
  t: 'object',
  fields: {
    invoiceId: { t: 'string', min: 1 },
    reason: NonPaymentReason,
    promise: PromiseSpec,
    plan: PlanField,
    dispute: DisputeField,
    settlement: SettlementSpec,
    documentRequested: DocumentKind,
  },
} as const;

export const DebtorCallOutcomeSpec = {
  t: 'object',
  fields: {
    debtorTaskId: { t: 'string', min: 1 },
    reached: { t: 'boolean' },
    contactName: Text,
    collector: Text,
    reason: NonPaymentReason,
    hardship: { t: 'boolean', optional: true },
    notes: { t: 'string', max: 4000, optional: true },
    promiseAll: { t: 'object', fields: { date: { t: 'date' } }, optional: true },
    shares: { t: 'array', of: ShareSpec, optional: true, default: [] },
    ...CallBackFields,
  },
  rules: [
    (o) => unreachedIssue(o, ['confirmedAtTerm', 'callBack', 'tense']),
    (o) => {
      const ids = (o.shares as Array<{ invoiceId: string }>).map((s) => s.invoiceId);
      const dup = ids.findIndex((id, i) => ids.indexOf(id) !== i);
      return dup >= 0 ? { path: `shares.${dup}.invoiceId`, message: `invoice ${ids[dup]} appears twice` } : undefined;
    },
    (o) =>
      o.reached === false && (o.promiseAll !== undefined || (o.shares as unknown[]).length > 0)
        ? { path: 'shares', message: 'promises, plans and disputes need a call where someone was reached' }
        : undefined,
    (o) =>
      o.promiseAll !== undefined && (o.shares as Array<Record<string, unknown>>).some((s) => s.promise || s.plan || s.settlement)
        ? { path: 'promiseAll', message: 'promiseAll covers every invoice: do not add promises, plans or settlements per invoice' }
        : undefined,
  ],
} as const satisfies Spec;

export const DebtorPaymentSpec = {
  t: 'object',
  fields: {
    paymentId: { t: 'string', min: 1 },
    amountCents: PositiveCentsSpec,
    paidOn: { t: 'date', optional: true },
    invoiceIds: { t: 'array', of: { t: 'string', min: 1 }, optional: true },
  },
} as const satisfies Spec;
