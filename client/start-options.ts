/**
 * How one invoice's workflow is started: id, input, and what the Web UI shows of it at once
 * (static summary, memo). Its search attributes are written by its first workflow task (within a
 * second with a worker polling), not by the start: a start carrying any custom search attribute
 * costs about 15 % of import throughput on the dev server's visibility store, one attribute as
 * much as seven (bench/start-variants.ts), and the first task upserts them anyway.
 */
import type { WorkflowStartOptions } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { workflowIdFor, type Invoice } from '../domain/invoice/schema';
import type { PolicyInput } from '../domain/policy/schema';
import { staticSummary } from '../domain/views/presentation';
import type { dunningWorkflow } from '../workflows/dunning';
import type { DunningInput } from '../workflows/messages';
import { coordinatedInvoiceMemo, invoiceMemo } from '../workflows/memo';

export const WORKFLOW_TYPE = 'dunningWorkflow';

export interface StartSettings {
  taskQueue: string;
  /** The policy as written (raw JSON); undefined runs the default policy. */
  policy?: PolicyInput;
  /**
   * A closed run (paid, cancelled, litigation) blocks a new one by default, so re-importing an
   * export never restarts dunning of a paid invoice. Set to start such invoices again.
   */
  allowRestart?: boolean;
  /**
   * One reminder per debtor (docs/domain.md §9, docs/architecture.md): the invoice hands its touches to its debtor's
   * workflow, which merges those due together. On unless the caller asks for per-invoice dunning.
   */
  coordinated?: boolean;
}

/**
 * The run's id and what the Web UI shows of it from its first second (summary, memo): the same for
 * the CLI, the tests and the benchmarks. The workflow sets the memo itself when it was not given.
 */
export function runIdentity(invoice: Invoice, coordinated = false): Pick<WorkflowStartOptions, 'workflowId' | 'staticSummary' | 'memo'> {
  return { workflowId: workflowIdFor(invoice.invoiceId), staticSummary: staticSummary(invoice), memo: coordinated ? coordinatedInvoiceMemo(invoice) : invoiceMemo(invoice) };
}

export function startOptionsFor(invoice: Invoice, s: StartSettings): WorkflowStartOptions<typeof dunningWorkflow> {
  const input: DunningInput = { invoice, policy: s.policy, coordinated: s.coordinated ?? true };
  const coordinated = s.coordinated ?? true;
  return {
    ...runIdentity(invoice, coordinated),
    taskQueue: s.taskQueue,
    args: [input],
    workflowIdReusePolicy: s.allowRestart ? WorkflowIdReusePolicy.ALLOW_DUPLICATE : WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
  };
}
