import { continueAsNew, patched, upsertMemo, workflowInfo } from '@temporalio/workflow';
import { planInvoice, type InvoiceStep } from '../domain/dunning/coordinated';
import { initialState } from '../domain/dunning/init';
import { catchUpEvents } from '../domain/dunning/plan';
import { reduce } from '../domain/dunning/reduce';
import type { DunningEvent, DunningState } from '../domain/dunning/state';
import { coordinatedInvoiceMemo, invoiceMemo } from './memo';
import { registerInvoiceHandlers, type InvoiceRun } from './dunning/handlers';
import { invoiceRunInput, refuseChannelsWithoutAdapter } from './dunning/input';
import { createPublisher } from './dunning/publish';
import { takeInvoiceStep } from './dunning/steps';
import type { DunningInput, DunningResult } from './messages';
import { handlersDone, historyFull, News } from './shell';
import { InFlightSends } from './sends';
import { CALL_RULES, CORE_V2, DISPUTE_DEADLINE, FIELD_RULES, NOTICE_PRESENTATION, v1 } from './versions';

/** One durable workflow per unpaid invoice: plan the next step, wait for it or for news, run it. */
export async function dunningWorkflow(input: DunningInput): Promise<DunningResult> {
  if (!patched(CORE_V2)) return v1().runInvoiceV1(input);
  const { invoice, policy, resume, coordinated, maxHistoryEvents } = invoiceRunInput(input);
  let state: DunningState = resume ?? initialState(workflowInfo().workflowId, invoice, Date.now());
  // Runs started before the call rules keep the old ones (their histories replay unchanged).
  if (!patched(CALL_RULES)) state = { ...state, legacyCalls: true };
  else if (!resume) refuseChannelsWithoutAdapter(policy);
  // Runs started before count the notice's deadline from its sending day (their histories replay unchanged).
  if (!patched(NOTICE_PRESENTATION)) state = { ...state, noticeFromSending: true };
  if (!resume && patched(FIELD_RULES)) state = { ...state, fieldRules: true };
  if (!resume && patched(DISPUTE_DEADLINE)) state = { ...state, disputeDeadlines: true };
  const news = new News();
  const run: InvoiceRun = {
    state: () => state,
    policy,
    policyInput: input.policy,
    sends: new InFlightSends(),
    dispatch: (e: DunningEvent) => {
      state = reduce(state, e, policy);
      news.bump();
    },
    syncs: {},
  };
  registerInvoiceHandlers(run);
  if (!resume) {
    // The CLI sets the memo at start; a run started another way gets it here.
    if (!workflowInfo().memo?.invoice) upsertMemo(coordinated ? coordinatedInvoiceMemo(invoice) : invoiceMemo(invoice));
    for (const e of catchUpEvents(state, policy, Date.now())) run.dispatch(e);
  }
  const publish = createPublisher();

  for (;;) {
    if (historyFull(maxHistoryEvents)) {
      await handlersDone();
      return continueAsNew<typeof dunningWorkflow>({ ...input, resume: state });
    }
    const since = news.version; // read before any await of this step: no news is missed
    const step = planInvoice(state, policy, Date.now(), coordinated);
    publish(state, policy, Date.now(), nextOf(step));
    if (step.kind === 'finish') break;
    await takeInvoiceStep(run, step, { news, since, debtorMaxHistoryEvents: input.debtorMaxHistoryEvents });
  }
  await handlersDone();
  return resultOf(state);
}

function nextOf(step: InvoiceStep): { at: number; description: string } | undefined {
  if (step.kind === 'perform') return step.action;
  if (step.kind === 'await_debtor') return { at: step.at, description: step.description };
  return undefined;
}

function resultOf(state: DunningState): DunningResult {
  return {
    invoiceId: state.invoice.invoiceId,
    outcome: state.outcome!,
    stage: state.stage,
    amountDueCents: state.amountDueCents,
    paidCents: state.paidCents,
    closedAt: new Date(state.closedAt ?? Date.now()).toISOString(),
    reason: state.closeReason ?? state.litigation.reason,
    litigationReference: state.litigation.reference,
  };
}
