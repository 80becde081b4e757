import { describe, expect, it } from 'vitest';
import { TEMPLATE_IDS, type Language, type TemplateId } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import type { Touch } from '../../domain/dunning/state';
import type { MessageFacts } from '../../domain/wire/vocabulary';
import { callBriefText } from '../../templates/call-brief';
import { knownCodes } from '../../templates/brief-words';
import { renderTemplate, templateVars } from '../../templates/render';
import { sampleRequest, SAMPLE_FACTS, SAMPLE_INVOICE_INPUT } from '../helpers/samples';
import { callTask, viewOf } from '../helpers/view';

/**
 * Every message and brief, in French and in English: no word of the other language, no internal
 * code (stage, tone, role, result, step id), no raw cents, no ISO date. Data (names, addresses,
 * the invoice's description, the call notes) is removed first: it is in whatever language it came.
 */
/** Whole words, letters with accents included (\b would split "présent" into "pré" and "sent"). */
function words(list: string): RegExp {
  return new RegExp(`(?<!\\p{L})(${list})(?!\\p{L})`, 'iu');
}

const OTHER_LANGUAGE: Record<Language, RegExp> = {
  fr: words('the|and|payment|invoice|reminder|dear|please|promise|dispute|reached|sent|check|call task|not completed|reassigned|settlement|hardship|due by|none'),
  en: words('le|la|les|du|des|vous|nous|votre|facture|règlement|échéance|bonjour|madame|monsieur|relance|appel|courriel|contentieux'),
};
const INTERNAL = /\b(accounts_payable|pre_due|reminding|formal_notice|friendly_firm|very_firm|courteous|sales_rep|credit_controller|broken_promise|document_follow_up|plan_negotiation|call_[12]|reminder_1|letter_1|unreached|bounced|uncertain)\b|\b\d+ cents\b|\b\d{4}-\d{2}-\d{2}\b/;

function dataFree(text: string, data: string[]): string {
  return data.reduce((t, d) => t.split(d).join(' '), text);
}

const DATA = [
  DEFAULT_CREDITOR.companyName,
  ...DEFAULT_CREDITOR.address.lines,
  DEFAULT_CREDITOR.address.city,
  DEFAULT_CREDITOR.collector.name,
  DEFAULT_CREDITOR.bank.bankName ?? '',
  DEFAULT_CREDITOR.email,
  SAMPLE_INVOICE_INPUT.debtor.name,
  ...SAMPLE_INVOICE_INPUT.debtor.address!.lines,
  SAMPLE_INVOICE_INPUT.description ?? '',
  'Sophie Lambert',
  'Virement validé par le gérant.',
  'la quantité livrée est fausse',
].filter(Boolean);

function offenders(text: string, lang: Language): string[] {
  const clean = dataFree(text, DATA);
  return clean.split('\n').filter((line) => OTHER_LANGUAGE[lang].test(line) || INTERNAL.test(line));
}

const VARIANTS: Array<[string, Partial<MessageFacts>]> = [
  ['sample', {}],
  ['call not reached', { callSummary: { reached: false } }],
  ['agreements', { promise: undefined, plan: undefined, callSummary: { reached: true, agreements: [{ invoiceId: 'INV-2026-0412', dispute: { kind: 'commercial', details: 'la quantité livrée est fausse' } }] } }],
];

describe('every message speaks its reader\'s language', () => {
  for (const lang of ['fr', 'en'] as const) {
    for (const id of TEMPLATE_IDS as readonly TemplateId[]) {
      it(`${lang}/${id}: no word of the other language, no internal code`, () => {
        for (const [name, facts] of id === 'call_followup' ? VARIANTS : VARIANTS.slice(0, 1)) {
          for (const channel of ['email', 'letter'] as const) {
            const req = sampleRequest(id, { language: lang, facts: { ...SAMPLE_FACTS, ...facts } });
            const m = renderTemplate(id, lang, templateVars(req, DEFAULT_CREDITOR, { channel }), { tone: req.tone });
            expect(offenders(`${m.subject}\n${m.text}`, lang), `${name}, ${channel}`).toEqual([]);
          }
        }
      });
    }
  }
});

const at = (iso: string) => Date.parse(iso);
const touch = (iso: string, channel: Touch['channel'], template: string, result: Touch['result']): Touch => ({ at: at(iso), stepId: template, channel, template, result, unsuccessful: false, amountDueCents: 1, to: undefined });

describe("the call brief speaks its reader's language", () => {
  for (const lang of ['fr', 'en'] as const) {
    for (const kind of knownCodes('kind')) {
      it(`${lang} brief of a ${kind} task: no word of the other language, no internal code`, () => {
        const view = viewOf({
          daysPastDue: 17,
          brokenPromises: 1,
          touches: [touch('2027-02-04T08:00:00Z', 'email', 'reminder_1', 'sent'), touch('2027-02-10T10:00:00Z', 'call', 'call_1', 'unreached'), touch('2027-02-11T10:00:00Z', 'call', 'call_1', 'reached'), touch('2027-02-17T08:00:00Z', 'letter', 'letter_1', 'sent')],
          promises: [{ promiseId: 'p1', date: '2027-02-16', amountCents: 1000, madeAt: at('2027-02-11T10:00:00Z'), via: 'call_1-1', paidAtStartCents: 0, status: 'broken', reminderSent: true }],
          disputes: [{ disputeId: 'D1', kind: 'technical', details: 'joint de porte', openedAt: at('2027-02-18T10:00:00Z'), status: 'open' }],
          openTask: callTask({ taskId: 'T-1', kind: kind as 'reminder', script: 'call_1', tone: 'friendly_firm', objective: 'Qualify the debtor and get a dated promise to pay.', contactIndex: 0, dueBy: at('2027-02-22T15:00:00Z') }),
        });
        const text = callBriefText(view, lang);
        const data = [view.invoice.debtor.name, view.invoice.description ?? '', ...view.contacts.flatMap((c) => [c.name, c.email ?? '', c.phone ?? '']), 'joint de porte', 'T-1', 'D1', view.invoice.invoiceId, view.invoice.orderRef ?? ''];
        const lines = dataFree(text, [...DATA, ...data]).split('\n');
        expect(lines.filter((l) => OTHER_LANGUAGE[lang].test(l) || INTERNAL.test(l))).toEqual([]);
      });
    }
  }
});
