/**
 * The product's codes (stages, tones, roles, results...) in the reader's words, for briefs: a
 * French brief shows no `friendly_firm`, `accounts_payable` or `reminding`. An unknown code is
 * shown as it is (a newer policy value): the language test lists every known one.
 */
import { formatLongDate, type Lang } from '../domain/money/format';

const WORDS = {
  fr: {
    stage: { pre_due: 'avant échéance', reminding: 'relances', formal_notice: 'mise en demeure', litigation: 'contentieux', paused: 'suspendue', disputed: 'en litige', closed: 'close' },
    outcome: { paid: 'payée', settled: 'transigée', cancelled: 'annulée', credited: 'avoir', litigation: 'contentieux', insolvency: 'procédure collective' },
    tone: { courteous: 'courtois', friendly: 'amical', friendly_firm: 'amical mais ferme', firm: 'ferme', very_firm: 'très ferme', formal: 'formel' },
    kind: { pre_due: 'appel avant échéance', reminder: 'relance', broken_promise: 'promesse non tenue', document_follow_up: 'suivi de document', plan_negotiation: "négociation d'échéancier", call_back: 'rappel convenu' },
    callOutcome: { promise: 'promesse de paiement', plan: 'échéancier', dispute: 'contestation', settlement: 'transaction', 'tense: call back later': 'appel tendu : rappeler plus tard', 'confirmed, paid at term': 'confirmé, paiement à échéance', reached: 'joint', unreached: 'non joint' },
    assignee: { sales_rep: 'commercial', collector: 'chargé de recouvrement', credit_controller: 'responsable crédit client', manager: 'responsable hiérarchique' },
    role: { accounts_payable: 'comptabilité fournisseurs', purchasing: 'achats', manager: 'dirigeant', sales: 'commercial', other: 'autre' },
    channel: { email: 'courriel', letter: 'courrier', call: 'appel', sms: 'SMS', visit: 'visite' },
    result: { sent: 'envoyé', reached: 'joint', unreached: 'non joint', bounced: 'rejeté', uncertain: 'à vérifier' },
    status: { pending: 'en attente', kept: 'tenue', broken: 'non tenue', paid: 'payée', missed: 'manquée', active: 'en cours', completed: 'terminé' },
    dispute: { administrative: 'administratif', commercial: 'commercial', technical: 'technique' },
    at: 'à',
    callBackOn: 'rappel le',
  },
  en: {
    stage: { pre_due: 'before due date', reminding: 'reminding', formal_notice: 'formal notice', litigation: 'litigation', paused: 'paused', disputed: 'disputed', closed: 'closed' },
    outcome: { paid: 'paid', settled: 'settled', cancelled: 'cancelled', credited: 'credited', litigation: 'litigation', insolvency: 'insolvency' },
    tone: { courteous: 'courteous', friendly: 'friendly', friendly_firm: 'friendly but firm', firm: 'firm', very_firm: 'very firm', formal: 'formal' },
    kind: { pre_due: 'pre-due call', reminder: 'reminder', broken_promise: 'broken promise', document_follow_up: 'document follow-up', plan_negotiation: 'plan negotiation', call_back: 'agreed call-back' },
    callOutcome: { promise: 'promise', plan: 'plan', dispute: 'dispute', settlement: 'settlement', 'tense: call back later': 'tense: call back later', 'confirmed, paid at term': 'confirmed, paid at term', reached: 'reached', unreached: 'not reached' },
    assignee: { sales_rep: 'sales rep', collector: 'collector', credit_controller: 'credit controller', manager: 'manager' },
    role: { accounts_payable: 'accounts payable', purchasing: 'purchasing', manager: 'manager', sales: 'sales', other: 'other' },
    channel: { email: 'email', letter: 'letter', call: 'call', sms: 'SMS', visit: 'visit' },
    result: { sent: 'sent', reached: 'reached', unreached: 'not reached', bounced: 'bounced', uncertain: 'to check' },
    status: { pending: 'pending', kept: 'kept', broken: 'broken', paid: 'paid', missed: 'missed', active: 'active', completed: 'completed' },
    dispute: { administrative: 'administrative', commercial: 'commercial', technical: 'technical' },
    at: 'at',
    callBackOn: 'call back',
  },
} as const;

export type WordKind = Exclude<keyof (typeof WORDS)['fr'], 'at' | 'callBackOn'>;

/** `code` may come escaped for Markdown (`friendly\_firm` in a brief file): looked up unescaped. */
export function word(lang: Lang, kind: WordKind, code: string): string {
  const table: Record<string, string> = WORDS[lang][kind];
  return table[code.replace(/\\(.)/g, '$1')] ?? code;
}

/** A call's outcome in the reader's words ("call back 2027-02-15 14:30" is written out as a date). */
export function callOutcomeText(lang: Lang, outcome: string): string {
  const back = /^call back (\d{4}-\d{2}-\d{2})( \d{2}:\d{2})?$/.exec(outcome);
  if (back) return `${WORDS[lang].callBackOn} ${longDate(lang, `${back[1]}${back[2] ?? ''}`)}`;
  return word(lang, 'callOutcome', outcome);
}

/** Every code the brief may show, per kind (the language test renders them all). */
export function knownCodes(kind: WordKind): string[] {
  return Object.keys(WORDS.fr[kind]);
}

/** "mardi 12 mai 2026"; with a time "mardi 12 mai 2026 à 16:00" (the brief's local "YYYY-MM-DD HH:MM"). */
export function longDate(lang: Lang, stamp: string): string {
  const [date, time] = stamp.split(' ');
  return time ? `${formatLongDate(date, lang)} ${WORDS[lang].at} ${time}` : formatLongDate(date, lang);
}
