/**
 * Issue #14: hostile or careless exports are refused with the row and the field named, before
 * anything starts, by the CLI's zod schema and again by the workflow's plain-data twin.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeError } from '../../client/errors';
import { decodeInvoiceFile, describeInvalidRow, InvoiceFileError, parseInvoicesCsv, parseInvoicesJson, readInvoiceFile } from '../../client/invoice-file';
import type { RowContext } from '../../client/invoice-row';
import { InvoiceSchema } from '../../domain/invoice/schema';
import { INVOICE_MAX_BYTES, TEMPORAL_LIMITS } from '../../domain/text/limits';
import { InvoiceSpec } from '../../domain/wire/invoice';
import { check } from '../../domain/wire/schema';

const HEADER = 'invoice_id,debtor_id,debtor_name,contact_name,contact_email,issue_date,due_date,amount';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const row = (o: { id?: string; debtor?: string; name?: string; contact?: string } = {}) =>
  [o.id ?? 'A-1', o.debtor ?? 'D1', o.name ?? 'Acme', o.contact ?? 'Sophie Lambert', 'ap@acme.example', '2026-01-02', '2026-02-01', '100.00'].join(',');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'dunning-hostile-'));
}
const NO_DOCS: RowContext = { documents: { dir: join(tmpdir(), 'dunning-no-documents'), maxBytes: 1024 } };
const lines = (r: ReturnType<typeof parseInvoicesCsv>) => r.invalid.flatMap(describeInvalidRow);

describe('columns', () => {
  it('refuses a column given twice instead of letting the last one win (999.00 dunned for 100.00)', () => {
    const text = 'invoice_id,debtor_id,debtor_name,issue_date,due_date,amount,Amount\nA-1,D1,Acme,2026-01-02,2026-02-01,100.00,999.00\n';
    expect(() => parseInvoicesCsv(text, NO_DOCS)).toThrow(InvoiceFileError);
    expect(() => parseInvoicesCsv(text, NO_DOCS)).toThrow('column(s) given twice: amount (columns 6 and 7)');
  });

  it('refuses a JSON row naming a column twice under two spellings', () => {
    const r = parseInvoicesJson(JSON.stringify([{ invoice_id: 'A-1', debtor_id: 'D1', debtor_name: 'Acme', issue_date: '2026-01-02', due_date: '2026-02-01', amount: '100', Amount: '999' }]), NO_DOCS);
    expect(r.valid).toEqual([]);
    expect(r.invalid.flatMap(describeInvalidRow)).toEqual(['row 1, amount: given twice (under two spellings); keep one (invoice A-1)']);
  });

  it("ignores an ERP export's own columns with a warning, and points out a likely typo", () => {
    const text = 'invoice_id,debtor_id,debtor_name,issue_date,due_date,amount,Cost Center,contact_emial,\nA-1,D1,Acme,2026-01-02,2026-02-01,100.00,CC-12,ap@acme.example,x\n';
    const r = parseInvoicesCsv(text, NO_DOCS);
    expect(r.invalid).toEqual([]);
    expect(r.valid).toHaveLength(1);
    expect(r.warnings).toEqual(['unknown column cost_center ignored', 'unknown column contact_emial ignored (did you mean contact_email?)', 'column 9 has no name: ignored']);
  });
});

describe('encoding', () => {
  const latin1 = Buffer.from(`${HEADER}\nA-1,D1,Société Générale,Zoé,ap@acme.example,2026-01-02,2026-02-01,100.00\n`, 'latin1');

  it('refuses Latin-1 bytes read as UTF-8, saying where and what to do (no "Soci?t? G?n?rale" on the letters)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'export.csv'), latin1);
    expect(() => readInvoiceFile(join(dir, 'export.csv'), { ctx: NO_DOCS })).toThrow(/not UTF-8: byte 0xE9 on line 2 .*--encoding latin1/);
  });

  it('reads the same file with --encoding latin1', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'export.csv'), latin1);
    const r = readInvoiceFile(join(dir, 'export.csv'), { encoding: 'latin1', ctx: NO_DOCS });
    expect(r.valid[0].invoice.debtor.name).toBe('Société Générale');
    expect(r.valid[0].invoice.debtor.contacts[0].name).toBe('Zoé');
  });

  it('reads UTF-8 with and without BOM, refuses UTF-16', () => {
    const text = `${HEADER}\nA-1,D1,Société Générale,Zoé,ap@acme.example,2026-01-02,2026-02-01,100.00\n`;
    expect(decodeInvoiceFile(Buffer.from(text, 'utf8'))).toBe(text);
    expect(decodeInvoiceFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toBe(text);
    expect(() => decodeInvoiceFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toThrow(/UTF-16.*CSV UTF-8/);
  });
});

describe('control characters', () => {
  it('refuses a NUL in the debtor name (it garbled the addressee) and ESC sequences in a contact name', () => {
    const r = parseInvoicesCsv(csv(row({ name: 'Acme\u0000SARL' }), row({ id: 'A-2', contact: '\u001b[2J\u001b[HSophie' })), NO_DOCS);
    expect(r.valid).toEqual([]);
    expect(lines(r)).toEqual([
      'row 1, debtor_name: contains a control character (U+0000 at position 5); remove it (a corrupt export or an attempt to hide text) (invoice A-1)',
      'row 2, contact_name: contains a control character (U+001B at position 1); remove it (a corrupt export or an attempt to hide text) (invoice A-2)',
    ]);
  });

  it('refuses bidirectional overrides, keeps line breaks in a description', () => {
    expect(lines(parseInvoicesCsv(csv(row({ name: 'Acme \u202eLRAS' })), NO_DOCS))[0]).toMatch(/^row 1, debtor_name: contains a control character \(U\+202E/);
    const described = parseInvoicesCsv(`${HEADER},description\n${row()},"line one\nline two"\n`, NO_DOCS);
    expect(described.valid[0].invoice.description).toBe('line one\nline two');
  });
});

describe("Temporal's limits, checked before the start (so --dry-run says them)", () => {
  it('refuses a 5,000-character name: a search attribute keeps 2,048 bytes', () => {
    const r = parseInvoicesCsv(csv(row({ name: 'N'.repeat(5000) })), NO_DOCS);
    expect(lines(r)).toEqual(['row 1, debtor_name: 5,000 bytes long; Temporal keeps at most 2,048 bytes in a search attribute value (invoice A-1)']);
    // Bytes, not characters: 1,100 "é" are 2,200 bytes.
    expect(lines(parseInvoicesCsv(csv(row({ name: 'é'.repeat(1100) })), NO_DOCS))[0]).toMatch(/debtor_name: 2,200 bytes long/);
  });

  it('refuses a 2,000-character invoice id and a debtor id too long for its workflow id', () => {
    const r = parseInvoicesCsv(csv(row({ id: 'I'.repeat(2000), debtor: 'D'.repeat(1200) })), NO_DOCS);
    const [idLine, debtorLine] = lines(r);
    expect(idLine).toMatch(/^row 1, invoice_id: 2,000 bytes long; the workflow id dunning-<invoice id> may be at most 1,000 bytes, so at most 992/);
    expect(debtorLine).toMatch(/^row 1, debtor_id: 1,200 bytes long; the debtor's workflow id debtor-<debtor id> may be at most 1,000 bytes, so at most 993/);
  });

  it('refuses a 1.1 MB description: the run carries the invoice twice at continue-as-new', () => {
    const r = parseInvoicesCsv(`${HEADER},description\n${row()},${'x'.repeat(1_100_000)}\n`, NO_DOCS);
    expect(lines(r)).toEqual([
      'row 1, description: makes the invoice 1.0 MB as JSON; at most 256 KB (the run carries it twice at continue-as-new, and Temporal refuses inputs over 2.0 MB) (invoice A-1)',
    ]);
    expect(INVOICE_MAX_BYTES * 2).toBeLessThanOrEqual(TEMPORAL_LIMITS.payloadWarnBytes);
  });

  it('the workflow refuses the same invoices with the same words (domain/wire twin)', () => {
    const good = InvoiceSchema.parse({ invoiceId: 'A-1', debtor: { debtorId: 'D1', name: 'Acme', contacts: [{ name: 'Sophie' }] }, issueDate: '2026-01-02', dueDate: '2026-02-01', amountCents: 100 });
    expect(check(InvoiceSpec, good).ok).toBe(true);
    const cases: Array<[string, unknown]> = [
      ['debtor.name', { ...good, debtor: { ...good.debtor, name: 'N'.repeat(5000) } }],
      ['debtor.name', { ...good, debtor: { ...good.debtor, name: 'Acme\u0000' } }],
      ['debtor.contacts.0.name', { ...good, debtor: { ...good.debtor, contacts: [{ name: '\u001b[2J' }] } }],
      ['invoiceId', { ...good, invoiceId: 'I'.repeat(2000) }],
      ['description', { ...good, description: 'x'.repeat(300_000) }],
    ];
    for (const [path, bad] of cases) {
      const zod = InvoiceSchema.safeParse(bad);
      const wire = check(InvoiceSpec, bad);
      expect(zod.success, path).toBe(false);
      expect(wire.ok, path).toBe(false);
      if (zod.success || wire.ok) continue;
      expect(wire.issues.map((i) => i.path)).toEqual([path]);
      expect(wire.issues[0].message).toBe(zod.error.issues.find((i) => i.path.join('.') === path)?.message);
    }
  });

  it('shows an error from the server with its cause, never a bare "Failed to start Workflow"', () => {
    const grpc = Object.assign(new Error('3 INVALID_ARGUMENT: Search attribute DunningDebtorName of size 5012 exceeds size limit 2048'), {
      code: 3,
      details: 'Search attribute DunningDebtorName of size 5012 exceeds size limit 2048',
    });
    const err = new Error('Failed to start Workflow', { cause: grpc });
    expect(describeError(err)).toBe('Failed to start Workflow: INVALID_ARGUMENT: Search attribute DunningDebtorName of size 5012 exceeds size limit 2048');
  });
});

describe('pdf_path: only PDFs of the documents directory', () => {
  function setup() {
    const root = tempDir();
    const dir = join(root, 'documents');
    mkdirSync(join(dir, 'invoices'), { recursive: true });
    writeFileSync(join(root, 'worker.env'), 'SENDGRID_API_KEY=SG.secret\n');
    writeFileSync(join(dir, 'invoices', 'A-1.pdf'), '%PDF-1.7 the invoice');
    writeFileSync(join(dir, 'notes.txt'), 'not a pdf');
    writeFileSync(join(dir, 'huge.pdf'), `%PDF-1.7 ${'x'.repeat(2048)}`);
    symlinkSync(join(root, 'worker.env'), join(dir, 'link.pdf'));
    const ctx: RowContext = { documents: { dir, maxBytes: 1024 } };
    const withPdf = (path: string) => parseInvoicesCsv(`${HEADER},pdf_path\n${row()},${path}\n`, ctx);
    return { root, dir, withPdf };
  }

  it('refuses a path to an env file, /etc/passwd, "..", a symlink out, a non-PDF, a huge file and a missing one', () => {
    const { root, dir, withPdf } = setup();
    const refused = (path: string) => lines(withPdf(path));
    expect(refused(join(root, 'worker.env'))).toEqual([`row 1, pdf_path: ${join(root, 'worker.env')} is outside the documents directory ${dir} (DUNNING_DOCUMENTS_DIR) (invoice A-1)`]);
    expect(refused('/etc/passwd')[0]).toMatch(/^row 1, pdf_path: \/etc\/passwd is outside the documents directory/);
    expect(refused('../worker.env')[0]).toMatch(/^row 1, pdf_path: a path with "\.\." is refused/);
    expect(refused('invoices/../../worker.env')[0]).toMatch(/^row 1, pdf_path: a path with "\.\." is refused/);
    expect(refused('link.pdf')[0]).toMatch(/^row 1, pdf_path: link\.pdf leads outside the documents directory .* \(through a symbolic link\)/);
    expect(refused('notes.txt')[0]).toMatch(/^row 1, pdf_path: notes\.txt is not a PDF \(it does not start with %PDF-\)/);
    expect(refused('huge.pdf')[0]).toMatch(/^row 1, pdf_path: huge\.pdf is 2057 bytes; at most 1024/);
    expect(refused('invoices/none.pdf')[0]).toMatch(/^row 1, pdf_path: no file at /);
  });

  it('takes a PDF of the directory, relative or absolute', () => {
    const { dir, withPdf } = setup();
    expect(withPdf('invoices/A-1.pdf').valid[0].invoice.pdfPath).toBe('invoices/A-1.pdf');
    expect(withPdf(join(dir, 'invoices', 'A-1.pdf')).invalid).toEqual([]);
  });
});
