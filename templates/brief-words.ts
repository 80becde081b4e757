/**
 * The product's codes (stages, tones, roles, results...) in the reader's words, for briefs: a
 * French brief shows no `friendly_firm`, `accounts_payable` or `reminding`. An unknown code is
 * shown as it is (a newer policy value): the language test lists every known one.
 */
import { formatLongDate, type Lang } from '../domain/money/format';
import type { BriefCallOutcome } from '../domain/views/brief';

const WORDS = {
  fr: {
    stage: { pre_due: 'avant échéance', reminding: 'relances', formal_notice: 'mise en demeure', litigation: 'contentieux', paused: 'suspendue', disputed: 'en litige', closed: 'close' },
    outcome: { paid: 'payée', settled: 'transigée', cancelled: 'annulée', credited: 'avoir', litigation: 'contentieux', insolvency: 'procédure collective' },
    tone: { courteous: 'courtois', friendly: 'amical', friendly_firm: 'amical mais ferme', firm: 'ferme', very_firm: 'très ferme', formal: 'formel' },
    kind: { pre_due: 'appel avant échéance', reminder: 'relance', broken_promise: 'promesse non tenue', document_follow_up: 'suivi de document', plan_negotiation: "négociation d'échéancier", call_back: 'rappel convenu' },
        assignee: { sales_rep: 'commercial', collector: 'chargé de recouvrement', credit_controller: 'responsable crédit client', manager: 'responsable hiérarchique' },
    role: { accounts_payable: 'comptabilité fournisseurs', purchasing: 'achats', manager: 'dirigeant', sales: 'commercial', other: 'autre' },
    channel: { email: 'courriel', letter: 'courrier', call: 'appel', sms: 'SMS', visit: 'visite' },
    result: { sent: 'envoyé', reached: 'joint', unreached: 'non joint', bounced: 'rejeté', uncertain: 'à vérifier' },
    status: { pending: 'en attente', kept: 'tenue', broken: 'non tenue', paid: 'payée', missed: 'manquée', active: 'en cours', completed: 'terminé' },
    dispute: { administrative: 'administratif', commercial: 'commercial', technical: 'technique' },
    at: 'à',
  },
  en: {
    stage: { pre_due: 'before due date', reminding: 'reminding', formal_notice: 'formal notice', litigation: 'litigation', paused: 'paused', disputed: 'disputed', closed: 'closed' },
    outcome: { paid: 'paid', settled: 'settled', cancelled: 'cancelled', credited: 'credited', litigation: 'litigation', insolvency: 'insolvency' },
    tone: { courteous: 'courteous', friendly: 'friendly', friendly_firm: 'friendly but firm', firm: 'firm', very_firm: 'very firm', formal: 'formal' },
    kind: { pre_due: 'pre-due call', reminder: 'reminder', broken_promise: 'broken promise', document_follow_up: 'document follow-up', plan_negotiation: 'plan negotiation', call_back: 'agreed call-back' },
        assignee: { sales_rep: 'sales rep', collector: 'collector', credit_controller: 'credit controller', manager: 'manager' },
    role: { accounts_payable: 'accounts payable', purchasing: 'purchasing', manager: 'manager', sales: 'sales', other: 'other' },
    channel: { email: 'email', letter: 'letter', call: 'call', sms: 'SMS', visit: 'visit' },
    result: { sent: 'sent', reached: 'reached', unreached: 'not reached', bounced: 'bounced', uncertain: 'to check' },
    status: { pending: 'pending', kept: 'kept', broken: 'broken', paid: 'paid', missed: 'missed', active: 'active', completed: 'completed' },
    dispute: { administrative: 'administrative', commercial: 'commercial', technical: 'technical' },
    at: 'at',
  },
} as const;

export type WordKind = Exclude<keyof (typeof WORDS)['fr'], 'at'>;

/** `code` may come escaped for Markdown (`friendly\_firm` in a brief file): looked up unescaped. */
export function word(lang: Lang, kind: WordKind, code: string): string {
  const table: Record<string, string> = WORDS[lang][kind];
  return table[code.replace(/\\(.)/g, '$1')] ?? code;
}

/** A call's outcome in the reader's words: its date written out, its amount formatted. */
export function callOutcomeText(lang: Lang, o: BriefCallOutcome): string {
  const t = OUTCOME_WORDS[lang];
  const date = o.date ? longDate(lang, o.time ? `${o.date} ${o.time}` : o.date) : '';
  const amount = o.amount?.text ?? '';
  switch (o.kind) {
    case 'promise': return t.promise(amount, date);
    case 'plan': return t.plan(o.instalments ?? 0, amount, date);
    case 'settlement': return t.settlement(amount, date);
    case 'dispute': return t.dispute(o.disputeKind ? word(lang, 'dispute', o.disputeKind) : '');
    case 'call_back': return t.callBack(date);
    default: return t[o.kind];
  }
}

const OUTCOME_WORDS = {
  fr: {
    promise: (amount: string, date: string) => `promesse de paiement de ${amount} au plus tard le ${date}`,
    plan: (n: number, amount: string, date: string) => `échéancier en ${n} versements, ${amount} au total, le dernier le ${date}`,
    settlement: (amount: string, date: string) => `transaction : ${amount} à régler au plus tard le ${date}`,
    dispute: (kind: string) => `contestation${kind ? ` (${kind})` : ''}`,
    callBack: (date: string) => `rappel convenu le ${date}`,
    tense: 'appel tendu : rappeler plus tard',
    confirmed: 'facture validée, paiement à échéance confirmé',
    reached: 'joint',
    unreached: 'non joint',
  },
  en: {
    promise: (amount: string, date: string) => `promise to pay ${amount} by ${date}`,
    plan: (n: number, amount: string, date: string) => `payment plan of ${n} instalments, ${amount} in all, the last on ${date}`,
    settlement: (amount: string, date: string) => `settlement: ${amount} to pay by ${date}`,
    dispute: (kind: string) => `dispute${kind ? ` (${kind})` : ''}`,
    callBack: (date: string) => `call back agreed for ${date}`,
    tense: 'tense call: call back later',
    confirmed: 'invoice validated, payment at term confirmed',
    reached: 'reached',
    unreached: 'not reached',
  },
} as const;

/** Every code the brief may show, per kind (the language test renders them all). */
export function knownCodes(kind: WordKind): string[] {
  return Object.keys(WORDS.fr[kind]);
}

/** "mardi 12 mai 2026"; with a time "mardi 12 mai 2026 à 16:00" (the brief's local "YYYY-MM-DD HH:MM"). */
export function longDate(lang: Lang, stamp: string): string {
  const [date, time] = stamp.split(' ');
  return time ? `${formatLongDate(date, lang)} ${WORDS[lang].at} ${time}` : formatLongDate(date, lang);
}
