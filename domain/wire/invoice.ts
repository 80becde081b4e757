import { isValidTimeZone } from '../time/calendar';
import { INVOICE_MAX_BYTES, invoiceSizeMessage, largestText, MAX_DEBTOR_ID_BYTES, MAX_INVOICE_ID_BYTES, TEMPORAL_LIMITS, utf8Length } from '../text/limits';
import type { Spec } from './schema';

/** The plain-data twin of domain/invoice/schema.ts (zod, at the CLI). */

// Same pattern as zod's z.email(), so both sides agree on every address.
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** Text fields: no control characters; what becomes an id or a search attribute within Temporal's bytes. */
const Line = { t: 'string', controls: 'line' } as const;
const Keyword = { ...Line, maxBytes: TEMPORAL_LIMITS.keywordBytes, bytesReason: 'keyword' } as const;

export const CentsSpec = { t: 'int', min: 0 } as const;
export const PositiveCentsSpec = { t: 'int', min: 1, hint: 'must be more than 0' } as const;

export const ContactSpec = {
  t: 'object',
  fields: {
    name: { ...Line, min: 1 },
    civility: { t: 'enum', values: ['madame', 'monsieur'], optional: true },
    lastName: { ...Line, min: 1, optional: true },
    role: { t: 'enum', values: ['accounts_payable', 'purchasing', 'manager', 'sales', 'other'], optional: true, default: 'accounts_payable' },
    email: { t: 'string', pattern: EMAIL, hint: 'an email address', optional: true },
    phone: { ...Line, min: 3, optional: true },
  },
} as const satisfies Spec;

export const AddressSpec = {
  t: 'object',
  fields: {
    lines: { t: 'array', of: { ...Line, min: 1 }, min: 1 },
    postalCode: { ...Line, min: 1 },
    city: { ...Line, min: 1 },
    country: { ...Line, optional: true, default: 'FR' },
  },
} as const satisfies Spec;

export const DebtorSpec = {
  t: 'object',
  fields: {
    debtorId: { ...Line, min: 1, maxBytes: MAX_DEBTOR_ID_BYTES, bytesReason: 'debtorWorkflowId' },
    name: { ...Keyword, min: 1 },
    kind: { t: 'enum', values: ['professional', 'consumer'], optional: true, default: 'professional' },
    siren: { ...Line, optional: true },
    address: { ...AddressSpec, optional: true },
    registeredOffice: { ...AddressSpec, optional: true },
    legalRepresentative: {
      t: 'object',
      optional: true,
      fields: { name: { ...Line, min: 1 }, title: { ...Line, min: 1, optional: true }, civility: { t: 'enum', values: ['madame', 'monsieur'], optional: true } },
    },
    timeZone: { t: 'string', optional: true, default: 'Europe/Paris' },
    language: { t: 'enum', values: ['fr', 'en'], optional: true, default: 'fr' },
    contacts: { t: 'array', of: ContactSpec, min: 1 },
    paymentBehaviour: { t: 'enum', values: ['new', 'good', 'occasional_late', 'chronic_late'], optional: true, default: 'new' },
  },
  rules: [(d) => (typeof d.timeZone === 'string' && !isValidTimeZone(d.timeZone) ? { path: 'timeZone', message: 'an IANA time zone such as Europe/Paris' } : undefined)],
} as const satisfies Spec;

export const InvoiceSpec = {
  t: 'object',
  fields: {
    invoiceId: {
      t: 'string',
      pattern: /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/,
      hint: 'letters, digits, . _ - / (it becomes the workflow id)',
      maxBytes: MAX_INVOICE_ID_BYTES,
      bytesReason: 'invoiceWorkflowId',
    },
    debtor: DebtorSpec,
    issueDate: { t: 'date' },
    dueDate: { t: 'date' },
    amountCents: PositiveCentsSpec,
    amountDueCents: { ...CentsSpec, optional: true },
    currency: { t: 'string', pattern: /^[A-Z]{3}$/, hint: 'a 3-letter ISO currency code, e.g. EUR', optional: true, default: 'EUR' },
    description: { t: 'string', controls: 'text', optional: true },
    orderRef: { ...Line, optional: true },
    orderDate: { t: 'date', optional: true },
    deliveryDate: { t: 'date', optional: true },
    paymentMethod: { t: 'enum', values: ['transfer', 'direct_debit', 'card', 'cheque'], optional: true },
    pdfPath: { ...Line, optional: true },
    assignee: { ...Keyword, optional: true },
  },
  rules: [
    (i) =>
      typeof i.amountDueCents === 'number' && typeof i.amountCents === 'number' && i.amountDueCents > i.amountCents
        ? { path: 'amountDueCents', message: 'amountDueCents cannot be more than amountCents' }
        : undefined,
    (i) => (String(i.dueDate) < String(i.issueDate) ? { path: 'dueDate', message: 'dueDate is before issueDate' } : undefined),
    (i) => {
      const bytes = utf8Length(JSON.stringify(i));
      return bytes > INVOICE_MAX_BYTES ? { path: largestText(i).join('.'), message: invoiceSizeMessage(bytes) } : undefined;
    },
  ],
} as const satisfies Spec;
