/**
 * The dispute task of domain.md §3: a dispute that opens is someone's to resolve (policy.disputes:
 * the assignee by kind, the time to resolve it). Its deadline is recorded when it opens; whether it
 * is overdue is the reader's business (no timer): past it, unresolved, the views flag it and
 * escalate it to the manager.
 */
import { addDuration } from '../time/calendar';
import type { Policy } from '../policy/schema';
import type { Assignee } from '../wire/vocabulary';
import { tzOf } from './derived';
import type { Dispute, DisputeTask, DunningState } from './state';

export function disputeTaskFor(s: Pick<DunningState, 'invoice'>, policy: Policy, kind: Dispute['kind'], at: number): DisputeTask {
  return { assignee: policy.disputes.assignees[kind], dueBy: addDuration(at, policy.disputes.resolveWithin, policy.calendar, tzOf(s, policy)) };
}

/** Runs with `disputeDeadlines` wake at each open task's deadline to record it overdue (no effect outside the state). */
export function disputeDeadlineActions(s: Pick<DunningState, 'disputes' | 'disputeDeadlines'>) {
  if (!s.disputeDeadlines) return [];
  return s.disputes
    .filter((d): d is Dispute & { task: DisputeTask } => d.status === 'open' && d.task !== undefined && d.task.overdueAt === undefined)
    .map((d) => {
      const at = d.task.dueBy;
      return { kind: 'event' as const, at, event: { type: 'dispute_overdue' as const, at, disputeId: d.disputeId }, description: `Dispute ${d.disputeId} past its deadline: escalate to the manager` };
    });
}

/** An open dispute task as a reader sees it at `now`. */
export interface OpenDisputeTask {
  disputeId: string;
  kind: Dispute['kind'];
  details: string;
  assignee: Assignee;
  openedAt: number;
  dueBy: number;
  /** Whole days since it opened (calendar days, 24 h each). */
  ageDays: number;
  overdue: boolean;
  /** Past the deadline, unresolved: the manager takes it over. */
  escalatedTo?: 'manager';
}

const DAY_MS = 86_400_000;

/** The open disputes that have a task (disputes opened before tasks existed have none), oldest first. */
export function openDisputeTasks(s: Pick<DunningState, 'disputes'>, now: number): OpenDisputeTask[] {
  return s.disputes
    .filter((d): d is Dispute & { task: DisputeTask } => d.status === 'open' && d.task !== undefined)
    .map((d) => {
      const overdue = now > d.task.dueBy;
      return {
        disputeId: d.disputeId,
        kind: d.kind,
        details: d.details,
        assignee: d.task.assignee,
        openedAt: d.openedAt,
        dueBy: d.task.dueBy,
        ageDays: Math.max(0, Math.floor((now - d.openedAt) / DAY_MS)),
        overdue,
        ...(overdue && d.task.assignee !== 'manager' ? { escalatedTo: 'manager' as const } : {}),
      };
    })
    .sort((a, b) => a.openedAt - b.openedAt);
}

/** One line for the status and the Web UI details; `id` escapes the dispute id for the medium (a debtor may name it). */
export function disputeTaskLine(t: OpenDisputeTask, when: (at: number) => string, id: (s: string) => string = (x) => x): string {
  const late = t.overdue ? ` OVERDUE${t.escalatedTo ? `, escalated to the ${t.escalatedTo}` : ''}` : '';
  return `${id(t.disputeId)} (${t.kind}) for the ${t.assignee}, open ${t.ageDays} day(s), resolve by ${when(t.dueBy)}${late}`;
}
