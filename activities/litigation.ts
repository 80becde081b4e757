/**
 * The handOffToLitigation activity (domain.md §6, §8): builds the complete litigation file in
 * <outbox>/litigation/<invoiceId>/ and <invoiceId>.zip (see litigation/build.ts), then hands it to
 * the litigation adapter (local filing by default, or the partner's webhook).
 * Idempotent: the reference derives from the key, and a delivered handoff is recorded so a retry
 * or a replay with the same key returns the same receipt without building or delivering again.
 */
import type { CreditorProfile } from '../config/creditor';
import { createLocalLitigationAdapter, type LitigationAdapter } from './litigation/adapter';
import { buildLitigationPackage } from './litigation/build';
import { litigationPaths, replaceFolder } from './litigation/folder';
import { readHandoffRecord, writeHandoffRecord } from './litigation/record';
import { writeFileAtomic } from './files';
import { Context } from '@temporalio/activity';
import { getHandoff } from '../workflows/messages';
import type { FullLitigationRequest, LitigationReceipt, LitigationRequest } from './types';

export type { LitigationAdapter } from './litigation/adapter';
export { createLocalLitigationAdapter } from './litigation/adapter';
export { createWebhookLitigationAdapter } from './litigation/webhook';

export interface LitigationDeps {
  outboxDir: string;
  creditor: CreditorProfile;
  adapter?: LitigationAdapter;
}

export function createLitigationHandoff(deps: LitigationDeps): (req: LitigationRequest) => Promise<LitigationReceipt> {
  const adapter = deps.adapter ?? createLocalLitigationAdapter();
  return async function handOffToLitigation(request: LitigationRequest): Promise<LitigationReceipt> {
    const req = await complete(request);
    const paths = litigationPaths(deps.outboxDir, req.invoice.invoiceId);
    const done = await readHandoffRecord(paths.record, req.idempotencyKey);
    if (done) return done.receipt;

    const pkg = await buildLitigationPackage(req, { outboxDir: deps.outboxDir, creditor: deps.creditor, folderName: paths.name });
    // A retry after a crash before the record rewrites the same bytes.
    await replaceFolder(paths.folder, pkg.entries);
    await writeFileAtomic(paths.zip, pkg.zip);
    const receipt: LitigationReceipt = { reference: pkg.reference, location: paths.folder, suggestedRoute: pkg.suggestedRoute };
    const delivered = await adapter.deliver({
      reference: pkg.reference,
      idempotencyKey: req.idempotencyKey,
      location: paths.folder,
      zipPath: paths.zip,
      file: pkg.file,
      zip: pkg.zip,
    });
    await writeHandoffRecord(paths.record, {
      idempotencyKey: req.idempotencyKey,
      receipt,
      zipPath: paths.zip,
      adapter: adapter.name,
      ...(delivered.partnerReference ? { partnerReference: delivered.partnerReference } : {}),
      deliveredAt: new Date().toISOString(),
    });
    return receipt;
  };
}

/** A version 2 request carries ids only: the rest comes from the run itself, as of now. */
export async function complete(req: LitigationRequest): Promise<FullLitigationRequest> {
  if (req.invoice && req.facts) return { ...req, invoice: req.invoice, facts: req.facts, state: req.state };
  const facts = await Context.current().client.workflow.getHandle(req.workflowId).query(getHandoff);
  return { ...req, ...facts };
}
