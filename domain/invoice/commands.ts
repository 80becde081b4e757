import { z } from 'zod';
import { Cents, ContactSchema, IsoDate } from './schema';

/**
 * Payloads of the workflow's signals and update, parsed with zod on both sides of the wire:
 * by the CLI before sending, and by the workflow before it trusts them.
 */
const Positive = Cents.refine((n) => n > 0, 'must be more than 0');
const Reason = z.string().trim().min(3, 'say why (at least 3 characters)');

export const PaymentReceivedSchema = z.object({
  /** Bank transaction or remittance id: the same payment signalled twice is counted once. */
  paymentId: z.string().min(1),
  amountCents: Positive,
  paidOn: IsoDate.optional(),
  reference: z.string().optional(),
});
export type PaymentReceived = z.infer<typeof PaymentReceivedSchema>;

export const DisputeKind = z.enum(['administrative', 'commercial', 'technical']);
export const DisputeOpenedSchema = z.object({
  disputeId: z.string().min(1).optional(),
  kind: DisputeKind,
  details: z.string().trim().min(3, 'describe the dispute'),
  /** "We returned the goods": return date, carrier, reference. */
  returnDetails: z.string().optional(),
});
export type DisputeOpened = z.infer<typeof DisputeOpenedSchema>;

export const DisputeResolvedSchema = z
  .object({
    disputeId: z.string().min(1),
    /** resume: the claim was rejected or fixed, dunning resumes; credit_note: the invoice is cancelled or reduced. */
    resolution: z.enum(['resume', 'credit_note']),
    creditNoteCents: Positive.optional(),
    creditNoteRef: z.string().optional(),
    note: z.string().optional(),
  })
  .refine((r) => r.resolution !== 'credit_note' || r.creditNoteCents !== undefined, {
    message: 'a credit note needs its amount (creditNoteCents)',
    path: ['creditNoteCents'],
  });
export type DisputeResolved = z.infer<typeof DisputeResolvedSchema>;

export const PauseSchema = z.object({ reason: Reason, until: IsoDate.optional(), by: z.string().optional() });
export const ResumeSchema = z.object({ reason: z.string().optional(), by: z.string().optional() });
export const CancelSchema = z.object({ reason: Reason, by: z.string().optional() });
export const ContactChangedSchema = z.object({
  contact: ContactSchema,
  /** Make it the contact reached first from now on. */
  primary: z.boolean().default(true),
});
export const InsolvencyOpenedSchema = z.object({
  procedure: z.enum(['safeguard', 'receivership', 'liquidation', 'other']).default('other'),
  reference: z.string().optional(),
  /** Older name of `mandatary`, kept so earlier signals still parse. */
  administrator: z.string().optional(),
  /** The mandataire judiciaire (safeguard, receivership) or the liquidateur (liquidation) the claim is filed with. */
  mandatary: z.string().optional(),
  openedOn: IsoDate.optional(),
  /** Publication of the opening judgment in the BODACC: the claim is due within 2 months of it (R622-24). */
  bodaccPublishedOn: IsoDate.optional(),
});
/**
 * What the postal side reports of a registered letter (La Poste tracking, a hybrid-mail provider's
 * webhook, or a person reading the avis de réception): its first presentation, its delivery, or its
 * return. A return "avisé non réclamé" (unclaimed) or refused still had its first presentation
 * (`presentedOn` when known); "address unknown" (NPAI, destinataire inconnu) reached nobody.
 */
export const LetterEventSchema = z.object({
  event: z.enum(['presented', 'delivered', 'returned']),
  on: IsoDate,
  reason: z.enum(['unclaimed', 'refused', 'address_unknown']).optional(),
  presentedOn: IsoDate.optional(),
  /** The letter's tracking number: checked against the notice's when both are known. */
  trackingNumber: z.string().min(1).optional(),
  /** Who reported it (provider name, "avis de réception", a person). */
  source: z.string().optional(),
});
export type LetterEvent = z.infer<typeof LetterEventSchema>;
export type Pause = z.infer<typeof PauseSchema>;
export type Resume = z.infer<typeof ResumeSchema>;
export type Cancel = z.infer<typeof CancelSchema>;
export type ContactChanged = z.infer<typeof ContactChangedSchema>;
export type InsolvencyOpened = z.infer<typeof InsolvencyOpenedSchema>;

/** Why the debtor has not paid, as heard on the call (objections of domain.md §3). */
export const NonPaymentReason = z.enum([
  'forgot',
  'not_received',
  'cannot_pay',
  'invoice_wrong',
  'goods_returned',
  'customer_not_paid',
  'in_progress',
  'refused',
  'other',
]);

export const InstalmentInputSchema = z.object({ date: IsoDate, amountCents: Positive });

/** "Call me back on the 15th (after 14:00)": the next call task opens then, in the debtor's call window (003 §6). */
export const CallBackSchema = z.object({
  date: IsoDate,
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time written HH:MM, e.g. 14:30').optional(),
});
export type CallBack = z.infer<typeof CallBackSchema>;

/** Outcomes that need someone on the line (a promise, a dispute... or a call-back agreed). */
const NEEDS_REACHED = ['promise', 'plan', 'settlement', 'dispute', 'documentRequested', 'confirmedAtTerm', 'callBack', 'tense'] as const;

export const CallOutcomeSchema = z
  .object({
    taskId: z.string().min(1),
    reached: z.boolean(),
    /** Who answered. */
    contactName: z.string().optional(),
    collector: z.string().optional(),
    reason: NonPaymentReason.optional(),
    /** A promise must carry a date (003 §8: "it's in progress" is not a promise). */
    promise: z.object({ date: IsoDate, amountCents: Positive }).optional(),
    plan: z.object({ instalments: z.array(InstalmentInputSchema).min(2, 'a plan has at least 2 instalments') }).optional(),
    dispute: DisputeOpenedSchema.optional(),
    /** Settlement with discount: needs an approver and a date to pay the agreed amount. */
    settlement: z.object({ amountCents: Positive, approvedBy: z.string().min(1), payBy: IsoDate }).optional(),
    hardship: z.boolean().optional(),
    /** "Never received": the document is resent now and followed up later. */
    documentRequested: z.enum(['invoice', 'delivery_note', 'other']).optional(),
    /** The person reached is not the right one: this is who to call instead. */
    contactUpdate: ContactSchema.optional(),
    notes: z.string().max(4000).optional(),
    /** "Received and validated, it will be paid at term": not a failure (domain.md §2); past the due date it needs a dated promise. */
    confirmedAtTerm: z.boolean().optional(),
    /** A call-back date agreed with the debtor (003 §6). */
    callBack: CallBackSchema.optional(),
    /** The call turned tense: paused, called back after the policy's delay (001). */
    tense: z.boolean().optional(),
  })
  .superRefine((o, ctx) => {
    const commitments = ['promise', 'plan', 'settlement'].filter((k) => o[k as 'promise'] !== undefined);
    if (commitments.length > 1) {
      ctx.addIssue({ code: 'custom', message: `only one of promise, plan, settlement (got ${commitments.join(', ')})`, path: [commitments[1]] });
    }
    if (!o.reached) {
      for (const k of NEEDS_REACHED) {
        if (o[k] !== undefined && o[k] !== false) ctx.addIssue({ code: 'custom', message: `${k} needs a call where someone was reached`, path: [k] });
      }
    }
  });
export type CallOutcome = z.infer<typeof CallOutcomeSchema>;
export type CallOutcomeInput = z.input<typeof CallOutcomeSchema>;

/** A zod error as one line per field, for CLI output and update rejections. */
export function describeZodError(err: z.ZodError, prefix = ''): string {
  return err.issues.map((i) => `${prefix}${i.path.length ? i.path.join('.') : '(value)'}: ${i.message}`).join('; ');
}

/** The collector's outcome of a merged call covering several invoices of one debtor. */
export const DebtorCallOutcomeSchema = z
  .object({
    debtorTaskId: z.string().min(1),
    reached: z.boolean(),
    contactName: z.string().optional(),
    collector: z.string().optional(),
    reason: NonPaymentReason.optional(),
    hardship: z.boolean().optional(),
    notes: z.string().max(4000).optional(),
    /** A promise for the total: each invoice is promised its whole amount due by that date. */
    promiseAll: z.object({ date: IsoDate }).optional(),
    /** For every invoice of the call: validated and paid at term, a call-back agreed, a tense call. */
    confirmedAtTerm: z.boolean().optional(),
    callBack: CallBackSchema.optional(),
    tense: z.boolean().optional(),
    /** What was agreed invoice by invoice (a promise for some, a dispute on one...). */
    shares: z
      .array(
        z.object({
          invoiceId: z.string().min(1),
          reason: NonPaymentReason.optional(),
          promise: z.object({ date: IsoDate, amountCents: Positive }).optional(),
          plan: z.object({ instalments: z.array(InstalmentInputSchema).min(2) }).optional(),
          dispute: DisputeOpenedSchema.optional(),
          settlement: z.object({ amountCents: Positive, approvedBy: z.string().min(1), payBy: IsoDate }).optional(),
          documentRequested: z.enum(['invoice', 'delivery_note', 'other']).optional(),
        }),
      )
      .default([]),
  })
  .superRefine((o, ctx) => {
    const ids = o.shares.map((s) => s.invoiceId);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', message: `invoice ${id} appears twice`, path: ['shares', i, 'invoiceId'] });
    });
    if (!o.reached && (o.promiseAll || o.shares.length)) {
      ctx.addIssue({ code: 'custom', message: 'promises, plans and disputes need a call where someone was reached', path: ['shares'] });
    }
    if (!o.reached) {
      for (const k of ['confirmedAtTerm', 'callBack', 'tense'] as const) {
        if (o[k] !== undefined && o[k] !== false) ctx.addIssue({ code: 'custom', message: `${k} needs a call where someone was reached`, path: [k] });
      }
    }
    if (o.promiseAll && o.shares.some((s) => s.promise || s.plan || s.settlement)) {
      ctx.addIssue({ code: 'custom', message: 'promiseAll covers every invoice: do not add promises, plans or settlements per invoice', path: ['promiseAll'] });
    }
  });
export type DebtorCallOutcome = z.infer<typeof DebtorCallOutcomeSchema>;
export type DebtorCallOutcomeInput = z.input<typeof DebtorCallOutcomeSchema>;

/** A payment received for a debtor, to allocate across its invoices. */
export const DebtorPaymentSchema = z.object({
  paymentId: z.string().min(1),
  amountCents: Positive,
  paidOn: IsoDate.optional(),
  /** Invoices the remittance names, paid first in this order; otherwise oldest due date first. */
  invoiceIds: z.array(z.string().min(1)).optional(),
});
export type DebtorPayment = z.infer<typeof DebtorPaymentSchema>;
