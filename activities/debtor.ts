import { Context } from '@temporalio/activity';
import { QueryNotRegisteredError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { getPolicy } from '../workflows/messages';
import { debtorWorkflowId } from '../domain/debtor/state';
import { debtorSummary } from '../domain/views/presentation';
import type { PolicyInput } from '../domain/policy/schema';
import type { DebtorSyncRequest } from './types';
import { debtorMemo } from '../workflows/memo';
import { SA } from '../workflows/search-attributes';

/**
 * Hands the invoice's picture and next touch to its debtor's workflow, starting that workflow on
 * first contact (signal-with-start, on the same task queue). Idempotent: a retried signal carries
 * the same picture, and the debtor keeps only the latest one per invoice.
 */
export async function syncWithDebtor(req: DebtorSyncRequest): Promise<void> {
  const ctx = Context.current();
  if (!('policy' in req)) {
    try {
      await ctx.client.workflow.getHandle(debtorWorkflowId(req.debtorId)).signal('invoiceSync', req.sync);
      return;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err; // not running (never started, or ended): start it
    }
    req = { ...req, policy: await callerPolicy(ctx) };
  }
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
    // The link back to its invoices: `DunningDebtorId = "<id>"` lists the debtor run with them.
    memo: debtorMemo(req.debtorId, req.sync.invoice.debtor.name),
    typedSearchAttributes: [
      { key: SA.debtorId, value: req.debtorId },
      { key: SA.debtorName, value: req.sync.invoice.debtor.name },
    ],
  });
}

/** The policy the calling invoice run was started with; a first-version run cannot tell: the default. */
async function callerPolicy(ctx: Context): Promise<PolicyInput | undefined> {
  const caller = ctx.info.workflowExecution?.workflowId;
  if (!caller) return undefined;
  try {
    return await ctx.client.workflow.getHandle(caller).query(getPolicy);
  } catch (err) {
    if (err instanceof QueryNotRegisteredError) return undefined;
    throw err;
  }
}
