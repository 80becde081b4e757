import { initialState } from '../../domain/dunning/init';
import { InvoiceSchema } from '../../domain/invoice/schema';
import { BRIEF_DETAILS, sampleInvoice, type InvoiceOverrides } from './fixtures';
import type { CallTask, DunningState } from '../../domain/dunning/state';
import type { DunningView } from '../../workflows/messages';

/** A `getState` answer built by hand, for pure tests of what the CLI shows (brief, worklist). */
export function viewOf(
  over: Partial<DunningState> & { now?: string; daysPastDue?: number; penaltiesCents?: number; openTask?: CallTask } = {},
  invoice: InvoiceOverrides = {},
): DunningView {
  const inv = InvoiceSchema.parse(sampleInvoice(BRIEF_DETAILS, invoice));
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
