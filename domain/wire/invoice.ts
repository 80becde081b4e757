import { isValidTimeZone } from '../calendar';
import type { Spec } from './schema';

/** The plain-data twin of domain/invoice.ts (zod, at the CLI). */

// Same pattern as zod's z.email(), so both sides agree on every address.
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

export const CentsSpec = { t: 'int', min: 0 } as const;
export const PositiveCentsSpec = { t: 'int', min: 1, hint: 'must be more than 0' } as const;

export const ContactSpec = {
  t: 'object',
  fields: {
    name: { t: 'string', min: 1 },
    role: { t: 'enum', values: ['accounts_payable', 'purchasing', 'manager', 'sales', 'other'], optional: true, default: 'accounts_payable' },
    email: { t: 'string', pattern: EMAIL, hint: 'an email address', optional: true },
    phone: { t: 'string', min: 3, optional: true },
  },
} as const satisfies Spec;

export const AddressSpec = {
  t: 'object',
  fields: {
    lines: { t: 'array', of: { t: 'string', min: 1 }, min: 1 },
    postalCode: { t: 'string', min: 1 },
    city: { t: 'string', min: 1 },
    country: { t: 'string', optional: true, default: 'FR' },
  },
} as const satisfies Spec;

export const DebtorSpec = {
  t: 'object',
  fields: {
    debtorId: { t: 'string', min: 1 },
    name: { t: 'string', min: 1 },
    kind: { t: 'enum', values: ['professional', 'consumer'], optional: true, default: 'professional' },
    siren: { t: 'string', optional: true },
    address: { ...AddressSpec, optional: true },
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
    invoiceId: { t: 'string', pattern: /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, hint: 'letters, digits, . _ - / (it becomes the workflow id)' },
    debtor: DebtorSpec,
    issueDate: { t: 'date' },
    dueDate: { t: 'date' },
    amountCents: PositiveCentsSpec,
    amountDueCents: { ...CentsSpec, optional: true },
    currency: { t: 'string', pattern: /^[A-Z]{3}$/, hint: 'a 3-letter ISO currency code, e.g. EUR', optional: true, default: 'EUR' },
    description: { t: 'string', optional: true },
    orderRef: { t: 'string', optional: true },
    orderDate: { t: 'date', optional: true },
    deliveryDate: { t: 'date', optional: true },
    pdfPath: { t: 'string', optional: true },
    assignee: { t: 'string', optional: true },
  },
  rules: [
    (i) =>
      typeof i.amountDueCents === 'number' && typeof i.amountCents === 'number' && i.amountDueCents > i.amountCents
        ? { path: 'amountDueCents', message: 'amountDueCents cannot be more than amountCents' }
        : undefined,
    (i) => (String(i.dueDate) < String(i.issueDate) ? { path: 'dueDate', message: 'dueDate is before issueDate' } : undefined),
  ],
} as const satisfies Spec;
