/**
 * Issue 16, layouts checked by rendering: real PDFs read back page by page with `pdftotext -layout`.
 * A letter's signature never sits alone on a page (it shares its page with the body's last
 * paragraph), and no heading of the litigation summary is stranded at the foot of a page (its page
 * also holds the first lines of its section). Long hostile inputs (long names and addresses, many
 * invoice lines) sweep the page break over every part of the document.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLitigationHandoff } from '../../activities/litigation';
import { renderLetterPdf } from '../../activities/pdf/render-letter';
import { mm } from '../../activities/pdf/geometry';
import type { InvoiceLine, LetterRequest, MessageFacts } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import type { TraceEntry } from '../../domain/dunning/state';
import type { DunningView } from '../../domain/views/read-model';
import { CallOutcomeSchema } from '../../domain/invoice/commands';
import { callBriefText } from '../../templates/call-brief';
import { escapeHtml } from '../../templates/format';
import { sampleLetterRequest } from '../helpers/samples';
import { callTask, viewOf } from '../helpers/view';
import { tempDir } from './helpers';
import { FIXTURE_INVOICE, litigationFixture } from './litigation-fixture';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Each page's text (pdftotext -layout -f N -l N), the running footer (company line, "Page n/m") left out. */
function pages(pdf: string): string[] {
  const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  return Array.from({ length: count }, (_, i) => {
    const text = execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), pdf, '-'], { encoding: 'utf8' });
    return text
      .split('\n')
      .filter((l) => !/Page \d+\/\d+\s*$/.test(l) && !/^\s*SIREN \d{3} \d{3} \d{3} – RCS/.test(l) && !/^\s*Ateliers Verbois – SAS au capital/.test(l))
      .join('\n');
  });
}

const HOSTILE_NAME = 'Établissements Bartholomé-Vandenberghe & Fils Société par Actions Simplifiée Unipersonnelle de Très Longue Dénomination';

function letterRequest(lineCount: number, nameRepeat: number): LetterRequest {
  const base = sampleLetterRequest('letter_1', { tone: 'firm' });
  const address = { lines: Array.from({ length: 2 + (nameRepeat % 3) }, (_, i) => `Bâtiment ${i + 1}, ${'Zone Industrielle des Grandes Étendues '.repeat(1 + (nameRepeat % 2))}`), postalCode: '69002', city: 'Lyon', country: 'FR' };
  const invoice = { ...base.invoice, debtor: { ...base.invoice.debtor, name: HOSTILE_NAME.repeat(1 + (nameRepeat % 2)), address } };
  const to = { ...base.to, name: `Marie-${'Anne-'.repeat(nameRepeat)}Lambert` };
  const lines: InvoiceLine[] = Array.from({ length: lineCount }, (_, i) => ({
    invoiceId: `INV-2026-${String(100 + i).padStart(4, '0')}`,
    issueDate: '2026-03-01',
    dueDate: '2026-03-31',
    amountCents: 10_000 + i,
    amountDueCents: 10_000 + i,
    paidCents: 0,
    penaltiesCents: 34,
    indemnityCents: 4000,
    daysPastDue: 34,
    stage: 'reminding',
    template: 'letter_1',
  }));
  const sum = (pick: (l: InvoiceLine) => number) => lines.reduce((s, l) => s + pick(l), 0);
  const facts: MessageFacts = lineCount < 2
    ? base.facts
    : { ...base.facts, invoices: lines, amountDueCents: sum((l) => l.amountDueCents), paidCents: 0, penaltiesCents: sum((l) => l.penaltiesCents), indemnityCents: sum((l) => l.indemnityCents), interest: undefined, daysPastDue: 34 };
  const lead = lines[0];
  return { ...base, to, invoice: lineCount < 2 ? invoice : { ...invoice, invoiceId: lead.invoiceId, issueDate: lead.issueDate, dueDate: lead.dueDate, amountCents: lead.amountCents }, facts };
}

describe("letter_1: the signature shares its page with the body's last paragraph", () => {
  it('whatever the length of names, addresses and the invoice table (fr and en)', async () => {
    const dir = tempDir();
    let multiPage = 0;
    for (const language of ['fr', 'en'] as const) {
      for (let lineCount = 1; lineCount <= 40; lineCount += 1) {
        const req = { ...letterRequest(lineCount, lineCount % 4), language };
        const recipient = { name: req.invoice.debtor.name, attention: req.to.name, address: req.invoice.debtor.address! };
        const { pdf, message } = await renderLetterPdf(req, DEFAULT_CREDITOR, recipient);
        const file = join(dir, `letter-${language}-${lineCount}.pdf`);
        writeFileSync(file, pdf);
        const texts = pages(file).map(flat);
        if (texts.length > 1) multiPage += 1;
        // The signature: the last block (signer's name, title, company); the body's last paragraph
        // is the last block before the contact line, the closing formula and the signature.
        const blocks = message.blocks.filter((b) => b.kind === 'paragraph').map((b) => flat(b.kind === 'paragraph' ? b.text : ''));
        const signature = blocks[blocks.length - 1];
        const bodyLast = blocks[blocks.length - 4];
        const where = texts.findIndex((t) => t.includes(signature));
        expect(where, `${language}, ${lineCount} lines: signature found`).toBeGreaterThanOrEqual(0);
        const tail = bodyLast.split(' ').slice(-6).join(' ');
        expect(texts[where], `${language}, ${lineCount} lines: page ${where + 1} holds the end of "${bodyLast.slice(0, 40)}…"`).toContain(tail);
      }
    }
    // The sweep did cross pages (one to three pages as the table grows).
    expect(multiPage).toBeGreaterThan(20);
  });
});

/** The header rows of the summary's tables. */
const TABLE_HEAD = /^\s*(Désignation|Date|Obtenue le|Ouverte le|Pièce)\s{2,}/;
const TITLES = /^\s*(\d{1,2}\. [A-ZÉ][^.]{2,60})$/;

describe('litigation summary: no heading stranded at the foot of a page', () => {
  it("each heading's page also holds the first lines of its section, however long the record", async () => {
    const outboxDir = tempDir();
    let checked = 0;
    // Address lines move the first sections down a line at a time, sent messages the middle ones, the
    // chronology the last ones: 64 layouts put a page break before, on and after every heading.
    for (let addressLines = 1; addressLines <= 8; addressLines += 1) {
      for (let sends = 0; sends < 8; sends += 1) {
        const invoiceId = `INV-2027-${addressLines}${sends}`;
        const address = { lines: Array.from({ length: addressLines }, (_, i) => `${i + 1} quai des Forges`), postalCode: '69002', city: 'Lyon', country: 'FR' };
        const { req } = litigationFixture(outboxDir, { invoice: { invoiceId, debtor: { ...FIXTURE_INVOICE.debtor, name: HOSTILE_NAME, address } } });
        const view = req.state as DunningView;
        const at = (i: number) => Date.parse('2027-03-03T09:00:00Z') + i * 60_000;
        const touches = Array.from({ length: sends }, (_, i) => ({ ...view.touches[0], at: at(i), stepId: `gap-${i}`, to: `${'comptabilite.fournisseurs.'.repeat(1 + (i % 2))}@beta.example` }));
        const more: TraceEntry[] = Array.from({ length: sends * 3 }, (_, i) => ({ at: at(100 + i), stage: 'paused', kind: 'paused', detail: `Attente du retour de la direction financière, dossier ${i} ${'à compléter '.repeat(i % 7)}` }));
        // A long dispute reason: the first row of its table is tall.
        const disputes = view.disputes.map((d) => ({ ...d, details: `${d.details} : ${'pièce manquante, référence illisible, emballage abîmé ; '.repeat(1 + (sends % 4))}` }));
        const state: DunningView = { ...view, disputes, touches: [...view.touches, ...touches], trace: [...view.trace, ...more] };
        await createLitigationHandoff({ outboxDir, creditor: DEFAULT_CREDITOR })({ ...req, state });
        for (const [n, page] of pages(join(outboxDir, 'litigation', invoiceId, 'summary.pdf')).entries()) {
          const lines = page.split('\n').filter((l) => l.trim());
          lines.forEach((l, i) => {
            if (!TITLES.test(l)) return;
            checked += 1;
            // The heading, then its section's first line; a table's header row is not content: its first row must follow.
            const need = TABLE_HEAD.test(lines[i + 1] ?? '') ? 2 : 1;
            expect(lines.length - i - 1, `${addressLines}/${sends}, page ${n + 1}: "${l.trim()}" followed by ${lines.length - i - 1} line(s)`).toBeGreaterThanOrEqual(need);
          });
        }
      }
    }
    expect(checked).toBe(12 * 64);
  });
});

/** Each word's box on page 1 (pdftotext -bbox), in PDF points from the top left. */
function words(pdf: string): Array<{ text: string; yMin: number; yMax: number }> {
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ text: m[3], yMin: Number(m[1]), yMax: Number(m[2]) }));
}

describe('letter_1 rendered (artifacts in test/artifacts/, git-ignored)', () => {
  it('a long name and address stay inside the envelope window, above the date line; page 1 saved as PNG', async () => {
    const dir = tempDir();
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [name, req] of [['letter_1.fr', sampleLetterRequest('letter_1')], ['letter_1.hostile.fr', letterRequest(3, 1)]] as const) {
      const recipient = { name: req.invoice.debtor.name, attention: req.to.name, address: req.invoice.debtor.address! };
      const { pdf } = await renderLetterPdf(req, DEFAULT_CREDITOR, recipient);
      const file = join(dir, `${name}.pdf`);
      writeFileSync(file, pdf);
      const w = words(file);
      const city = w.filter((x) => x.text === 'LYON' || x.text === 'PARIS').pop()!;
      const dateLine = w.find((x) => x.text === 'Paris,')!;
      expect(city.yMax, name).toBeLessThanOrEqual(mm(88) + 0.5);
      expect(dateLine.yMin, name).toBeGreaterThan(city.yMax);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(ARTIFACTS, name)]);
    }
  });
});

describe('a call brief rendered (artifact in test/artifacts/, git-ignored)', () => {
  it('the French brief of a second call after a broken promise, as HTML', () => {
    const at = (iso: string) => Date.parse(iso);
    const view = viewOf({
      brokenPromises: 1,
      touches: [
        { at: at('2027-02-04T08:00:00Z'), stepId: 'reminder_1', channel: 'email', template: 'reminder_1', result: 'sent', unsuccessful: false, amountDueCents: 123_456, to: 'ap@acme.example' },
        { at: at('2027-02-10T10:00:00Z'), stepId: 'call_1', channel: 'call', template: 'call_1', result: 'reached', unsuccessful: false, amountDueCents: 123_456 },
      ],
      callTasks: [{ ...callTask({ status: 'done', closedAt: at('2027-02-10T10:00:00Z') }), outcome: CallOutcomeSchema.parse({ taskId: 'call_1-1', reached: true, promise: { date: '2027-02-16', amountCents: 123_456 } }) }],
      promises: [{ promiseId: 'p1', date: '2027-02-16', amountCents: 123_456, madeAt: at('2027-02-10T10:00:00Z'), via: 'call_1-1', paidAtStartCents: 0, status: 'broken', reminderSent: true }],
      openTask: callTask({ taskId: 'call_2-1', stepId: 'call_2', script: 'call_2', tone: 'firm', dueBy: at('2027-02-22T15:00:00Z') }),
    });
    const text = callBriefText(view, 'fr', DEFAULT_CREDITOR);
    expect(text).toContain("cet engagement n'a pas été tenu");
    mkdirSync(ARTIFACTS, { recursive: true });
    const html = `<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>Fiche d'appel</title></head>\n<body><pre style="font:13px/1.45 monospace;white-space:pre-wrap;max-width:100ch">${escapeHtml(text)}</pre></body></html>\n`;
    writeFileSync(join(ARTIFACTS, 'call-brief.fr.html'), html);
  });
});
