import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRouteSheetPdf } from '../../activities/pdf/route-sheet';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { sampleInvoice, type InvoiceOverrides } from '../helpers/fixtures';
import { PolicySchema } from '../../domain/policy/schema';
import { localDateOf } from '../../domain/time/calendar';
import { toView, type DunningView } from '../../domain/views/read-model';
import { mapLink, routeStops } from '../../domain/views/visits';
import { visitBriefText } from '../../templates/visit-brief';
import { fieldTaskRows } from '../../client/commands/field-tasks';
import { visitPolicyInput } from '../helpers/field';
import { Shell } from '../unit/core/driver';
import { pdfText, tempDir } from './helpers';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
const HOSTILE = 'Évil <b>Corp</b> [pay](http://x.example) & Co';
const HOSTILE_STREET = "1 rue de l'Église & Co?x=1#frag";

/** An invoice run with its visit open (Mon 1 Mar 2027 09:00 Paris), as `getState` answers, as of `at`. */
function viewAtVisit(invoice: InvoiceOverrides, agent = 'Marc Petit', at = '2027-03-01T10:00:00Z'): DunningView {
  const policy = PolicySchema.parse(visitPolicyInput({ visits: { minAmountCents: 100_000, agent }, approvals: { formalNotice: true, handoff: true } }));
  const sh = Shell.start({ at: '2027-02-04T06:00:00Z', policy, invoice: sampleInvoice(invoice), fieldRules: true }).runUntil(at);
  return toView(sh.state, sh.policy, sh.now);
}

const address = (lines: string[], postalCode: string, city: string) => ({ lines, postalCode, city, country: 'FR' });
function views(): DunningView[] {
  return [
    viewAtVisit({ invoiceId: 'P-2', debtor: { debtorId: 'ACME' } }),
    viewAtVisit({ invoiceId: 'P-1', debtor: { debtorId: 'ACME' } }),
    viewAtVisit({ invoiceId: 'M-1', debtor: { debtorId: 'SUD', name: 'Sud Négoce', address: address(['4 quai du Port'], '13002', 'Marseille') } }),
    viewAtVisit({ invoiceId: 'L-1', debtor: { debtorId: 'EVIL', name: HOSTILE, address: address([HOSTILE_STREET], '69002', 'Lyon') } }),
    viewAtVisit({ invoiceId: 'O-1', debtor: { debtorId: 'OTHER' } }, 'Anne Roy'), // another agent's
  ];
}

describe('#17.2 the route sheet and the visit brief (docs/field.md)', () => {
  it("one agent's day: one stop per debtor, by postcode then city; the other agent's visit and a day before any visit are left out", () => {
    const stops = routeStops(views(), 'Marc Petit', '2027-03-01', localDateOf);
    expect(stops.map((s) => [s.address?.postalCode, s.debtorName, s.invoices.map((i) => i.invoiceId), s.amountDueCents])).toEqual([
      ['13002', 'Sud Négoce', ['M-1'], 123_456],
      ['69002', HOSTILE, ['L-1'], 123_456],
      ['75011', 'Acme SARL', ['P-1', 'P-2'], 246_912],
    ]);
    expect(routeStops(views(), 'Marc Petit', '2027-02-26', localDateOf)).toEqual([]);
    // Still open on Mon 8 Mar (its report deadline day), gone after it.
    expect(routeStops(views(), 'Marc Petit', '2027-03-08', localDateOf)).toHaveLength(3);
    expect(routeStops(views(), 'Marc Petit', '2027-03-09', localDateOf)).toEqual([]);
    expect(routeStops(views(), 'Anne Roy', '2027-03-01', localDateOf).map((s) => s.invoices[0].invoiceId)).toEqual(['O-1']);
  });

  it('the PDF (pdftotext): stops in order with address, map link, contact, amounts and the five outcome boxes; debtor text as plain text', async () => {
    const stops = routeStops(views(), 'Marc Petit', '2027-03-01', localDateOf);
    const path = join(tempDir(), 'route.pdf');
    writeFileSync(path, await renderRouteSheetPdf({ agent: 'Marc Petit', day: '2027-03-01', stops, creditor: DEFAULT_CREDITOR }));
    // Saved to be looked at (test/artifacts/route-sheet.png, page 1).
    mkdirSync(ARTIFACTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', path, join(ARTIFACTS, 'route-sheet')]);
    const { flat, layout } = pdfText(path);
    expect(flat).toContain('Feuille de route – Marc Petit');
    expect(flat).toContain('Ateliers Verbois – visites du 1er mars 2027 : 3 arrêt(s), 4 938,24 € dus au total. Ordre : code postal, puis ville.');
    const order = ['1. Sud Négoce', `2. ${HOSTILE}`, '3. Acme SARL'].map((s) => flat.indexOf(s));
    expect(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1]))).toBe(true);
    expect(flat).toContain(`Adresse : ${HOSTILE_STREET}, 69002 Lyon, FR`);
    expect(flat).toContain('Contact : Claire Martin – +33 1 23 45 67 89 – ap@acme.fr');
    expect(flat).toContain('Facture P-1 : 1 234,56 € dus, 26 jours de retard (tâche visit_1-v1)');
    expect(flat).toContain('Total dû : 2 469,12 €');
    for (const box of ['Rencontré', 'Absent', 'Promesse : date', 'Litige : motif', 'Refus']) expect(flat.split(box).length - 1).toBe(3);
    // The map link, URL-encoded (a long link may wrap: compared without whitespace).
    const link = "https://www.openstreetmap.org/search?query=1%20rue%20de%20l'%C3%89glise%20%26%20Co%3Fx%3D1%23frag%2C%2069002%20Lyon%2C%20FR";
    expect(mapLink(address([HOSTILE_STREET], '69002', 'Lyon'))).toBe(link);
    expect(layout.replace(/\s+/g, '')).toContain(`Plan:${link}`);
  });

  it('the visit brief file: address, map link as an autolink, contacts; every debtor string escaped for Markdown', () => {
    const v = viewAtVisit({ invoiceId: 'L-1', debtor: { debtorId: 'EVIL', name: HOSTILE, address: address([HOSTILE_STREET], '69002', 'Lyon') } });
    const text = visitBriefText(v, v.openVisit!);
    expect(text).toContain('# Visit brief: Évil \\<b\\>Corp\\</b\\> \\[pay\\]\\(http\\://x\\.example\\) \\& Co');
    expect(text).toContain("1 rue de l'Église \\& Co?x=1\\#frag, 69002 Lyon, FR");
    expect(text).toContain("Map: <https://www.openstreetmap.org/search?query=1%20rue%20de%20l'%C3%89glise%20%26%20Co%3Fx%3D1%23frag%2C%2069002%20Lyon%2C%20FR>");
    expect(text).toContain('Task visit\\_1-v1 for Marc Petit, planned 2027-03-01, to report by 2027-03-08 09:00.');
    expect(text).not.toContain('<b>');
  });

  it('dunning tasks --kind visit|approval rows: the visit with its agent, deadline and map link; the approval with its step and status', () => {
    const rows = fieldTaskRows(views(), 'visit', 'Marc Petit');
    expect(rows.map((r) => [r.invoiceId, r.taskId, r.assignee])).toEqual([
      ['L-1', 'visit_1-v1', 'Marc Petit'],
      ['M-1', 'visit_1-v1', 'Marc Petit'],
      ['P-1', 'visit_1-v1', 'Marc Petit'],
      ['P-2', 'visit_1-v1', 'Marc Petit'],
    ]);
    const waiting = viewAtVisit({ invoiceId: 'N-1' }, 'Marc Petit', '2027-03-10T08:00:00Z');
    expect(fieldTaskRows([waiting], 'approval')).toMatchObject([{ invoiceId: 'N-1', taskId: 'approval-formal_notice', assignee: 'credit_controller', amountDueCents: 123_456, detail: 'formal notice, pending, 1 reminder(s)' }]);
  });
});
