/** Where the brief file of each call of the worklist is: the invoice's own, or the merged call's (the debtor run's state). */
import { debtorWorkflowId } from '../../domain/debtor/state';
import type { DunningView } from '../../domain/views/read-model';
import type { WorklistCall } from '../../domain/views/worklist';
import { getDebtorState } from '../../workflows/messages';
import { mapBounded } from '../bulk-start';
import type { Temporal } from '../connection';
import { withWorkerDeadline } from '../invoice-ops';

/** callId -> brief file; a debtor run that does not answer leaves its calls without one (the worklist still prints). */
export async function briefFiles(t: Pick<Temporal, 'client'>, calls: readonly WorklistCall[], views: readonly DunningView[]): Promise<Map<string, string>> {
  const ownBrief = new Map(views.map((v) => [v.invoice.invoiceId, v.openTask?.briefPath]));
  const files = new Map<string, string>();
  const debtors = [...new Set(calls.filter((c) => c.invoices[0]?.task.debtorTaskId).map((c) => c.debtorId))];
  const states = await mapBounded(debtors, 8, (id) => withWorkerDeadline(t, id, () => t.client.workflow.getHandle(debtorWorkflowId(id)).query(getDebtorState)).catch(() => undefined));
  const merged = new Map(states.flatMap((s) => s?.callTasks.filter((c) => c.briefPath).map((c) => [c.debtorTaskId, c.briefPath!] as const) ?? []));
  for (const c of calls) {
    const own = ownBrief.get(c.invoices[0]?.invoiceId ?? '');
    const file = c.invoices[0]?.task.debtorTaskId ? merged.get(c.callId) : own;
    if (file) files.set(c.callId, file);
  }
  return files;
}
