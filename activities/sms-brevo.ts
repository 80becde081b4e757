/**
 * Brevo transport (transactional SMS, POST {baseUrl}/transactionalSMS/sms through the official
 * SDK @getbrevo/brevo). Errors are classified for Temporal like SendGrid's: 429, 5xx, 401/403 and
 * network errors are retried; any other 4xx (a number the provider refuses, a bad sender) is
 * non-retryable SmsRejected. The SDK's own retries are off: Temporal retries the activity, and the
 * sent-log decides whether a retry may send again.
 */
import { BrevoClient, BrevoError, BrevoTimeoutError } from '@getbrevo/brevo';
import { ApplicationFailure } from '@temporalio/common';
import { SMS_REJECTED } from './types';
import type { OutgoingSms, SmsTransport } from './sms-message';

export interface BrevoSmsConfig {
  apiKey: string;
  /** Sender name (11 letters/digits at most); Brevo checks it against the account. */
  sender: string;
  /** API base URL (default https://api.brevo.com/v3); tests point it at a local server. */
  baseUrl?: string;
  timeoutMs?: number;
}

/** Retryable failure type: Brevo is unavailable, throttling or refuses our key. */
export const SMS_PROVIDER_UNAVAILABLE = 'SmsProviderUnavailable';

export function classifyBrevoError(err: unknown): Error {
  if (!(err instanceof BrevoError) || err instanceof BrevoTimeoutError || err.statusCode === undefined) return err instanceof Error ? err : new Error(String(err));
  const status = err.statusCode;
  const message = `Brevo answered ${status}: ${JSON.stringify(err.body ?? err.message)}`;
  if (status === 429 || status >= 500 || status === 401 || status === 403) return ApplicationFailure.create({ message, type: SMS_PROVIDER_UNAVAILABLE, nonRetryable: false, details: [{ status }] });
  return ApplicationFailure.nonRetryable(message, SMS_REJECTED, { status, body: err.body });
}

/** Brevo answered (any HTTP status): it did not take the message. A timeout proves nothing. */
export function brevoFailedBeforeSending(err: unknown): boolean {
  if (err instanceof ApplicationFailure) return err.type === SMS_REJECTED || err.type === SMS_PROVIDER_UNAVAILABLE;
  return false;
}

export function createBrevoSmsTransport(config: BrevoSmsConfig): SmsTransport {
  const client = new BrevoClient({ apiKey: config.apiKey, maxRetries: 0, timeoutInSeconds: Math.ceil((config.timeoutMs ?? 30_000) / 1000), ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}) });
  return {
    provider: 'brevo',
    async send(sms: OutgoingSms) {
      try {
        const res = await client.transactionalSms.sendTransacSms({
          sender: config.sender,
          recipient: sms.recipient.replace(/^\+/, ''),
          content: sms.text,
          type: 'transactional',
          tag: sms.tag,
          unicodeEnabled: sms.encoding === 'UCS-2',
        });
        return { providerMessageId: String(res.messageId) };
      } catch (err) {
        throw classifyBrevoError(err);
      }
    },
    failedBeforeSending: brevoFailedBeforeSending,
  };
}
