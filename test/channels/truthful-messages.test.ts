import { describe, expect, it } from 'vitest';
import type { Language, TemplateId } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { renderTemplate, templateVars, type VarsContext } from '../../templates/render';
import { sampleRequest, SAMPLE_FACTS } from '../helpers/samples';
import type { MessageFacts } from '../../domain/wire/vocabulary';

function read(id: TemplateId, lang: Language, facts: Partial<MessageFacts>, ctx: VarsContext = {}): string {
  const req = sampleRequest(id, { language: lang, facts: { ...SAMPLE_FACTS, ...facts } });
  const m = renderTemplate(id, lang, templateVars(req, DEFAULT_CREDITOR, { channel: 'email', ...ctx }), { tone: req.tone });
  return `${m.subject}\n${m.text}`;
}

describe('messages promise only what happens', () => {
  it('"document requested" without the document attached promises no separate sending: it gives the invoice details and asks for a reply', () => {
    const fr = read('document_resend', 'fr', { document: 'invoice' }, { documentAttached: false });
    expect(fr).not.toMatch(/envoi séparé|ci-joint/);
    expect(fr).toContain("Ce document n'a pas pu être joint à ce courriel");
    expect(fr).toContain('INV-2026-0412');
    const en = read('document_resend', 'en', { document: 'invoice' }, { documentAttached: false });
    expect(en).not.toMatch(/separately|attached a copy/);
    expect(en).toContain('could not be attached to this email');
    // Attached: the message says so, and asks to confirm receipt.
    expect(read('document_resend', 'fr', { document: 'invoice' }, { documentAttached: true })).toContain('ci-joint la copie de la facture INV-2026-0412');
  });

  it('a call that opened a dispute is restated with its reason, and does not ask for a payment date (per-invoice mode)', () => {
    const callSummary = { reached: true, contactName: 'Sophie Lambert', agreements: [{ invoiceId: 'INV-2026-0412', dispute: { kind: 'technical' as const, details: 'machine livrée en panne' } }] };
    const fr = read('call_followup', 'fr', { callSummary, promise: undefined, plan: undefined });
    expect(fr).toContain('Facture INV-2026-0412 : contestation technique enregistrée ; motif indiqué : « machine livrée en panne »');
    expect(fr).not.toContain('Aucune date de règlement');
    const en = read('call_followup', 'en', { callSummary, promise: undefined, plan: undefined });
    expect(en).toContain('Invoice INV-2026-0412: technical dispute recorded');
    expect(en).not.toContain('No payment date could be agreed');
  });

  it('a call with nothing agreed says so, and asks for a date', () => {
    const fr = read('call_followup', 'fr', { callSummary: { reached: true, contactName: 'Sophie Lambert' }, promise: undefined, plan: undefined });
    expect(fr).toContain('Aucune date de règlement');
  });
});
