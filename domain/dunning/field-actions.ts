import type { LegalStep, VisitTask } from './field-types';
import type { DunningEvent } from './state';

/** What visits and approvals add to the planner's actions (domain/dunning/plan.ts); performed by the invoice's run in both modes. */
export type FieldAction =
  | { kind: 'event'; at: number; event: DunningEvent; description: string }
  | { kind: 'open_visit'; at: number; task: Omit<VisitTask, 'status' | 'openedAt'>; stepIndex: number; description: string }
  | { kind: 'open_approval'; at: number; approvalId: string; step: LegalStep; approver: string; description: string }
  | { kind: 'remind_approval'; at: number; approvalId: string; description: string };
