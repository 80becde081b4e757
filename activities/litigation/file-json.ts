/** file.json: the whole file, machine-readable, for the partner's systems (amounts in integer cents, instants in ISO 8601 UTC). */
import type { LitigationCase } from './case';
import type { FiledDocument } from './documents';
import { routeLine } from './route';
import { MANDATE_NOTE } from './texts';

export const FILE_FORMAT = 'dunning-litigation-file/1';

export interface FileParts extends LitigationCase {
  documents: FiledDocument[];
}

const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());

export function buildFileJson(p: FileParts) {
  const { view, creditor } = p;
  const inv = view.invoice;
  const filesOf = (index: number) => p.documents.find((d) => d.touch === index);
  return {
    format: FILE_FORMAT,
    reference: p.reference,
    idempotencyKey: p.idempotencyKey,
    workflowId: p.workflowId,
    preparedOn: p.today,
    timeZone: p.timeZone,
    creditor: {
      companyName: creditor.companyName,
      legalForm: creditor.legalForm,
      rcs: creditor.rcs,
      siren: creditor.siren,
      vatNumber: creditor.vatNumber,
      address: creditor.address,
      phone: creditor.phone,
      email: creditor.email,
      collector: { name: creditor.collector.name, email: creditor.collector.email, phone: creditor.collector.phone },
      bank: { iban: creditor.bank.iban, bic: creditor.bank.bic },
    },
    debtor: {
      debtorId: inv.debtor.debtorId,
      name: inv.debtor.name,
      kind: inv.debtor.kind,
      siren: inv.debtor.siren,
      address: inv.debtor.address,
      language: inv.debtor.language,
      paymentBehaviour: inv.debtor.paymentBehaviour,
    },
    contacts: view.contacts.map((c, i) => ({ ...c, active: i === view.activeContact, emailRejected: Boolean(c.email && view.badEmails.includes(c.email)) })),
    invoice: {
      invoiceId: inv.invoiceId,
      issueDate: inv.issueDate,
      dueDate: inv.dueDate,
      amountCents: inv.amountCents,
      currency: inv.currency,
      description: inv.description,
      orderRef: inv.orderRef,
      orderDate: inv.orderDate,
      deliveryDate: inv.deliveryDate,
    },
    claim: p.claim,
    payments: { paymentIds: view.paymentIds, paidCents: view.paidCents, unappliedCents: view.unappliedCents, balances: view.balances },
    limitation: p.limitation,
    route: { ...p.route, line: routeLine(p.route) },
    mandateNote: MANDATE_NOTE,
    litigation: { reason: view.litigation.reason, decidedAt: iso(view.litigation.announcedAt) },
    formalNotice: view.formalNotice && {
      sentAt: iso(view.formalNotice.sentAt),
      deadline: view.formalNotice.deadline,
      stepId: view.formalNotice.stepId,
      trackingNumber: view.formalNotice.trackingNumber,
      // The deadline's start (the first presentation: reported, assumed, or none: address unknown); absent when it ran from the sending day.
      presentation: view.formalNotice.presentation && { ...view.formalNotice.presentation, waitUntil: iso(view.formalNotice.presentation.waitUntil) },
    },
    touches: view.touches.map((t, i) => ({
      at: iso(t.at),
      stepId: t.stepId,
      channel: t.channel,
      template: t.template,
      tone: t.tone,
      to: t.to,
      result: t.result,
      amountDueCents: t.amountDueCents,
      messageId: t.messageId,
      trackingNumber: t.trackingNumber,
      files: filesOf(i)?.files ?? [],
      missingCopy: filesOf(i)?.missing,
    })),
    callTasks: view.callTasks.map((t) => ({ ...t, openedAt: iso(t.openedAt), dueBy: iso(t.dueBy), closedAt: iso(t.closedAt) })),
    promises: view.promises.map((pr) => ({ ...pr, madeAt: iso(pr.madeAt) })),
    brokenPromises: view.brokenPromises,
    hardship: view.hardship,
    plan: view.plan && { ...view.plan, agreedAt: iso(view.plan.agreedAt) },
    settlement: view.settlement && { ...view.settlement, agreedAt: iso(view.settlement.agreedAt) },
    disputes: view.disputes.map((d) => ({ ...d, openedAt: iso(d.openedAt), resolvedAt: iso(d.resolvedAt) })),
    timeline: p.timeline,
    documents: p.documents,
  };
}
export type LitigationFile = ReturnType<typeof buildFileJson>;
