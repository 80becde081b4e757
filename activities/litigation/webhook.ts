/**
 * Webhook adapter: POSTs the file (file.json) and its zip (base64) to the partner's endpoint, with
 * the idempotency key in an Idempotency-Key header so a repeated delivery is recognised there.
 * Errors are classified for Temporal: network errors, 408, 429 and 5xx are retried with the
 * activity's backoff; any other answer is the partner refusing the file, which a retry cannot fix.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { LITIGATION_REJECTED } from '../types';
import type { LitigationAdapter, LitigationDelivery } from './adapter';

/** Retryable failure type: the partner's endpoint is unavailable. */
export const LITIGATION_PARTNER_UNAVAILABLE = 'LitigationPartnerUnavailable';

export interface LitigationWebhookConfig {
  url: string;
  /** Sent as "Authorization: Bearer <token>" when set. */
  token?: string;
  timeoutMs?: number;
}

export function webhookBody(d: LitigationDelivery): string {
  const zip = Buffer.from(d.zip);
  return JSON.stringify({
    reference: d.reference,
    idempotencyKey: d.idempotencyKey,
    file: d.file,
    zip: { filename: `${d.file.invoice.invoiceId}.zip`, contentType: 'application/zip', bytes: zip.length, sha256: createHash('sha256').update(zip).digest('hex'), base64: zip.toString('base64') },
  });
}

export function createWebhookLitigationAdapter(config: LitigationWebhookConfig): LitigationAdapter {
  return {
    name: 'webhook',
    async deliver(d) {
      let res: Response;
      try {
        res = await fetch(config.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': d.idempotencyKey,
            ...(config.token ? { authorization: `Bearer ${config.token}` } : {}),
          },
          body: webhookBody(d),
          signal: AbortSignal.timeout(config.timeoutMs ?? 60_000),
        });
      } catch (err) {
        throw ApplicationFailure.retryable(`litigation webhook unreachable: ${(err as Error).message}`, LITIGATION_PARTNER_UNAVAILABLE);
      }
      const text = await res.text();
      if (res.ok) return { partnerReference: partnerReferenceOf(text) };
      const message = `litigation webhook answered ${res.status}: ${text.slice(0, 500)}`;
      if (res.status >= 500 || res.status === 408 || res.status === 429) {
        throw ApplicationFailure.retryable(message, LITIGATION_PARTNER_UNAVAILABLE, { status: res.status });
      }
      throw ApplicationFailure.nonRetryable(message, LITIGATION_REJECTED, { status: res.status, body: text.slice(0, 2000) });
    },
  };
}

/** The partner's own reference, when its answer is JSON with `reference` or `id`. */
function partnerReferenceOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { reference?: unknown; id?: unknown };
    const ref = body.reference ?? body.id;
    return typeof ref === 'string' || typeof ref === 'number' ? String(ref) : undefined;
  } catch {
    return undefined;
  }
}
