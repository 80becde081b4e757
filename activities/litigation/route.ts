/**
 * The judicial route suggested by the amount (domain.md §8, seed 000):
 * - up to EUR 5,000 in principal and interest: the simplified small-claims procedure, run by a
 *   commissaire de justice (CPCE L125-1, R125-1); it needs the debtor's agreement within a month,
 *   failing which the payment order below remains open;
 * - above: a payment order (injonction de payer) at the commercial court, or the judicial court
 *   for a consumer;
 * - in both cases a référé-provision is worth mentioning when the debt cannot seriously be
 *   contested, i.e. no dispute was ever opened on this invoice.
 */
import type { Invoice } from '../../domain/invoice/schema';
import type { Claim } from './claim';
import type { DunningView as LitigationView } from '../../domain/views/read-model';
import type { Limitation } from './limitation';

export const SMALL_CLAIMS_MAX_CENTS = 500_000;

export interface Route {
  code: 'small_claims' | 'payment_order';
  label: string;
  /** Principal still due + penalties: the amount the EUR 5,000 threshold is read against. */
  thresholdBasisCents: number;
  /** No dispute ever opened: a summary claim for an advance (référé-provision) is open too. */
  refereProvision: boolean;
  /** Explanations printed in the summary. */
  notes: string[];
}

export function suggestRoute(invoice: Invoice, claim: Claim, view: Pick<LitigationView, 'disputes'>, limitation?: Limitation): Route {
  const consumer = invoice.debtor.kind === 'consumer';
  const court = consumer ? 'tribunal judiciaire' : 'tribunal de commerce';
  const basis = claim.amountDueCents + claim.penaltiesCents;
  const refereProvision = view.disputes.length === 0;
  const notes: string[] = [];
  let code: Route['code'];
  let label: string;
  if (basis <= SMALL_CLAIMS_MAX_CENTS) {
    code = 'small_claims';
    label = 'procédure simplifiée de recouvrement des petites créances (commissaire de justice)';
    notes.push(
      'Créance contractuelle inférieure ou égale à 5 000 € en principal et intérêts : procédure simplifiée de recouvrement des petites créances ' +
        '(art. L125-1 du Code des procédures civiles d\'exécution), engagée par un commissaire de justice.',
      `Sans accord du débiteur dans le mois, requête en injonction de payer auprès du ${court}.`,
    );
  } else {
    code = 'payment_order';
    label = `injonction de payer (${court})`;
    notes.push(`Créance supérieure à 5 000 € : requête en injonction de payer auprès du ${court} (art. 1405 et suivants du Code de procédure civile).`);
    if (!consumer) notes.push('Si le débiteur n\'est pas commerçant (profession libérale, association), le tribunal judiciaire est compétent.');
  }
  if (refereProvision) {
    notes.push(
      `Aucune contestation n'a été ouverte sur cette facture : l'obligation n'apparaît pas sérieusement contestable, un référé-provision est envisageable ` +
        `(art. ${consumer ? '835' : '873'} alinéa 2 du Code de procédure civile).`,
    );
  } else {
    notes.push('Une contestation a été ouverte sur cette facture (voir ci-dessous) : le référé-provision est à écarter si elle reste sérieuse.');
  }
  // Limitation (L110-4, L218-2): a claim in court interrupts it (C. civ. 2241), a formal notice does not.
  if (limitation?.warning === 'expired') {
    notes.unshift(`Prescription acquise le ${limitation.date} sauf interruption ou reconnaissance de dette à établir : vérifier avant toute action.`);
  } else if (limitation?.warning === 'soon') {
    notes.unshift(`Prescription le ${limitation.date} : saisir le juge (requête en injonction de payer ou assignation, art. 2241 du Code civil) avant cette date ; ne pas attendre l'issue d'une démarche amiable.`);
  }
  return { code, label, thresholdBasisCents: basis, refereProvision, notes };
}

/** The one line returned in the receipt and kept in the workflow's trace. */
export function routeLine(route: Route): string {
  return route.refereProvision ? `${route.label} ; référé-provision possible (créance non sérieusement contestable)` : route.label;
}
