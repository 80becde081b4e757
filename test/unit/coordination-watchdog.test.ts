/**
 * An invoice whose debtor's workflow does not perform the handed touch tells it again once the
 * watchdog runs out, then waits the watchdog again. Found by `npm run cluster:faults`: under
 * faults a debtor's signals came minutes late, and its invoices, told to wait until a time already
 * past, re-synced hundreds of times a minute, flooding the debtor (and the server) with signals.
 * The loop below mirrors workflows/dunning.ts: a wait whose end is already past ends at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planInvoice, watchdogMs } from '../../domain/dunning/coordinated';
import { initialState } from '../../domain/dunning/init';
import { catchUpEvents } from '../../domain/dunning/plan';
import { reduce } from '../../domain/dunning/reduce';
import type { DunningEvent, DunningState } from '../../domain/dunning/state';
import { InvoiceSchema } from '../../domain/invoice/schema';
import { parsePolicy } from '../../domain/policy/parse';
import { sampleInvoice } from '../helpers/fixtures';

const POLICY = parsePolicy(JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'fast-policy.json'), 'utf8')));
const START = Date.parse('2027-01-25T08:00:00Z');

/** The invoice's loop with a debtor that never answers: every sync it sends, and when. */
function silentDebtor(forMs: number): { syncs: number[]; handedAt: number[] } {
  const invoice = InvoiceSchema.parse(sampleInvoice({ dueDate: '2027-02-03' }));
  let s: DunningState = initialState('dunning-INV-W', invoice, START);
  const apply = (e: DunningEvent) => (s = reduce(s, e, POLICY));
  for (const e of catchUpEvents(s, POLICY, START)) apply(e);
  let now = START;
  const syncs: number[] = [];
  const handedAt: number[] = [];
  for (let i = 0; i < 500 && now < START + forMs; i++) {
    const step = planInvoice(s, POLICY, now, true);
    if (step.kind === 'sync') {
      syncs.push(now);
      if (step.handed) handedAt.push(step.handed.at);
      apply({ type: 'debtor_sync_sent', at: now, seq: step.sync.seq ?? 0, fingerprint: step.fingerprint, handed: step.handed, closed: step.sync.closed });
    } else if (step.kind === 'await_debtor') {
      now = Math.max(now, step.until); // no news comes: the wait ends at `until`, at once if past
      apply({ type: 'debtor_sync_expired', at: now });
    } else {
      throw new Error(`unexpected step ${step.kind} with a silent debtor`);
    }
  }
  return { syncs, handedAt };
}

describe('coordinated invoice, debtor silent', () => {
  it('tells the debtor again once per watchdog period, the touch keeping its due time', () => {
    const watchdog = watchdogMs(POLICY);
    const { syncs, handedAt } = silentDebtor(6 * watchdog);
    // First sync at the start; the touch (the pre-due call, +2 s) is due before the first watchdog
    // runs out; every later sync comes a full watchdog after the one before it.
    expect(syncs[0]).toBe(START);
    const gaps = syncs.slice(1).map((t, i) => t - syncs[i]);
    expect(gaps[0]).toBe(handedAt[0] - START + watchdog);
    expect(gaps.slice(1).every((g) => g === watchdog)).toBe(true);
    expect(syncs.length).toBeLessThanOrEqual(7);
    expect(new Set(handedAt)).toEqual(new Set([START + 2000]));
  });
});
