import { Context } from '@temporalio/activity';
import { QueryNotRegisteredError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { currentSync, getPolicy } from '../workflows/messages';
import type { InvoiceSync } from '../domain/coordination/messages';
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
  let policy = req.policy;
  if (!('policy' in req)) {
    try {
      await ctx.client.workflow.getHandle(debtorWorkflowId(req.debtorId)).signal('invoiceSync', req.sync);
      return;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err; // not running (never started, or ended): start it
    }
    policy = await callerPolicy(ctx);
  }
  // A new debtor run never starts with a delta: it would hold nothing to apply it on.
  const sync = req.sync.protocol === 3 ? await callerSync(ctx, req.sync.seq) : req.sync;
  try {
    await start(ctx, { debtorId: req.debtorId, sync, policy, maxHistoryEvents: req.maxHistoryEvents });
  } catch (err) {
    // Two invoices reaching a new debtor at once: the loser just signals the running workflow.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    await ctx.client.workflow.getHandle(debtorWorkflowId(req.debtorId)).signal('invoiceSync', sync);
  }
}

/** The whole picture of the delta `seq`, from the calling run's memory (it waits on this activity). */
async function callerSync(ctx: Context, seq: number): Promise<InvoiceSync> {
  const caller = ctx.info.workflowExecution?.workflowId;
  const sync = caller ? await ctx.client.workflow.getHandle(caller).query(currentSync) : undefined;
  // Never a picture other than the one this delta was built from: a retry asks again.
  if (sync?.seq !== seq) throw new Error(`the calling run's whole picture is not sync ${seq} (got ${sync?.seq ?? 'none'})`);
  return sync;
}

function start(ctx: Context, req: DebtorSyncRequest & { sync: InvoiceSync }) {
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
