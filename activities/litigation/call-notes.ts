/**
 * call-notes.md: every call task of the invoice, in order (domain.md §4 outcome fields): when, who
 * was called and who answered, the outcome, the reason for non-payment, the promise and whether it
 * was kept, and the collector's notes, verbatim.
 */
import { formatDate, formatLongDate, formatMoney } from '../../domain/money/format';
import type { CallTask } from '../../domain/dunning/state';
import { localDateTime } from './dates';
import { word } from '../../templates/brief-words';
import { ASSIGNEES, DISPUTE_KIND, PROMISE_STATUS, REASONS, ROLES, say, TASK_STATUS } from './texts';
import type { DunningView as LitigationView } from '../../domain/views/read-model';

const fr = (iso: string) => formatDate(iso, 'fr');
/** "mercredi 10 février 2027 à 11:15", the debtor's local time. */
function longDateTime(at: number, tz: string): string {
  const { date, time } = localDateTime(at, tz);
  return `${formatLongDate(date, 'fr')} à ${time}`;
}
const DOCUMENTS: Record<string, string> = { invoice: 'copie de la facture', delivery_note: 'bon de livraison', other: 'autre document' };

function contactLine(view: LitigationView, index: number): string {
  const c = view.contacts[index];
  if (!c) return 'inconnu';
  return [c.name, `(${say(ROLES, c.role)})`, c.phone, c.email].filter(Boolean).join(' ');
}

function taskNotes(view: LitigationView, task: CallTask, tz: string, currency: string): string[] {
  const money = (cents: number) => formatMoney(cents, currency, 'fr');
  const o = task.outcome;
  const when = o && task.closedAt !== undefined ? longDateTime(task.closedAt, tz) : longDateTime(task.openedAt, tz);
  // The task's ids and the policy's objective are the engineers' words: the partner reads the kind of call and its tone.
  const lines = [
    `## ${when} – ${o ? (o.reached ? 'appel, interlocuteur joint' : 'appel, interlocuteur non joint') : `appel non passé (${say(TASK_STATUS, task.status)})`}`,
    '',
    `- Tâche : ouverte le ${longDateTime(task.openedAt, tz)}, à traiter avant le ${longDateTime(task.dueBy, tz)}, statut : ${say(TASK_STATUS, task.status)}`,
    `- Objet : ${word('fr', 'kind', task.kind)}, ton ${word('fr', 'tone', task.tone)}`,
    `- Contact appelé : ${contactLine(view, task.contactIndex)}`,
    `- Appel confié à : ${o?.collector ?? say(ASSIGNEES, task.assignee)}`,
  ];
  if (!o) return lines;
  lines.push(`- Résultat : ${o.reached ? `joint${o.contactName ? ` (${o.contactName})` : ''}` : 'non joint'}`);
  if (o.reason) lines.push(`- Motif de non-paiement : ${say(REASONS, o.reason)}`);
  if (o.promise) {
    const p = view.promises.find((x) => x.via === task.taskId && !x.settlement);
    lines.push(`- Promesse : ${money(o.promise.amountCents)} au plus tard le ${fr(o.promise.date)}${p ? ` – ${say(PROMISE_STATUS, p.status)}` : ''}`);
  }
  if (o.plan) lines.push(`- Échéancier : ${o.plan.instalments.map((i) => `${money(i.amountCents)} le ${fr(i.date)}`).join(' ; ')}`);
  if (o.settlement) lines.push(`- Transaction : ${money(o.settlement.amountCents)} à payer avant le ${fr(o.settlement.payBy)}, approuvée par ${o.settlement.approvedBy}`);
  if (o.dispute) lines.push(`- Contestation : ${say(DISPUTE_KIND, o.dispute.kind)} – ${o.dispute.details}${o.dispute.returnDetails ? ` (retour : ${o.dispute.returnDetails})` : ''}`);
  if (o.hardship) lines.push('- Difficultés financières déclarées');
  if (o.documentRequested) lines.push(`- Document demandé : ${say(DOCUMENTS, o.documentRequested)}`);
  if (o.contactUpdate) lines.push(`- Nouveau contact donné : ${[o.contactUpdate.name, `(${say(ROLES, o.contactUpdate.role)})`, o.contactUpdate.phone, o.contactUpdate.email].filter(Boolean).join(' ')}`);
  lines.push(`- Notes : ${o.notes?.trim() ? o.notes.trim().replace(/\n/g, '\n  ') : '(aucune)'}`);
  return lines;
}

export function callNotesMarkdown(view: LitigationView, tz: string): string {
  const { invoice } = view;
  const done = view.callTasks.filter((t) => t.outcome).length;
  const head = [
    `# Notes d'appels – facture ${invoice.invoiceId} – ${invoice.debtor.name}`,
    '',
    `${view.callTasks.length} tâche(s) d'appel, ${done} appel(s) passé(s). Heures locales (${tz}).`,
  ];
  const body = view.callTasks.flatMap((t) => ['', ...taskNotes(view, t, tz, invoice.currency)]);
  return `${[...head, ...(view.callTasks.length ? body : ['', "Aucune tâche d'appel."])].join('\n')}\n`;
}
