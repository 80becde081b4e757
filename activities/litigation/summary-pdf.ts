/**
 * summary.pdf: the cover of the litigation file, on the creditor's letterhead. It gives the partner
 * what a decision needs on one read (domain.md §6, §8): parties, the claim with penalties and the
 * EUR 40 indemnity, the limitation date (with a warning when close), the suggested route, the
 * mandate rule, then the record: messages sent, calls, promises, disputes, contacts, timeline.
 */
import { drawDraftMark } from '../pdf/draft-mark';
import { formatDate, formatMoney, formatPercent } from '../../domain/money/format';
import type { Block, TableBlock } from '../../templates/engine';
import { loadLabels, type Labels } from '../../templates/labels';
import { interestRows } from '../../templates/claim-rows';
import { drawBlocks, firstRoom } from '../pdf/blocks';
import { createPdf, finishPdf } from '../pdf/document';
import { CONTENT_WIDTH, FONT, MARGIN, mm, SIZE, WINDOW } from '../pdf/geometry';
import { drawFooters, drawLetterhead } from '../pdf/letterhead';
import { drawParties } from '../pdf/parties';
import { localDateTime, shortDateTime } from './dates';
import type { FiledDocument } from './documents';
import type { Limitation } from './limitation';
import { DISPUTE_KIND, DISPUTE_STATUS, PROMISE_STATUS, REASONS, RESULTS, ROLES, say, MANDATE_NOTE } from './texts';
import type { LitigationCase } from './case';

export interface SummaryInput extends LitigationCase {
  documents: FiledDocument[];
  /** The files every litigation folder holds, listed before the exhibits. */
  contents: string[];
}

const fr = (iso: string) => formatDate(iso, 'fr');
const col = (title: string, weight: number, align: 'left' | 'right' = 'left') => ({ title, weight, align });
const paragraph = (text: string, emphasis = false): Block => ({ kind: 'paragraph', text, ...(emphasis ? { emphasis } : {}) });

function claimTable(s: SummaryInput): TableBlock {
  const c = s.claim;
  const money = (cents: number) => formatMoney(cents, c.currency, 'fr');
  const inv = s.view.invoice;
  const rows = [[`Facture ${inv.invoiceId} du ${fr(inv.issueDate)}, échue le ${fr(inv.dueDate)}`, money(c.invoiceAmountCents)]];
  const toInterest = c.interest?.paidCents ?? 0;
  if (c.paidCents) rows.push([toInterest ? `Règlements reçus imputés sur le principal (sur ${money(c.paidCents)} reçus)` : 'Règlements reçus', money(-(c.paidCents - toInterest))]);
  if (c.creditedCents) rows.push(['Avoirs', money(-c.creditedCents)]);
  if (c.waivedCents) rows.push(['Abandon consenti (transaction)', money(-c.waivedCents)]);
  if (c.writtenOffCents) rows.push(["Réduction décidée à l'approbation de l'étape contentieuse", money(-c.writtenOffCents)]);
  rows.push(['Principal restant dû', money(c.amountDueCents + toInterest)]);
  if (c.interest) rows.push(...interestRows(c.interest, loadLabels('fr'), { lang: 'fr', money, date: fr }));
  else rows.push([`Pénalités de retard au taux annuel de ${formatPercent(c.penaltyRatePct, 'fr')}, du ${fr(c.penaltiesFrom)} au ${fr(c.penaltiesTo)}`, money(c.penaltiesCents)]);
  if (c.indemnityCents) rows.push(['Indemnité forfaitaire pour frais de recouvrement (art. D441-5 du Code de commerce)', money(c.indemnityCents)]);
  if (s.view.invoice.debtor.kind === 'professional') rows.push(['Indemnisation complémentaire sur justification des frais exposés (art. L441-10 II du Code de commerce)', 'sur justification']);
  return { kind: 'table', columns: [col('Désignation', 5), col('Montant', 1.3, 'right')], rows, totals: [[`Total dû au ${fr(c.penaltiesTo)}`, money(c.totalCents)]] };
}

const FROM_WHAT: Record<Limitation['fromWhat'], string> = {
  delivery: 'de la livraison ou de la prestation',
  issue_date: "de la facture (date de livraison non renseignée, Cass. 1re civ. 19 mai 2021, n° 20-12.520)",
  acknowledgement: 'de la dernière reconnaissance de dette',
};

function limitationBlocks(l: Limitation): Block[] {
  const blocks = [
    paragraph(`Date de prescription : ${fr(l.date)} (${l.period} à compter ${FROM_WHAT[l.fromWhat]} du ${fr(l.from)}, ${l.basis}).`, true),
    paragraph(
      "La mise en demeure n'interrompt pas la prescription. Une reconnaissance de dette par le débiteur (paiement partiel, engagement de payer, " +
        "échéancier) fait courir un nouveau délai (art. 2240 du Code civil) ; une demande en justice l'interrompt (art. 2241 du Code civil).",
    ),
  ];
  if (l.warning === 'expired') blocks.unshift(paragraph(`ATTENTION : la prescription est acquise depuis le ${fr(l.date)}, sauf interruption à établir.`, true));
  if (l.warning === 'soon') {
    blocks.unshift(paragraph(`ATTENTION : la prescription sera acquise le ${fr(l.date)} : agir en justice avant cette date.`, true));
  }
  return blocks;
}

/** From when the notice's deadline ran (the first presentation of the letter, C. civ. 1344) and when it expired. */
export function noticeCourse(notice: NonNullable<SummaryInput['view']['formalNotice']>): string {
  const p = notice.presentation;
  const expired = `délai de paiement expiré le ${fr(notice.deadline)}.`;
  if (!p) return expired;
  const returned = p.returned?.reason === 'unclaimed' ? `, retournée « avisé non réclamé » le ${fr(p.returned.on)}` : p.returned?.reason === 'refused' ? `, refusée (retour le ${fr(p.returned.on)})` : '';
  switch (p.basis) {
    case 'address_unknown':
      return `lettre retournée le ${fr(p.returned!.on)} : destinataire inconnu à l'adresse (NPAI). Le délai de paiement n'a pas couru : signifier au siège social ou rechercher la nouvelle adresse.`;
    case 'assumed':
      return `aucune nouvelle de La Poste à la fin de l'attente : première présentation retenue au ${fr(p.presentedOn!)} (la plus tardive possible) ; ${expired}`;
    case undefined:
      return `première présentation non encore rapportée ; ${expired}`;
    default:
      return `première présentation le ${fr(p.presentedOn!)}${p.deliveredOn ? `, distribuée le ${fr(p.deliveredOn)}` : ''}${returned} ; ${expired}`;
  }
}

function situationBlocks(s: SummaryInput): Block[] {
  const v = s.view;
  const items: string[] = [];
  const notice = v.formalNotice;
  if (notice) {
    const touch = v.touches.find((t) => t.stepId === notice.stepId);
    items.push(
      `Mise en demeure envoyée le ${fr(localDateTime(notice.sentAt, s.timeZone).date)}${touch?.trackingNumber ? ` par lettre recommandée avec AR n° ${touch.trackingNumber}` : ''} ; ${noticeCourse(notice)}`,
    );
  } else items.push("Aucune mise en demeure n'a été envoyée par ce dossier.");
  const made = v.promises.length;
  const broken = v.promises.filter((p) => p.status === 'broken').length;
  items.push(made ? `${made} promesse(s) de paiement, dont ${broken} non tenue(s).` : 'Aucune promesse de paiement obtenue.');
  if (v.plan) items.push(`Échéancier de ${v.plan.instalments.length} versements (${v.plan.status === 'broken' ? 'non respecté' : v.plan.status === 'completed' ? 'entièrement réglé' : 'en cours'}).`);
  items.push(v.disputes.length ? `${v.disputes.length} contestation(s) enregistrée(s) (détail ci-dessous).` : 'Aucune contestation enregistrée.');
  if (v.hardship) items.push('Le débiteur a déclaré des difficultés financières.');
  const calls = v.callTasks.filter((t) => t.outcome);
  items.push(`${v.callTasks.length} tâche(s) d'appel, ${calls.length} appel(s) passé(s), ${calls.filter((t) => t.outcome?.reached).length} interlocuteur(s) joint(s) ; détail dans call-notes.md.`);
  return [{ kind: 'list', items }];
}

function messagesTable(s: SummaryInput): Block {
  const rows = s.view.touches
    .map((t, i) => ({ t, doc: s.documents.find((d) => d.touch === i) }))
    .filter(({ t }) => t.channel === 'email' || t.channel === 'letter' || t.channel === 'sms')
    .map(({ t, doc }) => [
      shortDateTime(t.at, s.timeZone),
      s.labels.channels[t.channel] ?? t.channel,
      s.labels.templates[t.template as keyof Labels['templates']] ?? t.template,
      [t.to, say(RESULTS, t.result), t.trackingNumber && `LRAR ${t.trackingNumber}`].filter(Boolean).join(', '),
      // Why a copy is missing is in file.json; the table stays narrow.
      doc?.piece ? `n° ${doc.piece}` : doc ? 'sans copie' : '-',
    ]);
  if (!rows.length) return paragraph('Aucun courrier ni courriel envoyé.');
  return { kind: 'table', columns: [col('Date', 1.7), col('Canal', 1.1), col('Objet', 2.4), col('Destinataire, résultat', 2.8), col('Pièce', 1.4)], rows };
}

function promisesBlock(s: SummaryInput): Block {
  const money = (cents: number) => formatMoney(cents, s.claim.currency, 'fr');
  if (!s.view.promises.length) return paragraph('Aucune promesse de paiement.');
  return {
    kind: 'table',
    columns: [col('Obtenue le', 1.6), col('Pour le', 1.4), col('Montant', 1.2, 'right'), col('Statut', 1.4)],
    rows: s.view.promises.map((p) => [shortDateTime(p.madeAt, s.timeZone), fr(p.date), money(p.amountCents), `${say(PROMISE_STATUS, p.status)}${p.settlement ? ' (transaction)' : ''}`]),
  };
}

function disputesBlock(s: SummaryInput): Block {
  if (!s.view.disputes.length) return paragraph('Aucune contestation ouverte sur cette facture.');
  return {
    kind: 'table',
    columns: [col('Ouverte le', 1.5), col('Nature', 1.2), col('Motif', 3), col('Issue', 2)],
    rows: s.view.disputes.map((d) => [
      shortDateTime(d.openedAt, s.timeZone),
      say(DISPUTE_KIND, d.kind),
      [d.details, d.returnDetails && `retour : ${d.returnDetails}`].filter(Boolean).join(' ; '),
      [say(DISPUTE_STATUS, d.status), d.resolvedAt !== undefined && `le ${shortDateTime(d.resolvedAt, s.timeZone)}`, d.note].filter(Boolean).join(', '),
    ]),
  };
}

function callsBlock(s: SummaryInput): Block {
  if (!s.view.callTasks.length) return paragraph("Aucune tâche d'appel.");
  return {
    kind: 'table',
    columns: [col('Date', 1.6), col('Contact', 2), col('Résultat', 1.5), col('Motif, engagement', 3)],
    rows: s.view.callTasks.map((t) => {
      const o = t.outcome;
      const contact = s.view.contacts[t.contactIndex];
      return [
        shortDateTime(o && t.closedAt !== undefined ? t.closedAt : t.openedAt, s.timeZone),
        o?.contactName ?? contact?.name ?? '-',
        o ? (o.reached ? 'joint' : 'non joint') : 'appel non passé',
        [o?.reason && say(REASONS, o.reason), o?.promise && `promesse ${formatMoney(o.promise.amountCents, s.claim.currency, 'fr')} le ${fr(o.promise.date)}`, o?.dispute && 'contestation']
          .filter(Boolean)
          .join(' ; ') || '-',
      ];
    }),
  };
}

function contactsBlock(s: SummaryInput): Block {
  return {
    kind: 'list',
    items: s.view.contacts.map((c) =>
      [c.name, `(${say(ROLES, c.role)})`, c.phone, c.email && `${c.email}${s.view.badEmails.includes(c.email) ? ' [adresse rejetée]' : ''}`].filter(Boolean).join(' '),
    ),
  };
}

function timelineBlock(s: SummaryInput): Block {
  if (!s.timeline.length) return paragraph('Historique non transmis.');
  return {
    kind: 'table',
    columns: [col('Date', 1.5), col('Événement', 2), col('Détail', 5)],
    rows: s.timeline.map((e) => [`${e.date.split('-').reverse().join('/')} ${e.time}`, e.label, e.detail || '-']),
  };
}

/** The list of exhibits (bordereau de pièces): every copy of a message sent, numbered. */
function exhibitsBlock(s: SummaryInput): Block {
  const rows = s.documents
    .filter((d) => d.piece)
    .map((d) => [`n° ${d.piece}`, `${s.labels.channels[d.channel]} du ${fr(d.date)} (${s.labels.templates[d.template as keyof Labels['templates']] ?? d.template})`, d.files.join('\n')]);
  if (!rows.length) return paragraph('Aucune copie de courrier ou de courriel au dossier.');
  return { kind: 'table', columns: [col('Pièce', 0.8), col('Document', 3.6), col('Fichier', 3.6)], rows };
}

function sections(s: SummaryInput): Array<{ title: string; blocks: Block[] }> {
  return [
    {
      title: '1. Créance',
      blocks: [
        claimTable(s),
        paragraph(
          s.claim.indemnityCents
            ? "Pénalités calculées par jour sur le principal restant dû, dès le lendemain de l'échéance et sans rappel (art. L441-10 du Code de commerce) ; indemnité forfaitaire due par tout professionnel en retard (art. D441-5)."
            : "Pénalités calculées par jour sur le principal restant dû ; débiteur consommateur : pas d'indemnité forfaitaire.",
        ),
      ],
    },
    { title: '2. Prescription', blocks: limitationBlocks(s.limitation) },
    { title: '3. Voie suggérée', blocks: [paragraph(`Voie suggérée : ${s.route.label}.`, true), { kind: 'list', items: s.route.notes }] },
    { title: '4. Mandat et frais', blocks: MANDATE_NOTE.map((t) => paragraph(t)) },
    { title: '5. Situation du dossier', blocks: situationBlocks(s) },
    { title: '6. Courriers et courriels envoyés', blocks: [messagesTable(s)] },
    { title: '7. Appels', blocks: [callsBlock(s)] },
    { title: '8. Promesses de paiement', blocks: [promisesBlock(s)] },
    { title: '9. Contestations', blocks: [disputesBlock(s)] },
    { title: '10. Contacts du débiteur', blocks: [contactsBlock(s)] },
    { title: '11. Chronologie', blocks: [timelineBlock(s), paragraph(`Heures locales du débiteur (${s.timeZone}).`)] },
    { title: '12. Pièces du dossier', blocks: [{ kind: 'list', items: s.contents }, exhibitsBlock(s)] },
  ];
}

/** Keep-with-next: the heading moves to the next page unless what starts its section fits below it. */
function drawHeading(doc: PDFKit.PDFDocument, title: string, first: Block | undefined): void {
  doc.font(FONT.bold).fontSize(SIZE.body + 2);
  const own = 6 + doc.heightOfString(title, { width: CONTENT_WIDTH }) + 7;
  if (doc.y + own + firstRoom(doc, first) > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.y += 6;
  doc.font(FONT.bold).fontSize(SIZE.body + 2).text(title, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  doc.moveTo(MARGIN.left, doc.y + 1).lineTo(MARGIN.left + CONTENT_WIDTH, doc.y + 1).lineWidth(0.5).stroke();
  doc.y += 6;
}

/** Top right: what this document is, its reference and date. */
function drawFileBox(doc: PDFKit.PDFDocument, s: SummaryInput): number {
  const x = WINDOW.x;
  const width = WINDOW.width;
  doc.font(FONT.bold).fontSize(SIZE.body + 1).text('DOSSIER CONTENTIEUX', x, mm(16), { width });
  const lines = [
    `Référence : ${s.reference}`,
    `Facture : ${s.view.invoice.invoiceId}`,
    `${s.creditor.place}, le ${fr(s.today)}`,
    `Suivi par : ${s.creditor.collector.name}`,
    [s.creditor.collector.phone, s.creditor.collector.email].filter(Boolean).join(' – '),
  ];
  doc.font(FONT.regular).fontSize(SIZE.body).text(lines.join('\n'), x, doc.y + 3, { width, lineGap: 1.5 });
  return doc.y;
}

export async function renderSummaryPdf(s: SummaryInput, opts: { draft?: boolean } = {}): Promise<Buffer> {
  const doc = createPdf({
    title: `Dossier contentieux ${s.view.invoice.invoiceId}`,
    author: s.creditor.companyName,
    subject: 'litigation file',
    keywords: `${s.view.invoice.invoiceId} ${s.reference}`,
    date: s.today,
  });
  const top = Math.max(drawLetterhead(doc, s.creditor, s.labels), drawFileBox(doc, s)) + mm(8);
  doc.font(FONT.bold).fontSize(SIZE.heading).text('Transmission au contentieux', MARGIN.left, top, { width: CONTENT_WIDTH, align: 'center' });
  const debtor = s.view.invoice.debtor;
  const partiesBottom = drawParties(
    doc,
    {
      creditor: s.creditor,
      debtor: { name: debtor.name, address: debtor.address ?? { lines: ['(adresse postale inconnue)'], postalCode: '', city: '', country: s.creditor.address.country } },
      debtorSiren: debtor.siren,
      debtorExtra: [debtor.kind === 'consumer' ? 'Consommateur' : 'Professionnel'],
      labels: s.labels,
      lang: 'fr',
    },
    doc.y + mm(4),
  );
  doc.y = partiesBottom + mm(3);
  for (const section of sections(s)) {
    drawHeading(doc, section.title, section.blocks[0]);
    drawBlocks(doc, section.blocks);
  }
  drawFooters(doc, s.creditor, s.labels);
  if (opts.draft) drawDraftMark(doc); // the approver's draft (docs/field.md)
  return finishPdf(doc);
}
