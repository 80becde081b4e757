import { describe, expect, it } from 'vitest';
import { applyDelta, deltaOf } from '../../../domain/coordination/delta';
import { InvoiceSyncDeltaSpec, InvoiceSyncSpec, UNSETTABLE, type InvoiceSync, type InvoiceSyncDelta } from '../../../domain/coordination/messages';
import { reduceDebtor } from '../../../domain/debtor/reduce';
import { initialDebtorState, type DebtorState } from '../../../domain/debtor/state';
import { planInvoice } from '../../../domain/dunning/coordinated';
import { initialState } from '../../../domain/dunning/init';
import { reduce } from '../../../domain/dunning/reduce';
import type { DunningState } from '../../../domain/dunning/state';
import { InvoiceSchema } from '../../../domain/invoice/schema';
import { DEFAULT_POLICY } from '../../../domain/policy/parse';
import { check } from '../../../domain/wire/schema';
import { sampleInvoice } from '../../helpers/fixtures';

/** Protocol 3 (docs/coordination.md): a sync as the fields that changed since the one the debtor holds. */

const T0 = Date.parse('2027-03-01T08:00:00Z');
const invoice = InvoiceSchema.parse(sampleInvoice({ invoiceId: 'INV-D', dueDate: '2027-02-03' }));
const other = invoice.debtor.contacts[0];
/** What crosses Temporal: JSON (absent optional fields are not there at all). */
const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A full sync with every optional field present. */
const FULL: InvoiceSync = {
  invoiceId: 'INV-D', workflowId: 'dunning-INV-D', invoice, stage: 'reminding', closed: false,
  amountDueCents: 123_456, paidCents: 0, indemnityCents: 4000, penaltyRatePct: 12.15, contractualRatePct: 10,
  noticeDate: '2027-02-20', interestPaidCents: 5, balances: [{ from: '2027-02-03', amountCents: 123_456 }],
  openTaskId: 'task-1', recipient: other, addressee: other, previousTouches: [{ date: '2027-02-10', channel: 'email', template: 'reminder_1' }],
  planned: { key: 'dunning-INV-D/reminder-2', channel: 'email', at: T0, stepId: 'reminder-2', template: 'reminder_2', tone: 'firm', registered: false, formalNotice: false, attachInvoice: true, copyByEmail: false },
  holdWanted: true, seq: 4, protocol: 2,
};

/** Another value of each field, of the same type. */
const CHANGED: { [K in keyof InvoiceSync]?: InvoiceSync[K] } = {
  invoice: { ...invoice, description: 'Maintenance contract, February' },
  stage: 'formal_notice', closed: true, amountDueCents: 100_000, paidCents: 23_456, indemnityCents: 0, penaltyRatePct: 11,
  contractualRatePct: 9, noticeDate: '2027-02-21', interestPaidCents: 6, balances: [{ from: '2027-02-03', amountCents: 100_000 }],
  openTaskId: 'task-2', recipient: { ...other, email: 'compta@acme.example' }, addressee: { ...other, name: 'Service comptable' },
  previousTouches: [...FULL.previousTouches, { date: '2027-02-24', channel: 'letter', template: 'letter_1' }],
  planned: { ...FULL.planned!, at: T0 + 86_400_000 },
};

// The amount due travels in every delta (the debtor may have lowered its copy: the invoice's figure wins).
const ENVELOPE = ['invoiceId', 'workflowId', 'seq', 'protocol', 'base'];
const picture = (d: InvoiceSyncDelta) => Object.keys(d).filter((k) => !ENVELOPE.includes(k) && !(k === 'amountDueCents' && d.amountDueCents === FULL.amountDueCents));

describe('sync deltas: full ⊕ delta = next full', () => {
  it.each(Object.keys(CHANGED))('a change of %s travels alone and applies back to the next full sync', (field) => {
    const next: InvoiceSync = { ...FULL, [field]: CHANGED[field as keyof InvoiceSync], seq: 5 };
    const delta = wire(deltaOf(wire(FULL), next));
    expect(delta).toMatchObject({ invoiceId: 'INV-D', workflowId: 'dunning-INV-D', seq: 5, protocol: 3, base: 4 });
    expect(picture(delta)).toEqual([field]);
    const checked = check(InvoiceSyncDeltaSpec, delta);
    expect(checked.ok).toBe(true);
    const r = applyDelta(wire(FULL), checked.ok ? checked.value : delta);
    expect(r).toEqual({ kind: 'applied', sync: wire(next) });
  });

  it('holdWanted coming back and every field changed at once round-trip too', () => {
    const without = { ...FULL, holdWanted: undefined };
    expect(applyDelta(wire(without), wire(deltaOf(wire(without), { ...FULL, seq: 5 })))).toEqual({ kind: 'applied', sync: wire({ ...FULL, seq: 5 }) });
    const all: InvoiceSync = { ...FULL, ...CHANGED, seq: 9 };
    const delta = wire(deltaOf(wire(FULL), all));
    expect(picture(delta).sort()).toEqual(Object.keys(CHANGED).sort());
    expect(applyDelta(wire({ ...FULL, seq: 8 }), { ...delta, base: 8 })).toEqual({ kind: 'applied', sync: wire(all) });
  });

  it.each(UNSETTABLE)('%s gone from the picture is named in unset and removed', (field) => {
    const next: InvoiceSync = { ...FULL, [field]: undefined, seq: 5 };
    const delta = wire(deltaOf(wire(FULL), next));
    expect(picture(delta)).toEqual(['unset']);
    expect(delta.unset).toEqual([field]);
    const r = applyDelta(wire(FULL), delta);
    expect(r.kind === 'applied' && field in r.sync).toBe(false);
    expect(r).toEqual({ kind: 'applied', sync: wire(next) });
  });

  it('an unchanged picture (a watchdog re-sync) is the envelope alone, about 60 bytes instead of the whole sync', () => {
    const delta = deltaOf(wire(FULL), { ...FULL, seq: 5 });
    expect(picture(delta)).toEqual([]);
    expect(JSON.stringify(delta).length).toBeLessThan(JSON.stringify(FULL).length / 10);
    expect(applyDelta(wire(FULL), delta)).toEqual({ kind: 'applied', sync: wire({ ...FULL, seq: 5 }) });
  });

  it('only on its exact base: a duplicate changes nothing, a gap or an unknown invoice asks for the whole picture', () => {
    const delta = deltaOf(wire(FULL), { ...FULL, amountDueCents: 1, seq: 5 });
    expect(applyDelta({ ...FULL, seq: 5 }, delta)).toEqual({ kind: 'duplicate' });
    expect(applyDelta({ ...FULL, seq: 7 }, delta)).toEqual({ kind: 'duplicate' });
    expect(applyDelta({ ...FULL, seq: 3 }, delta)).toEqual({ kind: 'unknown_base' });
    expect(applyDelta(undefined, delta)).toEqual({ kind: 'unknown_base' });
    expect(applyDelta({ ...FULL, seq: undefined, protocol: undefined }, delta)).toEqual({ kind: 'unknown_base' }); // a v1 invoice's sync
  });

  it('a bad delta is refused by its spec; a debtor of protocol 2 refuses any delta', () => {
    const delta = wire(deltaOf(wire(FULL), { ...FULL, amountDueCents: 1, seq: 5 }));
    expect(check(InvoiceSyncDeltaSpec, { ...delta, amountDueCents: -1 }).ok).toBe(false);
    expect(check(InvoiceSyncDeltaSpec, { ...delta, base: undefined }).ok).toBe(false);
    expect(check(InvoiceSyncDeltaSpec, { ...delta, unset: ['invoice'] }).ok).toBe(false);
    expect(check(InvoiceSyncSpec, delta).ok).toBe(false);
  });
});

describe('the debtor reads deltas (reduceDebtor)', () => {
  const fresh = (deltas: boolean): DebtorState => ({ ...initialDebtorState('ACME', T0, 'epoch-1234'), ...(deltas ? { deltas: true as const } : {}) });
  const sync = (s: DebtorState, m: InvoiceSync | InvoiceSyncDelta) => reduceDebtor(s, { type: 'sync', at: T0, sync: wire(m) }, DEFAULT_POLICY);
  const told = (s: DebtorState) => s.outbox.map((n) => (n.kind === 'protocol' ? `protocol ${n.protocol.protocol}` : n.kind === 'resync' ? `resync ${n.resync.seq}` : n.kind));

  it('tells an invoice once that it reads deltas, on its first full sync; runs started before tell nothing', () => {
    let s = sync(fresh(true), FULL);
    s = sync(s, { ...FULL, seq: 5, amountDueCents: 1 });
    expect(told(s)).toEqual(['protocol 3']);
    expect(s.outbox[0]).toMatchObject({ invoiceId: 'INV-D', workflowId: 'dunning-INV-D' });
    expect(told(sync(fresh(false), FULL))).toEqual([]);
    // A first-version invoice (no protocol) cannot read the signal; a closed one is about to end.
    expect(told(sync(fresh(true), { ...FULL, protocol: undefined, seq: undefined }))).toEqual([]);
    expect(told(sync(fresh(true), { ...FULL, closed: true }))).toEqual(['ack']);
  });

  it('applies a delta on what it holds, ignores a duplicate, asks once for the whole picture on a gap, then tells again', () => {
    let s = sync(fresh(true), FULL);
    s = sync(s, deltaOf(wire(FULL), { ...FULL, amountDueCents: 1, seq: 5 }));
    expect(s.invoices['INV-D']).toEqual(wire({ ...FULL, amountDueCents: 1, seq: 5 }));
    s = sync(s, deltaOf(wire(FULL), { ...FULL, amountDueCents: 2, seq: 5 })); // the same seq again
    expect(s.invoices['INV-D'].amountDueCents).toBe(1);
    // seq 6 was lost: 7 on 6 does not apply, nor does 8 on 7 sent before the invoice heard.
    s = sync(s, deltaOf({ ...FULL, seq: 6 }, { ...FULL, amountDueCents: 3, seq: 7 }));
    s = sync(s, deltaOf({ ...FULL, seq: 7 }, { ...FULL, amountDueCents: 4, seq: 8 }));
    expect(s.invoices['INV-D'].seq).toBe(5);
    expect(told(s)).toEqual(['protocol 3', 'resync 7']);
    expect(s.trace.at(-1)?.detail).toContain('delta 7 on 6, held 5');
    s = sync(s, { ...FULL, amountDueCents: 4, seq: 9 });
    expect(s.invoices['INV-D']).toEqual(wire({ ...FULL, amountDueCents: 4, seq: 9 }));
    expect(told(s)).toEqual(['protocol 3', 'resync 7', 'protocol 3']);
    expect(s.resync).toEqual([]);
  });

  it('a chain begun before protocol 3 tells the open version-2 invoices it holds when it reads deltas', () => {
    let s = fresh(false);
    s = sync(s, FULL);
    s = sync(s, { ...FULL, invoiceId: 'INV-E', workflowId: 'dunning-INV-E', closed: true });
    s = sync(s, { ...FULL, invoiceId: 'INV-F', workflowId: 'dunning-INV-F', protocol: undefined, seq: undefined });
    s = { ...s, outbox: [] };
    s = reduceDebtor(s, { type: 'deltas_read', at: T0 }, DEFAULT_POLICY);
    expect(s.deltas).toBe(true);
    expect(s.outbox.map((n) => `${n.kind} ${n.invoiceId}`)).toEqual(['protocol INV-D']);
  });

  it("a debtor-level payment lowers the debtor's copy at once; the invoice's next delta, amount unchanged, restores its own figure", () => {
    let s = sync(fresh(true), FULL);
    s = reduceDebtor(s, { type: 'payment', at: T0, payment: { paymentId: 'PAY-1', amountCents: 23_456, paidOn: '2027-03-01', invoiceIds: ['INV-D'] } }, DEFAULT_POLICY);
    expect(s.invoices['INV-D'].amountDueCents).toBe(100_000);
    // The invoice refused the share (its amount did not move): its next sync still says 123,456.
    s = sync(s, deltaOf(wire(FULL), { ...FULL, stage: 'formal_notice', seq: 5 }));
    expect(s.invoices['INV-D']).toEqual(wire({ ...FULL, stage: 'formal_notice', seq: 5 }));
  });

  it('a new debtor run that never held the invoice asks for the whole picture', () => {
    const s = sync(fresh(true), deltaOf(wire(FULL), { ...FULL, seq: 5 }));
    expect(s.invoices).toEqual({});
    expect(told(s)).toEqual(['resync 5']);
  });
});

describe('the invoice sends deltas only once told (coordination events)', () => {
  const policy = DEFAULT_POLICY;
  const start = (): DunningState => initialState('dunning-INV-D', invoice, Date.parse('2027-02-10T08:00:00Z'));
  const sent = (s: DunningState): DunningState => {
    const step = planInvoice(s, policy, Date.parse('2027-02-10T08:00:00Z'), true);
    if (step.kind !== 'sync') throw new Error(`expected a sync, got ${step.kind}`);
    return reduce(s, { type: 'debtor_sync_sent', at: Date.parse('2027-02-10T08:00:00Z'), seq: step.sync.seq ?? 0, fingerprint: step.fingerprint, handed: step.handed, closed: step.sync.closed }, policy);
  };
  const now = Date.parse('2027-02-10T08:00:00Z');

  it('records the protocol; a resync forgets it and makes the next step a sync of the same picture', () => {
    let s = sent(start());
    expect(planInvoice(s, policy, now, true).kind).not.toBe('sync');
    expect(s.coordination?.deltas).toBeUndefined();
    s = reduce(s, { type: 'debtor_protocol', at: now, protocol: 3 }, policy);
    expect(s.coordination?.deltas).toBe(true);
    s = reduce(s, { type: 'debtor_resync', at: now, seq: 2 }, policy);
    expect(s.coordination?.deltas).toBeUndefined();
    const step = planInvoice(s, policy, now, true);
    expect(step.kind).toBe('sync');
    if (step.kind === 'sync') expect(step.sync.seq).toBe(2);
    expect(reduce(start(), { type: 'debtor_protocol', at: now, protocol: 2 }, policy).coordination?.deltas).toBeUndefined();
  });
});
