import type { EmailRequest } from '../../activities/types';
import { debtorTz, mergedFacts, oldestDue } from '../../domain/debtor/grouping';
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
  const agreed = f.results.map((r) => {
    const share = o.shares.find((x) => x.invoiceId === r.invoiceId);
    const p = o.promiseAll ? { date: o.promiseAll.date } : share?.promise;
    return `${r.invoiceId}: ${p ? `payment by ${p.date}` : share?.dispute ? `dispute (${share.dispute.kind}) ${share.dispute.details}` : share?.plan ? 'payment plan' : r.outcome}`;
  });
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
      callSummary: { reached: o.reached, contactName: o.contactName, notes: [o.notes, ...agreed].filter(Boolean).join('\n') },
      promise: o.promiseAll ? { date: o.promiseAll.date, amountCents: members.reduce((t, m) => t + m.amountDueCents, 0) } : undefined,
    },
  };
}
