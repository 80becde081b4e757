import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { InvoiceSync } from '../domain/coordination/messages';
import { debtorWorkflowId } from '../domain/debtor/state';
import { debtorSummary } from '../domain/presentation';
import type { PolicyInput } from '../domain/policy';

export interface DebtorSyncRequest {
  debtorId: string;
  sync: InvoiceSync;
  /** The policy of the invoice that starts the debtor's workflow, if it is not running yet. */
  policy?: PolicyInput;
  maxHistoryEvents?: number;
}

/**
 * Hands the invoice's picture and next touch to its debtor's workflow, starting that workflow on
 * first contact (signal-with-start, on the same task queue). Idempotent: a retried signal carries
 * the same picture, and the debtor keeps only the latest one per invoice.
 */
export async function syncWithDebtor(req: DebtorSyncRequest): Promise<void> {
  const ctx = Context.current();
  try {
    await start(ctx, req);
  } catch (err) {
    // Two invoices reaching a new debtor at once: the loser just signals the running workflow.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    await ctx.client.workflow.getHandle(debtorWorkflowId(req.debtorId)).signal('invoiceSync', req.sync);
  }
}

function start(ctx: Context, req: DebtorSyncRequest) {
  return ctx.client.workflow.signalWithStart('debtorWorkflow', {
    workflowId: debtorWorkflowId(req.debtorId),
    taskQueue: ctx.info.taskQueue,
    args: [{ debtorId: req.debtorId, policy: req.policy, maxHistoryEvents: req.maxHistoryEvents }],
    signal: 'invoiceSync',
    signalArgs: [req.sync],
    staticSummary: debtorSummary(req.sync.invoice.debtor.name, req.debtorId),
  });
}
