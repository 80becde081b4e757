import { workflowInfo } from '@temporalio/workflow';
import type { Action } from '../../domain/dunning/plan';
import { briefActivities, sendFailure } from '../shell';
import type { InvoiceRun } from './handlers';

type FieldStep = Extract<Action, { kind: 'open_visit' | 'open_approval' | 'remind_approval' }>;

/**
 * Visits and approvals (docs/field.md), in both modes the invoice's own: the task opens (an event),
 * then its document is written (an activity). A document that cannot be written does not hold the
 * task: the failure is left to the activity's retries, then ignored.
 */
export async function performField(run: InvoiceRun, a: FieldStep, at: number): Promise<void> {
  const workflowId = workflowInfo().workflowId;
  if (a.kind === 'open_visit') {
    run.dispatch({ type: 'visit_task_opened', at, task: a.task, stepIndex: a.stepIndex });
    const doc = await attempt(() => briefActivities.prepareVisitBrief.executeWithOptions({ summary: `Visit brief for ${a.task.taskId}` }, [{ workflowId, taskId: a.task.taskId }]));
    if (doc) run.dispatch({ type: 'visit_brief_ready', at: Date.now(), taskId: a.task.taskId, path: doc.path });
    return;
  }
  if (a.kind === 'open_approval') {
    run.dispatch({ type: 'approval_opened', at, approvalId: a.approvalId, step: a.step, approver: a.approver });
    const doc = await attempt(() => briefActivities.prepareApprovalDraft.executeWithOptions({ summary: `Draft of the ${a.step.replace('_', ' ')} for approval` }, [{ workflowId, approvalId: a.approvalId }]));
    if (doc) run.dispatch({ type: 'approval_draft_ready', at: Date.now(), approvalId: a.approvalId, path: doc.path });
    return;
  }
  const n = (run.state().approvals?.find((x) => x.approvalId === a.approvalId)?.reminders ?? 0) + 1;
  await attempt(() => briefActivities.remindApprover.executeWithOptions({ summary: `Reminder ${n} to the approver` }, [{ workflowId, approvalId: a.approvalId, reminder: n }]));
  // Counted even when the file could not be written: the next one comes after the interval, not in a loop.
  run.dispatch({ type: 'approval_reminded', at, approvalId: a.approvalId });
}

async function attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    sendFailure(err); // rethrows anything but an activity failure
    return undefined;
  }
}
