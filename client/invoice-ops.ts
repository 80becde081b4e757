/**
 * Reaching one invoice's workflow: its handle, its state (the `getState` query), and signals.
 * "No such workflow" becomes exit 2 with the invoice id; a query no worker answers becomes a
 * clear message rather than a hang.
 */
import { isGrpcDeadlineError, WorkflowNotFoundError, type WorkflowExecutionDescription } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { workflowIdFor } from '../domain/invoice/schema';
import { getState, type DunningView } from '../workflows/messages';
import type { Temporal } from './connection';
import { CliError, EXIT, notFound } from './errors';

/** Queries and updates need a worker; without one the server waits, so the CLI stops waiting. */
export const WORKER_TIMEOUT_MS = Number(process.env.DUNNING_QUERY_TIMEOUT_MS ?? 15_000);

export const handleFor = (t: Temporal, invoiceId: string) => t.client.workflow.getHandle(workflowIdFor(invoiceId));

export function noWorker(invoiceId: string): CliError {
  return new CliError(`no worker answered for invoice ${invoiceId} within ${WORKER_TIMEOUT_MS / 1000}s: is the worker running (npm start / npm run worker)?`, EXIT.usage);
}

export async function describeInvoice(t: Temporal, invoiceId: string): Promise<WorkflowExecutionDescription> {
  try {
    return await handleFor(t, invoiceId).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound(invoiceId);
    throw err;
  }
}

/** Runs fn with the worker deadline; a deadline hit means no worker is answering. */
export async function withWorkerDeadline<T>(t: Pick<Temporal, 'client'>, invoiceId: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await t.client.withDeadline(Date.now() + WORKER_TIMEOUT_MS, fn);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound(invoiceId);
    if (isGrpcDeadlineError(err)) throw noWorker(invoiceId);
    throw err;
  }
}

/** The view as of now (the CLI's clock), not as of the run's last activation. */
export function queryState(t: Temporal, invoiceId: string): Promise<DunningView> {
  return withWorkerDeadline(t, invoiceId, () => handleFor(t, invoiceId).query(getState, new Date().toISOString()));
}

/**
 * Signals the invoice's running workflow. A closed run cannot take news: the user is told its
 * status instead of a generic "not found".
 */
export async function signalInvoice<A extends unknown[]>(t: Temporal, invoiceId: string, signal: SignalDefinition<A>, ...args: A): Promise<void> {
  try {
    await handleFor(t, invoiceId).signal(signal, ...args);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    const d = await describeInvoice(t, invoiceId); // exit 2 when there is no run at all
    throw new CliError(`the dunning of invoice ${invoiceId} is closed (${d.status.name}); nothing sent`, EXIT.usage);
  }
}
