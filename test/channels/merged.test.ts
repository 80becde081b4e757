/**
 * One message for several invoices of the same debtor (domain.md §9): facts.invoices lists every
 * invoice covered, the facts' amounts are the totals and req.invoice is the lead invoice.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmailSender } from '../../activities/email';
import { createLetterSender } from '../../activities/letters';
import { createFileSentLog, messageIdFor } from '../../activities/sent-log';
import { TEMPLATE_IDS, type InvoiceLine, type Language, type LetterRequest, type MessageFacts, type SendRequest, type TemplateId, type Tone } from '../../activities/types';
import { DEFAULT_DOCUMENT_MAX_BYTES } from '../../config/documents';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { renderTemplate, templateVars, TemplateError } from '../../templates/render';
import { sampleRequest } from '../helpers/samples';
import { pdfText, tempDir } from './helpers';

const line = (l: Partial<InvoiceLine> & Pick<InvoiceLine, 'invoiceId' | 'issueDate' | 'dueDate' | 'amountCents'>): InvoiceLine => ({
  amountDueCents: l.amountCents - (l.paidCents ?? 0),
  paidCents: 0,
  penaltiesCents: 0,
  indemnityCents: 4000,
  daysPastDue: 0,
  stage: 'reminding',
  template: 'reminder_1',
  ...l,
});

/** Totals over the lines, as the workflow passes them (activities/types.ts, MessageFacts.invoices). */
function mergedFacts(lines: InvoiceLine[], extra: Partial<MessageFacts> = {}): MessageFacts {
  const sum = (pick: (l: InvoiceLine) => number) => lines.reduce((s, l) => s + pick(l), 0);
  return {
    today: '2026-05-04',
    amountDueCents: sum((l) => l.amountDueCents),
    paidCents: sum((l) => l.paidCents),
    penaltiesCents: sum((l) => l.penaltiesCents),
    penaltyRatePct: 12.15,
    indemnityCents: sum((l) => l.indemnityCents),
    daysPastDue: Math.max(...lines.map((l) => l.daysPastDue)),
    noticeDeadline: '2026-05-12',
    previousTouches: [
      { date: '2026-04-01', channel: 'email', template: 'reminder_1' },
      { date: '2026-04-14', channel: 'letter', template: 'letter_1' },
    ],
    invoices: lines,
    ...extra,
  };
}

/** The request for the lead invoice (oldest due date) carrying the merged facts. */
function mergedRequest(template: TemplateId, lines: InvoiceLine[], overrides: Partial<SendRequest> = {}, extra: Partial<MessageFacts> = {}): SendRequest {
  const base = sampleRequest(template);
  const lead = lines[0];
  return {
    ...base,
    idempotencyKey: `debtor-CUST-0087/${template}`,
    workflowId: `dunning-${lead.invoiceId}`,
    stepId: template,
    invoice: { ...base.invoice, invoiceId: lead.invoiceId, issueDate: lead.issueDate, dueDate: lead.dueDate, amountCents: lead.amountCents },
    facts: mergedFacts(lines, extra),
    ...overrides,
  };
}

/**
 * Three invoices of one debtor at different stages on 4 May 2026: the first is at its reminder
 * letter, the second at a gap reminder, the third one day past due. 1 234,56 + 2 500,00 + 310,00 = 4 044,56 €.
 * Penalties at 12.15 % a year: 250000 x 0.1215 x 34 / 365 = 2829; 123456 x 0.1215 x 33 / 365 = 1356;
 * 31000 x 0.1215 x 1 / 365 = 10.
 */
const THREE = [
  line({ invoiceId: 'INV-2026-0099', issueDate: '2026-03-01', dueDate: '2026-03-31', amountCents: 250000, penaltiesCents: 2829, daysPastDue: 34, stage: 'reminding', template: 'letter_1' }),
  line({ invoiceId: 'INV-2026-0412', issueDate: '2026-03-02', dueDate: '2026-04-01', amountCents: 123456, penaltiesCents: 1356, daysPastDue: 33, stage: 'reminding', template: 'gap_reminder' }),
  line({ invoiceId: 'INV-2026-0498', issueDate: '2026-04-03', dueDate: '2026-05-03', amountCents: 31000, penaltiesCents: 10, daysPastDue: 1, stage: 'reminding', template: 'reminder_1' }),
];

const render = (req: SendRequest, channel: 'email' | 'letter' = 'email', tone: Tone = req.tone) =>
  renderTemplate(req.template, req.language, templateVars(req, DEFAULT_CREDITOR, { channel, invoiceAttached: true }), { tone });

/** A table cell's text in the flattened PDF text: a wrapped cell may have its row's amount in the middle. */
const cell = (text: string) => new RegExp(text.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+(?:[\\d ]+,\\d\\d €\\s+)?'));

/** The line of the layout text that holds `needle`. */
const lineWith = (layout: string, needle: string) => layout.split('\n').find((l) => l.includes(needle)) ?? '';
const pageCount = (layout: string) => layout.split('\f').length - 1;

describe('merged reminder (three invoices of one debtor)', () => {
  it('speaks of every invoice, each amount and the total, in French', () => {
    const m = render(mergedRequest('reminder_1', THREE, { language: 'fr', tone: 'courteous' }));
    expect(m.subject).toBe('Rappel : vos factures INV-2026-0099, INV-2026-0412 et INV-2026-0498 sont arrivées à échéance');
    expect(m.text).toContain(
      "nous n'avons pas encore reçu le règlement de vos factures INV-2026-0099, INV-2026-0412 et INV-2026-0498, arrivées à échéance, pour un montant total restant dû de 4 044,56\u00a0€.",
    );
    // The table: one row per invoice, then the total
    expect(m.text).toMatch(/INV-2026-0099\s+1er mars 2026\s+31 mars 2026\s+2 500,00\u00a0€\s+2 500,00\u00a0€/);
    expect(m.text).toMatch(/INV-2026-0412\s+2 mars 2026\s+1er avril 2026\s+1 234,56\u00a0€\s+1 234,56\u00a0€/);
    expect(m.text).toMatch(/INV-2026-0498\s+3 avril 2026\s+3 mai 2026\s+310,00\u00a0€\s+310,00\u00a0€/);
    expect(m.text).toMatch(/\nTotal\s+4 044,56\u00a0€\s+4 044,56\u00a0€/);
    // Plural wording, the lead invoice's PDF attached, payment references
    expect(m.text).toContain('Vous trouverez ci-joint une copie de la facture INV-2026-0099 pour faciliter son traitement.');
    expect(m.text).toContain('procéder au règlement de ces factures');
    expect(m.text).toContain('en indiquant dans le libellé les numéros des factures réglées.');
    expect(m.text).toContain('Pour toute question concernant ces factures');
    expect(m.text).not.toMatch(/\{\{|\}\}/);
    expect(m.html).toContain('<td style="padding:6px 10px;border-bottom:1px solid #d9d9d9;text-align:right;font-weight:bold;">4 044,56\u00a0€</td>');
  });

  it('speaks of every invoice, each amount and the total, in English', () => {
    const m = render(mergedRequest('reminder_1', THREE, { language: 'en', tone: 'courteous' }));
    expect(m.subject).toBe('Reminder: your invoices INV-2026-0099, INV-2026-0412 and INV-2026-0498 have fallen due');
    expect(m.text).toContain('payment of your invoices INV-2026-0099, INV-2026-0412 and INV-2026-0498, which have fallen due, for a total balance outstanding of €4,044.56.');
    expect(m.text).toMatch(/INV-2026-0099\s+1 March 2026\s+31 March 2026\s+€2,500\.00\s+€2,500\.00/);
    expect(m.text).toMatch(/INV-2026-0412\s+2 March 2026\s+1 April 2026\s+€1,234\.56\s+€1,234\.56/);
    expect(m.text).toMatch(/INV-2026-0498\s+3 April 2026\s+3 May 2026\s+€310\.00\s+€310\.00/);
    expect(m.text).toMatch(/\nTotal\s+€4,044\.56\s+€4,044\.56/);
    expect(m.text).toContain('a copy of invoice INV-2026-0099 is attached');
    expect(m.text).toContain('quoting the numbers of the invoices paid.');
    expect(m.text).not.toMatch(/\{\{|\}\}/);
  });

  it('shows partial payments as totals', () => {
    const lines = [THREE[0], { ...THREE[1], paidCents: 23456, amountDueCents: 100000 }, THREE[2]];
    const m = render(mergedRequest('reminder_1', lines, { language: 'fr' }));
    expect(m.text).toContain('pour un montant total restant dû de 3 810,00\u00a0€, compte tenu des règlements partiels déjà reçus (234,56\u00a0€).');
    expect(m.text).toMatch(/INV-2026-0412\s+2 mars 2026\s+1er avril 2026\s+1 234,56\u00a0€\s+1 000,00\u00a0€/);
    expect(m.text).toMatch(/\nTotal\s+4 044,56\u00a0€\s+3 810,00\u00a0€/);
  });

  it('gives every dunning template a merged wording in both languages', () => {
    const wording: Record<Language, { list: string; total: string; single: RegExp }> = {
      // The single-invoice sentences ("la facture INV-2026-0099 du 1er mars 2026...") must not appear.
      fr: { list: 'INV-2026-0099, INV-2026-0412 et INV-2026-0498', total: '4 044,56\u00a0€', single: /\bla facture INV-2026-0099 (du|émise)/i },
      en: { list: 'INV-2026-0099, INV-2026-0412 and INV-2026-0498', total: '€4,044.56', single: /(?<!: )\binvoice INV-2026-0099 (of|issued)/i },
    };
    const dunning = TEMPLATE_IDS.filter((id) => !['plan_confirmation', 'plan_proposal', 'document_resend'].includes(id));
    for (const lang of ['fr', 'en'] as const) {
      for (const id of dunning) {
        for (const tone of ['friendly', 'firm'] as Tone[]) {
          for (const channel of ['email', 'letter'] as const) {
            const extra: Partial<MessageFacts> = { promise: { date: '2026-05-15', amountCents: 200000 }, callSummary: { reached: true, contactName: 'Sophie Lambert' } };
            const m = render(mergedRequest(id, THREE, { language: lang, tone }, extra), channel, tone);
            const where = `${lang}/${id}/${tone}/${channel}`;
            const all = `${m.subject}\n${m.text}`;
            expect(all, where).not.toMatch(/\{\{|\}\}/);
            expect(m.subject, where).toContain(lang === 'fr' ? 'actures INV-2026-0099, INV-2026-0412 et INV-2026-0498' : 'nvoices INV-2026-0099, INV-2026-0412 and INV-2026-0498');
            expect(m.text, where).toContain(wording[lang].list);
            expect(m.text, where).not.toMatch(wording[lang].single);
            for (const l of THREE) expect(m.text, where).toContain(l.invoiceId);
            // Formal notice and litigation: the claim (principal + penalties + 3 x 40\u00a0€); others: the total due.
            if (id === 'formal_notice' || id === 'litigation_announce') {
              // 404456 + 4195 + 12000 = 420651
              expect(m.text, where).toContain(lang === 'fr' ? '4 206,51\u00a0€' : '€4,206.51');
            } else {
              expect(m.text, where).toContain(wording[lang].total);
            }
          }
        }
      }
    }
  });

  it('writes correct French plurals in the firmer templates', () => {
    const text = (id: TemplateId, tone: Tone = 'firm') => render(mergedRequest(id, THREE, { language: 'fr', tone }), 'letter', tone).text;
    expect(text('letter_1')).toContain(
      'vos factures INV-2026-0099, INV-2026-0412 et INV-2026-0498, détaillées ci-dessous, dont la plus ancienne est échue depuis le mardi 31 mars 2026 (soit un retard de 34 jours), demeurent impayées à ce jour, et ce malgré nos précédentes relances :',
    );
    expect(text('letter_1')).toContain('Ces retards ne peuvent plus être considérés comme de simples oublis. Nous vous demandons de bien vouloir régler la somme totale de 4 044,56\u00a0€ sous huit jours');
    // 2829 + 1356 + 10 = 4195 cents of penalties, 3 x 40\u00a0€ of indemnities
    expect(text('letter_1')).toContain("les pénalités de retard sur ces factures s'élèvent à 41,95\u00a0€, auxquelles s'ajoutent les indemnités forfaitaires dues pour chacune d'elles, soit 120,00\u00a0€ au total ;");
    expect(text('gap_reminder')).toContain(
      'vos factures INV-2026-0099, INV-2026-0412 et INV-2026-0498 restent impayées à ce jour pour un montant total de 4 044,56\u00a0€ ; la plus ancienne, échue le mardi 31 mars 2026, accuse un retard de 34 jours.',
    );
    expect(text('notice_announce', 'very_firm')).toContain('des pénalités de retard courent de plein droit sur chaque facture depuis le lendemain de sa date d\'échéance');
    expect(text('notice_announce', 'very_firm')).toContain('nous vous demandons de régler sans délai la somme totale de 4 044,56\u00a0€');
    expect(text('payment_confirmation', 'courteous')).toContain("Après ce règlement, le solde restant dû sur ces factures s'élève à 4 044,56\u00a0€.");
  });

  it('cuts a long list short in the subject but lists every invoice in the body', () => {
    const lines = Array.from({ length: 6 }, (_, i) =>
      line({ invoiceId: `INV-2026-${String(i + 1).padStart(4, '0')}`, issueDate: '2026-03-01', dueDate: '2026-03-31', amountCents: 10000 }),
    );
    const m = render(mergedRequest('gap_reminder', lines, { language: 'fr', tone: 'friendly_firm' }));
    expect(m.subject).toBe('Factures INV-2026-0001, INV-2026-0002, INV-2026-0003 et 3 autres : votre règlement est toujours attendu');
    expect(m.text).toContain('INV-2026-0001, INV-2026-0002, INV-2026-0003, INV-2026-0004, INV-2026-0005 et INV-2026-0006');
    const en = render(mergedRequest('gap_reminder', lines, { language: 'en', tone: 'friendly_firm' }));
    expect(en.subject).toBe('Invoices INV-2026-0001, INV-2026-0002, INV-2026-0003 and 3 more: your payment is still awaited');
  });

  it('renders exactly as before with one line or none, and refuses totals that do not add up', () => {
    const single = sampleRequest('reminder_1');
    const one = { ...single, facts: { ...single.facts, invoices: [line({ invoiceId: single.invoice.invoiceId, issueDate: single.invoice.issueDate, dueDate: single.invoice.dueDate, amountCents: 123456 })] } };
    expect(render(one)).toEqual(render(single));
    const vars = templateVars(single, DEFAULT_CREDITOR);
    expect(vars).toMatchObject({ merged: false, single: true, invoiceCount: 1, invoiceList: 'INV-2026-0412', maxDaysPastDue: 31 });

    const req = mergedRequest('reminder_1', THREE);
    const wrong = { ...req, facts: { ...req.facts, amountDueCents: req.facts.amountDueCents + 1 } };
    expect(() => templateVars(wrong, DEFAULT_CREDITOR)).toThrow(TemplateError);
    expect(() => templateVars(wrong, DEFAULT_CREDITOR)).toThrow(/facts\.amountDueCents \(404457\) is not the total of facts\.invoices \(404456\)/);
  });
});

describe('merged email', () => {
  it('attaches the lead invoice and carries every invoice id in the custom args', async () => {
    const outboxDir = tempDir();
    const sendEmail = createEmailSender({ outboxDir, sentLog: createFileSentLog(outboxDir), creditor: DEFAULT_CREDITOR, documents: { dir: outboxDir, maxBytes: DEFAULT_DOCUMENT_MAX_BYTES } });
    const invoicePdf = join(outboxDir, 'INV-2026-0099.pdf');
    writeFileSync(invoicePdf, '%PDF-1.4 invoice');
    const base = mergedRequest('reminder_1', THREE);
    const req = { ...base, invoice: { ...base.invoice, pdfPath: invoicePdf }, attachInvoicePdf: true };
    const receipt = await sendEmail(req);
    const summary = JSON.parse(readFileSync(join(outboxDir, 'emails', `${messageIdFor(req.idempotencyKey)}.json`), 'utf8'));
    expect(summary.customArgs).toEqual({
      invoiceId: 'INV-2026-0099',
      invoiceIds: 'INV-2026-0099,INV-2026-0412,INV-2026-0498',
      stepId: 'reminder_1',
      idempotencyKey: 'debtor-CUST-0087/reminder_1',
    });
    expect(summary.attachments).toEqual([{ filename: 'Facture-INV-2026-0099.pdf', type: 'application/pdf', bytes: 16, sourcePath: invoicePdf }]);
    expect(readFileSync(receipt.path!, 'utf8')).toContain('4 044,56\u00a0€');
  });

  it('keeps the single-invoice custom args unchanged', async () => {
    const outboxDir = tempDir();
    const sendEmail = createEmailSender({ outboxDir, sentLog: createFileSentLog(outboxDir), creditor: DEFAULT_CREDITOR });
    const req = { ...sampleRequest('reminder_1'), attachInvoicePdf: false };
    await sendEmail(req);
    const summary = JSON.parse(readFileSync(join(outboxDir, 'emails', `${messageIdFor(req.idempotencyKey)}.json`), 'utf8'));
    expect(Object.keys(summary.customArgs)).toEqual(['invoiceId', 'stepId', 'idempotencyKey']);
  });
});

function letterSender() {
  const outboxDir = tempDir();
  return createLetterSender({ outboxDir, sentLog: createFileSentLog(outboxDir), creditor: DEFAULT_CREDITOR });
}
const letterRequest = (template: TemplateId, lines: InvoiceLine[], overrides: Partial<LetterRequest> = {}): LetterRequest => ({
  ...mergedRequest(template, lines, { tone: template === 'formal_notice' ? 'formal' : 'firm' }),
  registered: template === 'formal_notice',
  ...overrides,
});

/**
 * Hand-computed merged formal notice of 4 May 2026 for two invoices of a professional debtor,
 * penalties at 12.15 % a year on the amount still due, from the day after each due date:
 * - INV-2026-0099, 2 500,00\u00a0€ due 31 March: 34 days, 250000 x 0.1215 x 34 / 365 = 2829.45 -> 28,29\u00a0€.
 * - INV-2026-0105, 1 500,00\u00a0€ issued 10 March, due 9 April, 300,00\u00a0€ paid, 1 200,00\u00a0€ still due:
 *   25 days (10 April - 4 May), 120000 x 0.1215 x 25 / 365 = 998.63 -> 9,99\u00a0€.
 * Indemnity 2 x 40,00\u00a0€ = 80,00\u00a0€. Principal 2 500,00 + 1 200,00 = 3 700,00\u00a0€; penalties 38,28\u00a0€.
 * Total 3 700,00 + 38,28 + 80,00 = 3 818,28\u00a0€.
 */
const NOTICE_LINES = [
  line({ invoiceId: 'INV-2026-0099', issueDate: '2026-03-01', dueDate: '2026-03-31', amountCents: 250000, penaltiesCents: 2829, daysPastDue: 34, stage: 'formal_notice', template: 'formal_notice' }),
  line({ invoiceId: 'INV-2026-0105', issueDate: '2026-03-10', dueDate: '2026-04-09', amountCents: 150000, paidCents: 30000, penaltiesCents: 999, daysPastDue: 25, stage: 'formal_notice', template: 'formal_notice' }),
];

describe('merged formal notice PDF', () => {
  it('claims principal, penalties and the EUR 40 indemnity of each invoice, and the total', async () => {
    const receipt = await letterSender()(letterRequest('formal_notice', NOTICE_LINES));
    const { layout, flat } = pdfText(receipt.path!);
    expect(layout).toContain('MISE EN DEMEURE');
    expect(flat).toContain('Réf. : factures INV-2026-0099 et INV-2026-0105');
    expect(flat).toContain('Objet : Mise en demeure de payer – factures INV-2026-0099 et INV-2026-0105');
    expect(flat).toContain("les factures INV-2026-0099 et INV-2026-0105, émises par la société Ateliers Verbois et établies au nom de votre société, demeurent impayées à ce jour");
    // The invoice table
    expect(lineWith(layout, 'INV-2026-0105   ')).toMatch(/10 mars 2026\s+9 avril 2026\s+1 500,00 €\s+1 200,00 €/);
    expect(lineWith(layout, 'Total   ')).toMatch(/4 000,00 €\s+3 700,00 €\s*$/);
    // The claim, invoice by invoice
    expect(lineWith(layout, 'Principal restant dû : facture INV-2026-0099 du 1er mars 2026')).toMatch(/2 500,00 €\s*$/);
    expect(lineWith(layout, 'Principal restant dû : facture INV-2026-0105 du 10 mars 2026')).toMatch(/1 200,00 €\s*$/);
    // The partial payment note wraps in its cell, around the amount on the first line.
    expect(flat).toMatch(/Principal restant dû : facture INV-2026-0105 du 10 mars 2026 \(après déduction des .*règlements reçus : 300,00 €\)/);
    expect(flat).toMatch(cell('Pénalités de retard sur la facture INV-2026-0099 au taux annuel de 12,15 %, du 1er avril 2026 au 4 mai 2026'));
    expect(flat).toMatch(cell('Pénalités de retard sur la facture INV-2026-0105 au taux annuel de 12,15 %, du 10 avril 2026 au 4 mai 2026'));
    expect(lineWith(layout, 'Pénalités de retard sur la facture INV-2026-0099')).toMatch(/28,29 €\s*$/);
    expect(lineWith(layout, 'Pénalités de retard sur la facture INV-2026-0105')).toMatch(/9,99 €\s*$/);
    expect(lineWith(layout, 'Indemnité forfaitaire pour frais de recouvrement, facture INV-2026-0099')).toMatch(/40,00 €\s*$/);
    expect(lineWith(layout, 'Indemnité forfaitaire pour frais de recouvrement, facture INV-2026-0105')).toMatch(/40,00 €\s*$/);
    expect(flat.match(/40,00 €/g)).toHaveLength(2);
    expect(lineWith(layout, 'Total dû au 4 mai 2026')).toMatch(/3 818,28 €\s*$/);
    expect(flat).toContain('nous vous mettons en demeure de nous régler la somme de 3 818,28 €');
    expect(flat).toContain('Cette somme devra nous être réglée au plus tard le mardi 12 mai 2026.');
    expect(flat).toContain('soit 80,00 € pour ces 2 factures (article D441-5 du Code de commerce)');
    expect(flat).toContain("au sens de l'article 1344 du Code civil");
    const pages = pageCount(layout);
    layout.split('\f').slice(0, pages).forEach((page, i) => expect(page).toContain(`Page ${i + 1}/${pages}`));
  });

  it('charges a consumer no indemnity on any invoice', async () => {
    const req = letterRequest('formal_notice', NOTICE_LINES);
    const receipt = await letterSender()({ ...req, invoice: { ...req.invoice, debtor: { ...req.invoice.debtor, kind: 'consumer' } } });
    const { layout, flat } = pdfText(receipt.path!);
    expect(flat).not.toContain('Indemnité forfaitaire');
    // 3 700,00 + 38,28 = 3 738,28 €
    expect(lineWith(layout, 'Total dû au 4 mai 2026')).toMatch(/3 738,28 €\s*$/);
    expect(flat).toContain('articles 1231-6 et 1344-1 du Code civil');
  });

  it('renders in English', async () => {
    const receipt = await letterSender()(letterRequest('formal_notice', NOTICE_LINES, { language: 'en' }));
    const { layout, flat } = pdfText(receipt.path!);
    expect(flat).toContain('Ref.: invoices INV-2026-0099 and INV-2026-0105');
    expect(lineWith(layout, 'Late-payment penalties on invoice INV-2026-0105')).toMatch(/€9\.99\s*$/);
    expect(lineWith(layout, 'Total due as of 4 May 2026')).toMatch(/€3,818\.28\s*$/);
    expect(flat).toContain('that is €80.00 for these 2 invoices');
  });
});

describe('merged letter with many invoices', () => {
  it('flows a 25-invoice table over several pages with the right page numbers', async () => {
    // 25 invoices of 100,00 € + i cents, due every other day from 2 March 2026.
    const lines = Array.from({ length: 25 }, (_, i) => {
      const due = new Date(Date.UTC(2026, 2, 2 + 2 * i)).toISOString().slice(0, 10);
      return line({ invoiceId: `INV-2026-${String(101 + i).padStart(4, '0')}`, issueDate: '2026-02-01', dueDate: due, amountCents: 10000 + i, daysPastDue: 10, template: 'letter_1' });
    });
    const receipt = await letterSender()(letterRequest('letter_1', lines));
    const { layout, flat } = pdfText(receipt.path!);
    const pages = pageCount(layout);
    expect(pages).toBeGreaterThanOrEqual(2);
    const pageTexts = layout.split('\f').slice(0, pages);
    pageTexts.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1}/${pages}`);
      expect(page).not.toMatch(new RegExp(`Page (?!${i + 1}/${pages})\\d+/\\d+`));
    });
    // Every invoice has its row, in order; the table header is repeated on the next page.
    let last = -1;
    for (const l of lines) {
      const at = layout.indexOf(`${l.invoiceId}   `);
      expect(at, l.invoiceId).toBeGreaterThan(last);
      last = at;
    }
    const headers = layout.match(/Facture\s+Émise le\s+Échéance\s+Montant TTC\s+Reste dû/g) ?? [];
    expect(headers.length).toBeGreaterThanOrEqual(2);
    // 25 x 100,00 € + (0 + 1 + ... + 24) cents = 2 503,00 €
    expect(lineWith(layout, 'Total   ')).toMatch(/2 503,00 €\s+2 503,00 €\s*$/);
    expect(flat).toContain('Objet : Relance – factures INV-2026-0101, INV-2026-0102, INV-2026-0103 et 22 autres restées impayées');
    expect(flat).toContain('Réf. : factures INV-2026-0101, INV-2026-0102');
    expect(flat).toContain('INV-2026-0124 et INV-2026-0125');
    expect(flat).toContain('régler la somme totale de 2 503,00 €');
    expect(pageTexts[pages - 1]).toContain('Claire Martin');
  });
});
