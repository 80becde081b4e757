import { UNSETTABLE, type InvoiceSync, type InvoiceSyncDelta, type SyncField } from './messages';

/**
 * Protocol 3 (docs/coordination.md): an invoice tells its debtor only what changed since the sync
 * the debtor holds. Both ends are here, so that `full ⊕ deltaOf(full, next) = next` is one
 * function pair, tested as such (test/unit/core/sync-delta.test.ts).
 */

const ENVELOPE: ReadonlySet<string> = new Set(['invoiceId', 'workflowId', 'seq', 'protocol']);

/** Top-level fields of `next` whose JSON differs from `base`, and the optional ones `next` left out. */
export function deltaOf(base: InvoiceSync, next: InvoiceSync): InvoiceSyncDelta {
  const changed: Picture = {};
  for (const k of pictureKeys(next)) {
    if (next[k] !== undefined && JSON.stringify(next[k]) !== JSON.stringify(base[k])) copyField(changed, next, k);
  }
  // The amount due travels every time: the debtor lowers its copy at once on a debtor-level payment,
  // and the invoice's own figure must win at each sync, as a whole sync's did (a refused share).
  const delta: InvoiceSyncDelta = { invoiceId: next.invoiceId, workflowId: next.workflowId, seq: next.seq ?? 0, protocol: 3, base: base.seq ?? 0, amountDueCents: next.amountDueCents, ...changed };
  const unset = UNSETTABLE.filter((k) => base[k] !== undefined && next[k] === undefined);
  if (unset.length) delta.unset = unset;
  return delta;
}

export type DeltaOutcome =
  /** The debtor held exactly `base`: the merged picture, as the invoice's full sync of `seq`. */
  | { kind: 'applied'; sync: InvoiceSync }
  /** Not newer than what is held: already applied (a retried signal), nothing changes. */
  | { kind: 'duplicate' }
  /** The debtor does not hold `base` (a new debtor run, a gap): it must ask for the whole picture. */
  | { kind: 'unknown_base' };

/** `held ⊕ delta`, only on the exact base it was built on. */
export function applyDelta(held: InvoiceSync | undefined, d: InvoiceSyncDelta): DeltaOutcome {
  if (held?.seq !== undefined && d.seq <= held.seq) return { kind: 'duplicate' };
  if (held?.seq === undefined || held.seq !== d.base) return { kind: 'unknown_base' };
  // The held sync keeps its own protocol (2: a full picture); the envelope says which invoice and seq.
  const { base: _base, unset, protocol: _protocol, ...changed } = d;
  const sync: InvoiceSync = { ...held, ...changed };
  for (const k of unset ?? []) delete sync[k];
  return { kind: 'applied', sync };
}

function pictureKeys(s: InvoiceSync): SyncField[] {
  return Object.keys(s).filter((k): k is SyncField => !ENVELOPE.has(k));
}

/** One field copied with its own type (a loop over keys loses the pairing of key and value type). */
type Picture = Partial<Pick<InvoiceSync, SyncField>>;

function copyField<K extends SyncField>(to: Picture, from: InvoiceSync, k: K): void {
  to[k] = from[k];
}
