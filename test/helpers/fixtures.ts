import type { InvoiceInput } from '../../domain/invoice/schema';

/** Changes to the sample invoice; `debtor` changes only the debtor fields it names. */
export type InvoiceOverrides = Partial<Omit<InvoiceInput, 'debtor'>> & { debtor?: Partial<InvoiceInput['debtor']> };

/**
 * The one invoice fixture builder of the tests. The invoice most tests start from: 1 234,56 EUR
 * due Wed 3 Feb 2027, Acme SARL, two contacts; each override applies in turn over it.
 */
export function sampleInvoice(...overrides: Array<InvoiceOverrides | undefined>): InvoiceInput {
  let invoice: InvoiceInput = {
    invoiceId: 'INV-2027-001',
    issueDate: '2027-01-04',
    dueDate: '2027-02-03',
    amountCents: 123_456,
    currency: 'EUR',
    description: 'Maintenance contract, January',
    debtor: {
      debtorId: 'ACME',
      name: 'Acme SARL',
      kind: 'professional',
      timeZone: 'Europe/Paris',
      language: 'fr',
      address: { lines: ['12 rue des Lilas'], postalCode: '75011', city: 'Paris', country: 'FR' },
      contacts: [
        { name: 'Claire Martin', role: 'accounts_payable', email: 'ap@acme.fr', phone: '+33 1 23 45 67 89' },
        { name: 'Paul Durand', role: 'manager', email: 'paul.durand@acme.fr', phone: '+33 6 12 34 56 78' },
      ],
    },
  };
  for (const { debtor, ...rest } of overrides.map((o) => o ?? {})) invoice = { ...invoice, ...rest, debtor: { ...invoice.debtor, ...debtor } };
  return invoice;
}

/** What the call brief and the worklist show beyond the basics: an order reference, a payment behaviour. */
export const BRIEF_DETAILS: InvoiceOverrides = {
  orderRef: 'PO-881',
  debtor: {
    paymentBehaviour: 'occasional_late',
    contacts: [
      { name: 'Claire Martin', role: 'accounts_payable', email: 'ap@acme.example', phone: '+33 1 99 00 45 67' },
      { name: 'Paul Durand', role: 'manager', email: 'paul.durand@acme.example', phone: '+33 6 99 00 56 78' },
    ],
  },
};
