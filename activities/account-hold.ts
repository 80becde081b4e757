/**
 * The notifyAccountHold activity (seed 004: "livraison contre paiement d'un acompte, voire paiement
 * d'avance"): tells the ERP/sales side to put a customer's account on hold or to release it.
 * - webhook (DUNNING_ACCOUNT_HOLD_WEBHOOK): POST JSON with `Idempotency-Key` and
 *   `X-Dunning-Signature: sha256=<hex HMAC-SHA256 of the body>` (secret DUNNING_ACCOUNT_HOLD_SECRET);
 *   429/5xx/network errors are retried, another 4xx is AccountHoldRejected (not retried);
 * - outbox (default): <outbox>/account-holds/<reference>.json, for the ERP to pick up.
 * Exactly once per key: a delivered key is recorded in <outbox>/account-holds/sent/, and the body
 * (with its decidedAt) is the same on every attempt, so a receiver deduplicating on the key or the
 * signature sees the same request.
 */
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { ApplicationFailure } from '@temporalio/common';
import { messageIdFor, sha256Hex } from './sent-log';
import { writeFileAtomic } from './files';
import { ACCOUNT_HOLD_REJECTED, type AccountHoldReceipt, type AccountHoldRequest } from './types';

/** Retryable failure type: the ERP's endpoint is unavailable. */
export const ACCOUNT_HOLD_UNAVAILABLE = 'AccountHoldUnavailable';
export const SIGNATURE_HEADER = 'x-dunning-signature';

export interface AccountHoldWebhookConfig {
  url: string;
  /** HMAC-SHA256 key of the signature header; without it the request goes unsigned. */
  secret?: string;
  timeoutMs?: number;
}

export interface AccountHoldDeps {
  outboxDir: string;
  webhook?: AccountHoldWebhookConfig;
}

export const holdReference = (key: string) => `hold-${messageIdFor(key).slice(4)}`;

/** `sha256=<hex>` of the exact body bytes: what the receiver recomputes with the shared secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function holdBody(req: AccountHoldRequest): string {
  return JSON.stringify({
    type: req.action === 'place' ? 'account_hold.placed' : 'account_hold.released',
    reference: holdReference(req.idempotencyKey),
    idempotencyKey: req.idempotencyKey,
    debtor: { id: req.debtorId, name: req.debtorName, ...(req.siren ? { siren: req.siren } : {}) },
    terms: req.action === 'place' ? 'deliveries only against a down payment or prepayment' : 'usual terms',
    invoiceIds: req.invoiceIds,
    amountDueCents: req.amountDueCents,
    currency: req.currency,
    reason: req.reason,
    decidedAt: req.decidedAt,
  });
}

async function post(config: AccountHoldWebhookConfig, req: AccountHoldRequest, body: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(config.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': req.idempotencyKey, ...(config.secret ? { [SIGNATURE_HEADER]: signBody(body, config.secret) } : {}) },
      body,
      signal: AbortSignal.timeout(config.timeoutMs ?? 30_000),
    });
  } catch (err) {
    throw ApplicationFailure.retryable(`account hold webhook unreachable: ${(err as Error).message}`, ACCOUNT_HOLD_UNAVAILABLE);
  }
  const text = await res.text();
  if (res.ok) return;
  const message = `account hold webhook answered ${res.status}: ${text.slice(0, 500)}`;
  if (res.status >= 500 || res.status === 408 || res.status === 429) throw ApplicationFailure.retryable(message, ACCOUNT_HOLD_UNAVAILABLE, { status: res.status });
  throw ApplicationFailure.nonRetryable(message, ACCOUNT_HOLD_REJECTED, { status: res.status });
}

export function createAccountHoldNotifier(deps: AccountHoldDeps): (req: AccountHoldRequest) => Promise<AccountHoldReceipt> {
  const dir = join(deps.outboxDir, 'account-holds');
  const adapter = deps.webhook ? 'webhook' : 'outbox';
  return async function notifyAccountHold(req: AccountHoldRequest): Promise<AccountHoldReceipt> {
    const reference = holdReference(req.idempotencyKey);
    const record = join(dir, 'sent', `${sha256Hex(req.idempotencyKey)}.json`);
    const done = await readFile(record, 'utf8').catch(() => undefined);
    if (done !== undefined) return { reference, adapter, duplicate: true };
    const body = holdBody(req);
    // The receiver deduplicates on the key: a retry after a crash before the record is harmless.
    if (deps.webhook) await post(deps.webhook, req, body);
    else await writeFileAtomic(join(dir, `${reference}.json`), `${JSON.stringify(JSON.parse(body), null, 2)}\n`);
    await writeFileAtomic(record, `${JSON.stringify({ idempotencyKey: req.idempotencyKey, reference, adapter, deliveredAt: new Date().toISOString() })}\n`);
    return { reference, adapter, duplicate: false };
  };
}
