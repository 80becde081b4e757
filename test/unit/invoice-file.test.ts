import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../client/amount';
import { describeInvalidRow, InvoiceFileError, parseInvoicesCsv, parseInvoicesJson, readInvoiceFile } from '../../client/invoice-file';

const HEADER = 'invoice_id,debtor_id,debtor_name,contact_email,issue_date,due_date,amount';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('parseAmount', () => {
  it.each([
    ['1234.56', 123456],
    ['1234,56', 123456],
    ['1 234,56', 123456],
    ['1\u00a0234,56', 123456],
    ['1\u202f234,56 €', 123456],
    ['1,234.56', 123456],
    ['1.234,56', 123456],
    ['1 234 567', 123456700],
    ['1.234.567', 123456700],
    ['12', 1200],
    ['12,5', 1250],
    ['0.05', 5],
  ])('%s -> %i cents', (raw, cents) => {
    expect(parseAmount(raw)).toEqual({ ok: true, cents });
  });

  it.each(['', 'abc', '12.345', '1,234', '1.2.3', '-5', '12.3456', '1,23.45'])('refuses %j', (raw) => {
    expect(parseAmount(raw).ok).toBe(false);
  });
});

describe('CSV invoices', () => {
  it('reads the example export: 10 invoices, both amount formats, contacts and addresses', () => {
    const r = readInvoiceFile(join(__dirname, '..', '..', 'examples', 'invoices.csv'));
    expect(r.invalid).toEqual([]);
    expect(r.valid).toHaveLength(10);
    const first = r.valid[0].invoice;
    expect(first.amountCents).toBe(123456); // "1 234,56"
    expect(r.valid[1].invoice.amountCents).toBe(48600); // 486.00
    expect(first.debtor.contacts.map((c) => c.role)).toEqual(['accounts_payable', 'manager']);
    expect(first.debtor.address).toEqual({ lines: ['4 allée des Meuniers'], postalCode: '69007', city: 'Lyon', country: 'FR' });
    expect(r.valid[2].invoice.amountDueCents).toBe(594000);
    expect(new Set(r.valid.map((v) => v.invoice.debtor.debtorId)).size).toBeGreaterThan(3);
  });

  it('names each bad row by its number and column', () => {
    const r = parseInvoicesCsv(
      csv(
        'A-1,D1,Acme,ap@acme.example,2026-01-02,2026-02-01,100.00',
        'A-2,D1,Acme,ap@acme.example,2026-01-02,2026-02-01,"12,345"',
        'A-3,D1,Acme,ap@acme.example,2026-01-02,01/02/2026,100',
        'A-4,,Acme,not-an-email,2026-01-02,2026-02-01,100',
      ),
    );
    expect(r.valid.map((v) => v.invoice.invoiceId)).toEqual(['A-1']);
    const lines = r.invalid.flatMap(describeInvalidRow);
    expect(lines).toContain('row 3, due_date: a date written YYYY-MM-DD (invoice A-3)');
    expect(lines.some((l) => l.startsWith('row 2, amount: "12,345" is ambiguous'))).toBe(true);
    expect(lines).toContain('row 4, debtor_id: required (invoice A-4)');
    expect(lines.some((l) => l.startsWith('row 4, contact_email:'))).toBe(true);
  });

  it('checks rules across fields under the right column', () => {
    const r = parseInvoicesCsv(
      [
        'invoice_id,debtor_id,debtor_name,issue_date,due_date,amount,amount_due',
        'A-1,D1,Acme,2026-03-01,2026-02-01,100,',
        'A-2,D1,Acme,2026-01-01,2026-02-01,100,200',
      ].join('\n'),
    );
    expect(r.invalid.flatMap(describeInvalidRow)).toEqual([
      'row 1, due_date: dueDate is before issueDate (invoice A-1)',
      'row 2, amount_due: amountDueCents cannot be more than amountCents (invoice A-2)',
    ]);
  });

  it('makes a repeated invoice id an error on the later row', () => {
    const r = parseInvoicesCsv(csv('A-1,D1,Acme,,2026-01-02,2026-02-01,100', 'A-2,D1,Acme,,2026-01-02,2026-02-01,100', 'A-1,D2,Other,,2026-01-02,2026-02-01,50'));
    expect(r.valid.map((v) => v.row)).toEqual([1, 2]);
    expect(r.invalid.flatMap(describeInvalidRow)).toEqual(['row 3, invoice_id: A-1 is already on row 1 (invoice A-1)']);
  });

  it('reads French exports: ";" separator, BOM, headers in any case', () => {
    const text = '\uFEFFInvoice ID;Debtor ID;Debtor Name;Issue Date;Due Date;Amount\nA-1;D1;Café SNC;2026-01-02;2026-02-01;1 234,56\n';
    const r = parseInvoicesCsv(text);
    expect(r.invalid).toEqual([]);
    expect(r.valid[0].invoice.amountCents).toBe(123456);
    expect(r.valid[0].invoice.debtor.contacts[0].name).toBe('Service comptabilité fournisseurs');
  });

  it('refuses missing columns as a whole-file error; ignores unknown ones with a warning', () => {
    expect(parseInvoicesCsv('invoice_id,debtor_id,debtor_name,issue_date,due_date,amount,due\n').warnings).toEqual(['unknown column due ignored']);
    expect(parseInvoicesCsv('invoice_id,debtor_id,debtor_name,issue_date,due date,amount,color\n').warnings).toEqual(['unknown column color ignored']);
    expect(() => parseInvoicesCsv('invoice_id,debtor_name\nA,B\n')).toThrow(InvoiceFileError);
    expect(() => parseInvoicesCsv('invoice_id,debtor_name\nA,B\n')).toThrow(/missing column\(s\) debtor_id, issue_date, due_date, amount/);
  });

  it('reports a row with too many cells', () => {
    const r = parseInvoicesCsv(csv('A-1,D1,Acme,,2026-01-02,2026-02-01,100,extra'));
    expect(r.invalid.flatMap(describeInvalidRow)).toEqual(['row 1, (row): 8 cells for 7 columns (invoice A-1)']);
  });
});

describe('JSON invoices', () => {
  it('takes InvoiceSchema objects and flat rows, and names fields by path', () => {
    const r = parseInvoicesJson(
      JSON.stringify({
        invoices: [
          { invoiceId: 'J-1', issueDate: '2026-01-02', dueDate: '2026-02-01', amountCents: 1000, debtor: { debtorId: 'D', name: 'N', contacts: [{ name: 'C' }] } },
          { invoice_id: 'J-2', debtor_id: 'D', debtor_name: 'N', issue_date: '2026-01-02', due_date: '2026-02-01', amount: '10,50' },
          { invoiceId: 'J-3', issueDate: '2026-01-02', dueDate: '2026-02-30', amountCents: 1000, debtor: { debtorId: 'D', name: 'N', contacts: [{ name: 'C' }] } },
        ],
      }),
    );
    expect(r.valid.map((v) => [v.invoice.invoiceId, v.invoice.amountCents])).toEqual([
      ['J-1', 1000],
      ['J-2', 1050],
    ]);
    expect(r.invalid.flatMap(describeInvalidRow)).toEqual(['row 3, dueDate: not a real calendar date (invoice J-3)']);
  });
});
