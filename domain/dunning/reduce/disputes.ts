/** Events of disputes: opened (the cadence holds), resolved (it resumes, or a credit note reduces the claim). */
import type { DunningState } from '../state';
import { cancelHeldTasks, openDispute, setAmountDue, trace, type EventMap, type Handlers } from './helpers';
import { closeFile } from './lifecycle';

export const DISPUTE_HANDLERS: Handlers<'dispute_opened' | 'dispute_resolved' | 'dispute_overdue'> = {
  dispute_opened: (s, e, r) => {
    openDispute(s, e.at, e.dispute, 'signal', r.policy);
    if (e.cancelTasks) cancelHeldTasks(s, e.at, 'dispute opened');
  },
  dispute_resolved: (s, e) => onDisputeResolved(s, e),
  dispute_overdue: (s, e) => {
    const d = s.disputes.find((x) => x.disputeId === e.disputeId && x.status === 'open');
    if (!d?.task || d.task.overdueAt !== undefined) return;
    d.task.overdueAt = e.at;
    const to = d.task.assignee === 'manager' ? 'still with the manager' : `escalated to the manager (was the ${d.task.assignee})`;
    trace(s, e.at, 'dispute_overdue', { detail: `${d.disputeId}: not resolved by its deadline: ${to}` });
  },
};

function onDisputeResolved(s: DunningState, e: EventMap['dispute_resolved']): void {
  const r = e.resolution;
  const d = s.disputes.find((x) => x.disputeId === r.disputeId && x.status === 'open');
  if (!d) {
    trace(s, e.at, 'signal_rejected', { detail: `disputeResolved: no open dispute ${r.disputeId}` });
    return;
  }
  d.resolvedAt = e.at;
  d.note = r.note;
  if (d.task) d.task.closedAt = e.at;
  if (r.resolution !== 'credit_note') {
    d.status = 'resumed';
    trace(s, e.at, 'dispute_resolved', { outcome: 'resume', detail: `${d.disputeId}: ${r.note ?? 'dunning resumes'}` });
    return;
  }
  const credit = Math.min(r.creditNoteCents ?? 0, s.amountDueCents);
  d.status = 'credited';
  d.creditNoteCents = credit;
  d.creditNoteRef = r.creditNoteRef;
  s.creditedCents += credit;
  setAmountDue(s, s.amountDueCents - credit, e.today);
  trace(s, e.at, 'dispute_resolved', { outcome: 'credit_note', detail: `${d.disputeId}: credit note ${r.creditNoteRef ?? ''} of ${credit} cents` });
  if (s.amountDueCents === 0) closeFile(s, e.at, 'credited', 'cancelled by a credit note');
}
