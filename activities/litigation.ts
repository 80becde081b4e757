/**
 * Minimal litigation handoff: files the request as <outbox>/litigation/<invoiceId>/summary.json
 * and suggests a route by amount (domain.md §8). To be extended with the full file (letters,
 * emails, call notes).
 */
import { join } from 'node:path';
import { safeFileName, writeFileAtomic } from './files';
import { sha256Hex } from './sent-log';
import type { LitigationReceipt, LitigationRequest } from './types';

const SMALL_CLAIMS_MAX_CENTS = 500_000;

export function suggestRoute(req: LitigationRequest): string {
  const total = req.facts.amountDueCents + req.facts.penaltiesCents + req.facts.indemnityCents;
  if (req.invoice.debtor.kind === 'consumer') return 'injonction de payer (tribunal judiciaire)';
  if (total <= SMALL_CLAIMS_MAX_CENTS) return 'procédure simplifiée de recouvrement des petites créances (commissaire de justice)';
  return 'injonction de payer (tribunal de commerce)';
}

export function createLitigationHandoff(outboxDir: string): (req: LitigationRequest) => Promise<LitigationReceipt> {
  return async function handOffToLitigation(req: LitigationRequest): Promise<LitigationReceipt> {
    const location = join(outboxDir, 'litigation', safeFileName(req.invoice.invoiceId, sha256Hex));
    const reference = `LIT-${sha256Hex(req.idempotencyKey).slice(0, 10).toUpperCase()}`;
    const suggestedRoute = suggestRoute(req);
    // Same key, same file: a retried handoff rewrites identical content.
    await writeFileAtomic(join(location, 'summary.json'), `${JSON.stringify({ reference, suggestedRoute, request: req }, null, 2)}\n`);
    return { reference, location, suggestedRoute };
  };
}
