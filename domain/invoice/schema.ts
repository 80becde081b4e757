import { z } from 'zod';
import { parsePhone } from '../text/phone';
import { byteLimitMessage, controlMessage, findControl, INVOICE_MAX_BYTES, invoiceSizeMessage, largestText, MAX_DEBTOR_ID_BYTES, MAX_INVOICE_ID_BYTES, TEMPORAL_LIMITS, utf8Length, type ByteLimitReason } from '../text/limits';

/** Money is integer cents; formatting happens only at the edges. */
export const Cents = z.number().int().nonnegative();
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'a 3-letter ISO currency code, e.g. EUR');

/** Calendar dates travel as `YYYY-MM-DD` strings: they mean a day in the debtor's time zone. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real calendar date');

/**
 * Text as the debtor's data may hold it: no control characters (domain/text/limits.ts says which and
 * why), and, for what becomes a workflow id or a search attribute, no more bytes than Temporal keeps.
 * The wire twin (domain/wire/invoice.ts) refuses the same with the same words.
 */
export function text(opts: { min?: number; multiline?: boolean; maxBytes?: number; bytesReason?: ByteLimitReason } = {}) {
  const base = opts.min ? z.string().min(opts.min) : z.string();
  return base.superRefine((v, ctx) => {
    const bad = findControl(v, opts.multiline);
    if (bad) ctx.addIssue({ code: 'custom', message: controlMessage(bad) });
    else if (opts.maxBytes !== undefined && opts.bytesReason) {
      const n = utf8Length(v);
      if (n > opts.maxBytes) ctx.addIssue({ code: 'custom', message: byteLimitMessage(opts.bytesReason, n) });
    }
  });
}
const Keyword = (min?: number) => text({ min, maxBytes: TEMPORAL_LIMITS.keywordBytes, bytesReason: 'keyword' });

export const ContactRole = z.enum(['accounts_payable', 'purchasing', 'manager', 'sales', 'other']);

/** How to greet a person: "Bonjour Madame Lambert" / "Dear Ms Lambert" (absent: the full name, no civility). */
export const Civility = z.enum(['madame', 'monsieur']);

export const ContactSchema = z.object({
  name: text({ min: 1 }),
  civility: Civility.optional(),
  /** The name after the civility; absent: the full name. */
  lastName: text({ min: 1 }).optional(),
  role: ContactRole.default('accounts_payable'),
  email: z.email().optional(),
  /** As written (what a collector dials); it must read as a phone number (domain/text/phone.ts), the SMS goes to its E.164 form. */
  phone: text({ min: 3 })
    .superRefine((v, ctx) => {
      const p = parsePhone(v);
      if (!p.ok) ctx.addIssue({ code: 'custom', message: p.message });
    })
    .optional(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const AddressSchema = z.object({
  lines: z.array(text({ min: 1 })).min(1),
  postalCode: text({ min: 1 }),
  city: text({ min: 1 }),
  country: text().default('FR'),
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
  debtorId: text({ min: 1, maxBytes: MAX_DEBTOR_ID_BYTES, bytesReason: 'debtorWorkflowId' }),
  name: Keyword(1),
  /** B2B by default: the fixed EUR 40 indemnity applies to professionals only (domain.md §8). */
  kind: z.enum(['professional', 'consumer']).default('professional'),
  siren: text().optional(),
  address: AddressSchema.optional(),
  /** Registered office (siège social): where a formal notice to a company goes; absent: `address`. */
  registeredOffice: AddressSchema.optional(),
  /** The company's legal representative (gérant, président...): the formal notice is addressed to them. */
  legalRepresentative: z.object({ name: text({ min: 1 }), title: text({ min: 1 }).optional(), civility: Civility.optional() }).optional(),
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
    invoiceId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'letters, digits, . _ - / (it becomes the workflow id)')
      .superRefine((v, ctx) => {
        if (v.length > MAX_INVOICE_ID_BYTES) ctx.addIssue({ code: 'custom', message: byteLimitMessage('invoiceWorkflowId', v.length) });
      }),
    debtor: DebtorSchema,
    issueDate: IsoDate,
    dueDate: IsoDate,
    amountCents: Cents.refine((n) => n > 0, 'must be more than 0'),
    /** What is still due when dunning starts (partial payments received before); defaults to the amount. */
    amountDueCents: Cents.optional(),
    currency: Currency.default('EUR'),
    description: text({ multiline: true }).optional(),
    orderRef: text().optional(),
    orderDate: IsoDate.optional(),
    deliveryDate: IsoDate.optional(),
    /** Path of the invoice PDF, attached to the first reminder when present. */
    pdfPath: text().optional(),
    /**
     * How the debtor pays it. "direct_debit": the creditor collects it (SEPA mandate): no reminder
     * before the debit has had time to settle (policy.directDebit, domain.md §9).
     */
    paymentMethod: z.enum(['transfer', 'direct_debit', 'card', 'cheque']).optional(),
    /** The collector who owns this invoice's calls. */
    assignee: Keyword().optional(),
  })
  .refine((inv) => inv.amountDueCents === undefined || inv.amountDueCents <= inv.amountCents, {
    message: 'amountDueCents cannot be more than amountCents',
    path: ['amountDueCents'],
  })
  .refine((inv) => inv.dueDate >= inv.issueDate, { message: 'dueDate is before issueDate', path: ['dueDate'] })
  .superRefine((inv, ctx) => {
    const bytes = utf8Length(JSON.stringify(inv));
    if (bytes > INVOICE_MAX_BYTES) ctx.addIssue({ code: 'custom', message: invoiceSizeMessage(bytes), path: largestText(inv) });
  });
export type Invoice = z.infer<typeof InvoiceSchema>;
/** What callers write (defaults not yet applied). */
export type InvoiceInput = z.input<typeof InvoiceSchema>;

export function workflowIdFor(invoiceId: string): string {
  return `dunning-${invoiceId}`;
}
