/** A realistic invoice export of any size for the benchmark: a few hundred debtors, French amounts. */
const CITIES = [
  ['69007', 'Lyon'],
  ['75011', 'Paris'],
  ['13002', 'Marseille'],
  ['33000', 'Bordeaux'],
  ['44000', 'Nantes'],
  ['59000', 'Lille'],
] as const;
const BEHAVIOURS = ['new', 'good', 'occasional_late', 'chronic_late'] as const;

const HEADER =
  'invoice_id,debtor_id,debtor_name,debtor_kind,payment_behaviour,contact_name,contact_role,contact_email,contact_phone,address_line1,postal_code,city,country,time_zone,language,issue_date,due_date,amount,currency,description,assignee';

const day = (base: string, add: number) => {
  const d = new Date(`${base}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + add);
  return d.toISOString().slice(0, 10);
};

/** `n` invoice rows; ids start with `prefix` so each run is unique on a shared server. */
export function generateInvoicesCsv(n: number, prefix: string): string {
  const lines = [HEADER];
  for (let i = 1; i <= n; i++) {
    const d = i % 397;
    const [postal, city] = CITIES[d % CITIES.length];
    const issue = day('2026-06-01', i % 150);
    const cents = 5_000 + ((i * 7919) % 2_000_000);
    // Every other row in the French format, quoted because of the decimal comma.
    const amount = i % 2 ? (cents / 100).toFixed(2) : `"${Math.floor(cents / 100).toLocaleString('fr-FR').replace(/\u202f/g, ' ')},${String(cents % 100).padStart(2, '0')}"`;
    lines.push(
      [
        `${prefix}-${String(i).padStart(6, '0')}`,
        `CUST-${String(d).padStart(4, '0')}`,
        `Client ${d} SARL`,
        'professional',
        BEHAVIOURS[d % BEHAVIOURS.length],
        'Service comptable',
        'accounts_payable',
        `compta@client-${d}.example`,
        `01 99 00 ${String(d % 100).padStart(2, '0')} ${String(i % 100).padStart(2, '0')}`,
        `${1 + (d % 90)} rue de la République`,
        postal,
        city,
        'FR',
        'Europe/Paris',
        'fr',
        issue,
        day(issue, 30),
        amount,
        'EUR',
        `Prestation ${i}`,
        d % 2 ? 'Julie Morel' : 'Thomas Petit',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
