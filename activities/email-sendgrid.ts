/**
 * SendGrid transport. Errors are classified for Temporal: 429, 5xx, network errors and auth
 * errors are retried with backoff; any other 4xx is the message or the address being refused,
 * which a retry cannot fix, so it is non-retryable and typed EmailRejected (the workflow then
 * falls back to a letter and flags the address).
 */
import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { ApplicationFailure } from '@temporalio/common';
import { EMAIL_REJECTED } from './types';
import type { EmailTransport, OutgoingEmail } from './email-message';

export interface SendGridConfig {
  apiKey: string;
  /** Sender, "Name <address>" or a bare address (a verified SendGrid sender). */
  from: string;
  /** API base URL; tests point it at a local server. */
  baseUrl?: string;
  timeoutMs?: number;
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
  };
}
