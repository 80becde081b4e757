/**
 * The chaos test's invoices, as the CSV exports `dunning start --file` reads: per-invoice ones
 * (each its own debtor) and coordinated ones spread round-robin over a few debtors, so every
 * debtor has several invoices whose touches its workflow merges. Every debtor has an email
 * address and a postal address, so emails, letters and letter copies all go out.
 */
export interface ChaosInvoices {
  perInvoiceCsv: string;
  coordinatedCsv: string;
  perInvoiceIds: string[];
  coordinatedIds: string[];
  debtorIds: string[];
}

const HEADER =
  'invoice_id,debtor_id,debtor_name,debtor_kind,contact_name,contact_role,contact_email,contact_phone,address_line1,postal_code,city,country,time_zone,language,issue_date,due_date,amount,currency,description,assignee';
const CITIES = [
  ['69007', 'Lyon'],
  ['75011', 'Paris'],
  ['13002', 'Marseille'],
  ['33000', 'Bordeaux'],
] as const;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function row(invoiceId: string, debtorId: string, n: number, random: () => number, now: number): string {
  const [postal, city] = CITIES[n % CITIES.length];
  const issued = now - (40 + Math.floor(random() * 30)) * 86_400_000;
  const cents = 10_000 + Math.floor(random() * 500_000);
  const slug = debtorId.toLowerCase();
  return [
    invoiceId,
    debtorId,
    `Chaos ${debtorId} SARL`,
    'professional',
    'Service comptable',
    'accounts_payable',
    `compta@${slug}.example`,
    `01 99 00 ${String(n % 100).padStart(2, '0')} 00`,
    `${1 + (n % 90)} rue de la République`,
    postal,
    city,
    'FR',
    'Europe/Paris',
    n % 3 === 2 ? 'en' : 'fr',
    isoDay(issued),
    isoDay(issued + 30 * 86_400_000),
    (cents / 100).toFixed(2),
    'EUR',
    `Prestation ${invoiceId}`,
    'Julie Morel',
  ].join(',');
}

/** `total` invoices, `coordinatedShare` of them coordinated over `debtors` debtors. */
export function chaosInvoices(total: number, coordinatedShare: number, debtors: number, random: () => number, now = Date.now()): ChaosInvoices {
  const coordinated = Math.round(total * coordinatedShare);
  const perInvoice = total - coordinated;
  const debtorCount = Math.max(1, Math.min(debtors, coordinated));
  const perInvoiceIds = Array.from({ length: perInvoice }, (_, i) => `CHAOS-P${String(i + 1).padStart(3, '0')}`);
  const coordinatedIds = Array.from({ length: coordinated }, (_, i) => `CHAOS-C${String(i + 1).padStart(3, '0')}`);
  const debtorIds = coordinated ? Array.from({ length: debtorCount }, (_, d) => `CHAOS-D${d + 1}`) : [];
  const perRows = perInvoiceIds.map((id, i) => row(id, `CHAOS-PD${String(i + 1).padStart(3, '0')}`, i, random, now));
  // A debtor's language is the same on every one of its invoices: pick it from the debtor's number.
  const coordRows = coordinatedIds.map((id, i) => row(id, debtorIds[i % debtorCount], i % debtorCount, random, now));
  const csv = (rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;
  return { perInvoiceCsv: csv(perRows), coordinatedCsv: csv(coordRows), perInvoiceIds, coordinatedIds, debtorIds };
}

/** A small seeded generator (mulberry32): the same seed gives the same invoices and kill times. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
