import type { InvoiceInput } from '../../domain/invoice/schema';

/** The invoice most tests start from: 1 234,56 EUR due Wed 3 Feb 2027, Acme SARL, two contacts. */
export function sampleInvoice(over: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
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
    ...over,
  };
}

