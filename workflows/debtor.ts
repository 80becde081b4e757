import { continueAsNew, patched, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import { planDebtor } from '../domain/debtor/plan';
import { reduceDebtor } from '../domain/debtor/reduce';
import { initialDebtorState, type DebtorEvent, type DebtorState } from '../domain/debtor/state';
import { describeDebtor } from '../domain/debtor/describe';
import { debtorRunInput } from './debtor/input';
import { registerDebtorHandlers, type DebtorRun } from './debtor/handlers';
import { takeDebtorStep } from './debtor/steps';
import type { DebtorInput } from './messages';
import { handlersDone, historyFull, News } from './shell';
import { InFlightSends } from './sends';
import { CALL_RULES, CORE_V2, SEND_WINDOW, SYNC_DELTAS, v1 } from './versions';

/**
 * One long-running workflow per debtor (`debtor-<debtorId>`), started by the first invoice that
 * reaches out to it (signal-with-start). It sends the touches its invoices hand it, merging those
 * of one channel due within the merge window into one message or one call task, keeps the call
 * limits per debtor, and splits merged call outcomes and payments back to the invoices.
 */
export async function debtorWorkflow(input: DebtorInput): Promise<{ debtorId: string; invoices: number }> {
  if (!patched(CORE_V2)) return v1().runDebtorV1(input);
  const { debtorId, policy, resume, maxHistoryEvents } = debtorRunInput(input);
  let state: DebtorState = resume ?? initialDebtorState(debtorId, Date.now(), workflowInfo().firstExecutionRunId);
  // Runs started before the call rules keep the old ones (their histories replay unchanged).
  if (!patched(CALL_RULES)) state = { ...state, legacyCalls: true };
  // Asked at every run's start: a chain begun before reads deltas from its next run on, and tells
  // the open invoices it already holds at once (else only invoices new to it would ever be told).
  if (patched(SYNC_DELTAS)) state = resume && !resume.deltas ? reduceDebtor(state, { type: 'deltas_read', at: Date.now() }, policy) : { ...state, deltas: true };
  const news = new News();
  const run: DebtorRun = {
    state: () => state,
    policy,
    sends: new InFlightSends(),
    dispatch: (e: DebtorEvent) => {
      state = reduceDebtor(state, e, policy);
      news.bump();
    },
  };
  registerDebtorHandlers(run);

  for (;;) {
    // Only between steps: nothing in flight, every notice queued so far is in the carried state.
    if (historyFull(maxHistoryEvents)) {
      await handlersDone();
      return continueAsNew<typeof debtorWorkflow>({ ...input, resume: state });
    }
    const since = news.version;
    run.sendWindow = patched(SEND_WINDOW);
    const step = planDebtor(state, policy, Date.now(), run.sendWindow);
    setCurrentDetails(describeDebtor(state, step, policy));
    if (step.kind === 'close') break;
    await takeDebtorStep(run, news, step, since);
  }
  await handlersDone();
  return { debtorId: state.debtorId, invoices: Object.keys(state.invoices).length };
}
