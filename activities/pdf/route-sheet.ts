/**
 * The route sheet of a field agent for one day (docs/field.md): the stops in order (postcode, then
 * city, then debtor), each with its address, map link, contact, invoices and amounts due, and the
 * outcome boxes the agent ticks on site. Debtor text is drawn as PDF text (never markup); the map
 * link is the URL-encoded query of domain/views/visits.ts.
 */
import type { CreditorProfile } from '../../config/creditor';
import { formatDate, formatMoney } from '../../domain/money/format';
import { addressLine, mapLink, type RouteStop } from '../../domain/views/visits';
import { createPdf, finishPdf } from './document';
import { CONTENT_WIDTH, FONT, MARGIN, SIZE } from './geometry';

export interface RouteSheetInput {
  agent: string;
  /** YYYY-MM-DD */
  day: string;
  stops: RouteStop[];
  creditor: CreditorProfile;
}

const OUTCOMES = ['Rencontré', 'Absent', 'Promesse : date ........ montant ........', 'Litige : motif ....................', 'Refus'];
const BOX = 8;

function drawStop(doc: PDFKit.PDFDocument, n: number, s: RouteStop): void {
  const money = (c: number) => formatMoney(c, s.currency, 'fr');
  const need = 150;
  if (doc.y + need > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.moveTo(MARGIN.left, doc.y).lineTo(MARGIN.left + CONTENT_WIDTH, doc.y).lineWidth(0.5).strokeColor('#999999').stroke().strokeColor('black');
  doc.y += 4;
  doc.font(FONT.bold).fontSize(SIZE.body + 1).text(`${n}. ${s.debtorName}`, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  doc.font(FONT.regular).fontSize(SIZE.body);
  const lines = [
    s.address ? `Adresse : ${addressLine(s.address)}` : 'Adresse : inconnue (appeler avant de passer)',
    ...(s.address ? [`Plan : ${mapLink(s.address)}`] : []),
    s.contact ? `Contact : ${[s.contact.name, s.contact.phone, s.contact.email].filter(Boolean).join(' – ')}` : 'Contact : –',
    ...s.invoices.map((i) => `Facture ${i.invoiceId} : ${money(i.amountDueCents)} dus, ${i.daysPastDue} jours de retard (tâche ${i.taskId})`),
    `Total dû : ${money(s.amountDueCents)}`,
    `Objectif : ${s.invoices[0]?.objective ?? ''}`,
  ];
  for (const l of lines) doc.text(l, MARGIN.left, doc.y, { width: CONTENT_WIDTH, lineGap: 1 });
  doc.y += 4;
  for (const o of OUTCOMES) {
    const y = doc.y;
    doc.rect(MARGIN.left + 4, y + 1, BOX, BOX).lineWidth(0.8).stroke();
    doc.text(o, MARGIN.left + 4 + BOX + 6, y, { width: CONTENT_WIDTH - BOX - 10 });
    doc.y += 3;
  }
  doc.text('Notes : ..................................................................................................', MARGIN.left, doc.y + 2, { width: CONTENT_WIDTH });
  doc.y += 10;
}

export async function renderRouteSheetPdf(r: RouteSheetInput): Promise<Buffer> {
  const doc = createPdf({ title: `Feuille de route ${r.agent} ${r.day}`, author: r.creditor.companyName, subject: 'route sheet', keywords: `${r.agent} ${r.day}`, date: r.day });
  doc.font(FONT.bold).fontSize(SIZE.heading).text(`Feuille de route – ${r.agent}`, MARGIN.left, MARGIN.top, { width: CONTENT_WIDTH });
  const total = r.stops.reduce((t, s) => t + s.amountDueCents, 0);
  const currency = r.stops[0]?.currency ?? 'EUR';
  doc.font(FONT.regular).fontSize(SIZE.body).text(
    `${r.creditor.companyName} – visites du ${formatDate(r.day, 'fr')} : ${r.stops.length} arrêt(s), ${formatMoney(total, currency, 'fr')} dus au total. Ordre : code postal, puis ville.`,
    MARGIN.left, doc.y + 4, { width: CONTENT_WIDTH },
  );
  doc.y += 10;
  if (!r.stops.length) doc.text('Aucune visite prévue ce jour.', MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  r.stops.forEach((s, i) => drawStop(doc, i + 1, s));
  doc.font(FONT.italic).fontSize(SIZE.body - 1).text('Après chaque arrêt : dunning visit --debtor <client> (ou --invoice <facture>) --outcome met|absent|promise|dispute|refused', MARGIN.left, doc.y + 6, { width: CONTENT_WIDTH });
  return finishPdf(doc);
}
