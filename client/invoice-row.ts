/**
 * The flat invoice record of CSV files (and of `dunning start` flags), mapped to InvoiceSchema.
 * One table says which column feeds which field, so errors found by zod on the nested invoice
 * are reported under the column the user wrote (`due_date`, not `dueDate`).
 */
import { checkInvoiceDocument, documentRulesFromEnv, type DocumentRules } from '../config/documents';
import { InvoiceSchema, type Invoice, type InvoiceInput } from '../domain/invoice/schema';
import { parseAmount } from './amount';

/** What a row is checked against beyond its own text: where invoice PDFs may be read from. */
export interface RowContext {
  documents: DocumentRules;
}
export const rowContextFromEnv = (env: NodeJS.ProcessEnv = process.env): RowContext => ({ documents: documentRulesFromEnv(env) });

/** Column -> path in InvoiceInput. Amount columns are decimals converted to cents. */
export const COLUMNS = {
  invoice_id: 'invoiceId',
  debtor_id: 'debtor.debtorId',
  debtor_name: 'debtor.name',
  debtor_kind: 'debtor.kind',
  siren: 'debtor.siren',
  payment_behaviour: 'debtor.paymentBehaviour',
  time_zone: 'debtor.timeZone',
  language: 'debtor.language',
  contact_name: 'debtor.contacts.0.name',
  contact_role: 'debtor.contacts.0.role',
  contact_email: 'debtor.contacts.0.email',
  contact_phone: 'debtor.contacts.0.phone',
  contact_civility: 'debtor.contacts.0.civility',
  contact_last_name: 'debtor.contacts.0.lastName',
  contact2_name: 'debtor.contacts.1.name',
  contact2_role: 'debtor.contacts.1.role',
  contact2_email: 'debtor.contacts.1.email',
  contact2_phone: 'debtor.contacts.1.phone',
  address_line1: 'debtor.address.lines.0',
  address_line2: 'debtor.address.lines.1',
  postal_code: 'debtor.address.postalCode',
  city: 'debtor.address.city',
  country: 'debtor.address.country',
  // The formal notice goes to the legal representative at the registered office (domain.md §8).
  legal_rep_name: 'debtor.legalRepresentative.name',
  legal_rep_title: 'debtor.legalRepresentative.title',
  legal_rep_civility: 'debtor.legalRepresentative.civility',
  office_line1: 'debtor.registeredOffice.lines.0',
  office_line2: 'debtor.registeredOffice.lines.1',
  office_postal_code: 'debtor.registeredOffice.postalCode',
  office_city: 'debtor.registeredOffice.city',
  office_country: 'debtor.registeredOffice.country',
  issue_date: 'issueDate',
  due_date: 'dueDate',
  amount: 'amountCents',
  amount_due: 'amountDueCents',
  currency: 'currency',
  description: 'description',
  order_ref: 'orderRef',
  order_date: 'orderDate',
  delivery_date: 'deliveryDate',
  payment_method: 'paymentMethod',
  pdf_path: 'pdfPath',
  assignee: 'assignee',
} as const;
export type ColumnName = keyof typeof COLUMNS;
export const COLUMN_NAMES = Object.keys(COLUMNS) as ColumnName[];
export const REQUIRED_COLUMNS: ColumnName[] = ['invoice_id', 'debtor_id', 'debtor_name', 'issue_date', 'due_date', 'amount'];
const AMOUNT_COLUMNS: ColumnName[] = ['amount', 'amount_due'];

export type FlatRow = Partial<Record<ColumnName, string>>;

export interface FieldError {
  field: string;
  message: string;
}
export type RowResult = { ok: true; invoice: Invoice } | { ok: false; invoiceId?: string; errors: FieldError[] };

/** "Due date", "due-date", " DUE_DATE " -> "due_date". */
export function normaliseHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

const KEYS = new Map<string, string[]>(Object.values(COLUMNS).map((p) => [p, p.split('.')]));

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = KEYS.get(path) ?? path.split('.');
  let node: Record<string, unknown> = target;
  keys.forEach((k, i) => {
    const last = i === keys.length - 1;
    const nextIsIndex = !last && /^\d+$/.test(keys[i + 1]);
    if (last) node[k] = value;
    else node = (node[k] ??= nextIsIndex ? [] : {}) as Record<string, unknown>;
  });
}

function getPath(source: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[k] : undefined), source);
}

/** The zod path of an issue, back to the column that feeds it. */
const BY_PATH = new Map<string, ColumnName>(COLUMN_NAMES.map((c) => [COLUMNS[c], c]));
export function columnForPath(path: readonly PropertyKey[]): string {
  const p = path.map(String).join('.');
  if (BY_PATH.has(p)) return BY_PATH.get(p)!;
  if (p === 'debtor.address.lines') return 'address_line1';
  if (p === 'debtor.contacts' || p === 'debtor.contacts.0') return 'contact_name';
  if (p === 'debtor.contacts.1') return 'contact2_name';
  if (p.startsWith('debtor.address')) return 'address_line1';
  if (p.startsWith('debtor.registeredOffice')) return 'office_line1';
  if (p.startsWith('debtor.legalRepresentative')) return 'legal_rep_name';
  return p || '(row)';
}

const DEFAULT_CONTACT_NAME = { fr: 'Service comptabilité fournisseurs', en: 'Accounts payable' };

/** A flat record to an invoice; every problem is named by its column. */
export function parseFlatRow(row: FlatRow, ctx: RowContext = rowContextFromEnv()): RowResult {
  const errors: FieldError[] = [];
  const input: Record<string, unknown> = {};
  for (const col of Object.keys(row) as ColumnName[]) {
    const raw = row[col]?.trim();
    if (raw === undefined || raw === '' || !(col in COLUMNS)) continue;
    if (AMOUNT_COLUMNS.includes(col)) {
      const r = parseAmount(raw);
      if (r.ok) setPath(input, COLUMNS[col], r.cents);
      else errors.push({ field: col, message: r.error });
      continue;
    }
    setPath(input, COLUMNS[col], col === 'currency' || col === 'country' || col === 'office_country' ? raw.toUpperCase() : raw);
  }
  // A debtor always has a first contact: accounts payable when the export names nobody.
  const debtor = (input.debtor ??= {}) as Record<string, unknown>;
  const contacts = (debtor.contacts ??= []) as Array<Record<string, unknown> | undefined>;
  contacts[0] ??= {};
  contacts[0].name ??= DEFAULT_CONTACT_NAME[debtor.language === 'en' ? 'en' : 'fr'];
  const parsed = InvoiceSchema.safeParse(input as InvoiceInput);
  if (!parsed.success) {
    const reported = new Set(errors.map((e) => e.field));
    for (const issue of parsed.error.issues) {
      const field = columnForPath(issue.path);
      if (reported.has(field)) continue; // the amount's own message is clearer than zod's "expected number"
      reported.add(field);
      errors.push({ field, message: issue.code === 'invalid_type' && getPath(input, issue.path) === undefined ? 'required' : issue.message });
    }
  }
  // The PDF is checked even when other fields are wrong, so one pass names every problem of the row.
  const pdfPath = parsed.success ? parsed.data.pdfPath : row.pdf_path?.trim() || undefined;
  if (pdfPath !== undefined && !errors.some((e) => e.field === 'pdf_path')) errors.push(...documentErrors(pdfPath, ctx));
  if (errors.length || !parsed.success) return { ok: false, invoiceId: row.invoice_id?.trim() || undefined, errors };
  return { ok: true, invoice: parsed.data };
}

/** The invoice PDF must be a PDF of the documents directory (config/documents.ts), refused here by its column. */
export function checkDocuments(invoice: Invoice, ctx: RowContext): FieldError[] {
  return invoice.pdfPath === undefined ? [] : documentErrors(invoice.pdfPath, ctx);
}

function documentErrors(pdfPath: string, ctx: RowContext): FieldError[] {
  const r = checkInvoiceDocument(pdfPath, ctx.documents);
  return r.ok ? [] : [{ field: 'pdf_path', message: r.reason }];
}
