/** The call brief as text for a terminal, in the debtor's language (or --lang). */
import type { CallBrief } from '../domain/views/brief';
import type { Lang } from '../domain/money/format';
import type { CallScript } from './call-scripts';
import { callOutcomeText, longDate, word } from './brief-words';
import { loadLabels } from './labels';
import type { TemplateId } from '../domain/wire/vocabulary';

/** "key: value" lines aligned on the longest key, empty values left out. */
export function formatFields(fields: Array<[string, string | number | undefined]>): string {
  const shown = fields.filter(([, v]) => v !== undefined && v !== '');
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${v}`).join('\n');
}

const L = {
  fr: {
    title: "Fiche d'appel",
    invoice: 'Facture',
    amounts: 'Montants',
    touches: 'Relances déjà faites',
    promises: 'Promesses',
    history: 'Historique de paiement',
    disputes: 'Litiges ouverts',
    contacts: 'Contacts',
    objective: "Objectif de l'appel",
    script: 'Script',
    objections: 'Objections',
    none: 'aucune',
    noDispute: 'aucun',
    noTask: "aucune tâche d'appel ouverte",
    alsoCovered: 'Un seul appel pour ces factures',
    merged: { due: 'échue le', owed: 'restant dû', late: 'jours de retard' },
    settlement: 'transaction',
    hardship: 'difficultés financières déclarées',
    fields: {
      number: 'numéro', issued: 'émise le', due: 'échéance', late: 'jours de retard', goods: 'objet', order: 'commande', delivered: 'livrée le', stage: 'étape',
      invoiced: 'facturé', stillDue: 'reste dû', paid: 'payé', credited: 'avoirs', penalties: 'pénalités', indemnity: 'indemnité forfaitaire', total: 'total exigible',
      kept: 'tenues', broken: 'non tenues', plan: 'échéancier', call: 'appeler', task: 'tâche', tone: 'ton', deadline: 'à faire avant',
    },
  },
  en: {
    title: 'Call brief',
    invoice: 'Invoice',
    amounts: 'Amounts',
    touches: 'Reminders already sent',
    promises: 'Promises',
    history: 'Payment history',
    disputes: 'Open disputes',
    contacts: 'Contacts',
    objective: 'Objective of this call',
    script: 'Script',
    objections: 'Objections',
    none: 'none',
    noDispute: 'none',
    noTask: 'no call task is open',
    alsoCovered: 'One call for these invoices',
    merged: { due: 'due on', owed: 'still due', late: 'days past due' },
    settlement: 'settlement',
    hardship: 'hardship declared',
    fields: {
      number: 'number', issued: 'issued', due: 'due', late: 'days past due', goods: 'goods/services', order: 'order', delivered: 'delivered', stage: 'stage',
      invoiced: 'invoiced', stillDue: 'still due', paid: 'paid', credited: 'credited', penalties: 'penalties', indemnity: 'fixed indemnity', total: 'total claim',
      kept: 'kept', broken: 'broken', plan: 'payment plan', call: 'call', task: 'task', tone: 'tone', deadline: 'due by',
    },
  },
} as const;

const indent = (text: string, by = '  ') => text.split('\n').map((l) => (l ? by + l : l)).join('\n');

/** " (lettre de relance)": the message's name in the reader's words; a call has none beyond its channel. */
function templateName(lang: Lang, template: string): string {
  const name: string | undefined = loadLabels(lang).templates[template as TemplateId];
  return name ? ` (${name})` : '';
}

/** One invoice of a merged call, in a line. */
function mergedLine(o: CallBrief, lang: Lang): string {
  const f = L[lang].merged;
  return `${o.invoice.invoiceId} · ${f.due} ${longDate(lang, o.invoice.dueDate)} · ${o.amounts.stillDue.text} ${f.owed} · ${o.invoice.daysPastDue} ${f.late} · ${word(lang, 'stage', o.invoice.stage)}`;
}

/** The script's own objective, in the brief's language (the policy's objective is free text in whatever language it was written). */
function objectiveOf(script: CallScript | undefined): string | undefined {
  return script?.sections.find((x) => /^objecti(f|ve)$/i.test(x.heading))?.text;
}

/**
 * `others`: the other invoices of a merged call (one call for several invoices of the debtor): the
 * brief covers them all, each with its due date, amount due, delay and stage.
 */
export function briefText(b: CallBrief, script: CallScript | undefined, lang: Lang, others: readonly CallBrief[] = []): string {
  const t = L[lang];
  const f = t.fields;
  const a = b.amounts;
  const out: string[] = [];
  const section = (title: string, body: string) => out.push(`\n== ${title} ==\n${body}`);
  const w = (kind: Parameters<typeof word>[1], code: string) => word(lang, kind, code);
  const day = (stamp: string) => longDate(lang, stamp);
  out.push(`${t.title} · ${b.invoice.invoiceId} · ${b.debtor.name} · ${day(b.today)}`);
  section(
    t.objective,
    b.task
      ? `${objectiveOf(script) ?? b.task.objective}\n${formatFields([[f.task, `${b.task.taskId} (${w('kind', b.task.kind)}, ${w('assignee', b.task.assignee)})`], [f.tone, w('tone', b.task.tone)], [f.deadline, day(b.task.dueBy)]])}`
      : t.noTask,
  );
  if (others.length) section(t.alsoCovered, [b, ...others].map((o) => mergedLine(o, lang)).join('\n'));
  const c = b.callContact;
  section(t.contacts, b.contacts.map((x) => `${x.callNow ? `${f.call} → ` : '  '}${x.name} (${w('role', x.role)})${x.phone ? ` · ${x.phone}` : ''}${x.email ? ` · ${x.email}` : ''}`).join('\n') || c.name);
  section(
    t.invoice,
    formatFields([
      [f.number, b.invoice.invoiceId],
      [f.issued, day(b.invoice.issueDate)],
      [f.due, day(b.invoice.dueDate)],
      [f.late, b.invoice.daysPastDue],
      [f.goods, b.invoice.description],
      [f.order, [b.invoice.orderRef, b.invoice.orderDate].filter(Boolean).join(' · ') || undefined],
      [f.delivered, b.invoice.deliveryDate && day(b.invoice.deliveryDate)],
      [f.stage, b.invoice.outcome ? `${w('stage', b.invoice.stage)} (${w('outcome', b.invoice.outcome)})` : w('stage', b.invoice.stage)],
    ]),
  );
  section(
    t.amounts,
    formatFields([
      [f.invoiced, a.invoiced.text],
      [f.paid, a.paid.cents ? a.paid.text : undefined],
      [f.credited, a.credited.cents ? a.credited.text : undefined],
      [f.stillDue, a.stillDue.text],
      [f.penalties, a.penalties.text],
      [f.indemnity, a.indemnity.cents ? a.indemnity.text : undefined],
      [f.total, a.totalClaim.text],
    ]),
  );
  section(t.touches, b.touches.length ? b.touches.map((x) => `${day(`${x.date} ${x.time}`)}  ${w('channel', x.channel)}${templateName(lang, x.template)}  ${w('result', x.result)}${x.outcome && x.outcome.kind !== x.result ? `${lang === 'fr' ? ' : ' : ': '}${callOutcomeText(lang, x.outcome)}` : ''}${x.to ? ` (${x.to})` : ''}`).join('\n') : t.none);
  const p = b.promises;
  const promiseLines = [`${f.kept}: ${p.kept} · ${f.broken}: ${p.broken}`, ...p.items.map((x) => `${day(x.date)}  ${x.amount.text}  ${w('status', x.status)}${x.settlement ? ` (${t.settlement})` : ''}`)];
  if (p.plan) promiseLines.push(`${f.plan} (${w('status', p.plan.status)}): ${p.plan.instalments.map((i) => `${day(i.date)} ${i.amount.text} ${w('status', i.status)}`).join(' · ')}`);
  section(t.promises, promiseLines.join('\n'));
  section(t.history, `${b.debtor.paymentHistory}${b.flags.hardship ? ` · ${t.hardship}` : ''}`);
  section(t.disputes, b.disputes.open.length ? b.disputes.open.map((d) => `${d.disputeId} (${w('dispute', d.kind)}, ${day(d.openedOn)}): ${d.details}${d.returnDetails ? ` · ${d.returnDetails}` : ''}`).join('\n') : t.noDispute);
  if (script) {
    const body = script.sections.map((s) => `${s.heading}\n${indent(s.text)}`).join('\n\n');
    const objections = script.objections.map((o) => `- ${o.objection}\n${indent(o.answer, '    ')}`).join('\n');
    section(`${t.script}: ${script.title} (${w('tone', script.tone)})`, `${body}\n\n${t.objections}\n${objections}`);
  }
  return out.join('\n');
}
