/**
 * The chronology's detail of each traced event, in French (the file's language): the trace speaks
 * the engineers' English ("not completed in time: reassigned to collector"), so each pattern the
 * reducer writes is restated here, amounts formatted, dates written out and codes named. What a
 * person typed (a pause reason, a dispute note, a provider's error) stays as it came: it is data.
 */
import { formatLongDate, formatMoney } from '../../domain/money/format';
import type { TraceEntry } from '../../domain/dunning/state';
import type { DunningView as LitigationView } from '../../domain/views/read-model';
import type { Labels } from '../../templates/labels';
import { localDateTime } from './dates';
import { ASSIGNEES, DISPUTE_KIND, OUTCOMES, ROLES, say } from './texts';

const ISO = '(\\d{4}-\\d{2}-\\d{2})';
type Rule = [RegExp, (m: RegExpExecArray) => string];

const UNITS: Record<string, string> = { day: 'jour(s)', days: 'jour(s)', business_day: 'jour(s) ouvré(s)', business_days: 'jour(s) ouvré(s)', week: 'semaine(s)', weeks: 'semaine(s)', hour: 'heure(s)', hours: 'heure(s)', month: 'mois', months: 'mois' };
const unit = (u: string) => UNITS[u.replace(' ', '_')] ?? u;
const VIA: Record<string, string> = { signal: 'saisie par le créancier', call: "lors d'un appel", update: 'saisie par le créancier' };

/** Written-out dates and formatted amounts for whatever is left (an unknown detail from a newer version). */
function plain(text: string, money: (c: number) => string): string {
  return text.replace(/\b(\d+) cents\b/g, (_, n: string) => money(Number(n))).replace(new RegExp(`\\b${ISO}\\b`, 'g'), (d: string) => formatLongDate(d, 'fr'));
}

function rules(view: LitigationView, money: (c: number) => string, labels: Labels): Partial<Record<TraceEntry['kind'], Rule[]>> {
  const day = (d: string) => formatLongDate(d, 'fr');
  const amount = (c: string) => money(Number(c));
  const template = (t: string) => labels.templates[t as keyof Labels['templates']] ?? 'message';
  return {
    started: [[/^/, () => `facture ${view.invoice.invoiceId} de ${money(view.invoice.amountCents)}, échue le ${day(view.invoice.dueDate)}`]],
    call_task_opened: [[/^\S+ for (\w+): /, (m) => `appel à passer, confié au ${say(ASSIGNEES, m[1])}`]],
    call_task_reopened: [[/^\S+ not completed in time: reassigned to (\w+)$/, (m) => `appel non passé dans le délai : tâche confiée de nouveau au ${say(ASSIGNEES, m[1])}`]],
    call_task_missed: [[/closed without a call$/, () => 'tâche close sans que l’appel ait été passé']],
    call_task_cancelled: [
      [/: dispute opened$/, () => 'tâche d’appel annulée : contestation ouverte'],
      [/: dunning paused$/, () => 'tâche d’appel annulée : relance suspendue'],
    ],
    visit_task_opened: [[new RegExp(`^\\S+ for (.+) on ${ISO}: `), (m) => `visite confiée à ${m[1]} pour le ${day(m[2])}`]],
    visit_task_missed: [[/not reported by its deadline$/, () => 'visite non rapportée dans le délai']],
    visit: [[/^by (.+)$/, (m) => `par ${m[1]}`]],
    approval_opened: [[/^\S+: the (formal notice|litigation handoff) for (\d+) cents waits for (.+)$/, (m) => `${m[1] === 'formal notice' ? 'la mise en demeure' : 'la transmission au contentieux'} de ${amount(m[2])} attend l’approbation de ${m[3]}`]],
    approval_reminded: [[/^\S+: reminder (\d+) to (.+)$/, (m) => `relance n° ${m[1]} de ${m[2]}`]],
    approval_decided: [
      [/^\S+: approved(?: by (.+?))? for (\d+) cents instead of (\d+) \((\d+) cents written off\): ([\s\S]*)$/, (m) => `approuvée${m[1] ? ` par ${m[1]}` : ''} pour ${amount(m[2])} au lieu de ${amount(m[3])} (${amount(m[4])} abandonnés) : ${m[5]}`],
      [/^\S+: (approved|held)(?: by ([^:]+))?(?:: ([\s\S]*))?$/, (m) => `${m[1] === 'held' ? 'suspendue' : 'approuvée'}${m[2] ? ` par ${m[2]}` : ''}${m[3] ? ` : ${m[3]}` : ''}`],
    ],
    notice_letter: [[/^/, (m) => noticeLetterFr(m.input, day)]],
    sms_opted_out: [
      [/^every number of the debtor answered STOP/, () => 'le débiteur a répondu STOP : plus aucun SMS'],
      [/^(.+) answered STOP/, (m) => `le ${m[1]} a répondu STOP : plus de SMS à ce numéro`],
    ],
    account_hold: [
      [/^account put on hold \(deliveries against a down payment\): (.+)$/, (m) => `compte client bloqué (livraisons contre acompte) : ${m[1]}`],
      [/^account released: (.+)$/, (m) => `compte client débloqué : ${m[1]}`],
      [/^the ERP could not be told the account is (put on hold|released)/, (m) => `le logiciel de gestion n’a pas pu être informé du ${m[1] === 'released' ? 'déblocage' : 'blocage'} du compte : à faire à la main`],
    ],
    call_back: [
      [new RegExp(`^call-back agreed for ${ISO}(?: (\\d{2}:\\d{2}))?`), (m) => `rappel prévu le ${day(m[1])}${m[2] ? ` à ${m[2]}` : ''}`],
      [/^tense call: called back after (\d+) (.+)$/, (m) => `appel tendu : rappel prévu dans ${m[1]} ${unit(m[2])}`],
    ],
    contact_escalated: [[/^not reached (\d+) times: next calls go to (.+) \((\w+)\)$/, (m) => `non joint ${m[1]} fois : les appels suivants iront à ${m[2]} (${say(ROLES, m[3])})`]],
    contact_changed: [[/^(.+) \((\w+)\)( given on the call|, now the primary contact)?$/, (m) => `${m[1]} (${say(ROLES, m[2])})${m[3] === ' given on the call' ? ', indiqué lors de l’appel' : m[3] ? ', désormais contact principal' : ''}`]],
    creditor_escalated: [[/^(\d+) fruitless touches: /, (m) => `${m[1]} relances sans effet : les appels suivants sont confiés au dirigeant du créancier`]],
    promise: [[new RegExp(`^\\S+: (\\d+) cents by ${ISO}$`), (m) => `promesse de régler ${amount(m[1])} au plus tard le ${day(m[2])}`]],
    promise_kept: [[new RegExp(`^\\S+: (\\d+) cents by ${ISO}$`), (m) => `promesse de ${amount(m[1])} pour le ${day(m[2])} tenue`]],
    promise_broken: [
      [new RegExp(`^\\S+: (\\d+) cents promised for ${ISO} \\((\\d+) broken\\)$`), (m) => `promesse de ${amount(m[1])} pour le ${day(m[2])} non tenue (${m[3]} au total)`],
      [new RegExp(`^instalment (\\d+) of (\\d+) cents due ${ISO} missed \\((\\d+) broken\\)$`), (m) => `échéance n° ${m[1]} de ${amount(m[2])} du ${day(m[3])} non réglée (${m[4]} engagement(s) non tenu(s) au total)`],
    ],
    payment_plan: [[/^/, (m) => `échéancier : ${m.input.split(', ').map((x) => x.replace(new RegExp(`^${ISO}: (\\d+)$`), (_, d: string, c: string) => `${amount(c)} le ${day(d)}`)).join(' ; ')}`]],
    plan_proposed: [[/^/, () => 'difficultés financières déclarées : un échéancier est proposé plutôt que le contentieux']],
    settlement: [[new RegExp(`^(\\d+) cents by ${ISO}, (\\d+) cents waived, approved by ([\\s\\S]+)$`), (m) => `${amount(m[1])} à régler au plus tard le ${day(m[2])}, abandon de ${amount(m[3])}, approuvée par ${m[4]}`]],
    payment: [
      [
        /^(\d+) cents \((.+?)\)(?:, (\d+) cents to interest first \(Code civil 1343-1\))?(?:, (\d+) cents unapplied)?; (\d+) cents still due$/,
        (m) => `${amount(m[1])} (${m[2]})${m[3] ? `, dont ${amount(m[3])} imputés d’abord sur les intérêts (art. 1343-1 du Code civil)` : ''}${m[4] ? `, dont ${amount(m[4])} non imputés (trop-perçu)` : ''} ; reste dû ${amount(m[5])}`,
      ],
    ],
    payment_duplicate: [[/^payment (.+) already recorded: ignored$/, (m) => `règlement ${m[1]} déjà enregistré : ignoré`]],
    dispute_opened: [[/^(\S+) \((\w+), via (\w+)\): ([\s\S]*)$/, (m) => `${m[1]} (${say(DISPUTE_KIND, m[2])}, ${VIA[m[3]] ?? m[3]}) : ${m[4]}`]],
    dispute_overdue: [
      [/^(\S+): not resolved by its deadline: escalated to the manager \(was the (\w+)\)$/, (m) => `${m[1]} : non résolue dans le délai, confiée au ${say(ASSIGNEES, 'manager')} (au lieu du ${say(ASSIGNEES, m[2])})`],
      [/^(\S+): not resolved by its deadline: still with the manager$/, (m) => `${m[1]} : non résolue dans le délai, toujours confiée au ${say(ASSIGNEES, 'manager')}`],
    ],
    dispute_resolved: [
      [/^(\S+): credit note (.*) of (\d+) cents$/, (m) => `${m[1]} : avoir ${m[2]} de ${amount(m[3])}`],
      [/^(\S+): dunning resumes$/, (m) => `${m[1]} : relance reprise`],
      [/^(\S+): ([\s\S]*)$/, (m) => `${m[1]} : relance reprise (${m[2]})`],
    ],
    step_skipped: [
      [/^replaced by the call-back agreed with the debtor$/, () => 'remplacée par le rappel convenu avec le débiteur'],
      [/^due date already passed$/, () => 'étape avant échéance : échéance déjà passée'],
      [/^its time had passed when dunning started$/, () => 'son heure était passée au début de la relance'],
      [/^counted from the issue date/, () => 'comptée depuis la date de facture, elle tombait après l’échéance'],
      [/^invoice imported late$/, () => 'facture importée tardivement'],
      [/^amount due (\d+) cents is below the visit threshold \((\d+) cents\)$/, (m) => `montant dû ${amount(m[1])} sous le seuil des visites (${amount(m[2])})`],
      [/^paid by direct debit/, () => 'réglée par prélèvement : aucun contact avant le prélèvement'],
      [/answered STOP to SMS/, () => 'le débiteur a répondu STOP : pas de SMS'],
      [/^no mobile number left/, () => 'plus aucun numéro mobile sans opposition STOP : pas de SMS'],
      [/^no mobile number for the debtor$/, () => 'aucun numéro mobile pour le débiteur : pas de SMS'],
    ],
    catch_up: [[/^invoice imported late/, () => 'facture importée tardivement : la relance reprend à l’étape que son retard appelle']],
    email_bounced: [[/^(.+?): ([\s\S]*); falling back to a letter$/, (m) => `${m[1]} refusée par le fournisseur (${m[2]}) ; un courrier part à la place`]],
    send_failed: [[/^([\s\S]*)$/, (m) => `échec d’envoi : ${m[1]}`]],
    paused: [[new RegExp(`^([\\s\\S]*?)(?: \\(until ${ISO}\\))?$`), (m) => `${m[1]}${m[2] ? ` (jusqu’au ${day(m[2])})` : ''}`]],
    resumed: [
      [new RegExp(`^pause ended \\(${ISO}\\)$`), (m) => `fin de la suspension prévue le ${day(m[1])}`],
      [/^resumed$/, () => 'reprise de la relance'],
      [/^([\s\S]*): the litigation handoff is tried again$/, (m) => `${m[1]} : nouvelle tentative de transmission au contentieux`],
    ],
    litigation_decided: [
      [/^(\d+) call attempts \(the policy allows (\d+)\)$/, (m) => `${m[1]} tentatives d’appel (la politique en autorise ${m[2]})`],
      [/^(\d+) unsuccessful touches within (\d+) (.+)$/, (m) => `${m[1]} relances sans effet en ${m[2]} ${unit(m[3])}`],
      [/^(\d+) broken promises \(the policy allows (\d+)\)$/, (m) => `${m[1]} promesses non tenues (la politique en autorise ${m[2]})`],
    ],
    litigation_handoff: [[/^file (\S+) handed over \((.*)\)$/, (m) => `dossier ${m[1]} transmis (${m[2]})`]],
    litigation_handoff_failed: [[/^([\s\S]*) \(send resume to retry\)$/, (m) => `échec : ${m[1]} (la commande resume relance la transmission)`]],
    signal_rejected: [[/^(\w+): ([\s\S]*)$/, (m) => `demande refusée (${m[2]})`]],
    closed: [[/^/, () => `dossier clos${view.outcome ? ` (${say(OUTCOMES, view.outcome)})` : ''}`]],
    ignored: [[/^/, () => 'information reçue après la clôture du dossier : ignorée']],
    debtor_sent: [[/^(\w+) sent by the debtor's workflow/, (m) => `« ${template(m[1])} » envoyé par le suivi groupé du débiteur`]],
    debtor_done: [[/^/, () => 'étape exécutée par le suivi groupé du débiteur']],
    debtor_silent: [[/^/, () => 'le suivi groupé du débiteur n’a pas confirmé l’étape : demande renouvelée']],
  };
}

/** The registered notice's journey (domain/dunning/reduce/notice.ts), its English fragments restated in French. */
function noticeLetterFr(detail: string, day: (d: string) => string): string {
  const D = '(\\d{4}-\\d{2}-\\d{2})';
  const steps: Array<[RegExp, (...g: string[]) => string]> = [
    [/no news of the registered letter by the end of the wait/, () => 'sans nouvelles de la lettre recommandée à la fin de l’attente'],
    [new RegExp(`^(presented|delivered|returned) on ${D}`), (_, ev, d) => `${{ presented: 'présentée', delivered: 'distribuée', returned: 'retournée' }[ev as 'presented']} le ${day(d)}`],
    [/ \(unclaimed\)/, () => ' (avisé non réclamé)'],
    [/ \(refused\)/, () => ' (refusée)'],
    [/ \(address_unknown\)/, () => ' (destinataire inconnu à l’adresse)'],
    [/, tracking /, () => ', suivi '],
    [/, reported by /, () => ', signalé par '],
    [new RegExp(`first presented ${D}`), (_, d) => `première présentation le ${day(d)}`],
    [/ \(assumed: no news of the letter\)/, () => ' (présumée, faute de nouvelles)'],
    [new RegExp(`delivered ${D}`), (_, d) => `distribuée le ${day(d)}`],
    [new RegExp(`returned ${D} \\(`), (_, d) => `retournée le ${day(d)} (`],
    [/returned undelivered: address unknown \(no presentation\)/, () => 'retournée : destinataire inconnu à l’adresse (aucune présentation)'],
    [new RegExp(`deadline ${D}, handoff from ${D}`), (_, a, b) => `échéance le ${day(a)}, transmission au contentieux à partir du ${day(b)}`],
    [/the deadline cannot run: handed to the litigation partner/, () => 'le délai ne peut pas courir : dossier transmis au contentieux'],
    [/: ignored \(this notice counts its deadline from the sending day\)/, () => ' : ignoré (le délai de cette mise en demeure court depuis son envoi)'],
    [/: ignored \(no formal notice sent\)/, () => ' : ignoré (aucune mise en demeure envoyée)'],
    [/awaiting the first presentation \(until \d{4}-\d{2}-\d{2}\)/, () => 'en attente de la première présentation'],
  ];
  let out = detail;
  for (const [re, f] of steps) out = out.replace(re, (...g: string[]) => f(...g));
  return out.replace(/(?<! ): /g, ' : ');
}

/** The event's detail in French; a touch or a call is described from its own record by the timeline. */
export function traceDetailFr(e: TraceEntry, view: LitigationView, labels: Labels, tz: string): string {
  const money = (c: number) => formatMoney(c, view.invoice.currency, 'fr');
  if (e.kind === 'call_task_opened') {
    const task = view.callTasks.find((t) => t.stepId === e.step && t.openedAt === e.at);
    if (task) {
      const due = localDateTime(task.dueBy, tz);
      return `appel à passer, confié au ${say(ASSIGNEES, task.assignee)}, avant le ${formatLongDate(due.date, 'fr')} à ${due.time}`;
    }
  }
  const detail = e.detail ?? '';
  for (const [re, say] of rules(view, money, labels)[e.kind] ?? []) {
    const m = re.exec(detail);
    if (m) return say(m);
  }
  return plain(detail, money);
}
