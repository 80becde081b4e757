import { describe, expect, it } from 'vitest';
import { CreditorProfileSchema, DEFAULT_CREDITOR_INPUT } from '../../config/creditor';
import type { Lang } from '../../domain/money/format';
import type { PromiseRecord } from '../../domain/dunning/state';
import { buildCallBrief } from '../../domain/views/brief';
import type { Assignee } from '../../domain/wire/vocabulary';
import { renderBriefScript } from '../../templates/call-brief';
import type { CallScript } from '../../templates/call-scripts';
import { callTask, viewOf } from '../helpers/view';

/** Issue 16: the script read on a call names who calls, says what happened, and fits the invoice's position that day. */
const at = (iso: string) => Date.parse(iso);
const opening = (s: CallScript) => s.sections.find((x) => /^(ouverture|opening)$/i.test(x.heading))?.text ?? '';
// The creditor's collector is named "Eve Collector" here so no contact of the fixture shares the name.
const creditor = (callers?: Partial<Record<Exclude<Assignee, 'collector'>, { name: string }>>) =>
  CreditorProfileSchema.parse({ ...DEFAULT_CREDITOR_INPUT, collector: { ...DEFAULT_CREDITOR_INPUT.collector, name: 'Eve Collector' }, callers });

function scriptOf(lang: Lang, o: { assignee?: Assignee; script?: string; kind?: 'pre_due' | 'reminder'; now?: string; promises?: PromiseRecord[]; callers?: Parameters<typeof creditor>[0] } = {}) {
  const view = viewOf({
    now: o.now,
    promises: o.promises ?? [],
    openTask: callTask({ assignee: o.assignee ?? 'collector', script: o.script ?? 'call_1', kind: o.kind ?? 'reminder' }),
  });
  return renderBriefScript(buildCallBrief(view, lang), view, lang, creditor(o.callers));
}

const broken: PromiseRecord = { promiseId: 'p1', date: '2027-02-16', amountCents: 73_456, madeAt: at('2027-02-10T10:00:00Z'), via: 'call_1-1', paidAtStartCents: 0, status: 'broken', reminderSent: true };

describe('the call script names the assignee of the call task', () => {
  it('the collector of the creditor profile for a collector task', () => {
    expect(opening(scriptOf('fr'))).toContain('Eve Collector, chargée de recouvrement de la société Ateliers Verbois');
    expect(opening(scriptOf('en'))).toContain('this is Eve Collector, credit controller at Ateliers Verbois');
  });

  it('the person the profile names for the role, else a placeholder: never the collector', () => {
    for (const lang of ['fr', 'en'] as const) {
      const named = opening(scriptOf(lang, { assignee: 'sales_rep', callers: { sales_rep: { name: 'Paul Girard' } } }));
      expect(named).toContain(lang === 'fr' ? 'Paul Girard, commercial de la société' : 'Paul Girard, sales rep at');
      const unnamed = opening(scriptOf(lang, { assignee: 'credit_controller' }));
      expect(unnamed).toContain(lang === 'fr' ? '[votre nom], responsable crédit client de la société' : '[your name], credit controller at');
      const manager = opening(scriptOf(lang, { assignee: 'manager', script: 'creditor_manager', callers: { manager: { name: 'Hugo Verbois' } } }));
      expect(manager).toContain(lang === 'fr' ? 'je suis Hugo Verbois, je dirige' : 'this is Hugo Verbois, I run');
      for (const text of [named, unnamed, manager]) expect(text).not.toContain('Eve Collector');
    }
  });
});

describe('the call-2 opening after a broken promise', () => {
  it('says the promise of its date for its amount was not kept (fr)', () => {
    const text = opening(scriptOf('fr', { script: 'call_2', promises: [broken] }));
    expect(text).toContain("Vous vous étiez engagé à régler 734,56\u00a0€ au plus tard le mardi 16 février 2027 : cet engagement n'a pas été tenu");
    expect(text).not.toContain('ni règlement ni date de paiement');
  });

  it('says the promise of its date for its amount was not kept (en)', () => {
    const text = opening(scriptOf('en', { script: 'call_2', promises: [broken] }));
    expect(text).toContain('You committed to paying €734.56 no later than Tuesday 16 February 2027: that commitment was not kept');
    expect(text).not.toContain('neither payment nor a payment date');
  });

  it('without a promise, still says no payment and no date was given', () => {
    expect(opening(scriptOf('fr', { script: 'call_2' }))).toContain('ni règlement ni date de paiement');
    expect(opening(scriptOf('en', { script: 'call_2' }))).toContain('neither payment nor a payment date');
  });
});

describe('the pre-due script is read only before the due date (3 Feb 2027)', () => {
  for (const lang of ['fr', 'en'] as const) {
    const falls = lang === 'fr' ? 'arrive à échéance' : 'falls due';
    it(`${lang}: before the due date, the courtesy script`, () => {
      const s = scriptOf(lang, { kind: 'pre_due', script: 'pre_due', now: '2027-01-30T09:00:00Z' });
      expect(s.stage).toBe('pre_due');
      expect(opening(s)).toContain(falls);
    });

    it(`${lang}: a pre-due task called once the invoice is due gets the first reminder call`, () => {
      for (const now of ['2027-02-03T09:00:00Z', '2027-03-22T09:00:00Z']) {
        const s = scriptOf(lang, { kind: 'pre_due', script: 'pre_due', now });
        expect(s.stage).toBe('call_1');
        expect(s.text).not.toContain(falls);
      }
    });

    it(`${lang}: a merged call (coordinated mode) with one invoice already late gets the first reminder call`, () => {
      const view = viewOf({ now: '2027-01-30T09:00:00Z', openTask: callTask({ kind: 'pre_due', script: 'pre_due' }) });
      const late = viewOf({ now: '2027-01-30T09:00:00Z' }, { invoiceId: 'INV-2027-000', issueDate: '2026-12-01', dueDate: '2026-12-31' });
      const s = renderBriefScript(buildCallBrief(view, lang), view, lang, creditor(), 'text', [buildCallBrief(late, lang)]);
      expect(s.stage).toBe('call_1');
      expect(s.text).not.toContain(falls);
    });
  }
});
