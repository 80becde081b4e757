import { initialState } from '../../domain/dunning/init';
import { InvoiceSchema, type InvoiceInput } from '../../domain/invoice/schema';
import { sampleInvoice as fixtureInvoice } from './fixtures';
import type { CallTask, DunningState } from '../../domain/dunning/state';
import type { DunningView } from '../../workflows/messages';

/** The fixture invoice with the details the brief shows (order, payment behaviour). */
export function sampleInvoice(over: Partial<InvoiceInput> = {}): InvoiceInput {
  const base = fixtureInvoice();
  return {
    ...base,
    orderRef: 'PO-881',
    debtor: {
      ...base.debtor,
      paymentBehaviour: 'occasional_late',
      contacts: [
        { name: 'Claire Martin', role: 'accounts_payable', email: 'ap@acme.example', phone: '+33 1 99 00 45 67' },
        { name: 'Paul Durand', role: 'manager', email: 'paul.durand@acme.example', phone: '+33 6 99 00 56 78' },
      ],
    },
    ...over,
  };
}

/** A `getState` answer built by hand, for pure tests of what the CLI shows (brief, worklist). */
export function viewOf(
  over: Partial<DunningState> & { now?: string; daysPastDue?: number; penaltiesCents?: number; openTask?: CallTask } = {},
  invoice: Partial<InvoiceInput> = {},
): DunningView {
  const inv = InvoiceSchema.parse(sampleInvoice(invoice));
  const startedAt = Date.parse('2027-02-01T08:00:00Z');
  const base = initialState(`dunning-${inv.invoiceId}`, inv, startedAt);
  const { now, daysPastDue, penaltiesCents, openTask, ...state } = over;
  const s: DunningState = { ...base, ...state };
  const task = openTask ?? s.callTasks.find((t) => t.status === 'open');
  return {
    ...s,
    callTasks: openTask && !s.callTasks.includes(openTask) ? [...s.callTasks, openTask] : s.callTasks,
    now: now ?? '2027-02-20T09:30:00Z',
    penaltiesCents: penaltiesCents ?? 0,
    indemnityCents: inv.debtor.kind === 'professional' ? 4000 : 0,
    daysPastDue: daysPastDue ?? 17,
    openTask: task,
    next: undefined,
    policyName: 'default',
  };
}

export function callTask(over: Partial<CallTask> = {}): CallTask {
  return {
    taskId: 'call_1-1',
    kind: 'reminder',
    stepId: 'call_1',
    script: 'call_1',
    tone: 'friendly_firm',
    objective: 'Qualify the debtor and get a dated promise to pay.',
    assignee: 'collector',
    contactIndex: 0,
    openedAt: Date.parse('2027-02-10T09:00:00Z'),
    dueBy: Date.parse('2027-02-12T09:00:00Z'),
    reopened: 0,
    status: 'open',
    ...over,
  };
}
