import { nextAction } from '../dunning/plan';
import { limitationOfState, type LimitationInfo } from '../dunning/limitation';
import type { Policy } from '../policy/schema';
import type { CallTask, DunningState } from '../dunning/state';
import { openApproval } from '../dunning/approval';
import type { Approval, VisitTask } from '../dunning/field-types';
import { openVisitTask } from '../dunning/visits';
import { openDisputeTasks, type OpenDisputeTask } from '../dunning/dispute-task';
import { daysPastDue, indemnityCents, openCallTask, penaltiesCents, visibleStage } from '../dunning/derived';

/** What `getState` answers and what the CLI, briefs and the worklist read: the state plus derived figures. */
export interface DunningView extends DunningState {
  now: string;
  penaltiesCents: number;
  indemnityCents: number;
  daysPastDue: number;
  openTask?: CallTask;
  /** The visit to make and the legal step waiting for approval (docs/field.md). */
  openVisit?: VisitTask;
  openApproval?: Approval;
  /** Open dispute tasks (domain.md §3) at the reader's time: assignee, age, deadline, overdue (absent from first-version runs). */
  openDisputes?: OpenDisputeTask[];
  next?: { kind: string; description: string; at: string };
  policyName: string;
  /** Open, paused or disputed files: the limitation date and its warning (domain/dunning/limitation.ts). */
  limitation?: LimitationInfo;
}

export function toView(state: DunningState, policy: Policy, now: number): DunningView {
  const next = nextAction(state, policy, now);
  return {
    ...state,
    stage: visibleStage(state, policy, now),
    now: new Date(now).toISOString(),
    // A closed file's penalties stop where it closed.
    penaltiesCents: penaltiesCents(state, policy, state.outcome ? (state.closedAt ?? now) : now),
    indemnityCents: indemnityCents(state, policy),
    daysPastDue: daysPastDue(state, policy, now),
    openTask: openCallTask(state),
    openVisit: openVisitTask(state),
    openApproval: openApproval(state),
    openDisputes: openDisputeTasks(state, now),
    next: next ? { kind: next.kind, description: next.description, at: new Date(next.at).toISOString() } : undefined,
    policyName: policy.name,
    limitation: state.outcome ? undefined : limitationOfState(state, policy, now),
  };
}
