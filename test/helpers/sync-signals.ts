import { defaultPayloadConverter } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import { expect } from 'vitest';
import { applyDelta } from '../../domain/coordination/delta';
import type { InvoiceSync, InvoiceSyncDelta } from '../../domain/coordination/messages';
import { testDataConverter } from './temporal';

export type SyncMessage = InvoiceSync | InvoiceSyncDelta;

/** The `invoiceSync` signals a debtor run received, in order (decrypted first when the tests run with a codec key). */
export async function invoiceSyncsOf(debtor: WorkflowHandle): Promise<SyncMessage[]> {
  const history = await debtor.fetchHistory();
  const out: SyncMessage[] = [];
  for (const e of history.events ?? []) {
    const signal = e.workflowExecutionSignaledEventAttributes;
    const payload = signal?.signalName === 'invoiceSync' ? signal.input?.payloads?.[0] : undefined;
    if (!payload) continue;
    const [plain] = testDataConverter?.payloadCodecs ? await testDataConverter.payloadCodecs[0].decode([payload]) : [payload];
    out.push(defaultPayloadConverter.fromPayload<SyncMessage>(plain));
  }
  return out;
}

export const isDelta = (m: SyncMessage): m is InvoiceSyncDelta => m.protocol === 3;

/**
 * Protocol 3 as the debtor saw it: per invoice, the first sync is whole, every later one a delta
 * on the one before (nothing lost, nothing applied twice), carrying only fields that changed (and the amount due, always).
 * Returns the pictures rebuilt from them, per invoice.
 */
export function expectDeltasAfterFirst(syncs: SyncMessage[]): Record<string, InvoiceSync[]> {
  const pictures: Record<string, InvoiceSync[]> = {};
  for (const m of syncs) {
    const seen = (pictures[m.invoiceId] ??= []);
    const held = seen.at(-1);
    if (!held) {
      expect(isDelta(m), `first sync of ${m.invoiceId} is whole`).toBe(false);
      if (!isDelta(m)) seen.push(m);
      continue;
    }
    expect(isDelta(m), `sync ${m.seq} of ${m.invoiceId} is a delta`).toBe(true);
    if (!isDelta(m)) continue;
    expect(m).not.toHaveProperty('invoice', expect.anything());
    for (const [k, v] of Object.entries(m)) {
      // The amount due travels in every delta (the invoice's figure wins over the debtor's lowered copy).
      if (['invoiceId', 'workflowId', 'seq', 'protocol', 'base', 'unset', 'amountDueCents'].includes(k)) continue;
      expect(JSON.stringify(v), `${m.invoiceId} ${m.seq}: ${k} changed`).not.toBe(JSON.stringify(held[k as keyof InvoiceSync]));
    }
    const r = applyDelta(held, m);
    expect(r.kind, `${m.invoiceId} ${m.seq} on ${m.base} applies to ${held.seq}`).toBe('applied');
    if (r.kind === 'applied') seen.push(r.sync);
  }
  return pictures;
}
