import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { letterPath } from '../../activities/letters';
import { messageIdFor } from '../../activities/sent-log';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { pdfText, tempDir } from '../channels/helpers';
import { recordHistory } from '../helpers/histories';
import { startScenario, touchesOf, travelTo, UNANSWERED_TOUCHES_DUE_2027_02_03 } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';

/** The Subject header of an .eml, RFC 2047 words decoded. */
function subjectOf(eml: string): string {
  const raw = /^Subject: (.*(?:\r\n .*)*)/m.exec(eml)![1];
  return raw.replace(/\r\n /g, '').replace(/=\?UTF-8\?B\?([^?]+)\?=/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}

/**
 * The default cadence of test/workflow/cadence.test.ts (due Wed 3 Feb 2027, nobody answers), this
 * time with the real activities writing to a temporary outbox (no SendGrid key: emails become
 * .eml files). Figures checked by hand:
 *   principal 123 456 c = 1 234,56 €;
 *   formal notice on Fri 5 Mar: penalties 4 Feb..5 Mar = 30 days, 123 456 x 30 x 12.15 / 36 500
 *     = 1 232.87 -> 1 233 c = 12,33 €; indemnity 4 000 c = 40,00 €;
 *     total 123 456 + 1 233 + 4 000 = 128 689 c = 1 286,89 €;
 *     the letter gives 8 days from its first presentation; nobody reports it, so the presentation is taken
 *     at the end of the wait, Sat 20 Mar (5 Mar + 15 days): deadline Sun 28 Mar -> Tue 30 Mar (Easter Monday 29);
 *   handoff Wed 31 Mar: penalties 4 Feb..31 Mar = 56 days, 123 456 x 56 x 12.15 / 36 500
 *     = 2 301.36 -> 2 301 c = 23,01 €; total 123 456 + 2 301 + 4 000 = 129 757 c = 1 297,57 €,
 *     principal + penalties 1 257,57 € <= 5 000 € -> small-claims procedure; no dispute -> référé-provision;
 *   limitation: professional debtor, 5 years from the due date (L110-4) = 3 February 2032.
 */
describe('the default cadence with the real channels (outbox mode)', () => {
  const env = useTimeSkippingEnv();

  it('writes every email, both letters and the complete litigation file', async () => {
    const outboxDir = tempDir('dunning-real-');
    await travelTo(env(), '2027-01-25T08:00:00Z');
    const sc = await startScenario(env(), { invoice: { invoiceId: 'INV-2027-001' }, activities: createActivities({ outboxDir, creditor: DEFAULT_CREDITOR }) });
    const [result, view] = await sc.run(async () => [await sc.handle.result(), await sc.state()] as const);
    // A run after the call-brief patch: its history carries the patch marker (replayed in CI).
    await recordHistory('default-cadence-with-call-briefs', sc.handle);
    const wf = sc.handle.workflowId;

    // The same touches as with the recording activities.
    expect(touchesOf(view)).toEqual(UNANSWERED_TOUCHES_DUE_2027_02_03);

    // --- emails: one .eml (+ .html + .json) per email step, nothing else ---------------------------
    const emailTouches = view.touches.filter((t) => t.channel === 'email');
    const emls = readdirSync(join(outboxDir, 'emails')).filter((f) => f.endsWith('.eml'));
    expect(emls.sort()).toEqual(emailTouches.map((t) => `${messageIdFor(`${wf}/${t.stepId}`)}.eml`).sort());
    const subjects = emailTouches.map((t) => {
      expect(t.path).toBe(join(outboxDir, 'emails', `${t.messageId}.eml`));
      const eml = readFileSync(t.path!, 'utf8');
      expect(eml).toContain('To: Claire Martin <ap@acme.fr>');
      expect(eml).toContain(`X-Dunning-Idempotency-Key: ${wf}/${t.stepId}`);
      expect(eml).toContain('1 234,56\u00a0€');
      return subjectOf(eml);
    });
    expect(subjects).toEqual([
      'Rappel : facture INV-2027-001 arrivée à échéance le mercredi 3 février 2027',
      'Facture INV-2027-001 toujours impayée – régularisation attendue',
      'Relance – facture INV-2027-001 restée impayée',
      'Facture INV-2027-001 toujours impayée – régularisation attendue',
      'Dernier avis avant mise en demeure – facture INV-2027-001',
    ]);
    // The letter's email copy carries the letter PDF.
    expect(readFileSync(emailTouches[2].path!, 'utf8')).toContain('X-Dunning-Attachments: INV-2027-001_letter_1.pdf');

    // --- letters ------------------------------------------------------------------------------------
    const letter1 = letterPath(outboxDir, 'INV-2027-001', 'letter_1');
    const notice = letterPath(outboxDir, 'INV-2027-001', 'formal_notice');
    expect(view.touches.filter((t) => t.channel === 'letter').map((t) => t.path)).toEqual([letter1, notice]);
    const letterText = pdfText(letter1).flat;
    expect(letterText).toContain('Paris, le 17 février 2027');
    expect(letterText).toContain('Relance – facture INV-2027-001 restée impayée');
    expect(letterText).toContain('1 234,56 €');

    const { layout, flat } = pdfText(notice);
    expect(layout).toContain('MISE EN DEMEURE');
    expect(flat).toContain('Mise en demeure de payer – facture INV-2027-001');
    expect(flat).toContain('Lettre recommandée avec accusé de réception');
    expect(flat).toContain('Paris, le 5 mars 2027');
    expect(flat).toContain('Cette somme devra nous être réglée dans un délai de 8 jours à compter de la première présentation de la présente lettre.');
    // 2027 is past the rate table (docs/french-law.md): 2026-H1's ECB rate is carried forward and the line says so.
    // The cell wraps: its second line comes after the amount in the text read back.
    expect(flat).toMatch(/Pénalités de retard au taux annuel de 12,15 %, du 4 février 2027 au 5 mars 2027 \(taux (provisoire, semestre non encore publié\) )?12,33 €/);
    expect(flat).toContain('provisoire, semestre non encore publié)');
    expect(flat).toMatch(/Indemnité forfaitaire pour frais de recouvrement \(art\. D441-5 du Code de commerce\) 40,00 €/);
    expect(flat).toMatch(/Total dû au 5 mars 2027 1 286,89 €/);
    // A call brief file per call task, written when the task opened (domain.md §4).
    const briefs = readdirSync(join(outboxDir, 'briefs', 'INV-2027-001')).sort();
    expect(briefs).toEqual(['call_1-2.md', 'call_2-3.md', 'pre_due_call-1.md']);
    const brief = readFileSync(join(outboxDir, 'briefs', 'INV-2027-001', 'call_1-2.md'), 'utf8');
    expect(brief).toMatch(/INV-2027-001/);
    expect(brief).toMatch(/1 234,56\u00a0€/);
    // The objective in the brief's language (the script's), the codes in words, Markdown or not.
    expect(brief).toContain('obtenir une promesse de paiement datée');
    expect(brief).toMatch(/ton:\s+amical mais ferme/);
    expect(brief).toContain('Claire Martin (comptabilité fournisseurs)');
    expect(view.callTasks.find((t) => t.taskId === 'call_1-2')?.briefPath).toBe(join(outboxDir, 'briefs', 'INV-2027-001', 'call_1-2.md'));
    const postal = readFileSync(join(outboxDir, 'letters', 'postal-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(postal.map((p) => [p.idempotencyKey, p.registered])).toEqual([[`${wf}/letter_1`, false], [`${wf}/formal_notice`, true]]);

    // --- litigation file ----------------------------------------------------------------------------
    const folder = join(outboxDir, 'litigation', 'INV-2027-001');
    expect(result).toMatchObject({ outcome: 'litigation', litigationReference: expect.stringMatching(/^LIT-[0-9A-F]{10}$/) });
    expect(view.litigation).toMatchObject({ location: folder, reference: result.litigationReference });
    expect(view.litigation.route).toBe('procédure simplifiée de recouvrement des petites créances (commissaire de justice) ; référé-provision possible (créance non sérieusement contestable)');

    const listing = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listing(join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));
    const files = listing(folder).sort();
    expect(files).toEqual([
      'call-notes.md',
      'emails/2027-02-04_reminder_1.eml',
      'emails/2027-02-04_reminder_1.html',
      'emails/2027-02-12_gap_reminder.eml',
      'emails/2027-02-12_gap_reminder.html',
      'emails/2027-02-17_letter_1.eml',
      'emails/2027-02-17_letter_1.html',
      'emails/2027-02-26_gap_reminder.eml',
      'emails/2027-02-26_gap_reminder.html',
      'emails/2027-03-03_notice_announce.eml',
      'emails/2027-03-03_notice_announce.html',
      'file.json',
      'letters/2027-02-17_letter_1.pdf',
      'letters/2027-03-05_formal_notice.pdf',
      'summary.pdf',
    ]);
    // Copies are the very files that were sent.
    expect(readFileSync(join(folder, 'letters/2027-03-05_formal_notice.pdf')).equals(readFileSync(notice))).toBe(true);
    expect(readFileSync(join(folder, 'emails/2027-02-04_reminder_1.eml')).equals(readFileSync(emailTouches[0].path!))).toBe(true);

    // The zip holds the same files under INV-2027-001/.
    const zipPath = join(outboxDir, 'litigation', 'INV-2027-001.zip');
    const zipped = unzipSync(readFileSync(zipPath));
    expect(Object.keys(zipped).sort()).toEqual(files.map((f) => `INV-2027-001/${f}`));
    expect(Buffer.from(zipped['INV-2027-001/summary.pdf']).equals(readFileSync(join(folder, 'summary.pdf')))).toBe(true);

    // summary.pdf
    const summary = pdfText(join(folder, 'summary.pdf')).flat;
    expect(summary).toContain('DOSSIER CONTENTIEUX');
    expect(summary).toContain(`Référence : ${result.litigationReference}`);
    expect(summary).toContain('Ateliers Verbois');
    expect(summary).toContain('Acme SARL');
    expect(summary).toMatch(/Principal restant dû 1 234,56 €/);
    expect(summary).toMatch(/Pénalités de retard au taux annuel de 12,15 %, du 4 février 2027 au 31 mars 2027 \(taux (provisoire, semestre non encore publié\) )?23,01 €/);
    expect(summary).toMatch(/Indemnité forfaitaire pour frais de recouvrement \(art\. D441-5 du Code de commerce\) 40,00 €/);
    expect(summary).toMatch(/Total dû au 31 mars 2027 1 297,57 €/);
    // No delivery date: 5 years (L110-4) from the issue date, 4 Jan 2027.
    expect(summary).toContain('Date de prescription : 4 janvier 2032 (5 ans à compter de la facture (date de livraison non renseignée');
    expect(summary).not.toContain('ATTENTION');
    expect(summary).toContain('Voie suggérée : procédure simplifiée de recouvrement des petites créances (commissaire de justice).');
    expect(summary).toContain('référé-provision est envisageable');
    expect(summary).toContain("aucun frais de recouvrement n'est dû par le débiteur");
    expect(summary).toContain('Mise en demeure envoyée le 5 mars 2027 par lettre recommandée avec AR n° 1A');
    expect(summary).toMatch(/aucune nouvelle de La Poste à la fin de l'attente : première présentation retenue au 20 mars 2027 \(la plus tardive possible\) ; délai de paiement expiré le 30 mars 2027\./);
    expect(summary).toMatch(/n° 7 courrier du 5 mars 2027 \(mise en demeure\) letters\/2027-03-05_formal_notice\.pdf/);
    expect(summary).toMatch(/04\/02\/2027 09:00 Envoi courriel « rappel d'échéance », à ap@acme\.fr, envoyé/);

    // call-notes.md: the three call tasks, none of them made.
    const notes = readFileSync(join(folder, 'call-notes.md'), 'utf8');
    expect(notes).toContain("# Notes d'appels – facture INV-2027-001 – Acme SARL");
    expect(notes).toContain("3 tâche(s) d'appel, 0 appel(s) passé(s).");
    expect(notes.match(/^## .* – appel non passé/gm)).toHaveLength(3);
    expect(notes).toContain('## vendredi 29 janvier 2027 à 10:00 – appel non passé');
    expect(notes).toContain('- Contact appelé : Claire Martin (comptabilité fournisseurs) +33 1 23 45 67 89 ap@acme.fr');

    // file.json
    const file = JSON.parse(readFileSync(join(folder, 'file.json'), 'utf8'));
    expect(file).toMatchObject({
      format: 'dunning-litigation-file/1',
      reference: result.litigationReference,
      idempotencyKey: `${wf}/litigation`,
      preparedOn: '2027-03-31',
      claim: { amountDueCents: 123_456, penaltiesCents: 2301, penaltyRatePct: 12.15, indemnityCents: 4000, totalCents: 129_757 },
      limitation: { date: '2032-01-04', years: 5, fromWhat: 'issue_date' },
      route: { code: 'small_claims', refereProvision: true },
      formalNotice: { deadline: '2027-03-30', stepId: 'formal_notice', presentation: { presentedOn: '2027-03-20', basis: 'assumed' } },
    });
    expect(file.touches).toHaveLength(7);
    expect(file.touches[6]).toMatchObject({ template: 'formal_notice', files: ['letters/2027-03-05_formal_notice.pdf'] });
    expect(file.callTasks).toHaveLength(3);
    expect(file.mandateNote[0]).toContain('mandat');
    expect(existsSync(join(outboxDir, 'litigation', 'INV-2027-001.handoff.json'))).toBe(true);
  });
});
