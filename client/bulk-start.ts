/**
 * Starts many invoices' workflows, fast and safely: one client, a bounded number of starts in
 * flight, no query per row. A workflow id already in use means the invoice is already under
 * dunning: reported, never duplicated, not an error. Used by `dunning start` and the benchmark.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Invoice } from '../domain/invoice/schema';
import { isUnavailable } from './connection';
import { describeError } from './errors';
import { startOptionsFor, WORKFLOW_TYPE, type StartSettings } from './start-options';

export interface StartItem {
  row: number;
  invoice: Invoice;
}

export type StartStatus = 'started' | 'already' | 'failed';
export interface StartResult {
  row: number;
  invoiceId: string;
  workflowId: string;
  status: StartStatus;
  runId?: string;
  error?: string;
  /** The failure was the server going away (gRPC UNAVAILABLE). */
  unreachable?: boolean;
}

export interface BulkProgress {
  done: number;
  total: number;
  started: number;
  already: number;
  failed: number;
}

export interface BulkStartOptions extends StartSettings {
  concurrency: number;
  onProgress?: (p: BulkProgress, last: StartResult) => void;
}

export interface BulkStartSummary extends BulkProgress {
  results: StartResult[];
  elapsedMs: number;
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

export async function bulkStart(client: Client, items: readonly StartItem[], opts: BulkStartOptions): Promise<BulkStartSummary> {
  const t0 = performance.now();
  const progress: BulkProgress = { done: 0, total: items.length, started: 0, already: 0, failed: 0 };
  const results = await mapBounded(items, opts.concurrency, async ({ row, invoice }): Promise<StartResult> => {
    const options = startOptionsFor(invoice, opts);
    const base = { row, invoiceId: invoice.invoiceId, workflowId: options.workflowId };
    let result: StartResult;
    try {
      const handle = await client.workflow.start(WORKFLOW_TYPE, options);
      result = { ...base, status: 'started', runId: handle.firstExecutionRunId };
    } catch (err) {
      result =
        err instanceof WorkflowExecutionAlreadyStartedError
          ? { ...base, status: 'already' }
          : { ...base, status: 'failed', error: describeError(err), unreachable: isUnavailable(err) };
    }
    progress.done += 1;
    progress[result.status] += 1;
    opts.onProgress?.(progress, result);
    return result;
  });
  return { ...progress, results, elapsedMs: performance.now() - t0 };
}
