/**
 * A sample send request (fictitious debtor) used to preview templates and letters,
 * by the tests and by scripts/render-samples.ts.
 */
import type { EmailRequest, LetterRequest, MessageFacts, SendRequest, TemplateId } from '../../activities/types';
import { InvoiceSchema, type InvoiceInput } from '../../domain/invoice/schema';
import { sampleInvoice } from './fixtures';
import { lateInterest, rateOn } from '../../domain/money/interest';
import { fixedIndemnityCents } from '../../domain/money/penalties';

export const SAMPLE_INVOICE_INPUT: InvoiceInput = sampleInvoice({
  invoiceId: 'INV-2026-0412',
  debtor: {
    debtorId: 'CUST-0087',
    name: 'Boulangeries Marcel & Fils SARL',
    kind: 'professional',
    siren: '523456781',
    address: { lines: ['Zone artisanale des Prés', '4 allée des Meuniers'], postalCode: '69007', city: 'Lyon', country: 'FR' },
    language: 'fr',
    contacts: [{ name: 'Sophie Lambert', role: 'accounts_payable', email: 'compta@marcel-fils.example', phone: '04 99 00 55 12' }],
  },
  issueDate: '2026-03-02',
  dueDate: '2026-04-01',
  amountCents: 123456,
  currency: 'EUR',
  description: 'Four à sole et installation',
  orderRef: 'BC-7781',
});

/**
 * Penalties of the sample on 2 May 2026, computed by the product's own code (domain/money/interest.ts):
 * 2 Apr..2 May = 31 days at 12.15 % (ECB 2.15 % on 1 Jan 2026 + 10): 123 456 x 31 x 12.15 / 36 500 = 1 273.96 -> 1 274.
 */
const SAMPLE_TERMS = { debtorKind: 'professional' as const };
const SAMPLE_INTEREST = lateInterest({ dueDate: '2026-04-01', asOf: '2026-05-02', balances: [{ from: '2026-04-02', amountCents: 123456 }], terms: SAMPLE_TERMS });

/** Facts as the workflow would compute them on 2 May 2026 (31 days past due). */
export const SAMPLE_FACTS: MessageFacts = {
  today: '2026-05-02',
  amountDueCents: 123456,
  paidCents: 0,
  penaltiesCents: SAMPLE_INTEREST.cents,
  penaltyRatePct: rateOn(SAMPLE_TERMS, '2026-05-02'),
  indemnityCents: fixedIndemnityCents('professional'),
  interest: { debtorKind: 'professional', periods: SAMPLE_INTEREST.periods, accruedCents: SAMPLE_INTEREST.cents, paidCents: 0 },
  daysPastDue: 31,
  noticeDeadline: '2026-05-11',
  promise: { date: '2026-05-15', amountCents: 60000 },
  plan: [
    { seq: 1, date: '2026-05-15', amountCents: 43456, status: 'pending' },
    { seq: 2, date: '2026-06-15', amountCents: 40000, status: 'pending' },
    { seq: 3, date: '2026-07-15', amountCents: 40000, status: 'pending' },
  ],
  callSummary: { reached: true, contactName: 'Sophie Lambert', notes: 'Virement validé par le gérant.' },
  document: 'invoice',
  previousTouches: [
    { date: '2026-04-02', channel: 'email', template: 'reminder_1' },
    { date: '2026-04-08', channel: 'call', template: 'call_1' },
    { date: '2026-04-15', channel: 'letter', template: 'letter_1' },
  ],
};

export function sampleRequest(template: TemplateId, overrides: Partial<SendRequest> = {}): SendRequest {
  const invoice = InvoiceSchema.parse(SAMPLE_INVOICE_INPUT);
  const stepId = `${template}-1`;
  return {
    idempotencyKey: `dunning-${invoice.invoiceId}/${stepId}`,
    workflowId: `dunning-${invoice.invoiceId}`,
    stepId,
    template,
    tone: 'firm',
    language: 'fr',
    invoice,
    to: invoice.debtor.contacts[0],
    facts: SAMPLE_FACTS,
    ...overrides,
  };
}

export const sampleEmailRequest = (template: TemplateId, overrides: Partial<EmailRequest> = {}): EmailRequest => ({
  ...sampleRequest(template),
  attachInvoicePdf: false,
  ...overrides,
});

export const sampleLetterRequest = (template: TemplateId, overrides: Partial<LetterRequest> = {}): LetterRequest => ({
  ...sampleRequest(template),
  registered: template === 'formal_notice',
  ...overrides,
});
