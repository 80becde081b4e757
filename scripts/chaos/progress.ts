/**
 * How far the runs are: the status of every invoice and debtor workflow (describe: no visibility
 * lag), read while the chaos goes on. A server that is down answers nothing: `reachable` false.
 */
import type { Client } from '@temporalio/client';
import { mapBounded } from '../../client/bulk-start';

export interface RunsSnapshot {
  reachable: boolean;
  invoicesOpen: number;
  invoicesClosed: number;
  /** Debtor workflows started so far that are still running. */
  debtorsOpen: number;
  debtorsClosed: number;
  /** Closed with a status other than completed. */
  notCompleted: string[];
}

async function statusOf(client: Client, workflowId: string): Promise<string | 'NOT_FOUND'> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name;
  } catch (err) {
    if (err instanceof Error && err.name === 'WorkflowNotFoundError') return 'NOT_FOUND';
    throw err;
  }
}

export async function snapshot(client: Client, invoiceWorkflowIds: string[], debtorWorkflowIds: string[]): Promise<RunsSnapshot> {
  const all = [...invoiceWorkflowIds, ...debtorWorkflowIds];
  let statuses: string[];
  try {
    statuses = await client.withDeadline(Date.now() + 10_000, () => mapBounded(all, 8, (id) => statusOf(client, id)));
  } catch {
    return { reachable: false, invoicesOpen: 0, invoicesClosed: 0, debtorsOpen: 0, debtorsClosed: 0, notCompleted: [] };
  }
  const inv = statuses.slice(0, invoiceWorkflowIds.length);
  const deb = statuses.slice(invoiceWorkflowIds.length);
  const open = (s: string) => s === 'RUNNING' || s === 'NOT_FOUND';
  return {
    reachable: true,
    invoicesOpen: inv.filter(open).length,
    invoicesClosed: inv.filter((s) => !open(s)).length,
    debtorsOpen: deb.filter((s) => s === 'RUNNING').length,
    debtorsClosed: deb.filter((s) => s !== 'RUNNING' && s !== 'NOT_FOUND').length,
    notCompleted: all.map((id, i) => ({ id, s: statuses[i] })).filter((x) => !open(x.s) && x.s !== 'COMPLETED').map((x) => `${x.id} ${x.s}`),
  };
}

/** Every run closed: each invoice, and each debtor workflow that was started. */
export const allClosed = (s: RunsSnapshot) => s.reachable && s.invoicesOpen === 0 && s.debtorsOpen === 0;
