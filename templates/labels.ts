/**
 * Short texts that are not whole messages (table headings, touch descriptions, letter lines),
 * kept in templates/<lang>/labels.json so they are edited with the templates.
 */
import { z } from 'zod';
import { TEMPLATE_IDS, type Language } from '../domain/wire/vocabulary';
import { renderLine, type TemplateVars } from './engine';
import { readLabelsFile } from './files';

const Text = z.string().min(1);

export const LabelsSchema = z.object({
  channels: z.record(z.enum(['email', 'letter', 'call', 'sms', 'visit']), Text),
  templates: z.record(z.enum(TEMPLATE_IDS), Text),
  documents: z.record(z.enum(['invoice', 'delivery_note', 'other']), Text),
  /** One previous touch in a list, e.g. "{{channel}} du {{date}} ({{template}})". */
  touch: Text,
  /** One previous touch in a sentence, e.g. "{{channel}} du {{date}}". */
  touchShort: Text,
  invoiceTable: z.object({ number: Text, issueDate: Text, dueDate: Text, amount: Text, amountDue: Text, total: Text }),
  /** A list of invoice numbers cut short in subjects, e.g. "{{first}} et {{more}} autres". */
  invoiceListMore: Text,
  planTable: z.object({ seq: Text, date: Text, amount: Text, total: Text }),
  claimTable: z.object({
    item: Text,
    amount: Text,
    principal: Text,
    partialPayment: Text,
    penalties: Text,
    indemnity: Text,
    /** Several invoices: the penalties and the indemnity of each, naming it ({{invoiceId}}). */
    penaltiesOf: Text,
    indemnityOf: Text,
    /** Consumers: legal interest from the formal notice (C. civ. 1231-6), per half-year. */
    legalInterest: Text,
    legalInterestOf: Text,
    /** Appended to a period whose half-year the rate table does not hold yet. */
    provisional: Text,
    /** Partial payments applied to interest first (C. civ. 1343-1), shown as a deduction. */
    interestPaid: Text,
    interestPaidOf: Text,
    /** Professionals: further compensation on proof (L441-10 II), a line with no amount. */
    extraCompensation: Text,
    onProof: Text,
    total: Text,
  }),
  /** One line per invoice of what a call settled (call_followup): {{invoiceId}}, {{amount}}, {{date}}... */
  agreement: z.object({
    promise: Text,
    plan: Text,
    planLine: Text,
    settlement: Text,
    dispute: Text,
    disputeKinds: z.record(z.enum(['administrative', 'commercial', 'technical']), Text),
    document: Text,
    none: Text,
  }),
  letter: z.object({
    dateLine: Text,
    reference: Text,
    /** The reference line of a letter covering several invoices ({{invoiceList}}). */
    referenceMerged: Text,
    subject: Text,
    attention: Text,
    /** A formal notice to a company whose legal representative is not named (domain.md §8). */
    legalRepresentative: Text,
    page: Text,
    registered: Text,
    creditor: Text,
    debtor: Text,
    siren: Text,
    vat: Text,
    phone: Text,
    email: Text,
  }),
  /** Contact.civility as written before a name: "Madame" / "Ms". */
  civility: z.object({ madame: Text, monsieur: Text }),
});
export type Labels = z.infer<typeof LabelsSchema>;

export function loadLabels(lang: Language): Labels {
  const result = LabelsSchema.safeParse(readLabelsFile(lang));
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`template ${lang}/labels is invalid: ${issues}`);
  }
  return result.data;
}

/** Fills a label's `{{placeholders}}`; a missing one throws like a template would. */
export function fillLabel(label: string, vars: TemplateVars, name = 'label'): string {
  return renderLine(label, vars, name);
}
