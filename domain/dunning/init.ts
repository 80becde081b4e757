import { addDays } from '../time/calendar';
import type { Invoice } from '../invoice/schema';
import type { DunningState } from './state';

export function initialState(workflowId: string, invoice: Invoice, startedAt: number): DunningState {
  const due = invoice.amountDueCents ?? invoice.amountCents;
  return {
    workflowId,
    invoice,
    startedAt,
    stage: 'pre_due',
    activeStage: 'pre_due',
    amountDueCents: due,
    paidCents: invoice.amountCents - due,
    creditedCents: 0,
    unappliedCents: 0,
    // Penalties run from the day after the due date, without any reminder (§8).
    balances: [{ from: addDays(invoice.dueDate, 1), amountCents: due }],
    paymentIds: [],
    contacts: [...invoice.debtor.contacts],
    activeContact: 0,
    badEmails: [],
    nextStepIndex: 0,
    skippedSteps: [],
    cadenceShiftMs: 0,
    touches: [],
    callTasks: [],
    callAttempts: 0,
    consecutiveUnreached: 0,
    promises: [],
    disputes: [],
    hardship: false,
    brokenPromises: 0,
    followUps: [],
    pending: [],
    litigation: {},
    trace: [{ at: startedAt, stage: 'pre_due', kind: 'started', detail: `${invoice.invoiceId}: ${due} cents due ${invoice.dueDate}` }],
    seq: 0,
  };
}
