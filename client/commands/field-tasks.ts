/** `dunning tasks --kind visit|approval` (docs/field.md): the open visits and the legal steps waiting for approval. */
import { formatMoney } from '../../domain/money/format';
import type { DunningView } from '../../domain/views/read-model';
import { localStamp } from '../../domain/views/presentation';
import { addressLine, mapLink, visitAddress } from '../../domain/views/visits';
import { printJson, printTable } from '../output';

export interface FieldTaskRow {
  invoiceId: string;
  debtorName: string;
  kind: 'visit' | 'approval';
  taskId: string;
  /** The field agent, or the approver. */
  assignee: string;
  amountDueCents: number;
  currency: string;
  /** visit: the planned day and the deadline; approval: when it opened. */
  since: number;
  dueBy?: number;
  /** visit: the address and its map link; approval: the step, its status, reminders and draft. */
  detail: string;
  link?: string;
  timeZone: string;
}

export function fieldTaskRows(views: readonly DunningView[], kind: 'visit' | 'approval', assignee?: string): FieldTaskRow[] {
  const rows: FieldTaskRow[] = [];
  for (const v of views) {
    const base = { invoiceId: v.invoice.invoiceId, debtorName: v.invoice.debtor.name, amountDueCents: v.amountDueCents, currency: v.invoice.currency, timeZone: v.invoice.debtor.timeZone };
    if (kind === 'visit' && v.openVisit) {
      const t = v.openVisit;
      const a = visitAddress(v.invoice);
      rows.push({ ...base, kind, taskId: t.taskId, assignee: t.agent, since: t.openedAt, dueBy: t.dueBy, detail: a ? addressLine(a) : '(no address)', link: a && mapLink(a) });
    }
    if (kind === 'approval' && v.openApproval) {
      const a = v.openApproval;
      const step = a.step === 'handoff' ? 'litigation handoff' : 'formal notice';
      rows.push({ ...base, kind, taskId: a.approvalId, assignee: a.approver, since: a.openedAt, detail: `${step}, ${a.status}, ${a.reminders} reminder(s)${a.draftPath ? `, draft ${a.draftPath}` : ''}` });
    }
  }
  return rows.filter((r) => !assignee || r.assignee === assignee).sort((a, b) => a.since - b.since || a.invoiceId.localeCompare(b.invoiceId));
}

export function printFieldTasks(views: readonly DunningView[], kind: 'visit' | 'approval', opts: { assignee?: string; limit: number; json?: boolean }): void {
  const rows = fieldTaskRows(views, kind, opts.assignee).slice(0, opts.limit);
  if (opts.json) return printJson(rows);
  printTable<FieldTaskRow>(
    [
      { header: 'INVOICE', value: (r) => r.invoiceId },
      { header: 'DEBTOR', value: (r) => r.debtorName },
      { header: 'TASK', value: (r) => r.taskId },
      { header: kind === 'visit' ? 'AGENT' : 'APPROVER', value: (r) => r.assignee },
      { header: 'DUE', value: (r) => formatMoney(r.amountDueCents, r.currency, 'en'), align: 'right' },
      { header: kind === 'visit' ? 'OPENED' : 'WAITING SINCE', value: (r) => localStamp(r.since, r.timeZone) },
      ...(kind === 'visit' ? [{ header: 'REPORT BY', value: (r: FieldTaskRow) => (r.dueBy ? localStamp(r.dueBy, r.timeZone) : '') }] : []),
      { header: kind === 'visit' ? 'ADDRESS' : 'STEP', value: (r) => r.detail },
      ...(kind === 'visit' ? [{ header: 'MAP', value: (r: FieldTaskRow) => r.link ?? '' }] : []),
    ],
    rows,
    kind === 'visit' ? 'no open visit' : 'no legal step waiting for approval',
  );
}
