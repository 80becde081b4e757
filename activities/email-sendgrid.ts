/**
 * SendGrid transport. Errors are classified for Temporal: 429, 5xx, network errors and auth
 * errors are retried with backoff; any other 4xx is the message or the address being refused,
 * which a retry cannot fix, so it is non-retryable and typed EmailRejected (the workflow then
 * falls back to a letter and flags the address).
 */
import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { EMAIL_REJECTED } from './types';
import type { EmailTransport, OutgoingEmail } from './email-message';
import type { PreviousAttempt, Reconciliation } from './sent-log';

export interface SendGridConfig {
  apiKey: string;
  /** Sender, "Name <address>" or a bare address (a verified SendGrid sender). */
  from: string;
  /** API base URL; tests point it at a local server. */
  baseUrl?: string;
  timeoutMs?: number;
  /**
   * Reconcile uncertain sends through the Email Activity API (SENDGRID_ACTIVITY_LOOKUP=1). Needs the
   * paid "additional email activity history" add-on and an API key with Email Activity access.
   */
  activityLookup?: boolean;
  /**
   * SendGrid's activity data lags behind a send: an empty answer counts as "not sent" only once
   * the previous call is at least this old; before, the attempt fails with a retryable
   * SendReconciling and asks again later. Default 60 s (SENDGRID_ACTIVITY_SETTLE_MS).
   */
  activitySettleMs?: number;
}

/** Retryable failure type: the provider is unavailable or throttling. */
export const EMAIL_PROVIDER_UNAVAILABLE = 'EmailProviderUnavailable';

interface SendGridError {
  code?: number;
  message?: string;
  response?: { headers?: Record<string, string>; body?: unknown };
}

/** Retry-After in seconds (SendGrid sends it with 429), if present and sane. */
function retryAfterMs(headers: Record<string, string> | undefined): number | undefined {
  const value = Number(headers?.['retry-after']);
  return Number.isFinite(value) && value > 0 && value <= 3600 ? value * 1000 : undefined;
}

export function classifySendGridError(err: unknown): Error {
  const e = err as SendGridError;
  const status = typeof e.code === 'number' && e.code >= 100 ? e.code : undefined;
  if (status === undefined) return err instanceof Error ? err : new Error(String(err)); // network error: retried
  const body = e.response?.body;
  const details = { status, body };
  const message = `SendGrid answered ${status}: ${typeof body === 'string' ? body : JSON.stringify(body ?? e.message ?? '')}`;
  // A bad key or a revoked sender is our configuration, not the debtor's address: retry until fixed.
  if (status === 429 || status >= 500 || status === 401 || status === 403) {
    return ApplicationFailure.create({
      message,
      type: EMAIL_PROVIDER_UNAVAILABLE,
      nonRetryable: false,
      details: [details],
      nextRetryDelay: status === 429 ? retryAfterMs(e.response?.headers) : undefined,
    });
  }
  return ApplicationFailure.nonRetryable(message, EMAIL_REJECTED, details);
}

/** Network errors where the request provably never reached SendGrid (no connection was made). */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL']);

/**
 * True when send() failed without SendGrid taking the message: SendGrid answered (any HTTP error
 * is a refusal: 4xx, 429, 5xx), or the connection never opened. A timeout or a reset after the
 * request was written is NOT one of them: SendGrid may have accepted it.
 */
export function sendGridFailedBeforeSending(err: unknown): boolean {
  if (err instanceof ApplicationFailure) return err.type === EMAIL_REJECTED || err.type === EMAIL_PROVIDER_UNAVAILABLE;
  return NEVER_CONNECTED.has((err as NodeJS.ErrnoException).code ?? '');
}

/** The part of the "Filter all messages" answer the lookup reads. */
const ActivityAnswer = z.object({ messages: z.array(z.object({ msg_id: z.string() })) });

/**
 * The Email Activity query for the messages that carried this idempotency key in custom_args.
 * SendGrid documents the format `query={query_type}="{query_content}"`, URL-encoded (docs:
 * "Getting Started with the Email Activity Feed API" and "Filter all messages", GET /v3/messages,
 * twilio.com/docs/sendgrid/api-reference/email-activity/filter-all-messages); `unique_args` is one of
 * the listed query types, and a custom argument is addressed as `unique_args['name']` (v3
 * custom_args are the v2 unique_args: the same form is used by client libraries, e.g. StrongGrid's
 * search criteria `unique_args['name']="value"`). qs is URL-encoded by the client.
 * Undefined when the key cannot be quoted in that syntax.
 */
export function activityQueryFor(idempotencyKey: string): string | undefined {
  if (/["\\\r\n]/.test(idempotencyKey)) return undefined;
  return `unique_args['idempotencyKey']="${idempotencyKey}"`;
}

export function createSendGridTransport(config: SendGridConfig): EmailTransport {
  const client = new Client();
  client.setApiKey(config.apiKey);
  // setApiKey resets the base URL to the region's host: override it afterwards.
  if (config.baseUrl) client.setDefaultRequest('baseUrl', config.baseUrl);
  const mail = new MailService();
  mail.setClient(client);
  mail.setTimeout(config.timeoutMs ?? 30_000);

  return {
    provider: 'sendgrid',
    async send(email: OutgoingEmail) {
      try {
        const [response] = await mail.send({
          from: email.from,
          to: email.to,
          replyTo: email.replyTo,
          subject: email.subject,
          text: email.text,
          html: email.html,
          attachments: email.attachments.map((a) => ({
            content: a.content.toString('base64'),
            filename: a.filename,
            type: a.type,
            disposition: 'attachment',
          })),
          customArgs: email.customArgs,
          categories: email.categories,
          headers: email.headers,
        });
        const header = response.headers['x-message-id'];
        return { providerMessageId: typeof header === 'string' ? header : undefined };
      } catch (err) {
        throw classifySendGridError(err);
      }
    },
    failedBeforeSending: sendGridFailedBeforeSending,
    async lookup(email, previous) {
      if (!config.activityLookup) return { outcome: 'unknown', reason: 'the SendGrid activity lookup is off (SENDGRID_ACTIVITY_LOOKUP=1 turns it on)' };
      return lookupActivity(email.idempotencyKey, previous);
    },
  };

  /** Found: sent (its msg_id). Not found: not sent, once SendGrid's data had time to settle. Error: unknown. */
  async function lookupActivity(idempotencyKey: string, previous: PreviousAttempt): Promise<Reconciliation> {
    const query = activityQueryFor(idempotencyKey);
    if (!query) return { outcome: 'unknown', reason: 'the key cannot be written in a SendGrid activity query' };
    let body: unknown;
    try {
      [, body] = await client.request({ method: 'GET', url: '/v3/messages', qs: { query, limit: 1 } });
    } catch (err) {
      return { outcome: 'unknown', reason: `the SendGrid activity lookup failed (${classifySendGridError(err).message})` };
    }
    const answer = ActivityAnswer.safeParse(body);
    if (!answer.success) return { outcome: 'unknown', reason: 'the SendGrid activity lookup gave an unexpected answer' };
    const [found] = answer.data.messages;
    if (found) return { outcome: 'sent', providerMessageId: found.msg_id };
    const settleMs = config.activitySettleMs ?? 60_000;
    const age = Date.now() - Date.parse(previous.calledAt);
    if (Number.isFinite(age) && age < settleMs) {
      return { outcome: 'retry_later', retryAfterMs: settleMs - age, reason: `SendGrid's activity shows no message with this key yet; asking again once the call is ${Math.round(settleMs / 1000)} s old` };
    }
    return { outcome: 'not_sent' };
  }
}
