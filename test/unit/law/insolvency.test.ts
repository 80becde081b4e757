import { describe, expect, it } from 'vitest';
import type { InvoiceSync } from '../../../domain/coordination/messages';
import { reduceDebtor } from '../../../domain/debtor/reduce';
import { initialDebtorState } from '../../../domain/debtor/state';
import { claimFiling } from '../../../domain/dunning/insolvency';
import { InvoiceSchema } from '../../../domain/invoice/schema';
import { DEFAULT_POLICY } from '../../../domain/policy/parse';
import { sampleInvoice } from '../../helpers/fixtures';
import { Shell } from '../core/driver';

/**
 * Insolvency (domain.md §8): the claim goes to the mandataire judiciaire in safeguard or receivership
 * (Code de commerce L622-24) or to the liquidateur in liquidation (L641-3), within 2 months of the
 * BODACC publication (R622-24, late claims barred by L622-26); every invoice of the debtor stops
 * (stay of individual actions, L622-21).
 */
describe('claim filing', () => {
  it.each([
    // BODACC Thu 15 Apr 2027 + 2 months = Tue 15 Jun 2027.
    ['receivership', '2027-04-15', 'mandataire_judiciaire', '2027-06-15'],
    ['safeguard', '2027-04-15', 'mandataire_judiciaire', '2027-06-15'],
    // 31 Dec 2026 + 2 months: no 31 Feb, so the last day of February, 28 Feb 2027.
    ['liquidation', '2026-12-31', 'liquidateur', '2027-02-28'],
  ] as const)('%s, BODACC %s: with the %s by %s', (procedure, bodacc, who, dueBy) => {
    expect(claimFiling({ procedure, bodaccPublishedOn: bodacc, mandatary: 'Me Dupont' })).toMatchObject({ with: who, dueBy, name: 'Me Dupont', status: 'open' });
  });

  it('without the BODACC date, no deadline is guessed', () => {
    expect(claimFiling({ procedure: 'liquidation' }).dueBy).toBeUndefined();
  });

  it('the invoice run closes with the claim-filing task in its state and trace', () => {
    const sh = Shell.start({ at: '2027-01-25T08:00:00Z' }).news('2027-02-20T08:00:00Z', {
      type: 'insolvency', at: 0, insolvency: { procedure: 'liquidation', mandatary: 'Me Dupont, Rouen', openedOn: '2027-02-10', bodaccPublishedOn: '2027-02-20' },
    });
    expect(sh.state.outcome).toBe('insolvency');
    expect(sh.state.insolvency?.claimFiling).toEqual({ with: 'liquidateur', name: 'Me Dupont, Rouen', basis: 'Code de commerce L641-3, R622-24', dueBy: '2027-04-20', status: 'open' });
    expect(sh.state.trace.find((t) => t.kind === 'closed')?.detail).toContain('file the claim with the liquidateur (Me Dupont, Rouen) by 2027-04-20');
    expect(sh.runToEnd().performed.filter((p) => p.at > Date.parse('2027-02-20T08:00:00Z')).map((p) => p.action.kind)).toEqual([]);
  });
});

describe('an insolvent debtor with three invoices: the debtor workflow stops every open one (L622-21)', () => {
  const sync = (id: string, closed = false): InvoiceSync => {
    const invoice = InvoiceSchema.parse(sampleInvoice({ invoiceId: id }));
    return { invoiceId: id, workflowId: `dunning-${id}`, invoice, stage: closed ? 'closed' : 'reminding', closed, amountDueCents: 1000, paidCents: 0, indemnityCents: 4000, penaltyRatePct: 0, balances: [{ from: '2027-02-04', amountCents: 1000 }], addressee: invoice.debtor.contacts[0], previousTouches: [] };
  };

  it('one insolvency notice per open invoice, none for a closed one', () => {
    let s = initialDebtorState('ACME', 0, 'epoch123');
    for (const sy of [sync('A'), sync('B'), sync('C'), sync('PAID', true)]) s.invoices[sy.invoiceId] = sy;
    const insolvency = { procedure: 'receivership' as const, mandatary: 'Me Martin', bodaccPublishedOn: '2027-04-15' };
    s = reduceDebtor(s, { type: 'insolvency', at: 1, insolvency }, DEFAULT_POLICY);
    expect(s.outbox.map((n) => [n.kind, n.workflowId])).toEqual([['insolvency', 'dunning-A'], ['insolvency', 'dunning-B'], ['insolvency', 'dunning-C']]);
    expect(s.outbox.every((n) => n.kind === 'insolvency' && n.insolvency === insolvency)).toBe(true);
  });
});
