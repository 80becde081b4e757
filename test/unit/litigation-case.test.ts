import { describe, expect, it } from 'vitest';
import { firstVersionSnapshot, litigationCase, litigationReference } from '../../activities/litigation/case';
import { noticeCourse } from '../../activities/litigation/summary-pdf';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { initialState } from '../../domain/dunning/init';
import { reduce } from '../../domain/dunning/reduce';
import { InvoiceSchema } from '../../domain/invoice/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { PolicySchema } from '../../domain/policy/schema';
import { handoffSnapshot } from '../../domain/views/handoff';
import { FIXTURE_INVOICE } from '../channels/litigation-fixture';

const policy = PolicySchema.parse(DEFAULT_POLICY_INPUT);
const invoice = InvoiceSchema.parse(FIXTURE_INVOICE);
const ids = { idempotencyKey: 'dunning-INV-2027-777/litigation', workflowId: 'dunning-INV-2027-777' };

/** The invoice's run on 16 March 2027 (Paris), 2 000,00 € paid on 24 February. */
function snapshot() {
  const start = initialState(ids.workflowId, invoice, Date.parse('2027-01-25T08:00:00Z'));
  const paid = reduce(start, { type: 'payment', at: Date.parse('2027-02-24T13:00:00Z'), payment: { paymentId: 'VIR-1', amountCents: 200_000 }, today: '2027-02-24' }, policy);
  // 23:30 UTC is already the 17th in Paris: the file is dated in the debtor's time zone.
  return handoffSnapshot(paid, policy, Date.parse('2027-03-16T23:30:00Z'));
}

describe('the litigation case (one per handoff, handed to every document)', () => {
  it('the getHandoff snapshot carries the invoice once, inside the view, and the figures as of the handoff', () => {
    const s = snapshot();
    expect(Object.keys(s).sort()).toEqual(['figures', 'view']);
    expect(s.view.invoice).toEqual(invoice);
    expect(s.figures).toEqual({ today: '2027-03-17', amountDueCents: 650_000, paidCents: 200_000, penaltiesCents: s.view.penaltiesCents, penaltyRatePct: 12.15, indemnityCents: 4000, daysPastDue: s.view.daysPastDue, interest: s.figures.interest });
    // Half-year by half-year (L441-10 II): every period's amount adds up to the penalties claimed.
    expect(s.figures.interest?.debtorKind).toBe('professional');
    expect(s.figures.interest?.periods.reduce((t, p) => t + p.cents, 0)).toBe(s.figures.penaltiesCents);
    expect(s.figures.penaltiesCents).toBeGreaterThan(0);
  });

  it('claim, limitation, route and timeline are built once from the snapshot', () => {
    const s = snapshot();
    const c = litigationCase(ids, s, DEFAULT_CREDITOR);
    expect(c.reference).toBe(litigationReference(ids.idempotencyKey));
    expect(c).toMatchObject({ today: '2027-03-17', timeZone: 'Europe/Paris', view: s.view, figures: s.figures, creditor: DEFAULT_CREDITOR });
    expect(c.claim).toMatchObject({ invoiceAmountCents: 850_000, paidCents: 200_000, amountDueCents: 650_000, penaltiesFrom: '2027-02-04', penaltiesTo: '2027-03-17' });
    expect(c.claim.totalCents).toBe(650_000 + s.figures.penaltiesCents + 4000);
    // The payment of 24 February acknowledges the debt (C. civ. 2240): 5 years (L110-4) from then.
    expect(c.limitation).toMatchObject({ date: '2032-02-24', from: '2027-02-24', fromWhat: 'acknowledgement' });
    expect(c.route.code).toBe('payment_order');
    expect(c.timeline.length).toBe(s.view.trace.length);
  });

  it('a first-version request (invoice, view and facts in the request) reads as the same snapshot', () => {
    const s = snapshot();
    const { figures } = s;
    const v1 = firstVersionSnapshot({ ...ids, invoice, state: s.view, facts: { ...figures, previousTouches: [] } });
    expect(v1).toEqual(s);
    // A partial view still gives a whole one; the request's invoice is authoritative.
    const partial = firstVersionSnapshot({ ...ids, invoice, state: { touches: [] }, facts: { ...figures, previousTouches: [] } });
    expect(partial.view).toMatchObject({ invoice, touches: [], trace: [], promises: [], amountDueCents: invoice.amountCents, penaltiesCents: figures.penaltiesCents });
  });
});

describe("the litigation summary's line on the formal notice: from when its deadline ran", () => {
  const notice = { sentAt: Date.parse('2027-04-27T07:00:00Z'), deadline: '2027-05-10', deadlineAt: Date.parse('2027-05-11T07:00:00Z'), stepId: 'formal_notice' };
  it('a reported presentation, a delivery, a return unclaimed, an address unknown, a run counting from the sending day', () => {
    expect(noticeCourse({ ...notice, presentation: { waitUntil: 0, presentedOn: '2027-04-30', basis: 'presented', deliveredOn: '2027-05-03' } })).toBe(
      'première présentation le 30 avril 2027, distribuée le 3 mai 2027 ; délai de paiement expiré le 10 mai 2027.',
    );
    expect(noticeCourse({ ...notice, presentation: { waitUntil: 0, presentedOn: '2027-04-30', basis: 'returned', returned: { on: '2027-05-17', reason: 'unclaimed' } } })).toBe(
      'première présentation le 30 avril 2027, retournée « avisé non réclamé » le 17 mai 2027 ; délai de paiement expiré le 10 mai 2027.',
    );
    expect(noticeCourse({ ...notice, presentation: { waitUntil: 0, basis: 'address_unknown', returned: { on: '2027-05-03', reason: 'address_unknown' } } })).toContain('destinataire inconnu à l\'adresse (NPAI). Le délai de paiement n\'a pas couru');
    expect(noticeCourse(notice)).toBe('délai de paiement expiré le 10 mai 2027.');
  });
});
