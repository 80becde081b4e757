/** The call brief as text for a terminal, in the debtor's language (or --lang). */
import type { CallBrief } from '../domain/views/brief';
import type { Lang } from '../domain/money/format';
import type { CallScript } from './call-scripts';

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
    fields: {
      number: 'number', issued: 'issued', due: 'due', late: 'days past due', goods: 'goods/services', order: 'order', delivered: 'delivered', stage: 'stage',
      invoiced: 'invoiced', stillDue: 'still due', paid: 'paid', credited: 'credited', penalties: 'penalties', indemnity: 'fixed indemnity', total: 'total claim',
      kept: 'kept', broken: 'broken', plan: 'payment plan', call: 'call', task: 'task', tone: 'tone', deadline: 'due by',
    },
  },
} as const;

const indent = (text: string, by = '  ') => text.split('\n').map((l) => (l ? by + l : l)).join('\n');

export function briefText(b: CallBrief, script: CallScript | undefined, lang: Lang): string {
  const t = L[lang];
  const f = t.fields;
  const a = b.amounts;
  const out: string[] = [];
  const section = (title: string, body: string) => out.push(`\n== ${title} ==\n${body}`);
  out.push(`${t.title} · ${b.invoice.invoiceId} · ${b.debtor.name} · ${b.today}`);
  section(
    t.objective,
    b.task
      ? `${b.task.objective}\n${formatFields([[f.task, `${b.task.taskId} (${b.task.kind}, ${b.task.assignee})`], [f.tone, b.task.tone], [f.deadline, b.task.dueBy]])}`
      : t.noTask,
  );
  const c = b.callContact;
  section(t.contacts, b.contacts.map((x) => `${x.callNow ? `${f.call} → ` : '  '}${x.name} (${x.role})${x.phone ? ` · ${x.phone}` : ''}${x.email ? ` · ${x.email}` : ''}`).join('\n') || c.name);
  section(
    t.invoice,
    formatFields([
      [f.number, b.invoice.invoiceId],
      [f.issued, b.invoice.issueDate],
      [f.due, b.invoice.dueDate],
      [f.late, b.invoice.daysPastDue],
      [f.goods, b.invoice.description],
      [f.order, [b.invoice.orderRef, b.invoice.orderDate].filter(Boolean).join(' · ') || undefined],
      [f.delivered, b.invoice.deliveryDate],
      [f.stage, b.invoice.outcome ? `${b.invoice.stage} (${b.invoice.outcome})` : b.invoice.stage],
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
  section(t.touches, b.touches.length ? b.touches.map((x) => `${x.date} ${x.time}  ${x.channel.padEnd(6)} ${x.template}  ${x.result}${x.outcome && x.outcome !== x.result ? `: ${x.outcome}` : ''}${x.to ? ` (${x.to})` : ''}`).join('\n') : t.none);
  const p = b.promises;
  const promiseLines = [`${f.kept}: ${p.kept} · ${f.broken}: ${p.broken}`, ...p.items.map((x) => `${x.date}  ${x.amount.text}  ${x.status}${x.settlement ? ' (settlement)' : ''}`)];
  if (p.plan) promiseLines.push(`${f.plan} (${p.plan.status}): ${p.plan.instalments.map((i) => `${i.date} ${i.amount.text} ${i.status}`).join(' · ')}`);
  section(t.promises, promiseLines.join('\n'));
  section(t.history, `${b.debtor.paymentHistory}${b.flags.hardship ? ' · hardship declared' : ''}`);
  section(t.disputes, b.disputes.open.length ? b.disputes.open.map((d) => `${d.disputeId} (${d.kind}, ${d.openedOn}): ${d.details}${d.returnDetails ? ` · ${d.returnDetails}` : ''}`).join('\n') : t.noDispute);
  if (script) {
    const body = script.sections.map((s) => `${s.heading}\n${indent(s.text)}`).join('\n\n');
    const objections = script.objections.map((o) => `- ${o.objection}\n${indent(o.answer, '    ')}`).join('\n');
    section(`${t.script}: ${script.title} (${script.tone})`, `${body}\n\n${t.objections}\n${objections}`);
  }
  return out.join('\n');
}
