import { Context } from '@temporalio/activity';
import { debtorWorkflowId, type InvoiceSync } from '../domain/debtor';
import type { PolicyInput } from '../domain/policy';

export interface DebtorSyncRequest {
  debtorId: string;
  sync: InvoiceSync;
  /** The policy of the invoice that starts the debtor's workflow, if it is not running yet. */
  policy?: PolicyInput;
}

/**
 * Hands the invoice's picture and next touch to its debtor's workflow, starting that workflow on
 * first contact (signal-with-start, on the same task queue). Idempotent: a retried signal carries
 * the same picture, and the debtor keeps only the latest one per invoice.
 */
export async function syncWithDebtor(req: DebtorSyncRequest): Promise<void> {
  const ctx = Context.current();
  await ctx.client.workflow.signalWithStart('debtorWorkflow', {
    workflowId: debtorWorkflowId(req.debtorId),
    taskQueue: ctx.info.taskQueue,
    args: [{ debtorId: req.debtorId, policy: req.policy }],
    signal: 'invoiceSync',
    signalArgs: [req.sync],
    staticSummary: `Debtor ${req.sync.invoice.debtor.name} (${req.debtorId}): one reminder per debtor`,
  });
}
