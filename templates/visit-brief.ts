/** The visit brief (docs/field.md): where to go, whom to meet, what is due, what happened so far, how to report. */
import type { VisitTask } from '../domain/dunning/field-types';
import { formatMoney } from '../domain/money/format';
import { escapeMarkdown, escapeMarkdownBlock } from '../domain/text/markdown';
import type { DunningView } from '../domain/views/read-model';
import { localStamp } from '../domain/views/presentation';
import { addressLine, mapLink, visitAddress } from '../domain/views/visits';

/**
 * `medium` 'markdown' (the .md brief file): every debtor string is escaped and the map link is an
 * autolink of an URL-encoded query; 'text' (the terminal): as written, the CLI strips control characters.
 */
export function visitBriefText(view: DunningView, task: VisitTask, medium: 'markdown' | 'text' = 'markdown'): string {
  const e = medium === 'markdown' ? escapeMarkdown : (s: string) => s;
  const block = medium === 'markdown' ? escapeMarkdownBlock : (s: string) => s;
  const inv = view.invoice;
  const tz = inv.debtor.timeZone;
  const money = (c: number) => formatMoney(c, inv.currency, 'en');
  const address = visitAddress(inv);
  const link = address && mapLink(address);
  const lines = [
    `# Visit brief: ${e(inv.debtor.name)}`,
    '',
    `Task ${e(task.taskId)} for ${e(task.agent)}, planned ${task.day}, to report by ${localStamp(task.dueBy, tz)}.`,
    `Objective: ${block(task.objective)}`,
    '',
    '## Where',
    address ? e(addressLine(address)) : 'No postal address on file: call first.',
    ...(link ? [`Map: ${medium === 'markdown' ? `<${link}>` : link}`] : []),
    '',
    '## Whom',
    ...view.contacts.map((c, i) => `- ${e(c.name)} (${c.role})${c.phone ? `, ${e(c.phone)}` : ''}${c.email ? `, ${e(c.email)}` : ''}${i === view.activeContact ? ' - ask for them first' : ''}`),
    ...(inv.debtor.legalRepresentative ? [`- Legal representative: ${e(inv.debtor.legalRepresentative.name)}`] : []),
    '',
    '## What is due',
    `Invoice ${e(inv.invoiceId)} of ${inv.issueDate}, due ${inv.dueDate}: ${money(inv.amountCents)}; still due ${money(view.amountDueCents)} (${view.daysPastDue} days past due), late-payment penalties so far ${money(view.penaltiesCents)}${view.indemnityCents ? `, recovery indemnity ${money(view.indemnityCents)}` : ''}.`,
    '',
    '## So far',
    ...(view.touches.length ? view.touches.map((t) => `- ${localStamp(t.at, tz)} ${t.channel} ${e(t.template)}: ${t.result}`) : ['- nothing yet']),
    ...view.promises.map((p) => `- promise of ${money(p.amountCents)} for ${p.date}: ${p.status}`),
    ...view.disputes.map((d) => `- dispute (${d.kind}): ${block(d.details)} - ${d.status}`),
    '',
    '## Report',
    `dunning visit ${e(inv.invoiceId)} --task ${e(task.taskId)} --outcome met|absent|promise|dispute|refused`,
    'Write down every verbal agreement made on the visit (seed 002) in the report notes.',
  ];
  return lines.join('\n');
}
