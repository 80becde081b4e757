import { z } from 'zod';

/** Money is integer cents; formatting happens only at the edges. */
export const Cents = z.number().int().nonnegative();
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'a 3-letter ISO currency code, e.g. EUR');

/** Calendar dates travel as `YYYY-MM-DD` strings: they mean a day in the debtor's time zone. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real calendar date');

export const ContactRole = z.enum(['accounts_payable', 'purchasing', 'manager', 'sales', 'other']);

export const ContactSchema = z.object({
  name: z.string().min(1),
  role: ContactRole.default('accounts_payable'),
  email: z.email().optional(),
  phone: z.string().min(3).optional(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const AddressSchema = z.object({
  lines: z.array(z.string().min(1)).min(1),
  postalCode: z.string().min(1),
  city: z.string().min(1),
  country: z.string().default('FR'),
});
export type Address = z.infer<typeof AddressSchema>;

/**
 * Checking a zone builds an Intl formatter (~70 µs): a bulk import of 10 000 invoices checks the
 * same few zones over and over, so answers are kept. Same input, same answer: safe in workflows.
 */
const checkedZones = new Map<string, boolean>();
function isTimeZone(tz: string): boolean {
  let ok = checkedZones.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    checkedZones.set(tz, ok);
  }
  return ok;
}

export const DebtorSchema = z.object({
  debtorId: z.string().min(1),
  name: z.string().min(1),
  /** B2B by default: the fixed EUR 40 indemnity applies to professionals only (domain.md §8). */
  kind: z.enum(['professional', 'consumer']).default('professional'),
  siren: z.string().optional(),
  address: AddressSchema.optional(),
  timeZone: z.string().default('Europe/Paris').refine(isTimeZone, 'an IANA time zone such as Europe/Paris'),
  language: z.enum(['fr', 'en']).default('fr'),
  /** First contact is the primary one; others are escalation targets (domain.md §2, D+21). */
  contacts: z.array(ContactSchema).min(1),
  /** Payment behaviour shown in the call brief and used by the worklist score (domain.md §4, §5). */
  paymentBehaviour: z.enum(['new', 'good', 'occasional_late', 'chronic_late']).default('new'),
});
export type Debtor = z.infer<typeof DebtorSchema>;

export const InvoiceSchema = z
  .object({
    invoiceId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'letters, digits, . _ - / (it becomes the workflow id)'),
    debtor: DebtorSchema,
    issueDate: IsoDate,
    dueDate: IsoDate,
    amountCents: Cents.refine((n) => n > 0, 'must be more than 0'),
    /** What is still due when dunning starts (partial payments received before); defaults to the amount. */
    amountDueCents: Cents.optional(),
    currency: Currency.default('EUR'),
    description: z.string().optional(),
    orderRef: z.string().optional(),
    orderDate: IsoDate.optional(),
    deliveryDate: IsoDate.optional(),
    /** Path of the invoice PDF, attached to the first reminder when present. */
    pdfPath: z.string().optional(),
    /** The collector who owns this invoice's calls. */
    assignee: z.string().optional(),
  })
  .refine((inv) => inv.amountDueCents === undefined || inv.amountDueCents <= inv.amountCents, {
    message: 'amountDueCents cannot be more than amountCents',
    path: ['amountDueCents'],
  })
  .refine((inv) => inv.dueDate >= inv.issueDate, { message: 'dueDate is before issueDate', path: ['dueDate'] });
export type Invoice = z.infer<typeof InvoiceSchema>;
/** What callers write (defaults not yet applied). */
export type InvoiceInput = z.input<typeof InvoiceSchema>;

export function workflowIdFor(invoiceId: string): string {
  return `dunning-${invoiceId}`;
}
