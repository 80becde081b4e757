/**
 * What a field agent reads (docs/field.md): the visit's address and its map link, and the route
 * sheet's stops for one agent and day. Pure, so the order and the link are unit-tested.
 */
import type { Address, Invoice } from '../invoice/schema';
import type { VisitTask } from '../dunning/field-types';
import type { DunningView } from './read-model';

/** Where the agent goes: the debtor's address, else its registered office. */
export function visitAddress(invoice: Invoice): Address | undefined {
  return invoice.debtor.address ?? invoice.debtor.registeredOffice;
}

/** The address on one line, as written (no escaping: each medium escapes it where it lands). */
export function addressLine(a: Address): string {
  return [...a.lines, `${a.postalCode} ${a.city}`.trim(), a.country].filter(Boolean).join(', ');
}

/** An OpenStreetMap search for the address; the whole query is one URL-encoded parameter, so no debtor text can add another. */
export function mapLink(a: Address): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(addressLine(a))}`;
}

export interface RouteStop {
  debtorId: string;
  debtorName: string;
  address?: Address;
  contact?: { name: string; phone?: string; email?: string };
  invoices: Array<{ invoiceId: string; taskId: string; amountDueCents: number; daysPastDue: number; dueBy: number; objective: string }>;
  amountDueCents: number;
  currency: string;
}

/**
 * The stops of `agent` on `day`: every open visit of theirs planned for that day or earlier and not
 * yet past its deadline day (a visit not made yet stays on the sheet), one stop per debtor (its
 * invoices together), ordered by postcode, then city, then debtor name (a simple route, no routing).
 */
export function routeStops(views: readonly DunningView[], agent: string, day: string, dayOf: (at: number, tz: string) => string): RouteStop[] {
  const stops = new Map<string, RouteStop>();
  for (const v of views) {
    const t: VisitTask | undefined = v.openVisit;
    if (!t || t.agent !== agent || t.day > day || dayOf(t.dueBy, v.invoice.debtor.timeZone) < day) continue;
    const d = v.invoice.debtor;
    const contact = v.contacts[v.activeContact];
    const stop = stops.get(d.debtorId) ?? {
      debtorId: d.debtorId,
      debtorName: d.name,
      address: visitAddress(v.invoice),
      contact: contact && { name: contact.name, phone: contact.phone, email: contact.email },
      invoices: [],
      amountDueCents: 0,
      currency: v.invoice.currency,
    };
    stop.invoices.push({ invoiceId: v.invoice.invoiceId, taskId: t.taskId, amountDueCents: v.amountDueCents, daysPastDue: v.daysPastDue, dueBy: t.dueBy, objective: t.objective });
    stop.amountDueCents += v.amountDueCents;
    stops.set(d.debtorId, stop);
  }
  const key = (s: RouteStop) => [s.address?.postalCode ?? '\uffff', s.address?.city ?? '', s.debtorName, s.debtorId];
  return [...stops.values()]
    .map((s) => ({ ...s, invoices: [...s.invoices].sort((a, b) => a.invoiceId.localeCompare(b.invoiceId)) }))
    .sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
      return 0;
    });
}
