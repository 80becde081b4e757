import { patched, workflowInfo } from '@temporalio/workflow';
import { briefActivities, sendFailure } from '../shell';
import { MERGED_CALL_BRIEF } from '../versions';
import type { DebtorRun } from './handlers';

/**
 * The one brief file of a merged call (domain.md §4), for every invoice in it. Ids only: the
 * activity reads the debtor's and the invoices' states by query. A convenience: the task stands
 * without it (`dunning brief` prints it on demand).
 */
export async function writeMergedBrief(run: DebtorRun, debtorTaskId: string): Promise<void> {
  // Runs recorded before wrote no brief: the step only clears the flag, no command.
  if (!patched(MERGED_CALL_BRIEF)) return run.dispatch({ type: 'call_brief_ready', at: Date.now(), debtorTaskId });
  const task = run.state().callTasks.find((t) => t.debtorTaskId === debtorTaskId);
  const count = Object.keys(task?.tasks ?? {}).length;
  try {
    const { path } = await briefActivities.prepareDebtorCallBrief.executeWithOptions({ summary: `Call brief for ${debtorTaskId} (one call for ${count} invoices)` }, [
      { debtorWorkflowId: workflowInfo().workflowId, debtorTaskId },
    ]);
    run.dispatch({ type: 'call_brief_ready', at: Date.now(), debtorTaskId, path });
  } catch (err) {
    run.dispatch({ type: 'call_brief_ready', at: Date.now(), debtorTaskId, error: sendFailure(err).error });
  }
}
