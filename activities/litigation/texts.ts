import type { TraceKind } from '../../domain/dunning/state';

/**
 * Wording of the litigation file. It goes to a French litigation partner (agency, commissaire de
 * justice, lawyer), so it is written in French whatever the debtor's language.
 */

/** domain.md §6 (seed 000): never charge the debtor illegal fees. */
export const MANDATE_NOTE = [
  "Mandat : une société de recouvrement agissant pour le compte du créancier adresse d'abord au débiteur une lettre " +
    "indiquant son mandat (identité du créancier, fondement et décompte de la créance) et précisant qu'aucun frais de " +
    "recouvrement n'est dû par le débiteur (art. R124-4 et L111-8 du Code des procédures civiles d'exécution).",
  "Les frais de recouvrement amiable restent à la charge du créancier ; l'indemnité forfaitaire de 40 € (art. D441-5 " +
    "du Code de commerce) fait partie de la créance du créancier et n'est pas une rémunération de l'agence.",
];

/** Every kind the reducer traces has its French label: a new kind fails to compile until it has one. */
export const TRACE_KINDS: Record<TraceKind, string> = {
  started: 'Ouverture du dossier',
  touch: 'Envoi',
  email_bounced: 'Courriel rejeté',
  call_task_opened: "Tâche d'appel ouverte",
  call_task_reopened: "Tâche d'appel réassignée",
  call_task_missed: 'Appel non passé',
  call_task_cancelled: "Tâche d'appel annulée",
  call: 'Appel',
  promise: 'Promesse de paiement',
  promise_kept: 'Promesse tenue',
  promise_broken: 'Promesse non tenue',
  payment: 'Règlement reçu',
  payment_duplicate: 'Règlement en double (ignoré)',
  payment_plan: 'Échéancier convenu',
  plan_proposed: "Échéancier proposé",
  settlement: 'Transaction',
  dispute_opened: 'Contestation ouverte',
  dispute_resolved: 'Contestation close',
  dispute_overdue: 'Contestation non résolue dans le délai',
  paused: 'Suspension',
  resumed: 'Reprise',
  contact_changed: 'Nouveau contact',
  contact_escalated: 'Contact escaladé',
  notice_letter: 'Suivi de la mise en demeure (lettre recommandée)',
  litigation_decided: 'Transmission au contentieux décidée',
  litigation_handoff: 'Transmission au contentieux',
  send_failed: "Échec d'envoi",
  step_skipped: 'Étape sautée',
  catch_up: 'Reprise tardive de la relance',
  signal_rejected: 'Message refusé',
  closed: 'Clôture',
  ignored: 'Information tardive ignorée',
  call_back: 'Rappel convenu avec le débiteur',
  creditor_escalated: 'Appels confiés au dirigeant du créancier',
  litigation_handoff_failed: 'Échec de la transmission au contentieux',
  debtor_sent: 'Envoi groupé',
  debtor_done: 'Suivi groupé du débiteur',
  debtor_silent: 'Suivi groupé du débiteur sans réponse',
  sms_opted_out: 'Opposition aux SMS (STOP)',
  account_hold: 'Compte client bloqué ou débloqué',
  visit_task_opened: 'Visite à faire',
  visit_task_missed: 'Visite non faite',
  visit: 'Visite',
  approval_opened: 'Approbation demandée',
  approval_reminded: "Relance de l'approbateur",
  approval_decided: 'Décision sur l’approbation',
};

export const OUTCOMES: Record<string, string> = {
  paid: 'payée',
  settled: 'transaction exécutée',
  cancelled: 'annulée',
  credited: 'avoir émis',
  litigation: 'contentieux',
  insolvency: 'procédure collective',
};

export const TASK_STATUS: Record<string, string> = {
  open: 'ouverte',
  done: 'appel passé',
  missed: "non passé dans le délai",
  superseded: 'remplacée par une tâche suivante',
  cancelled: 'annulée',
};

export const PROMISE_STATUS: Record<string, string> = {
  pending: 'en attente',
  kept: 'tenue',
  broken: 'non tenue',
  superseded: 'remplacée',
};

export const DISPUTE_STATUS: Record<string, string> = {
  open: 'ouverte',
  resumed: 'rejetée ou réglée, relance reprise',
  credited: 'avoir émis',
};

export const DISPUTE_KIND: Record<string, string> = {
  administrative: 'administrative',
  commercial: 'commerciale',
  technical: 'technique',
};

export const REASONS: Record<string, string> = {
  forgot: 'oubli',
  not_received: 'facture non reçue',
  cannot_pay: 'ne peut pas payer maintenant',
  invoice_wrong: 'facture contestée',
  goods_returned: 'marchandise retournée',
  customer_not_paid: "son propre client ne l'a pas payé",
  in_progress: 'paiement « en cours » (sans date)',
  refused: 'refus de payer',
  other: 'autre',
};

export const ROLES: Record<string, string> = {
  accounts_payable: 'comptabilité fournisseurs',
  purchasing: 'achats',
  manager: 'dirigeant',
  sales: 'commercial',
  other: 'autre',
};

export const ASSIGNEES: Record<string, string> = {
  sales_rep: 'commercial',
  collector: 'chargé de recouvrement',
  credit_controller: 'responsable crédit client',
  manager: 'dirigeant du créancier',
};

export const RESULTS: Record<string, string> = {
  sent: 'envoyé',
  reached: 'joint',
  unreached: 'non joint',
  bounced: 'rejeté',
  uncertain: 'envoi à vérifier',
  failed: 'échec',
};

/** A label, or the raw code when the table has none (a new kind must never break the file). */
export const say = (table: Record<string, string>, code: string | undefined): string => (code ? (table[code] ?? code) : '');
