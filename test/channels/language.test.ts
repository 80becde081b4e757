import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLitigationHandoff } from '../../activities/litigation';
import { reduce } from '../../domain/dunning/reduce';
import type { DunningEvent, DunningState } from '../../domain/dunning/state';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { PolicySchema } from '../../domain/policy/schema';
import type { DunningView } from '../../domain/views/read-model';
import { buildTimeline } from '../../activities/litigation/timeline';
import { loadLabels } from '../../templates/labels';
import { Shell } from '../unit/core/driver';
import { pdfText, tempDir } from './helpers';
import { FIXTURE_INVOICE, litigationFixture } from './litigation-fixture';
import { TEMPLATE_IDS, type Language, type TemplateId } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import type { Touch } from '../../domain/dunning/state';
import { CallOutcomeSchema, type CallOutcomeInput } from '../../domain/invoice/commands';
import { buildCallBrief } from '../../domain/views/brief';
import { briefText } from '../../templates/brief-text';
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

const MONTHS = 'janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|January|February|March|April|May|June|July|August|September|October|November|December';
const WEEKDAY: Record<Language, string> = { fr: 'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche', en: 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday' };
/** "12 mai 2026" not preceded by its weekday ("mardi 12 mai 2026"). */
function datesWithoutWeekday(text: string, lang: Language): string[] {
  const all = [...text.matchAll(new RegExp(`(\\p{L}+ )?\\d{1,2}(er)? (${MONTHS}) \\d{4}`, 'gu'))];
  return all.filter((m) => !new RegExp(`^(${WEEKDAY[lang]}) `).test(m[0])).map((m) => m[0]);
}

const VARIANTS: Array<[string, Partial<MessageFacts>]> = [
  ['sample', {}],
  ['call not reached', { callSummary: { reached: false } }],
  ['agreements', { promise: undefined, plan: undefined, callSummary: { reached: true, agreements: [{ invoiceId: 'INV-2026-0412', dispute: { kind: 'commercial', details: 'la quantité livrée est fausse' } }] } }],
];

const NOTICE_PLANNED: [string, Partial<MessageFacts>] = ['notice planned', { noticePlannedOn: '2026-05-12' }];

describe('every message speaks its reader\'s language', () => {
  for (const lang of ['fr', 'en'] as const) {
    for (const id of TEMPLATE_IDS as readonly TemplateId[]) {
      it(`${lang}/${id}: no word of the other language, no internal code`, () => {
        for (const [name, facts] of id === 'call_followup' ? VARIANTS : id === 'notice_announce' ? [...VARIANTS.slice(0, 1), NOTICE_PLANNED] : VARIANTS.slice(0, 1)) {
          for (const channel of ['email', 'letter'] as const) {
            const req = sampleRequest(id, { language: lang, facts: { ...SAMPLE_FACTS, ...facts } });
            const m = renderTemplate(id, lang, templateVars(req, DEFAULT_CREDITOR, { channel }), { tone: req.tone });
            expect(offenders(`${m.subject}\n${m.text}`, lang), `${name}, ${channel}`).toEqual([]);
            // Tables keep the short date; every date written in a sentence (subject included) names its weekday.
            const prose = [m.subject, ...m.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : b.kind === 'list' ? b.items : []))].join('\n');
            expect(datesWithoutWeekday(dataFree(prose, DATA), lang), `${name}, ${channel}`).toEqual([]);
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

describe("the brief's call outcomes in the reader's language", () => {
  const calls: Array<[string, Omit<CallOutcomeInput, 'taskId'>]> = [
    ['2027-02-05T10:00:00Z', { reached: true, promise: { date: '2027-02-16', amountCents: 73_456 } }],
    ['2027-02-06T10:00:00Z', { reached: true, callBack: { date: '2027-02-15', time: '14:30' } }],
    ['2027-02-07T10:00:00Z', { reached: true, plan: { instalments: [{ date: '2027-03-01', amountCents: 50_000 }, { date: '2027-04-01', amountCents: 23_456 }] } }],
    ['2027-02-08T10:00:00Z', { reached: true, settlement: { amountCents: 60_000, approvedBy: 'DAF', payBy: '2027-03-05' } }],
    ['2027-02-09T10:00:00Z', { reached: true, dispute: { kind: 'commercial', details: 'la quantité livrée est fausse' } }],
    ['2027-02-10T10:00:00Z', { reached: true, tense: true }],
    ['2027-02-11T10:00:00Z', { reached: true, confirmedAtTerm: true }],
    ['2027-02-12T10:00:00Z', { reached: false }],
  ];
  const view = viewOf({
    touches: calls.map(([iso, o]) => touch(iso, 'call', 'call_1', o.reached ? 'reached' : 'unreached')),
    callTasks: calls.map(([iso, o], i) => ({ ...callTask({ taskId: `T-${i}`, status: 'done', closedAt: at(iso) }), outcome: CallOutcomeSchema.parse({ taskId: `T-${i}`, ...o }) })),
  });
  const expected: Record<Language, string[]> = {
    fr: [
      'joint : promesse de paiement de 734,56\u00a0€ au plus tard le mardi 16 février 2027',
      'joint : rappel convenu le lundi 15 février 2027 à 14:30',
      'joint : échéancier en 2 versements, 734,56\u00a0€ au total, le dernier le jeudi 1er avril 2027',
      'joint : transaction : 600,00\u00a0€ à régler au plus tard le vendredi 5 mars 2027',
      'joint : contestation (commercial)',
      'joint : appel tendu : rappeler plus tard',
      'joint : facture validée, paiement à échéance confirmé',
    ],
    en: [
      'reached: promise to pay €734.56 by Tuesday 16 February 2027',
      'reached: call back agreed for Monday 15 February 2027 at 14:30',
      'reached: payment plan of 2 instalments, €734.56 in all, the last on Thursday 1 April 2027',
      'reached: settlement: €600.00 to pay by Friday 5 March 2027',
      'reached: dispute (commercial)',
      'reached: tense call: call back later',
      'reached: invoice validated, payment at term confirmed',
    ],
  };
  for (const lang of ['fr', 'en'] as const) {
    it(`${lang}: each outcome restated (date written out, amount), no word of the other language, no code`, () => {
      const b = buildCallBrief(view, lang);
      const text = briefText(b, undefined, lang);
      const section = text.split('\n== ').find((s) => /^(Relances déjà faites|Reminders already sent)/.test(s)) ?? '';
      for (const line of expected[lang]) expect(section).toContain(line);
      const lines = dataFree(section, [...DATA, ...view.contacts.flatMap((c) => [c.name, c.email ?? '', c.phone ?? ''])]).split('\n');
      expect(lines.filter((l) => OTHER_LANGUAGE[lang].test(l) || INTERNAL.test(l))).toEqual([]);
    });
  }
});

describe('the litigation file speaks French, line by line', () => {
  it('summary, call notes and chronology: no English, no internal code, no ISO date, no raw cents', async () => {
    const outboxDir = tempDir();
    const { req } = litigationFixture(outboxDir);
    const policy = PolicySchema.parse(DEFAULT_POLICY_INPUT);
    const view = req.state as DunningView;
    let s: DunningState = view;
    const ev = (e: DunningEvent) => (s = reduce(s, e, policy));
    // More of what a file lives through, by the real reducer: a task given to the credit controller
    // and reassigned, a call-back, a new contact, a payment and its duplicate, a pause, a failed send.
    ev({ type: 'call_task_opened', at: at('2027-03-03T09:00:00Z'), task: { taskId: 'call_2-1', kind: 'reminder', stepId: 'call_2', script: 'call_2', tone: 'firm', objective: 'Get the payment now.', assignee: 'credit_controller', contactIndex: 0, dueBy: at('2027-03-04T09:00:00Z') } });
    ev({ type: 'call_task_expired', at: at('2027-03-04T09:00:00Z'), taskId: 'call_2-1', reopenUntil: at('2027-03-08T09:00:00Z') });
    ev({ type: 'call_completed', at: at('2027-03-05T10:00:00Z'), outcome: CallOutcomeSchema.parse({ taskId: 'call_2-1', reached: true, contactName: 'Marc Roux', callBack: { date: '2027-03-09', time: '14:30' }, documentRequested: 'invoice', contactUpdate: { name: 'Luc Faure', role: 'purchasing', phone: '04 99 00 55 66' } }) });
    ev({ type: 'payment', at: at('2027-03-06T10:00:00Z'), payment: { paymentId: 'VIR-2', amountCents: 10_000 }, today: '2027-03-06' });
    ev({ type: 'payment', at: at('2027-03-06T11:00:00Z'), payment: { paymentId: 'VIR-2', amountCents: 10_000 }, today: '2027-03-06' });
    ev({ type: 'paused', at: at('2027-03-07T10:00:00Z'), reason: 'Attente du retour du DAF', until: '2027-03-10' });
    ev({ type: 'resumed', at: at('2027-03-10T08:00:00Z') });
    ev({ type: 'send_failed', at: at('2027-03-11T08:00:00Z'), stepId: 'letter_2', channel: 'letter', template: 'letter_1', error: 'imprimante hors ligne' });
    ev({ type: 'litigation_decided', at: at('2027-03-12T08:00:00Z'), reason: 'Décision du DAF' });
    const state: DunningView = { ...view, ...s };
    await createLitigationHandoff({ outboxDir, creditor: DEFAULT_CREDITOR })({ ...req, state });
    const folder = join(outboxDir, 'litigation', 'INV-2027-777');
    const timeline = (JSON.parse(readFileSync(join(folder, 'file.json'), 'utf8')) as { timeline: Array<{ label: string; detail: string }> }).timeline;
    const texts = {
      summary: pdfText(join(folder, 'summary.pdf')).layout,
      notes: readFileSync(join(folder, 'call-notes.md'), 'utf8'),
      chronology: timeline.map((e) => `${e.label} ${e.detail}`).join('\n'),
    };
    expect(texts.chronology).toMatch(/appel non passé dans le délai : tâche confiée de nouveau au (responsable crédit client|dirigeant du créancier)/);
    expect(texts.chronology).toContain('rappel prévu le mardi 9 mars 2027 à 14:30');
    expect(texts.chronology).toContain('Attente du retour du DAF (jusqu’au mercredi 10 mars 2027)');
    expect(texts.notes).toContain('appel, interlocuteur joint');
    const data = [FIXTURE_INVOICE.debtor.name, 'Marc Roux', 'Anne Roux', 'Luc Faure', 'Julie Petit', 'Leur client final a du retard.', 'Promet un virement le 19/02.', 'Machine livrée sans notice', 'Notice envoyée le 1er mars', 'SendGrid answered 400', 'Ligne de conditionnement'];
    for (const [name, text] of Object.entries(texts)) {
      const lines = dataFree(text.replace(/\S+\.(eml|html|pdf|json|md)\b/g, ' '), [...DATA, ...data]).split('\n');
      expect(lines.filter((l) => OTHER_LANGUAGE.fr.test(l) || INTERNAL.test(l)), name).toEqual([]);
    }
  });
});

describe("the litigation chronology of runs the real planner drives: every trace kind in French", () => {
  it('unanswered to litigation, imported late, settled, a plan missed, a promise kept, a credit note', () => {
    // Every call made and unanswered: the contact escalated, then the formal notice and the handoff.
    const unreached = Shell.start({ at: '2027-01-25T08:00:00Z' });
    for (let i = 0; i < 12; i++) {
      const open = () => unreached.state.callTasks.find((t) => t.status === 'open');
      while (!open() && unreached.next()) unreached.runUntil(unreached.next()!.at);
      const task = open();
      if (!task) break;
      unreached.complete(new Date(Math.max(unreached.now, task.openedAt) + 3_600_000).toISOString(), { taskId: task.taskId, reached: false });
    }
    const runs = [
      unreached,
      // Nobody takes the calls: tasks reassigned, then missed.
      Shell.start({ at: '2027-01-25T08:00:00Z' }).runUntil('2027-06-30T00:00:00Z'),
      // Imported 50 days late: steps skipped, the cadence caught up.
      Shell.start({ at: '2027-03-25T08:00:00Z' }).runUntil('2027-04-10T00:00:00Z'),
      Shell.start({ at: '2027-01-25T08:00:00Z' })
        .complete('2027-02-10T10:00:00Z', { reached: true, settlement: { amountCents: 100_000, approvedBy: 'Directeur financier', payBy: '2027-02-20' } })
        .pay('2027-02-18T10:00:00Z', 'VIR-9', 100_000),
      Shell.start({ at: '2027-01-25T08:00:00Z' })
        .complete('2027-02-10T10:00:00Z', { reached: true, hardship: true, plan: { instalments: [{ date: '2027-02-20', amountCents: 60_000 }, { date: '2027-03-20', amountCents: 63_456 }] } })
        .runUntil('2027-03-10T00:00:00Z'),
      Shell.start({ at: '2027-01-25T08:00:00Z' })
        .complete('2027-02-10T10:00:00Z', { reached: true, promise: { date: '2027-02-16', amountCents: 123_456 } })
        .pay('2027-02-15T10:00:00Z', 'VIR-1', 123_456),
      Shell.start({ at: '2027-01-25T08:00:00Z' })
        .openDispute('2027-02-05T10:00:00Z', { disputeId: 'D-7', kind: 'administrative', details: 'bon de commande absent' })
        .resolveDispute('2027-02-08T10:00:00Z', { disputeId: 'D-7', resolution: 'credit_note', creditNoteRef: 'AV-12', creditNoteCents: 23_456 })
        .runUntil('2027-02-20T00:00:00Z'),
    ];
    const kinds = new Set<string>();
    const bad: string[] = [];
    for (const sh of runs) {
      const view: DunningView = { ...sh.state, now: new Date(sh.now).toISOString(), penaltiesCents: 0, indemnityCents: 0, daysPastDue: 0, policyName: 'default' };
      for (const e of buildTimeline(view, 'Europe/Paris', loadLabels('fr'))) {
        kinds.add(e.kind);
        const line = dataFree(`${e.label} : ${e.detail}`, [...DATA, 'Directeur financier', 'bon de commande absent', 'Claire Martin', 'Paul Durand', 'Acme SARL', 'ap@acme.fr', 'paul.durand@acme.fr']);
        if (OTHER_LANGUAGE.fr.test(line) || INTERNAL.test(line) || /\b\d+ cents\b/.test(line)) bad.push(line);
      }
    }
    expect(bad).toEqual([]);
    // The scenarios did go through these kinds.
    for (const k of ['call_task_reopened', 'call_task_missed', 'contact_escalated', 'litigation_handoff', 'step_skipped', 'catch_up', 'settlement', 'payment_plan', 'promise_kept', 'dispute_resolved', 'closed']) {
      expect([...kinds], k).toContain(k);
    }
  });
});
