import { describe, expect, it } from 'vitest';
import { createLetterSender } from '../../activities/letters';
import { createFileSentLog } from '../../activities/sent-log';
import type { LetterRequest, MessageFacts } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { buildFacts as factsFor } from '../../domain/dunning/facts';
import { PLAIN_SEND } from '../../domain/dunning/plan';
import { renderTemplate, templateVars } from '../../templates/render';
import { sampleLetterRequest, sampleRequest } from '../helpers/samples';
import { sampleInvoice } from '../helpers/fixtures';
import { Shell, utc } from '../unit/core/driver';
import { pdfText, tempDir } from './helpers';

/** The formal notice's facts as the planner's send action asks for them (buildFacts reads only its references). */
const buildFacts = (state: Parameters<typeof factsFor>[0], policy: Parameters<typeof factsFor>[1], now: number, _action?: undefined, noticeDeadline?: string) =>
  factsFor(state, policy, now, { kind: 'send', at: now, stepId: 'formal_notice', channel: 'letter', template: 'formal_notice', tone: 'formal', options: { ...PLAIN_SEND, registered: true, formalNotice: true }, source: { stepIndex: 0 }, description: 'Letter formal_notice' }, noticeDeadline);

/**
 * A formal notice computed by the product's own code (state -> facts -> PDF), read back with pdftotext.
 * 10 000,00 EUR due Sat 31 May 2025, professional debtor; 2 000,00 EUR paid on Thu 3 Jul 2025.
 * - Code civil 1343-1: the payment first pays the penalties accrued 1 Jun..2 Jul:
 *   1 000 000 x 30 x 13.15 / 36 500 (June, ECB 3.15 % on 1 Jan 2025 + 10) = 10 808.22
 *   + 1 000 000 x 2 x 12.15 / 36 500 (1..2 Jul, ECB 2.15 % on 1 Jul 2025 + 10) = 665.75 -> 11 474 c;
 *   the principal becomes 1 000 000 - (200 000 - 11 474) = 811 474 c.
 * - L441-10 II, as of Sun 31 Aug 2025:
 *   June: 1 000 000 x 30 x 13.15 / 36 500 = 10 808.22;
 *   1 Jul..31 Aug: (1 000 000 x 2 + 811 474 x 60) x 12.15 / 36 500 = 50 688 440 x 12.15 / 36 500 = 16 873.05;
 *   total 27 681.27 -> 27 681 c, lines 10 808 + 16 873.
 * - Claim: principal 8 114,74 + 108,08 + 168,73 - 114,74 (already paid, 1343-1) + 40,00 (D441-5) = 8 316,81 EUR.
 */
describe('formal notice with half-year rates, a partial payment and the legal representative', () => {
  const invoice = sampleInvoice({
    invoiceId: 'FA-2025-0042',
    issueDate: '2025-05-01',
    dueDate: '2025-05-31',
    amountCents: 1_000_000,
    debtor: {
      ...sampleInvoice().debtor,
      legalRepresentative: { name: 'Marcel Girard', title: 'gérant', civility: 'monsieur' },
      registeredOffice: { lines: ['1 place Bellecour'], postalCode: '69002', city: 'Lyon', country: 'FR' },
    },
  });

  it('shows each half-year at its rate, the 1343-1 allocation, and goes to the legal representative at the registered office', async () => {
    const sh = Shell.start({ at: '2025-06-02T08:00:00Z', invoice }).pay('2025-07-03T08:00:00Z', 'P1', 200_000);
    expect(sh.state.interestPaidCents).toBe(11_474);
    const facts = buildFacts(sh.state, sh.policy, utc('2025-08-31T08:00:00Z'), undefined, '2025-09-10');
    expect(facts.interest?.periods.map((p) => [p.from, p.to, p.ratePct, p.cents])).toEqual([
      ['2025-06-01', '2025-06-30', 13.15, 10_808],
      ['2025-07-01', '2025-08-31', 12.15, 16_873],
    ]);
    const base = sampleLetterRequest('formal_notice');
    const req: LetterRequest = { ...base, idempotencyKey: 'dunning-FA-2025-0042/formal_notice', workflowId: 'dunning-FA-2025-0042', stepId: 'formal_notice', invoice: sh.state.invoice, to: sh.state.contacts[0], facts };
    const outboxDir = tempDir();
    const receipt = await createLetterSender({ outboxDir, sentLog: createFileSentLog(outboxDir), creditor: DEFAULT_CREDITOR })(req);
    const { layout, flat } = pdfText(receipt.path!);
    const line = (needle: string) => layout.split('\n').find((l) => l.includes(needle)) ?? '';

    // Addressed to the legal representative at the registered office, not to the accounts-payable clerk.
    expect(flat).toContain("À l'attention de Monsieur Marcel Girard, gérant");
    expect(flat).toContain('1 place Bellecour 69002 LYON');
    expect(flat).not.toContain("À l'attention de Claire Martin"); // the accounts-payable contact
    // One line per half-year, each at its own rate.
    expect(line('du 1er juin 2025 au 30 juin 2025')).toMatch(/13,15 %.*108,08 €\s*$/);
    expect(line('du 1er juillet 2025 au 31 août 2025')).toMatch(/12,15 %.*168,73 €\s*$/);
    expect(line('Principal restant dû')).toMatch(/8 114,74 €\s*$/);
    expect(line('Règlements déjà imputés')).toMatch(/-114,74 €\s*$/);
    expect(line('Total dû au 31 août 2025')).toMatch(/8 316,81 €\s*$/);
    expect(flat).toContain("imputés d'abord sur les pénalités échues (114,74 €), puis sur le principal");
    expect(flat).toContain('majoré de 10 points (12,15 % pour le semestre en cours)');
    expect(flat).toMatch(/Indemnisation complémentaire.*sur justification/);
  });

  it('a consumer: no penalties, no 40 EUR; legal interest from the notice, per half-year (C. civ. 1231-6, 1344-1)', () => {
    // Notice Mon 10 Mar 2025, facts as of Sun 31 Aug 2025 on 10 000,00 EUR:
    // 11 Mar..30 Jun: 1 000 000 x 112 x 3.71 / 36 500 = 11 384.11; 1 Jul..31 Aug: 1 000 000 x 62 x 2.76 / 36 500 = 4 688.22
    // (taux légal "autres cas": the creditor is a company); 16 072.33 -> 16 072.
    const consumer = sampleInvoice({ ...invoice, issueDate: '2025-01-01', dueDate: '2025-01-31', debtor: { ...invoice.debtor, kind: 'consumer' } });
    const sh = Shell.start({ at: '2025-03-01T08:00:00Z', invoice: consumer });
    const before = buildFacts(sh.state, sh.policy, utc('2025-03-10T08:00:00Z'));
    expect({ penalties: before.penaltiesCents, indemnity: before.indemnityCents }).toEqual({ penalties: 0, indemnity: 0 });
    sh.state.formalNotice = { sentAt: utc('2025-03-10T08:00:00Z'), deadline: '2025-03-18', deadlineAt: utc('2025-03-19T08:00:00Z'), stepId: 'formal_notice' };
    const after = buildFacts(sh.state, sh.policy, utc('2025-08-31T08:00:00Z'));
    expect(after.penaltiesCents).toBe(16_072);
    expect(after.interest?.periods.map((p) => [p.from, p.ratePct, p.basis])).toEqual([['2025-03-11', 3.71, 'legal_rate'], ['2025-07-01', 2.76, 'legal_rate']]);
  });
});

describe('payment confirmation after a formal notice', () => {
  // Paid after the notice (sample facts: 12,74 € of penalties + 40 € indemnity): the principal is paid, the rest is not waived.
  const confirmation = (lang: 'fr' | 'en', facts: Partial<MessageFacts>) => {
    const req = sampleRequest('payment_confirmation', { language: lang });
    return renderTemplate('payment_confirmation', lang, templateVars({ ...req, facts: { ...req.facts, amountDueCents: 0, noticeDeadline: '2026-05-11', ...facts } }, DEFAULT_CREDITOR, { channel: 'email' })).text;
  };

  it('reserves the penalties and the 40 EUR by default, instead of "no further action is needed"', () => {
    const fr = confirmation('fr', {});
    expect(fr).toContain('Cette facture est désormais réglée en principal.');
    expect(fr).toContain("les pénalités de retard et l'indemnité forfaitaire pour frais de recouvrement restent dues");
    expect(fr).not.toContain("aucune autre démarche n'est nécessaire");
    expect(confirmation('en', {})).toContain('remain due');
  });

  it('says the file is closed when the policy waives them, or when no notice was sent', () => {
    expect(confirmation('fr', { penaltiesWaived: true })).toContain("aucune autre démarche n'est nécessaire");
    expect(confirmation('fr', { noticeDeadline: undefined })).toContain("aucune autre démarche n'est nécessaire");
  });
});

describe('greeting with the civility, and room for a signature', () => {
  it('"Bonjour Madame Lambert" when the contact has a civility and last name; the full name otherwise', () => {
    const req = sampleRequest('reminder_1');
    const greet = (to: LetterRequest['to']) => renderTemplate('reminder_1', 'fr', templateVars({ ...req, to }, DEFAULT_CREDITOR, { channel: 'email' })).text;
    expect(greet({ ...req.to, civility: 'madame', lastName: 'Lambert' })).toContain('Bonjour Madame Lambert,');
    expect(greet(req.to)).toContain('Bonjour Sophie Lambert,');
    expect(renderTemplate('reminder_1', 'en', templateVars({ ...req, language: 'en', to: { ...req.to, civility: 'madame', lastName: 'Lambert' } }, DEFAULT_CREDITOR, { channel: 'email' })).text).toContain('Dear Ms Lambert,');
  });

  it('the formal notice leaves about 2 cm blank between the closing formula and the signer', async () => {
    const outboxDir = tempDir();
    const receipt = await createLetterSender({ outboxDir, sentLog: createFileSentLog(outboxDir), creditor: DEFAULT_CREDITOR })(sampleLetterRequest('formal_notice'));
    const lines = pdfText(receipt.path!).layout.split('\n');
    const closing = lines.findIndex((l) => l.includes('salutations distinguées'));
    const signer = lines.findIndex((l, i) => i > closing && l.trim() === DEFAULT_CREDITOR.collector.name);
    // pdftotext -layout keeps vertical space as empty lines: 2 cm is 4 or more lines of body text.
    expect(lines.slice(closing + 1, signer).every((l) => l.trim() === '')).toBe(true);
    expect(signer - closing).toBeGreaterThanOrEqual(4);
  });
});

describe('the formal notice states its delay from the first presentation of the letter (C. civ. 1344)', () => {
  // The deadline's date is not known when the letter is written: the run sends `noticeDelay` and no `noticeDeadline`.
  const notice = (lang: 'fr' | 'en', delay: MessageFacts['noticeDelay']) => {
    const req = sampleRequest('formal_notice', { language: lang });
    return renderTemplate('formal_notice', lang, templateVars({ ...req, facts: { ...req.facts, noticeDeadline: undefined, noticeDelay: delay } }, DEFAULT_CREDITOR, { channel: 'letter' })).text;
  };

  it('in French and in English, in days or in working days', () => {
    expect(notice('fr', { unit: 'days', n: 8 })).toContain('Cette somme devra nous être réglée dans un délai de 8 jours à compter de la première présentation de la présente lettre.');
    expect(notice('fr', { unit: 'business_days', n: 10 })).toContain('dans un délai de 10 jours ouvrés à compter de la première présentation');
    expect(notice('en', { unit: 'days', n: 15 })).toContain('This sum must reach us within 15 days of the first presentation of this letter.');
  });

  it('a run started before the rule still states its date', () => {
    const req = sampleRequest('formal_notice', { language: 'fr' });
    expect(renderTemplate('formal_notice', 'fr', templateVars(req, DEFAULT_CREDITOR, { channel: 'letter' })).text).toContain('Cette somme devra nous être réglée au plus tard le lundi 11 mai 2026.');
  });
});
