/**
 * Field visits and approvals of legal steps (issue 17, docs/field.md): the records a run keeps.
 * Apart from state.ts so the logic files (visits.ts, approval.ts) and state.ts share them without a cycle.
 */

export type VisitResult = 'met' | 'absent' | 'promise' | 'dispute' | 'refused';

/** What the field agent reports (checked by domain/wire/field.ts in the workflow, zod at the CLI). */
export interface VisitOutcome {
  taskId: string;
  result: VisitResult;
  promise?: { date: string; amountCents: number };
  dispute?: { kind: 'administrative' | 'commercial' | 'technical'; reason: string };
  agent?: string;
  notes?: string;
}

/** A visit to make: like a call task, held by a field agent, with a deadline and a brief (address, map link). */
export interface VisitTask {
  taskId: string;
  stepId: string;
  template: string;
  agent: string;
  objective: string;
  openedAt: number;
  dueBy: number;
  /** The local day the visit is planned for (the route sheet's day). */
  day: string;
  briefPath?: string;
  status: 'open' | 'done' | 'missed' | 'cancelled';
  outcome?: VisitOutcome;
  closedAt?: number;
}

export type LegalStep = 'formal_notice' | 'handoff';
export type ApprovalDecisionKind = 'approve' | 'edit' | 'hold';

/** The approver's decision (an update with a validator). */
export interface ApprovalDecision {
  decision: ApprovalDecisionKind;
  /** edit: the lower amount the legal step claims (cents, > 0, at most what is due). */
  amountCents?: number;
  reason?: string;
  by?: string;
}

/** A legal step waiting for a person: opened when the step comes due, with its draft attached. */
export interface Approval {
  approvalId: string;
  step: LegalStep;
  approver: string;
  openedAt: number;
  /** What was due when it opened (what the draft claims). */
  amountCents: number;
  /** The draft notice PDF, or the litigation file summary. */
  draftPath?: string;
  status: 'pending' | 'held' | 'approved';
  /** An edit's lower amount: what it wrote off (shown in the litigation file's claim). */
  writtenOffCents?: number;
  reminders: number;
  lastRemindedAt?: number;
  decisions: Array<ApprovalDecision & { at: number }>;
}
