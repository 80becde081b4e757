/**
 * The operator's commands on invoice runs as updates: an answer says what happened (recorded,
 * refused and why), never just "sent". With --debtor, the debtor's running invoices are found
 * through visibility (DunningDebtorId) and each gets the command.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type SignalDefinition, type UpdateDefinition } from '@temporalio/common';
import type { CommandResult, DunningView } from '../workflows/messages';
import type { Temporal } from './connection';
import { CliError, EXIT } from './errors';
import { describeInvoice, handleFor, queryState, withWorkerDeadline } from './invoice-ops';
import { buildListQuery } from './list-query';
import { print } from './output';

export type Answer<R> = { ok: true; result: R } | { ok: false; kind: string; message: string };

const REFUSED = 'Refused:';

/**
 * A run on the first version of the workflow (workflows/v1, started before the commands became
 * updates) has them as signals only: its SDK rejects the update as having no handler.
 */
export function isMissingUpdateHandler(err: unknown): boolean {
  return err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && /^No registered handler for update: /.test(err.cause.message);
}

/** What a signal did, read from the state before and after it (the update's answer, for a first-version run). */
export function legacyResult(before: Pick<DunningView, 'amountDueCents'>, after: Pick<DunningView, 'stage' | 'amountDueCents' | 'outcome' | 'invoice'>, paidCents = 0): CommandResult {
  const applied = Math.max(0, before.amountDueCents - after.amountDueCents);
  return {
    stage: after.stage,
    amountDueCents: after.amountDueCents,
    currency: after.invoice.currency,
    ...(after.outcome ? { outcome: after.outcome } : {}),
    ...(paidCents ? { appliedCents: applied, unappliedCents: Math.max(0, paidCents - applied) } : {}),
  };
}

/** The same command as a signal, for a first-version run: sent, then answered from the state it left. */
export interface LegacySignal<S> {
  signal: SignalDefinition<[S]>;
  arg: S;
  /** Checked on the state first (a first-version run has no validator): a refusal, or undefined. */
  refuse?: (v: DunningView) => { kind: string; message: string } | undefined;
  /** The payment's amount, for the applied / unapplied split. */
  paidCents?: number;
}

async function viaSignal<S>(t: Temporal, invoiceId: string, legacy: LegacySignal<S>): Promise<Answer<CommandResult>> {
  const before = await queryState(t, invoiceId);
  const refusal = legacy.refuse?.(before);
  if (refusal) return { ok: false, ...refusal };
  await handleFor(t, invoiceId).signal(legacy.signal, legacy.arg);
  return { ok: true, result: legacyResult(before, await queryState(t, invoiceId), legacy.paidCents) };
}

/** An operator command (pay, pause, resume): the update, or its signal on a first-version run. */
export async function commandOrSignal<A, S>(t: Temporal, invoiceId: string, def: UpdateDefinition<CommandResult, [A]>, arg: A, legacy: LegacySignal<S>): Promise<Answer<CommandResult>> {
  try {
    return await commandInvoice(t, invoiceId, def, arg);
  } catch (err) {
    if (isMissingUpdateHandler(err)) return viaSignal(t, invoiceId, legacy);
    throw err;
  }
}

/** Runs one operator update on an invoice run; a refusal by its validator is an answer, not an exception. */
export async function commandInvoice<R, A>(t: Temporal, invoiceId: string, def: UpdateDefinition<R, [A]>, arg: A): Promise<Answer<R>> {
  try {
    const result = await withWorkerDeadline(t, invoiceId, () => handleFor(t, invoiceId).executeUpdate(def, { args: [arg] }));
    return { ok: true, result };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type?.startsWith(REFUSED)) {
      return { ok: false, kind: err.cause.type.slice(REFUSED.length), message: err.cause.message };
    }
    if (err instanceof CliError && err.exitCode === EXIT.notFound) {
      // A closed run cannot take commands: say so rather than "not found".
      const d = await describeInvoice(t, invoiceId).catch(() => undefined);
      if (d) throw new CliError(`the dunning of invoice ${invoiceId} is closed (${d.status.name}); nothing changed`, EXIT.usage);
    }
    throw err;
  }
}

/** The debtor's invoices under dunning right now (visibility may lag a start by a second). */
export async function runningInvoicesOf(t: Temporal, debtorId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of t.client.workflow.list({ query: buildListQuery({ debtor: debtorId }) })) ids.push(w.workflowId.replace(/^dunning-/, ''));
  if (!ids.length) throw new CliError(`no running dunning for debtor ${debtorId}`, EXIT.notFound);
  return ids.sort();
}

/** One invoice id, or every running invoice of --debtor; never both, never neither. */
export function targetsOf(command: string, invoiceId: string | undefined, debtorId: string | undefined): { invoiceId: string } | { debtorId: string } {
  if (invoiceId && debtorId) throw new CliError(`${command}: give an invoice id or --debtor, not both`, EXIT.usage);
  if (invoiceId) return { invoiceId };
  if (debtorId) return { debtorId };
  throw new CliError(`${command}: give an invoice id, or --debtor <debtorId> for all its open invoices`, EXIT.usage);
}

/**
 * Runs a command on one invoice or on each running invoice of a debtor, printing one line each.
 * A refusal exits 1 with its reason; for a debtor, only when no invoice took it.
 */
export async function applyToTargets<R>(
  t: Temporal,
  target: { invoiceId: string } | { debtorId: string },
  verb: string,
  run: (invoiceId: string) => Promise<Answer<R>>,
  said: (invoiceId: string, result: R) => string,
): Promise<void> {
  if ('invoiceId' in target) {
    const a = await run(target.invoiceId);
    if (!a.ok) throw new CliError(`refused: ${a.message}`, EXIT.usage);
    print(said(target.invoiceId, a.result));
    return;
  }
  const ids = await runningInvoicesOf(t, target.debtorId);
  let done = 0;
  for (const id of ids) {
    const a = await run(id);
    if (a.ok) done += 1;
    print(a.ok ? said(id, a.result) : `${id}: not ${verb}: ${a.message}`);
  }
  print(`debtor ${target.debtorId}: ${done} of ${ids.length} running invoice(s) ${verb}`);
  if (!done) throw new CliError(`debtor ${target.debtorId}: no invoice ${verb}`, EXIT.usage);
}
