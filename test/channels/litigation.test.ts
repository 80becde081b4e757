import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createLitigationHandoff, type LitigationAdapter } from '../../activities/litigation';
import { limitationOf } from '../../activities/litigation/limitation';
import { suggestRoute } from '../../activities/litigation/route';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { InvoiceSchema } from '../../domain/invoice/schema';
import { DEFAULT_POLICY } from '../../domain/policy/parse';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { PolicySchema } from '../../domain/policy/schema';
import { toView } from '../../domain/views/read-model';
import { Shell } from '../unit/core/driver';
import { flat, pdfText, tempDir } from './helpers';
import { FIXTURE_INVOICE, litigationFixture } from './litigation-fixture';
import type { DunningView } from '../../domain/views/read-model';

function countingAdapter(): LitigationAdapter & { count: number } {
  const adapter = {
    name: 'counting',
    count: 0,
    async deliver() {
      adapter.count += 1;
      return { partnerReference: `P-${adapter.count}` };
    },
  };
  return adapter;
}

/** The fixture's history has a part payment and a promise, each an acknowledgement of the debt (C. civ. 2240): drop them. */
function withoutAcknowledgement<T extends { req: { state?: unknown } }>(f: T): T {
  const view = f.req.state as DunningView;
  return { ...f, req: { ...f.req, state: { ...view, trace: view.trace.filter((t) => t.kind !== 'payment'), promises: [], plan: undefined } } };
}

describe('litigation file', () => {
  /**
   * Fixture (litigation-fixture.ts): 8 500,00 € due 3 Feb 2027, 2 000,00 € paid on 24 Feb, so
   * 6 500,00 € still due; penalties given as 99,99 €, indemnity 40,00 €: total 6 639,99 €.
   * Principal + penalties 6 599,99 € > 5 000 € -> payment order at the commercial court; a dispute
   * was opened -> no référé-provision. Limitation: 3 Feb 2027 + 5 years = 3 Feb 2032.
   */
  it('holds the summary, the call notes, file.json and a copy of each message sent', async () => {
    const outboxDir = tempDir();
    const { req, letter, eml } = litigationFixture(outboxDir);
    const receipt = await createLitigationHandoff({ outboxDir, creditor: DEFAULT_CREDITOR })(req);
    const folder = join(outboxDir, 'litigation', 'INV-2027-777');
    expect(receipt).toEqual({ reference: expect.stringMatching(/^LIT-[0-9A-F]{10}$/), location: folder, suggestedRoute: 'injonction de payer (tribunal de commerce)' });

    expect(readFileSync(join(folder, 'letters/2027-02-25_letter_1.pdf')).equals(readFileSync(letter))).toBe(true);
    expect(readFileSync(join(folder, 'emails/2027-02-04_reminder_1.eml')).equals(readFileSync(eml))).toBe(true);

    const { flat: summary } = pdfText(join(folder, 'summary.pdf'));
    expect(summary).toContain('Beta Industrie SAS');
    expect(summary).toContain('SIREN 523 456 781');
    expect(summary).toContain('Règlements reçus -2 000,00 €');
    expect(summary).toContain('Principal restant dû 6 500,00 €');
    expect(summary).toContain('Pénalités de retard au taux annuel de 12,15 %, du 4 février 2027 au 16 mars 2027 99,99 €');
    expect(summary).toContain('Total dû au 16 mars 2027 6 639,99 €');
    // The part payment of 24 Feb 2027 acknowledges the debt (C. civ. 2240): 5 years from it (L110-4).
    expect(summary).toContain('Date de prescription : 24 février 2032 (5 ans à compter de la dernière reconnaissance de dette du 24 février 2027');
    expect(summary).not.toContain('ATTENTION');
    expect(summary).toContain('Voie suggérée : injonction de payer (tribunal de commerce).');
    expect(summary).toContain('le référé-provision est à écarter');
    expect(summary).toContain("aucun frais de recouvrement n'est dû par le débiteur");
    expect(summary).toContain('1 promesse(s) de paiement, dont 1 non tenue(s).');
    expect(summary).toContain('Machine livrée sans notice');
    expect(summary).toContain('compta@beta.example [adresse rejetée]');
    expect(summary).toMatch(/10\/02\/2027 11:15 Appel joint \(Marc Roux\) ; motif : son propre client ne l'a pas payé/);
    expect(summary).toContain('sans copie'); // the email copy sent through SendGrid

    const notes = readFileSync(join(folder, 'call-notes.md'), 'utf8');
    expect(notes).toContain('## mercredi 10 février 2027 à 11:15 – appel, interlocuteur joint');
    expect(notes).toContain('- Appel confié à : Julie Petit');
    expect(notes).toContain('- Résultat : joint (Marc Roux)');
    expect(notes).toContain("- Motif de non-paiement : son propre client ne l'a pas payé");
    expect(notes).toContain('- Promesse : 8 500,00\u00a0€ au plus tard le 19 février 2027 – non tenue');
    expect(notes).toContain('- Notes : Leur client final a du retard.\n  Promet un virement le 19/02.');

    const file = JSON.parse(readFileSync(join(folder, 'file.json'), 'utf8'));
    expect(file.claim).toMatchObject({ invoiceAmountCents: 850_000, paidCents: 200_000, amountDueCents: 650_000, penaltiesCents: 9_999, indemnityCents: 4000, totalCents: 663_999 });
    expect(file.route).toMatchObject({ code: 'payment_order', refereProvision: false, thresholdBasisCents: 659_999 });
    expect(file.contacts.map((c: { emailRejected: boolean }) => c.emailRejected)).toEqual([true, false]);
    expect(file.promises).toMatchObject([{ status: 'broken', amountCents: 850_000, date: '2027-02-19', via: 'call_1-1' }]);
    expect(file.disputes).toMatchObject([{ disputeId: 'D-1', status: 'resumed', openedAt: '2027-02-26T10:00:00.000Z' }]);
    expect(file.payments).toMatchObject({ paymentIds: ['VIR-1'], paidCents: 200_000 });
    expect(file.touches.map((t: { template: string; result: string; files: string[] }) => [t.template, t.result, t.files])).toEqual([
      ['reminder_1', 'sent', ['emails/2027-02-04_reminder_1.eml', 'emails/2027-02-04_reminder_1.html']],
      ['reminder', 'reached', []],
      ['letter_1', 'sent', ['letters/2027-02-25_letter_1.pdf']],
      ['letter_1', 'sent', []],
      ['gap_reminder', 'bounced', []],
    ]);
    expect(file.touches[3].missingCopy).toMatch(/pas de copie locale/);
    expect(file.timeline.map((e: { kind: string }) => e.kind)).toContain('promise_broken');
  });

  it('is idempotent: the same key gives the same reference, builds and delivers once', async () => {
    const outboxDir = tempDir();
    const { req } = litigationFixture(outboxDir);
    const adapter = countingAdapter();
    const handOff = createLitigationHandoff({ outboxDir, creditor: DEFAULT_CREDITOR, adapter });
    const first = await handOff(req);
    const zipPath = join(outboxDir, 'litigation', 'INV-2027-777.zip');
    const zip = readFileSync(zipPath);
    expect(await handOff(req)).toEqual(first);
    expect(adapter.count).toBe(1);
    const record = JSON.parse(readFileSync(join(outboxDir, 'litigation', 'INV-2027-777.handoff.json'), 'utf8'));
    expect(record).toMatchObject({ idempotencyKey: req.idempotencyKey, receipt: first, adapter: 'counting', partnerReference: 'P-1' });

    // A crash after delivery but before the record: the retry rebuilds the very same bytes and
    // delivers again under the same key (the partner recognises it).
    rmSync(join(outboxDir, 'litigation', 'INV-2027-777.handoff.json'));
    expect(await handOff(req)).toEqual(first);
    expect(readFileSync(zipPath).equals(zip)).toBe(true);
    expect(adapter.count).toBe(2);
    expect(Object.keys(unzipSync(zip)).sort()).toEqual([
      'INV-2027-777/call-notes.md',
      'INV-2027-777/emails/2027-02-04_reminder_1.eml',
      'INV-2027-777/emails/2027-02-04_reminder_1.html',
      'INV-2027-777/file.json',
      'INV-2027-777/letters/2027-02-25_letter_1.pdf',
      'INV-2027-777/summary.pdf',
    ]);
  });

  it('warns when the limitation date is less than 6 months away', async () => {
    // Issued 1 Aug 2022, no delivery date: + 5 years (L110-4) = 1 Aug 2027; handoff 16 Mar 2027 + 6 months = 16 Sep 2027: inside.
    const outboxDir = tempDir();
    const { req } = withoutAcknowledgement(litigationFixture(outboxDir, { invoice: { issueDate: '2022-08-01', dueDate: '2022-08-31' } }));
    const receipt = await createLitigationHandoff({ outboxDir, creditor: DEFAULT_CREDITOR })(req);
    const { flat: summary } = pdfText(join(receipt.location, 'summary.pdf'));
    expect(summary).toContain('ATTENTION : la prescription sera acquise le 1er août 2027 : agir en justice avant cette date.');
    expect(summary).toContain('Date de prescription : 1er août 2027 (5 ans à compter de la facture (date de livraison non renseignée');
    expect(summary).toContain('Prescription le 2027-08-01 : saisir le juge');
  });

  it('consumer debtor: 2-year limitation (L218-2), no indemnity, judicial court', async () => {
    // Delivered 5 Dec 2024 + 2 years (L218-2, from delivery) = 5 Dec 2026, before the handoff on 16 Mar 2027: expired.
    const outboxDir = tempDir();
    const debtor = { ...FIXTURE_INVOICE.debtor, kind: 'consumer' as const };
    const { req } = withoutAcknowledgement(litigationFixture(outboxDir, { invoice: { issueDate: '2024-12-10', dueDate: '2025-01-10', deliveryDate: '2024-12-05', debtor }, noDispute: true }));
    const receipt = await createLitigationHandoff({ outboxDir, creditor: DEFAULT_CREDITOR })(req);
    expect(receipt.suggestedRoute).toBe('injonction de payer (tribunal judiciaire) ; référé-provision possible (créance non sérieusement contestable)');
    const { flat: summary } = pdfText(join(receipt.location, 'summary.pdf'));
    expect(summary).toContain('Date de prescription : 5 décembre 2026 (2 ans à compter de la livraison ou de la prestation du 5 décembre 2024, article L218-2 du Code de la consommation)');
    expect(summary).toContain('ATTENTION : la prescription est acquise depuis le 5 décembre 2026');
    expect(summary).not.toContain('Indemnité forfaitaire pour frais de recouvrement (art. D441-5');
    expect(summary).toContain('(art. 835 alinéa 2 du Code de procédure civile)');
  });
});

describe('limitation and route rules', () => {
  const invoice = (over: object = {}) => InvoiceSchema.parse({ ...FIXTURE_INVOICE, ...over });
  // The run's own limitation (domain/dunning/limitation.ts, its policy's periods), as the file writes it.
  const fileLimitation = (over: object, policy = DEFAULT_POLICY, at = '2028-03-01T09:00:00Z', pay?: string) => {
    const sh = Shell.start({ at, invoice: over, policy });
    if (pay) sh.pay(pay, 'VIR-1', 100);
    return limitationOf(toView(sh.state, policy, sh.now), sh.state.invoice.dueDate);
  };

  it('a period from 29 February ends on 28 February; an acknowledgement restarts it', () => {
    // Default policy: 1826 days from Tue 29 Feb 2028 (2032 is a leap year) = 28 Feb 2033, 5 years (L110-4).
    expect(fileLimitation({ issueDate: '2028-01-30', dueDate: '2028-03-30', deliveryDate: '2028-02-29' })).toEqual({
      date: '2033-02-28',
      years: 5,
      period: '5 ans',
      basis: 'article L110-4 du Code de commerce',
      from: '2028-02-29',
      fromWhat: 'delivery',
    });
    // C. civ. 2240: a part payment on 10 Mar 2028 restarts it: + 1826 days = 10 Mar 2033.
    expect(fileLimitation({ issueDate: '2028-01-30', dueDate: '2028-03-30', deliveryDate: '2028-02-29' }, DEFAULT_POLICY, '2028-03-01T09:00:00Z', '2028-03-10T09:00:00Z')).toMatchObject({ date: '2033-03-10', fromWhat: 'acknowledgement' });
  });

  it("the policy's period, not a fixed 5 or 2 years: 3 years between businesses, the consumer's 2 years when shorter, the policy's when shorter still", () => {
    const policy = (period: string, warnBefore = '30 days') => PolicySchema.parse({ ...DEFAULT_POLICY_INPUT, limitation: { period, warnBefore } });
    // Sample invoice issued Mon 4 Jan 2027, no delivery date: 4 Jan 2027 + 1096 days (2028 is a leap year) = 4 Jan 2030.
    expect(fileLimitation({}, policy('1096 days'), '2027-01-25T08:00:00Z')).toMatchObject({ date: '2030-01-04', years: 3, period: '3 ans', fromWhat: 'issue_date', basis: 'article L110-4 du Code de commerce' });
    // A consumer: L218-2's 2 years (4 Jan 2029) come first.
    expect(fileLimitation({ debtor: { kind: 'consumer' } }, policy('1096 days'), '2027-01-25T08:00:00Z')).toMatchObject({ date: '2029-01-04', period: '2 ans', basis: 'article L218-2 du Code de la consommation' });
    // A policy of 365 days is shorter still: 4 Jan 2028; warned 400 days ahead, so already when the run starts.
    expect(fileLimitation({ debtor: { kind: 'consumer' } }, policy('365 days', '400 days'), '2027-01-25T08:00:00Z')).toMatchObject({ date: '2028-01-04', years: 1, period: '1 an', warning: 'soon' });
    // Not whole years: the days are written out.
    expect(fileLimitation({}, policy('1000 days'), '2027-01-25T08:00:00Z')).toMatchObject({ date: '2029-09-30', period: '1000 jours' });
  });

  it('small claims up to 5 000 € in principal and penalties, payment order above', () => {
    const claim = (amountDueCents: number, penaltiesCents: number) =>
      ({ amountDueCents, penaltiesCents, indemnityCents: 4000 }) as Parameters<typeof suggestRoute>[1];
    expect(suggestRoute(invoice(), claim(490_000, 10_000), { disputes: [] })).toMatchObject({ code: 'small_claims', refereProvision: true });
    expect(suggestRoute(invoice(), claim(490_000, 10_001), { disputes: [] })).toMatchObject({ code: 'payment_order', label: 'injonction de payer (tribunal de commerce)' });
    expect(flat(suggestRoute(invoice(), claim(100, 0), { disputes: [] }).notes.join(' '))).toContain('commissaire de justice');
  });
});
