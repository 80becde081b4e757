import { describe, expect, it } from 'vitest';
import type { InvoiceSync, PlannedTouch } from '../../domain/coordination/messages';
import { leadOf, mergedFacts, nextGroup } from '../../domain/debtor/grouping';
import { allocatePayment } from '../../domain/debtor/payments';
import { initialDebtorState as init, type DebtorState } from '../../domain/debtor/state';
import { InvoiceSchema } from '../../domain/invoice/schema';
import { DEFAULT_POLICY } from '../../domain/policy/parse';
import { sampleInvoice } from '../helpers/scenario';

const DAY = 86_400_000;
const initialDebtorState = (id: string) => init(id, 0, 'epoch123');
const applySync = (s: DebtorState, sync: InvoiceSync) => {
  s.invoices[sync.invoiceId] = sync;
};
const T0 = Date.parse('2027-03-01T08:00:00Z'); // Mon 1 Mar 2027 09:00 Paris

function sync(id: string, dueDate: string, amountDueCents: number, planned?: Partial<PlannedTouch>, stage = 'reminding'): InvoiceSync {
  const invoice = InvoiceSchema.parse(sampleInvoice({ invoiceId: id, dueDate, issueDate: '2026-11-01', amountCents: amountDueCents }));
  return {
    invoiceId: id, workflowId: `dunning-${id}`, invoice, stage, closed: false, amountDueCents, paidCents: 0, indemnityCents: 4000, penaltyRatePct: 12.15,
    balances: [{ from: dueDate, amountCents: amountDueCents }], addressee: invoice.debtor.contacts[0], recipient: invoice.debtor.contacts[0], previousTouches: [],
    planned: planned && { key: `dunning-${id}/${planned.stepId ?? 's'}`, channel: 'email', at: T0, stepId: 's', template: 'reminder_1', tone: 'friendly', registered: false, formalNotice: false, attachInvoice: false, copyByEmail: false, ...planned },
  };
}

describe('per-debtor coordination (pure)', () => {
  it('merges touches of one channel within the window, not beyond, and not across channels', () => {
    const s = initialDebtorState('ACME');
    applySync(s, sync('A', '2027-01-10', 1000, { at: T0 }));
    applySync(s, sync('B', '2027-01-20', 2000, { at: T0 + 3 * DAY, template: 'letter_1' }));
    applySync(s, sync('C', '2027-01-15', 3000, { at: T0 + 3 * DAY + 1 }));
    applySync(s, sync('D', '2027-01-12', 4000, { at: T0 + DAY, channel: 'letter', template: 'letter_1' }));
    const g = nextGroup(s, DEFAULT_POLICY)!;
    expect(g.channel).toBe('email');
    expect(g.members.map((m) => m.invoiceId)).toEqual(['A', 'B']); // C is 1 ms past the window, D is a letter
  });

  it('a formal notice merges only with formal notices; the harshest tone leads', () => {
    const s = initialDebtorState('ACME');
    applySync(s, sync('A', '2027-01-10', 1000, { at: T0, channel: 'letter', template: 'formal_notice', tone: 'formal', formalNotice: true, registered: true }));
    applySync(s, sync('B', '2027-01-20', 2000, { at: T0, channel: 'letter', template: 'letter_1', tone: 'firm' }));
    const g = nextGroup(s, DEFAULT_POLICY)!;
    expect(g.members.map((m) => m.invoiceId)).toEqual(['A']);
    const s2 = initialDebtorState('ACME');
    applySync(s2, sync('A', '2027-01-10', 1000, { at: T0, tone: 'friendly', template: 'reminder_1' }));
    applySync(s2, sync('B', '2027-01-20', 2000, { at: T0 + DAY, tone: 'very_firm', template: 'notice_announce' }));
    const lead = leadOf(nextGroup(s2, DEFAULT_POLICY)!.members);
    expect([lead.lead.invoiceId, lead.tone, lead.template]).toEqual(['A', 'very_firm', 'notice_announce']);
  });

  it('a touch already performed is not done again when the same plan is synced twice', () => {
    const s = initialDebtorState('ACME');
    applySync(s, sync('A', '2027-01-10', 1000, { at: T0, stepId: 'reminder_1' }));
    s.done.A = ['dunning-A/reminder_1'];
    expect(nextGroup(s, DEFAULT_POLICY)).toBeUndefined();
  });

  it('calls wait for the minimum gap after the last call to the debtor', () => {
    const s = initialDebtorState('ACME');
    s.lastCallAt = Date.parse('2027-03-01T09:30:00Z'); // Mon 10:30 Paris
    applySync(s, sync('A', '2027-01-10', 1000, { at: T0 + DAY, channel: 'call' }));
    const g = nextGroup(s, DEFAULT_POLICY)!; // min gap 1 business day -> Tue 10:30
    expect(new Date(g.at).toISOString()).toBe('2027-03-02T09:30:00.000Z');
  });

  it('merged facts are totals over lines ordered by due date', () => {
    const f = mergedFacts([sync('B', '2027-02-01', 200_000), sync('A', '2027-01-01', 100_000)], T0, 'Europe/Paris');
    expect(f.invoices?.map((l) => l.invoiceId)).toEqual(['A', 'B']);
    expect(f.amountDueCents).toBe(300_000);
    expect(f.indemnityCents).toBe(8000);
    expect(f.penaltiesCents).toBe(f.invoices!.reduce((t, l) => t + l.penaltiesCents, 0));
  });

  it('allocates a payment to the named invoices first, then oldest first, never to a disputed one unless named', () => {
    const s = initialDebtorState('ACME');
    applySync(s, sync('OLD', '2027-01-01', 1000));
    applySync(s, sync('MID', '2027-01-15', 2000));
    applySync(s, sync('DISPUTED', '2026-12-01', 5000, undefined, 'disputed'));
    applySync(s, sync('NEW', '2027-02-01', 3000));
    expect(allocatePayment(s, 2500).shares.map((x) => [x.invoiceId, x.amountCents])).toEqual([['OLD', 1000], ['MID', 1500]]);
    expect(allocatePayment(s, 4000, ['NEW']).shares.map((x) => [x.invoiceId, x.amountCents])).toEqual([['NEW', 3000], ['OLD', 1000]]);
    expect(allocatePayment(s, 20_000).unappliedCents).toBe(14_000);
    expect(allocatePayment(s, 1000, ['DISPUTED']).shares).toEqual([{ invoiceId: 'DISPUTED', workflowId: 'dunning-DISPUTED', amountCents: 1000 }]);
  });
});

describe("the debtor's send window", () => {
  it('an email an invoice planned at night (another policy) goes at the send time of the next business day, debtor time', () => {
    const s = initialDebtorState('ACME');
    // Planned by an invoice run for Tue 2 Mar 2027 01:58 Paris (00:58Z), say under a policy without calendar.
    applySync(s, sync('A', '2027-01-10', 1000, { at: Date.parse('2027-03-02T00:58:00Z'), template: 'notice_announce', tone: 'very_firm' }));
    expect(new Date(nextGroup(s, DEFAULT_POLICY)!.at).toISOString()).toBe('2027-03-02T08:00:00.000Z'); // 09:00 Paris
    // On a Saturday night: the Monday.
    const w = initialDebtorState('ACME');
    applySync(w, sync('A', '2027-01-10', 1000, { at: Date.parse('2027-03-06T22:00:00Z') }));
    expect(new Date(nextGroup(w, DEFAULT_POLICY)!.at).toISOString()).toBe('2027-03-08T08:00:00.000Z');
    // Runs recorded before the rule keep their times.
    expect(new Date(nextGroup(s, DEFAULT_POLICY, false)!.at).toISOString()).toBe('2027-03-02T00:58:00.000Z');
  });
});
