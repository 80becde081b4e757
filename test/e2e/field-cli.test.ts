/**
 * The field and approval commands end to end (docs/field.md): the dev server, a worker in this
 * process (recording channels), and `dunning` run as a child process: tasks --kind visit, route-sheet
 * (the PDF read back with pdftotext), visit, tasks --kind approval, approve. Real time, seconds.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, useCliHarness } from '../helpers/cli-e2e';
import { addDays, localDateOf } from '../../domain/time/calendar';
import { sampleInvoice } from '../helpers/fixtures';

const QUEUE = 'dunning-field';
const h = useCliHarness(QUEUE, 'field');
const { cli, eventually } = h;
const json = h.json;

it("two visits of one debtor in seconds: listed, one stop on the route sheet, reported once with --debtor; then the notice waits for approval and goes edited", async () => {
  const fast = JSON.parse(readFileSync(join(ROOT, 'examples', 'fast-policy.json'), 'utf8')) as Record<string, unknown>;
  const policy = {
    ...fast,
    name: 'field-e2e',
    steps: [
      { id: 'visit_1', offset: '+1s', channel: 'visit', template: 'visit', tone: 'firm', actor: 'collector', objective: 'Meet the manager.' },
      { id: 'formal_notice', offset: '+3s', channel: 'letter', template: 'formal_notice', tone: 'formal', actor: 'system', registered: true, formalNotice: true },
    ],
    maxGapBetweenTouches: '1h',
    formalNotice: { deadline: '1h' },
    visits: { minAmountCents: 100_000, agent: 'Marc Petit', taskDeadline: '1h' },
    approvals: { formalNotice: true, handoff: true, remindEvery: '1h' },
  };
  // Due a week ago in Paris: the notice may go as soon as it is approved.
  const due = addDays(localDateOf(Date.now(), 'Europe/Paris'), -7);
  writeFileSync(join(h.tmp, 'policy.json'), JSON.stringify(policy));
  // Two invoices of one debtor: one stop on the route sheet, one report for both with --debtor.
  for (const id of ['FIELD-E2E-1', 'FIELD-E2E-2']) {
    writeFileSync(join(h.tmp, `${id}.json`), JSON.stringify(sampleInvoice({ invoiceId: id, issueDate: addDays(due, -30), dueDate: due, debtor: { name: 'Acme <b>SARL</b>' } })));
    const started = await cli(['start', '--json', join(h.tmp, `${id}.json`), '--policy', join(h.tmp, 'policy.json')]);
    expect(started.code).toBe(0);
  }

  const visits = await eventually(() => json<Array<{ invoiceId: string; taskId: string; assignee: string; link: string }>>(['tasks', '--kind', 'visit', '--assignee', 'Marc Petit', '--json']).then((r) => (r?.length === 2 ? r : undefined)), 'the visits in tasks --kind visit');
  const link = 'https://www.openstreetmap.org/search?query=12%20rue%20des%20Lilas%2C%2075011%20Paris%2C%20FR';
  expect(visits.sort((a, b) => a.invoiceId.localeCompare(b.invoiceId))).toMatchObject(['FIELD-E2E-1', 'FIELD-E2E-2'].map((invoiceId) => ({ invoiceId, taskId: 'visit_1-v1', assignee: 'Marc Petit', link })));

  const day = ((await json<{ state: { openVisit: { day: string } } }>(['status', 'FIELD-E2E-1', '--json']))!).state.openVisit.day;
  const pdf = join(h.tmp, 'route.pdf');
  const sheet = await cli(['route-sheet', '--agent', 'Marc Petit', '--date', day, '--out', pdf]);
  expect(sheet.stdout).toContain(`route sheet of Marc Petit for ${day}: 1 stop(s) -> ${pdf}`);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain('1. Acme <b>SARL</b> Adresse : 12 rue des Lilas, 75011 Paris, FR');
  expect(text).toMatch(/Facture FIELD-E2E-1 : 1 234,56 € dus.*Facture FIELD-E2E-2 : 1 234,56 € dus.*Total dû : 2 469,12 €/);

  const wrong = await cli(['visit', '--invoice', 'FIELD-E2E-1', '--outcome', 'promise', '--promise-date', addDays(day, -1)]);
  expect([wrong.code, wrong.stderr.trim()]).toEqual([1, `error: visit outcome rejected: promise date ${addDays(day, -1)} is in the past (today is ${day})`]);
  const visited = await cli(['visit', '--debtor', 'ACME', '--outcome', 'absent', '--notes', 'closed']);
  expect(visited.stdout).toContain('visit recorded on FIELD-E2E-1 (task visit_1-v1)');
  expect(visited.stdout).toContain('visit recorded on FIELD-E2E-2 (task visit_1-v1)');

  const approvals = await eventually(() => json<Array<{ taskId: string; amountDueCents: number; detail: string }>>(['tasks', '--kind', 'approval', '--json']).then((r) => (r?.length === 2 ? r : undefined)), 'the approvals in tasks --kind approval');
  expect(approvals).toMatchObject([{ taskId: 'approval-formal_notice', amountDueCents: 123_456 }, { taskId: 'approval-formal_notice', amountDueCents: 123_456 }]);
  const tooMuch = await cli(['approve', '--invoice', 'FIELD-E2E-1', '--decision', 'edit', '--amount', '5000', '--reason', 'partial return']);
  expect([tooMuch.code, tooMuch.stderr.trim()]).toEqual([1, 'error: decision rejected: the edited amount (€5,000.00) is more than the €1,234.56 due']);
  const edited = await cli(['approve', '--invoice', 'FIELD-E2E-1', '--decision', 'edit', '--amount', '1000', '--reason', 'partial return', '--by', 'Julie']);
  expect(edited.stdout).toContain('approval-formal_notice on FIELD-E2E-1: approved, amount due €1,000.00');
  const noticed = await eventually(
    () => json<{ state: { formalNotice?: { sentAt: number }; touches: Array<{ template: string; amountDueCents: number }> } }>(['status', 'FIELD-E2E-1', '--json']).then((r) => (r?.state.formalNotice ? r : undefined)),
    'the formal notice sent',
  );
  expect(noticed.state.touches.find((t) => t.template === 'formal_notice')).toMatchObject({ amountDueCents: 100_000 });
}, 180_000);
