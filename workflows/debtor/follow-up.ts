import type { EmailRequest } from '../../activities/types';
import { shareOf } from '../../domain/debtor/calls';
import { debtorTz, mergedFacts, oldestDue } from '../../domain/debtor/grouping';
import { agreementOf } from '../../domain/dunning/facts';
import type { DebtorState, FollowUp } from '../../domain/debtor/state';
import type { Policy } from '../../domain/policy/schema';

/** The follow-up email of a merged call: what was agreed, invoice by invoice; undefined without an address. */
export function followUpRequest(s: DebtorState, policy: Policy, f: FollowUp, at: number, workflowId: string): EmailRequest | undefined {
  const members = f.invoiceIds.map((id) => s.invoices[id]).filter(Boolean);
  if (!members.length) return undefined;
  const lead = oldestDue(members);
  if (!lead.recipient) return undefined;
  const o = f.outcome;
  const tz = debtorTz(s, policy);
  // What was agreed, invoice by invoice, as data: the template words it in the debtor's language.
  const agreements = members.map((m) => agreementOf(m.invoiceId, shareOf(o, m.invoiceId, '', m.amountDueCents)));
  const stepId = f.id;
  return {
    idempotencyKey: `${workflowId}/${stepId}`,
    workflowId,
    stepId,
    template: 'call_followup',
    tone: 'friendly_firm',
    language: lead.invoice.debtor.language,
    invoice: lead.invoice,
    to: lead.recipient,
    attachInvoicePdf: false,
    onUncertain: policy.sends.onUncertain,
    facts: {
      ...mergedFacts(members, at, tz),
      callSummary: { reached: o.reached, contactName: o.contactName, notes: o.notes, ...(o.reached ? { agreements } : {}) },
    },
  };
}
