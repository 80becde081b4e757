/** `dunning tasks --kind dispute` (domain.md §3): the open disputes, whose they are, how old, by when, overdue. */
import type { OpenDisputeTask } from '../../domain/dunning/dispute-task';
import { formatMoney } from '../../domain/money/format';
import type { DunningView } from '../../domain/views/read-model';
import { localStamp } from '../../domain/views/presentation';
import { printJson, printTable } from '../output';

export interface DisputeTaskRow extends OpenDisputeTask {
  invoiceId: string;
  debtorName: string;
  amountDueCents: number;
  currency: string;
  timeZone: string;
}

/**
 * One row per open dispute task, as each view computed it at the reader's time (the query's asOf);
 * `assignee` keeps the tasks of that role, and the overdue ones escalated to it when it is the manager.
 * Overdue first, then the oldest.
 */
export function disputeTaskRows(views: readonly DunningView[], assignee?: string): DisputeTaskRow[] {
  const rows = views.flatMap((v) =>
    (v.openDisputes ?? []).map((t) => ({ ...t, invoiceId: v.invoice.invoiceId, debtorName: v.invoice.debtor.name, amountDueCents: v.amountDueCents, currency: v.invoice.currency, timeZone: v.invoice.debtor.timeZone })),
  );
  return rows
    .filter((r) => !assignee || r.assignee === assignee || r.escalatedTo === assignee)
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.openedAt - b.openedAt || (a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0));
}

export function printDisputeTasks(views: readonly DunningView[], opts: { assignee?: string; limit: number; json?: boolean }): void {
  const rows = disputeTaskRows(views, opts.assignee).slice(0, opts.limit);
  if (opts.json) return printJson(rows);
  printTable<DisputeTaskRow>(
    [
      { header: 'INVOICE', value: (r) => r.invoiceId },
      { header: 'DEBTOR', value: (r) => r.debtorName },
      { header: 'DISPUTE', value: (r) => `${r.disputeId} (${r.kind})` },
      { header: 'FOR', value: (r) => (r.escalatedTo ? `${r.escalatedTo} (was ${r.assignee})` : r.assignee) },
      { header: 'DUE', value: (r) => formatMoney(r.amountDueCents, r.currency, 'en'), align: 'right' },
      { header: 'AGE', value: (r) => `${r.ageDays} d`, align: 'right' },
      { header: 'RESOLVE BY', value: (r) => localStamp(r.dueBy, r.timeZone) },
      { header: 'OVERDUE', value: (r) => (r.overdue ? 'yes' : '') },
      { header: 'DETAILS', value: (r) => r.details },
    ],
    rows,
    'no open dispute',
  );
}
