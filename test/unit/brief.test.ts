import { describe, expect, it } from 'vitest';
import { briefText } from '../../templates/brief-text';
import { renderBriefScript, scriptStageFor } from '../../templates/call-brief';
import { buildCallBrief } from '../../domain/views/brief';
import type { Touch } from '../../domain/dunning/state';
import { callTask, viewOf } from '../helpers/view';

const at = (iso: string) => Date.parse(iso);
const touch = (iso: string, channel: Touch['channel'], template: string, result: Touch['result'] = 'sent'): Touch => ({
  at: at(iso), stepId: template, channel, template, result, unsuccessful: result === 'unreached', amountDueCents: 123_456, to: 'ap@acme.example',
});

function richView() {
  return viewOf({
    amountDueCents: 73_456,
    paidCents: 50_000,
    paymentIds: ['VIR-1'],
    penaltiesCents: 512,
    daysPastDue: 17,
    brokenPromises: 1,
    activeContact: 1,
    touches: [
      touch('2027-02-04T08:00:00Z', 'email', 'reminder_1'),
      touch('2027-02-10T10:00:00Z', 'call', 'call_1', 'reached'),
      touch('2027-02-17T08:00:00Z', 'letter', 'letter_1'),
    ],
    promises: [
      { promiseId: 'p1', date: '2027-02-12', amountCents: 50_000, madeAt: at('2027-02-10T10:00:00Z'), via: 'call_1-1', paidAtStartCents: 0, status: 'kept', reminderSent: true },
      { promiseId: 'p2', date: '2027-02-16', amountCents: 73_456, madeAt: at('2027-02-13T10:00:00Z'), via: 'call_1-1', paidAtStartCents: 50_000, status: 'broken', reminderSent: true },
    ],
    disputes: [{ disputeId: 'D1', kind: 'technical', details: 'door seal faulty', openedAt: at('2027-02-18T10:00:00Z'), status: 'open' }],
    openTask: callTask({ taskId: 'chase-3', kind: 'broken_promise', script: 'broken_promise', tone: 'firm', objective: 'Chase the broken promise.', contactIndex: 1, dueBy: at('2027-02-22T15:00:00Z') }),
  });
}

describe('buildCallBrief', () => {
  it('holds every item of the brief (domain.md §4)', () => {
    const b = buildCallBrief(richView(), 'en');
    expect(b.invoice).toMatchObject({ invoiceId: 'INV-2027-001', issueDate: '2027-01-04', dueDate: '2027-02-03', daysPastDue: 17, description: 'Maintenance contract, January', orderRef: 'PO-881' });
    expect(b.amounts.invoiced).toEqual({ cents: 123_456, text: '€1,234.56' });
    expect(b.amounts.stillDue.text).toBe('€734.56');
    expect(b.amounts.paid.cents).toBe(50_000);
    expect(b.amounts.totalClaim.cents).toBe(73_456 + 512 + 4000);
    expect(b.touches.map((t) => [t.date, t.time, t.channel, t.template, t.result])).toEqual([
      ['2027-02-04', '09:00', 'email', 'reminder_1', 'sent'],
      ['2027-02-10', '11:00', 'call', 'call_1', 'reached'],
      ['2027-02-17', '09:00', 'letter', 'letter_1', 'sent'],
    ]);
    expect(b.promises).toMatchObject({ kept: 1, broken: 1 });
    expect(b.promises.items.map((p) => p.status)).toEqual(['kept', 'broken']);
    expect(b.debtor).toMatchObject({ paymentBehaviour: 'occasional_late', paymentHistory: 'long-standing customer, occasionally late', paymentsOnThisInvoice: 1 });
    expect(b.disputes.open).toEqual([{ disputeId: 'D1', kind: 'technical', details: 'door seal faulty', returnDetails: undefined, openedOn: '2027-02-18' }]);
    expect(b.contacts.map((c) => [c.name, c.callNow])).toEqual([['Claire Martin', false], ['Paul Durand', true]]);
    expect(b.callContact.name).toBe('Paul Durand');
    expect(b.task).toMatchObject({ taskId: 'chase-3', objective: 'Chase the broken promise.', tone: 'firm', dueBy: '2027-02-22 16:00' });
    expect(b.scriptFacts).toMatchObject({ today: '2027-02-20', amountDueCents: 73_456, promise: { date: '2027-02-16', amountCents: 73_456 } });
    expect(b.scriptFacts.previousTouches).toHaveLength(3);
  });

  it('formats amounts and payment history in French', () => {
    const b = buildCallBrief(richView(), 'fr');
    expect(b.amounts.stillDue.text).toBe('734,56\u00a0€');
    expect(b.debtor.paymentHistory).toBe('client de longue date, retards occasionnels');
  });

  it('works with no task open and nothing happened yet', () => {
    const b = buildCallBrief(viewOf(), 'fr');
    expect(b.task).toBeUndefined();
    expect(b.touches).toEqual([]);
    expect(b.callContact.name).toBe('Claire Martin');
  });
});

describe('call script of the brief', () => {
  it('renders the script of the task with its facts', () => {
    const view = richView();
    const brief = buildCallBrief(view, 'fr');
    const script = renderBriefScript(brief, view, 'fr');
    expect(script.stage).toBe('broken_promise');
    expect(script.text).toContain('INV-2027-001');
    expect(script.text).toContain('Paul Durand');
    expect(script.objections.map((o) => o.id)).toContain('cannot_pay');
    const text = briefText(brief, script, 'fr');
    for (const needle of ["Fiche d'appel", 'Comprendre pourquoi le règlement', 'appeler → Paul Durand (dirigeant)', '734,56\u00a0€', 'mercredi 10 février 2027 à 11:00  appel  joint', 'D1 (technique', 'tenues: 1 · non tenues: 1', 'Objections']) {
      expect(text).toContain(needle);
    }
  });

  it('falls back to the nearest script when the policy names one the templates lack', () => {
    const base = { taskId: 't', objective: 'o', assignee: 'collector' as const, reopened: 0, dueBy: '' };
    expect(scriptStageFor({ ...base, kind: 'reminder', script: 'call_2', tone: 'firm' })).toBe('call_2');
    expect(scriptStageFor({ ...base, kind: 'reminder', script: 'custom_x', tone: 'very_firm' })).toBe('call_2');
    expect(scriptStageFor({ ...base, kind: 'reminder', script: 'custom_x', tone: 'friendly' })).toBe('call_1');
    expect(scriptStageFor({ ...base, kind: 'pre_due', script: 'custom_x', tone: 'courteous' })).toBe('pre_due');
    expect(scriptStageFor(undefined)).toBe('call_1');
  });
});

describe('the brief of a merged call', () => {
  it('covers every invoice of the call: due date, amount due, delay and stage of each', () => {
    const lead = viewOf({ daysPastDue: 17, openTask: callTask({ taskId: 'call_1-1', kind: 'reminder', script: 'call_1', tone: 'friendly_firm', objective: 'x', contactIndex: 0, dueBy: at('2027-02-22T15:00:00Z'), debtorTaskId: 'ACME-call-1' }) });
    const other = viewOf({ invoice: { ...lead.invoice, invoiceId: 'INV-2027-002', dueDate: '2027-02-10' }, amountDueCents: 200_000, daysPastDue: 10 });
    const text = briefText(buildCallBrief(lead, 'fr'), undefined, 'fr', [buildCallBrief(other, 'fr')]);
    expect(text).toContain('== Un seul appel pour ces factures ==');
    expect(text).toContain('INV-2027-001 · échue le mercredi 3 février 2027 · 1 234,56\u00a0€ restant dû · 17 jours de retard');
    expect(text).toContain('INV-2027-002 · échue le mercredi 10 février 2027 · 2 000,00\u00a0€ restant dû · 10 jours de retard');
  });
});
