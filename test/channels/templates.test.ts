import { describe, expect, it } from 'vitest';
import { TEMPLATE_IDS, type Language, type TemplateId } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { CALL_SCRIPT_STAGES, OBJECTION_IDS, renderCallScript } from '../../templates/call-scripts';
import { renderBlocks } from '../../templates/engine';
import { renderTemplate, templateVars, TemplateError } from '../../templates/render';
import { sampleRequest, SAMPLE_FACTS } from '../helpers/samples';

const render = (id: TemplateId, lang: Language, overrides: Parameters<typeof sampleRequest>[1] = {}, channel: 'email' | 'letter' = 'email') => {
  const req = sampleRequest(id, { language: lang, ...overrides });
  return renderTemplate(id, lang, templateVars(req, DEFAULT_CREDITOR, { channel, invoiceAttached: true, documentAttached: true }), { tone: req.tone });
};

/**
 * What each template must say, beyond the invoice number and amounts (sample facts of 2 May 2026).
 * Total claimed: 1 234,56 + penalties 2 Apr..2 May, 123 456 x 31 x 12.15 / 36 500 = 1 273.96 -> 12,74 (L441-10 II,
 * ECB 2.15 % on 1 Jan 2026 + 10) + 40,00 (D441-5) = 1 287,30 EUR.
 */
const KEY_TEXT: Record<TemplateId, Record<Language, string[]>> = {
  reminder_1: { fr: ['simple oubli', 'ci-joint une copie'], en: ['simple oversight', 'copy of the invoice is attached'] },
  letter_1: { fr: ['ne peut plus être considéré comme un simple oubli', 'sous huit jours'], en: ['can no longer be regarded as an oversight', 'within eight days'] },
  notice_announce: { fr: ['mise en demeure par lettre recommandée avec accusé de réception', '12,15 %', '40,00\u00a0€'], en: ['formal notice', 'registered letter', '12.15%', '€40.00'] },
  formal_notice: {
    fr: ['Mise en demeure de payer', '1 287,30\u00a0€', '11 mai 2026', 'article 1344 du Code civil', 'L441-10', 'D441-5', '40,00\u00a0€', 'injonction de payer', 'article 700 du Code de procédure civile'],
    en: ['Formal notice to pay', '€1,287.30', '11 May 2026', 'article 1344 of the French Civil Code', 'L441-10', 'D441-5', '€40.00', 'competent court'],
  },
  litigation_announce: { fr: ['service contentieux', '11 mai 2026', '1 287,30\u00a0€'], en: ['litigation department', '11 May 2026', '€1,287.30'] },
  gap_reminder: { fr: ['reste à régler', 'date de paiement'], en: ['outstanding', 'payment date'] },
  promise_reminder: { fr: ['600,00\u00a0€', '15 mai 2026', 'quelques jours avant'], en: ['€600.00', '15 May 2026', 'a few days ahead'] },
  broken_promise: { fr: ['Engagement de paiement non tenu', '600,00\u00a0€', '15 mai 2026', 'contentieux'], en: ['Payment commitment not met', '€600.00', '15 May 2026', 'litigation'] },
  plan_confirmation: { fr: ['3 échéances', '434,56\u00a0€', '15 juillet 2026', '400,00\u00a0€'], en: ['3 instalments', '€434.56', '15 July 2026', '€400.00'] },
  plan_proposal: { fr: ["Proposition d'échéancier", '3 échéances', '434,56\u00a0€'], en: ['Payment plan proposal', '3 instalments', '€434.56'] },
  call_followup: { fr: ['entretien téléphonique du samedi 2 mai 2026', '600,00\u00a0€', 'vendredi 15 mai 2026', 'Virement validé'], en: ['telephone conversation of Saturday 2 May 2026', '€600.00', 'Friday 15 May 2026'] },
  document_resend: { fr: ['ci-joint la copie de la facture INV-2026-0412'], en: ['attached a copy of invoice INV-2026-0412'] },
  payment_confirmation: { fr: ['accusons bonne réception de votre règlement', 'remercions'], en: ['acknowledge receipt of your payment', 'thank you'] },
};

describe('message templates', () => {
  for (const lang of ['fr', 'en'] as const) {
    for (const id of TEMPLATE_IDS) {
      it(`${lang}/${id} renders with the sample data`, () => {
        // The base text of each template (a 'friendly' tone picks no tone variant).
        const m = render(id, lang, { tone: 'friendly' });
        const all = `${m.subject}\n${m.text}`;
        expect(m.subject).toMatch(/INV-2026-0412/);
        expect(all).not.toMatch(/\{\{|\}\}/);
        // The promise reminder speaks of the promised amount only.
        if (id !== 'promise_reminder') expect(all).toContain(lang === 'fr' ? '1 234,56\u00a0€' : '€1,234.56');
        expect(all).toContain(lang === 'fr' ? 'Sophie Lambert' : 'Dear Sophie Lambert');
        expect(all).toContain('Claire Martin');
        for (const text of KEY_TEXT[id][lang]) expect(all).toContain(text);
        expect(m.html).toMatch(/^<!DOCTYPE html>/);
        expect(m.html).toContain(KEY_TEXT[id][lang][KEY_TEXT[id][lang].length - 1].replace(/'/g, '&#39;'));
      });
    }
  }

  it('writes dates the French and English way', () => {
    expect(render('reminder_1', 'fr').text).toContain('arrivée à échéance le mercredi 1er avril 2026');
    expect(render('reminder_1', 'fr').text).toContain('du lundi 2 mars 2026');
    expect(render('reminder_1', 'en').text).toContain('fell due on Wednesday 1 April 2026');
  });

  it('raises the tone step by step', () => {
    expect(render('reminder_1', 'fr').text).not.toMatch(/mise en demeure|contentieux/i);
    expect(render('letter_1', 'fr').text).not.toMatch(/mise en demeure/i);
    expect(render('notice_announce', 'fr').text).toMatch(/procédure judiciaire/);
  });

  it('greets by name in emails and formally in letters', () => {
    expect(render('letter_1', 'fr', {}, 'letter').text).toMatch(/^Madame, Monsieur,/);
    expect(render('letter_1', 'fr', {}, 'letter').text).toContain("Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.");
    expect(render('letter_1', 'en', {}, 'letter').text).toMatch(/^Dear Sir or Madam,[\s\S]*Yours faithfully,/);
    expect(render('letter_1', 'fr').text).toMatch(/^Bonjour Sophie Lambert,[\s\S]*Cordialement,/);
  });

  it('recalls the previous touches', () => {
    const text = render('letter_1', 'fr').text;
    expect(text).toContain('- courriel du jeudi 2 avril 2026 (rappel d\'échéance)');
    expect(text).toContain('- appel téléphonique du mercredi 8 avril 2026');
    expect(text).toContain('- courrier du mercredi 15 avril 2026 (lettre de relance)');
  });

  it('shows a partial payment and never asks for more than is due', () => {
    const m = render('reminder_1', 'fr', { facts: { ...SAMPLE_FACTS, amountDueCents: 73456, paidCents: 50000 } });
    expect(m.text).toContain('compte tenu de votre règlement partiel de 500,00\u00a0€, le solde restant dû s\'élève à 734,56\u00a0€');
  });

  it('gives the consumer formal notice no EUR 40 indemnity and cites legal interest', () => {
    const req = sampleRequest('formal_notice');
    const consumer = { ...req, invoice: { ...req.invoice, debtor: { ...req.invoice.debtor, kind: 'consumer' as const } }, facts: { ...SAMPLE_FACTS, penaltiesCents: 0 } };
    const m = renderTemplate('formal_notice', 'fr', templateVars(consumer, DEFAULT_CREDITOR, { channel: 'letter' }));
    expect(m.text).not.toContain('Indemnité forfaitaire');
    expect(m.text).not.toContain('40,00\u00a0€');
    expect(m.text).toContain('articles 1231-6 et 1344-1 du Code civil');
    expect(m.text).toContain('la somme de 1 234,56\u00a0€');
  });

  it('summarises a call where nobody was reached', () => {
    const m = render('call_followup', 'fr', { facts: { ...SAMPLE_FACTS, callSummary: { reached: false }, promise: undefined, plan: undefined } });
    expect(m.subject).toBe('Notre appel de ce jour – facture INV-2026-0412');
    expect(m.text).toContain('Nous avons tenté de vous joindre par téléphone le samedi 2 mai 2026');
    expect(m.text).not.toContain('Précisions');
  });

  it('uses a tone variant when the template has one', () => {
    expect(render('gap_reminder', 'fr', { tone: 'firm' }).subject).toBe('Facture INV-2026-0412 toujours impayée – régularisation attendue');
    expect(render('gap_reminder', 'fr', { tone: 'friendly_firm' }).subject).toBe('Facture INV-2026-0412 : votre règlement est toujours attendu');
  });

  it('escapes values in the HTML part only', () => {
    const req = sampleRequest('reminder_1');
    const m = renderTemplate('reminder_1', 'fr', templateVars({ ...req, to: { ...req.to, name: '<b>Dupont & "Fils"</b>' } }, DEFAULT_CREDITOR));
    expect(m.text).toContain('Bonjour <b>Dupont & "Fils"</b>,');
    expect(m.html).toContain('Bonjour &lt;b&gt;Dupont &amp; &quot;Fils&quot;&lt;/b&gt;,');
    expect(m.html).not.toContain('<b>Dupont');
    expect(m.html).toContain('<table');
  });

  it('fails loudly on a placeholder without a value, naming the template and the variable', () => {
    const vars = templateVars(sampleRequest('formal_notice'), DEFAULT_CREDITOR);
    delete vars.noticeDeadline;
    expect(() => renderTemplate('formal_notice', 'fr', vars)).toThrow(TemplateError);
    expect(() => renderTemplate('formal_notice', 'fr', vars)).toThrow("template fr/formal_notice: variable 'noticeDeadline' has no value");
    // A step that lacks the facts its template needs fails too.
    const noPromise = sampleRequest('promise_reminder', { facts: { ...SAMPLE_FACTS, promise: undefined } });
    expect(() => renderTemplate('promise_reminder', 'en', templateVars(noPromise, DEFAULT_CREDITOR))).toThrow(/en\/promise_reminder.*'promiseDate'/);
  });
});

describe('template engine', () => {
  const table = { kind: 'table' as const, columns: [{ title: 'A', align: 'left' as const, weight: 1 }], rows: [['x']] };

  it('keeps or drops sections and takes their line endings with them', () => {
    const body = 'Start\n\n{{#yes}}\nKept {{v}}\n{{/yes}}\n{{^yes}}\nDropped\n{{/yes}}\n\nEnd';
    expect(renderBlocks(body, { yes: true, v: 1 }, 't')).toEqual([
      { kind: 'paragraph', text: 'Start' },
      { kind: 'paragraph', text: 'Kept 1' },
      { kind: 'paragraph', text: 'End' },
    ]);
  });

  it('splits list lines out of paragraphs and keeps emphasis', () => {
    expect(renderBlocks('Intro:\n- a\n- b\n\n**Bold {{x}}.**', { x: 'here' }, 't')).toEqual([
      { kind: 'paragraph', text: 'Intro:' },
      { kind: 'list', items: ['a', 'b'] },
      { kind: 'paragraph', text: 'Bold here.', emphasis: true },
    ]);
  });

  it('refuses unclosed sections, missing flags and inlined tables', () => {
    expect(() => renderBlocks('{{#a}}open', { a: true }, 't')).toThrow(/section 'a' is not closed/);
    expect(() => renderBlocks('{{#a}}x{{/a}}', {}, 't')).toThrow(/variable 'a' has no value/);
    expect(() => renderBlocks('See {{tbl}}', { tbl: table }, 't')).toThrow(/table variable 'tbl' must stand alone/);
    expect(renderBlocks('{{tbl}}', { tbl: table }, 't')).toEqual([table]);
  });
});

describe('call scripts', () => {
  const expectedTone = { pre_due: 'courteous', call_1: 'friendly_firm', call_2: 'firm', broken_promise: 'firm', creditor_manager: 'firm' } as const;
  for (const lang of ['fr', 'en'] as const) {
    for (const stage of CALL_SCRIPT_STAGES) {
      it(`${lang}/${stage} answers every objection`, () => {
        const script = renderCallScript(stage, lang, templateVars(sampleRequest('reminder_1', { language: lang }), DEFAULT_CREDITOR));
        expect(script.tone).toBe(expectedTone[stage]);
        expect(script.objections.map((o) => o.id).sort()).toEqual([...OBJECTION_IDS].sort());
        for (const o of script.objections) {
          expect(o.objection.length).toBeGreaterThan(10);
          expect(o.answer.length).toBeGreaterThan(40);
        }
        expect(script.sections.length).toBeGreaterThanOrEqual(3);
        expect(script.text).toContain('INV-2026-0412');
        expect(script.text).not.toMatch(/\{\{|\}\}/);
      });
    }
  }

  it('maps the objections to their outcomes (domain.md §3)', () => {
    const script = renderCallScript('call_1', 'fr', templateVars(sampleRequest('reminder_1'), DEFAULT_CREDITOR));
    const answer = (id: string) => script.objections.find((o) => o.id === id)!.answer;
    expect(answer('not_received')).toMatch(/renvoie immédiatement[\s\S]*7 jours/);
    expect(answer('cannot_pay')).toMatch(/échéancier/);
    expect(answer('invoice_wrong')).toMatch(/litige/);
    expect(answer('goods_returned')).toMatch(/litige[\s\S]*retour/);
    expect(answer('customer_not_paid')).toMatch(/partie du montant[\s\S]*solde/);
    expect(answer('forgot')).toMatch(/date exactement/);
  });
});
