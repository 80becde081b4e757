/**
 * The webhook routes bound to Temporal: the postal provider's news of a registered letter
 * (handlePostalWebhook) and Brevo's SMS replies (recordInboundStop, as `dunning sms-stop` records a STOP). What
 * they answer and log names invoices, never the debtor's phone number or name.
 */
import { isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { ZodError } from 'zod';
import type { PostalAdapter } from '../../activities/postal';
import { smsStop, type SmsStop } from '../../workflows/messages';
import type { Temporal } from '../connection';
import { CliError, EXIT } from '../errors';
import { queryState, WORKER_TIMEOUT_MS } from '../invoice-ops';
import { handlePostalWebhook } from '../letter-events';
import { commandInvoice, runningInvoicesOf, type Answer } from '../operator-commands';
import { recordInboundStop } from '../sms-inbound';
import type { Hook, HookResult } from './server';

/** A body naming a letter or a run that does not exist, or that does not parse: never recordable, 422. */
export class UnknownTarget extends Error {}

export function isBadInput(err: unknown): boolean {
  return err instanceof ZodError || err instanceof UnknownTarget || err instanceof WorkflowNotFoundError;
}

/** gRPC codes worth a retry: CANCELLED and DEADLINE_EXCEEDED (our deadline passed: no worker answered; grpc-js reports either), UNAVAILABLE. */
const RETRY_CODES = new Set([1, 4, 14]);

/** Worth a retry by the provider: the server is down or no worker answers (503). */
export function isTransient(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (isGrpcServiceError(e) && RETRY_CODES.has(e.code)) return true;
  }
  return err instanceof CliError && /no worker answered/.test(err.message);
}

type Outcome = { invoice: string; result: 'recorded' | 'already' | 'refused'; reason?: string };

/** 200 when some invoice took it (or already had it); 422 when every one refused it (retrying cannot help). */
function summary(outcomes: Outcome[], what: string): HookResult {
  const count = (r: Outcome['result']) => outcomes.filter((o) => o.result === r).length;
  const accepted = count('recorded') + count('already');
  const note = `${what}: ${outcomes.map((o) => `${o.invoice} ${o.result}${o.reason ? ` (${o.reason})` : ''}`).join(', ')}`;
  return { status: accepted || !outcomes.length ? 200 : 422, body: { recorded: count('recorded'), already: count('already'), refused: count('refused'), invoices: outcomes }, note };
}

export function postalHook(t: Pick<Temporal, 'client'>, adapter?: Pick<PostalAdapter, 'toLetterEvent'>): Hook {
  return async (body) => {
    let answers;
    try {
      // A run whose worker is away would hold the provider's request: past the deadline, 503 and the provider retries.
      answers = await t.client.withDeadline(Date.now() + WORKER_TIMEOUT_MS, () => handlePostalWebhook(t.client, body, adapter));
    } catch (err) {
      // invoicesOfLetter: a reference that is not <workflow id>/<step id>, or no such letter in the debtor's run.
      if (err instanceof Error && /^letter reference |^no letter /.test(err.message)) throw new UnknownTarget(err.message);
      throw err;
    }
    if (!answers.length) return { status: 200, body: { ignored: 'not about a letter' }, note: 'ignored' };
    return summary(
      answers.map((a) => ({ invoice: a.workflowId, ...(a.ok ? { result: a.already ? 'already' : 'recorded' } : { result: 'refused', reason: a.kind }) })),
      'letter event',
    );
  };
}

/** Brevo's replies: a STOP goes to every running invoice of the tagged debtor; a run that already stopped that number records nothing. */
export function brevoHook(t: Temporal): Hook {
  return async (body) => {
    const outcomes: Outcome[] = [];
    const stop = async (id: string, payload: SmsStop): Promise<Answer<{ optedOut: string[] }>> => {
      try {
        const before = await queryState(t, id);
        if (payload.phone && before.smsOptOuts?.includes(payload.phone)) {
          outcomes.push({ invoice: id, result: 'already' });
          return { ok: true, result: { optedOut: before.smsOptOuts } };
        }
        const a = await commandInvoice(t, id, smsStop, payload);
        outcomes.push({ invoice: id, ...(a.ok ? { result: 'recorded' } : { result: 'refused', reason: a.kind }) });
        return a;
      } catch (err) {
        // Gone or closed since the list was read: nothing to stop there.
        if (!(err instanceof CliError) || isTransient(err)) throw err;
        outcomes.push({ invoice: id, result: 'refused', reason: 'closed' });
        return { ok: false, kind: 'closed', message: err.message };
      }
    };
    const invoicesOf = async (debtorId: string) => {
      try {
        return await runningInvoicesOf(t, debtorId);
      } catch (err) {
        if (err instanceof CliError && err.exitCode === EXIT.notFound) return [];
        throw err;
      }
    };
    await recordInboundStop(body, { invoicesOf, stop });
    if (!outcomes.length) return { status: 200, body: { ignored: 'not a STOP for a running dunning' }, note: 'ignored' };
    return summary(outcomes, 'sms stop');
  };
}
