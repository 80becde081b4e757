import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CreditorProfileSchema, DEFAULT_CREDITOR, DEFAULT_CREDITOR_INPUT } from '../../config/creditor';
import { InvoiceSchema } from '../../domain/invoice/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { SMS_TEMPLATE_IDS } from '../../domain/policy/rules';
import { PolicySchema } from '../../domain/policy/schema';
import { isGsm7, smsLength } from '../../domain/text/sms';
import { LANGUAGES, type InvoiceLine, type MessageFacts } from '../../domain/wire/vocabulary';
import { renderSms } from '../../templates/sms';
import { sampleInvoice } from '../helpers/fixtures';
import { SAMPLE_FACTS } from '../helpers/samples';

const MAX = PolicySchema.parse(DEFAULT_POLICY_INPUT).sms.maxSegments;

/** Long, non-GSM, extension-heavy data everywhere the debtor's file or our configuration reaches an SMS. */
const hostileCreditor = CreditorProfileSchema.parse({
  ...DEFAULT_CREDITOR_INPUT,
  companyName: `Ł€{[~]}| Société Être & Fils — 株式会社 ${'Ω'.repeat(200)} 😀`,
  collector: { ...DEFAULT_CREDITOR_INPUT.collector, phone: `+33 (0)1 99 00 12 40 poste €€€€ ${'9'.repeat(80)}` },
});
const hostileInvoice = InvoiceSchema.parse(
  sampleInvoice({ invoiceId: `FA/${'9'.repeat(180)}`, currency: 'EUR', amountCents: 99_999_999_999, debtor: { name: `<script>${'Ê'.repeat(300)}`, language: 'fr' } }),
);
const line = (n: number): InvoiceLine => ({ invoiceId: `FA-${n}`, issueDate: '2026-01-01', dueDate: '2026-02-01', amountCents: 1000, amountDueCents: 1000, paidCents: 0, penaltiesCents: 0, indemnityCents: 0, daysPastDue: 30, stage: 'reminding', template: 'sms_reminder' });
const merged: MessageFacts = { ...SAMPLE_FACTS, amountDueCents: 99_999_999_999, paidCents: 0, invoices: Array.from({ length: 999 }, (_, i) => line(i)) };
merged.amountDueCents = merged.invoices!.reduce((t, l) => t + l.amountDueCents, 0);

describe('SMS texts: every template fits the policy segments, whatever the data', () => {
  for (const lang of LANGUAGES) {
    for (const template of SMS_TEMPLATE_IDS) {
      it(`${lang}/${template}: the fixed words are GSM-7`, () => {
        const src = readFileSync(join(__dirname, '../../templates', lang, 'sms', `${template}.txt`), 'utf8').replace(/\{\{[^}]*\}\}/g, '');
        expect(isGsm7(src.trim())).toBe(true);
      });

      it(`${lang}/${template}: with hostile inputs, one invoice or 999, GSM-7 within ${MAX} segments`, () => {
        // Before the due date, after it (the longer wording), and 999 merged invoices.
        for (const facts of [SAMPLE_FACTS, { ...SAMPLE_FACTS, today: '2099-01-01' }, merged]) {
          const sms = renderSms({ template, language: lang, invoice: { ...hostileInvoice, debtor: { ...hostileInvoice.debtor, language: lang } }, facts }, hostileCreditor);
          expect(sms).toMatchObject({ encoding: 'GSM-7' });
          expect(sms.segments).toBeLessThanOrEqual(MAX);
          expect(sms.text).not.toMatch(/<script>|Ê/);
          expect(smsLength(sms.text)).toEqual({ encoding: sms.encoding, units: sms.units, segments: sms.segments });
        }
      });
    }
  }

  it('the ordinary reminder: one segment count by hand, "€" counted as two units', () => {
    const invoice = InvoiceSchema.parse(sampleInvoice());
    const sms = renderSms({ template: 'sms_reminder', language: 'fr', invoice, facts: { ...SAMPLE_FACTS, today: '2027-02-08', amountDueCents: 123_456 } }, DEFAULT_CREDITOR);
    expect(sms.text).toBe(
      "Ateliers Verbois : sauf erreur, la facture INV-2027-001 échue le 3 février 2027 reste impayée (1 234,56 €). Merci de régler ou d'appeler le 01 99 00 12 40.",
    );
    // 155 characters, "€" takes two units: 156 <= 160, one segment; the no-break space before "€" became a space.
    expect(sms.text.length).toBe(155);
    expect(sms).toMatchObject({ encoding: 'GSM-7', units: 156, segments: 1 });
  });

  it('several invoices: the count and the total, no invoice id', () => {
    const invoice = InvoiceSchema.parse(sampleInvoice());
    const facts: MessageFacts = { ...SAMPLE_FACTS, amountDueCents: 300_000, invoices: [1, 2, 3].map((n) => ({ ...line(n), amountDueCents: 100_000 })) };
    const sms = renderSms({ template: 'sms_reminder', language: 'fr', invoice, facts }, DEFAULT_CREDITOR);
    expect(sms.text).toContain('vos 3 factures échues restent impayées (3 000,00 €)');
    expect(sms.text).not.toContain(invoice.invoiceId);
  });

  it('the English firm text names the invoice, the amount and the formal notice that follows', () => {
    const invoice = InvoiceSchema.parse(sampleInvoice({ debtor: { language: 'en' } }));
    const sms = renderSms({ template: 'sms_firm', language: 'en', invoice, facts: { ...SAMPLE_FACTS, amountDueCents: 50_000 } }, DEFAULT_CREDITOR);
    expect(sms.text).toBe('Ateliers Verbois: invoice INV-2027-001 due 3 February 2027 is still unpaid despite our reminders (€500.00). Without payment a formal notice follows. Call 01 99 00 12 40.');
    expect(sms).toMatchObject({ encoding: 'GSM-7', segments: 2 });
  });
});

describe('SMS texts tell the truth about the due date', () => {
  const invoice = InvoiceSchema.parse(sampleInvoice({ dueDate: '2026-12-02', issueDate: '2026-11-02' }));
  const facts = (today: string): MessageFacts => ({ ...SAMPLE_FACTS, today, amountDueCents: 123_456 });
  it.each([
    ['fr', '2026-12-01', 'la facture INV-2027-001 arrive à échéance le 2 décembre 2026 (1 234,56 €)', 'impayée'],
    ['fr', '2026-12-03', 'sauf erreur, la facture INV-2027-001 échue le 2 décembre 2026 reste impayée', 'arrive à échéance'],
    ['en', '2026-12-01', 'invoice INV-2027-001 falls due on 2 December 2026 (€1,234.56)', 'unpaid'],
    ['en', '2026-12-03', 'invoice INV-2027-001 due 2 December 2026 is still unpaid', 'falls due'],
  ] as const)('%s, on %s', (lang, today, says, never) => {
    const sms = renderSms({ template: 'sms_reminder', language: lang, invoice: { ...invoice, debtor: { ...invoice.debtor, language: lang } }, facts: facts(today) }, DEFAULT_CREDITOR);
    expect(sms.text.replace(/\u00a0|\u202f/g, ' ')).toContain(says);
    expect(sms.text).not.toContain(never);
  });
});
