/**
 * Approval before the legal steps (issue 17 point 7, docs/field.md): when the formal notice or the
 * litigation handoff comes due, the run opens an approval task with the draft attached and the step
 * waits for a person: approve, edit the amount (lower, with a reason: the step then claims that
 * amount and the rest is written off), or hold (with a reason, until approved later). Nobody decides:
 * the approver is reminded every `approvals.remindEvery`. Runs started before (no `fieldRules`) never ask.
 */
import { addDuration } from '../time/calendar';
import type { Policy } from '../policy/schema';
import { tzOf } from './derived';
import type { FieldAction } from './field-actions';
import type { Approval, ApprovalDecision, LegalStep } from './field-types';
import type { DunningState } from './state';
import { setAmountDue, trace, type EventMap, type Handlers } from './reduce/helpers';

const LABEL: Record<LegalStep, string> = { formal_notice: 'formal notice', handoff: 'litigation handoff' };

/** The approval waiting for a decision (pending) or held; a closed file has none. */
export function openApproval(s: DunningState): Approval | undefined {
  return s.outcome ? undefined : s.approvals?.find((a) => a.status !== 'approved');
}

export function approvalRequired(s: DunningState, policy: Policy, step: LegalStep): boolean {
  return Boolean(s.fieldRules) && (step === 'formal_notice' ? policy.approvals.formalNotice : policy.approvals.handoff);
}

/** When the next reminder is due: `remindEvery` after the opening or the last reminder. */
export function nextReminderAt(s: DunningState, policy: Policy, a: Approval): number {
  return addDuration(a.lastRemindedAt ?? a.openedAt, policy.approvals.remindEvery, policy.calendar, tzOf(s, policy));
}

/**
 * 'go' when the legal step due `at` may happen; else what the run does instead: open the approval,
 * remind the approver, or nothing (held).
 */
export function approvalGate(s: DunningState, policy: Policy, step: LegalStep, at: number): 'go' | FieldAction[] {
  if (!approvalRequired(s, policy, step)) return 'go';
  const a = s.approvals?.find((x) => x.step === step);
  if (!a) {
    const approver = policy.approvals.approver;
    return [{ kind: 'open_approval', at, approvalId: `approval-${step}`, step, approver, description: `Approval of the ${LABEL[step]} (${approver})` }];
  }
  if (a.status === 'approved') return 'go';
  if (a.status === 'held') return [];
  return [{ kind: 'remind_approval', at: nextReminderAt(s, policy, a), approvalId: a.approvalId, description: `Remind ${a.approver}: the ${LABEL[step]} waits for approval` }];
}

/** What a decision must satisfy against the state (the update validator). */
export function validateApprovalDecision(s: DunningState, d: ApprovalDecision): string | undefined {
  const a = openApproval(s);
  if (!a) return `no approval is waiting on invoice ${s.invoice.invoiceId}`;
  if (d.decision === 'hold' && a.status === 'held') return `the ${LABEL[a.step]} is already on hold (${a.decisions[a.decisions.length - 1]?.reason ?? ''})`;
  if (d.decision === 'edit' && d.amountCents !== undefined && d.amountCents > s.amountDueCents) {
    return `the edited amount (${d.amountCents} cents) is more than the ${s.amountDueCents} cents due`;
  }
  return undefined;
}

export const APPROVAL_HANDLERS: Handlers<'approval_opened' | 'approval_draft_ready' | 'approval_reminded' | 'approval_decided'> = {
  approval_opened: (s, e) => {
    (s.approvals ??= []).push({ approvalId: e.approvalId, step: e.step, approver: e.approver, openedAt: e.at, amountCents: s.amountDueCents, status: 'pending', reminders: 0, decisions: [] });
    trace(s, e.at, 'approval_opened', { detail: `${e.approvalId}: the ${LABEL[e.step]} for ${s.amountDueCents} cents waits for ${e.approver}` });
  },
  approval_draft_ready: (s, e) => {
    const a = s.approvals?.find((x) => x.approvalId === e.approvalId);
    if (a) a.draftPath = e.path;
  },
  approval_reminded: (s, e) => {
    const a = s.approvals?.find((x) => x.approvalId === e.approvalId && x.status === 'pending');
    if (!a) return;
    a.reminders += 1;
    a.lastRemindedAt = e.at;
    trace(s, e.at, 'approval_reminded', { detail: `${a.approvalId}: reminder ${a.reminders} to ${a.approver}` });
  },
  approval_decided: (s, e) => onDecision(s, e),
};

function onDecision(s: DunningState, e: EventMap['approval_decided']): void {
  const a = openApproval(s);
  if (!a) return; // refused by the validator; replays stay safe
  const d = e.decision;
  a.decisions.push({ ...d, at: e.at });
  a.status = d.decision === 'hold' ? 'held' : 'approved';
  const who = d.by ? ` by ${d.by}` : '';
  if (d.decision === 'edit' && d.amountCents !== undefined && d.amountCents < s.amountDueCents) {
    const before = s.amountDueCents;
    a.writtenOffCents = (a.writtenOffCents ?? 0) + before - d.amountCents;
    setAmountDue(s, d.amountCents, e.today);
    trace(s, e.at, 'approval_decided', { outcome: 'edit', detail: `${a.approvalId}: approved${who} for ${d.amountCents} cents instead of ${before} (${before - d.amountCents} cents written off): ${d.reason}` });
    return;
  }
  trace(s, e.at, 'approval_decided', { outcome: d.decision, detail: `${a.approvalId}: ${d.decision === 'hold' ? 'held' : 'approved'}${who}${d.reason ? `: ${d.reason}` : ''}` });
}
