import { setHandler } from '@temporalio/workflow';
import { localDateOf } from '../../domain/time/calendar';
import { openApproval, validateApprovalDecision } from '../../domain/dunning/approval';
import { tzOf } from '../../domain/dunning/derived';
import { noticeDraft } from '../../domain/dunning/drafts';
import { nextAction } from '../../domain/dunning/plan';
import { validateVisitOutcome } from '../../domain/dunning/visits';
import { ApprovalDecisionSpec, VisitOutcomeSpec } from '../../domain/wire/field';
import { check } from '../../domain/wire/schema';
import * as msg from '../messages';
import type { Policy } from '../../domain/policy/schema';
import type { DunningEvent, DunningState } from '../../domain/dunning/state';

/** The part of the invoice run these handlers use (workflows/dunning/handlers.ts registers them). */
interface FieldRun {
  state(): DunningState;
  policy: Policy;
  dispatch(e: DunningEvent): void;
}

/** The visit report and the approval decision (docs/field.md): updates whose validators refuse before anything enters history. */
export function registerFieldHandlers(run: FieldRun, now: () => number): void {
  const next = () => {
    const n = nextAction(run.state(), run.policy, now());
    return n ? { description: n.description, at: new Date(n.at).toISOString() } : undefined;
  };
  setHandler(msg.getNoticeDraft, () => noticeDraft(run.state(), run.policy, now()));
  setHandler(
    msg.completeVisitTask,
    (raw) => {
      const r = check(VisitOutcomeSpec, raw);
      if (!r.ok) throw new Error(`invalid visit outcome: ${r.error}`); // unreachable: the validator ran first
      run.dispatch({ type: 'visit_completed', at: now(), outcome: r.value });
      const s = run.state();
      return { taskId: r.value.taskId, stage: s.stage, amountDueCents: s.amountDueCents, next: next() };
    },
    {
      validator: (raw) => {
        const r = check(VisitOutcomeSpec, raw);
        if (!r.ok) throw new Error(`invalid visit outcome: ${r.error}`);
        const problem = validateVisitOutcome(run.state(), run.policy, now(), r.value);
        if (problem) throw new Error(problem);
      },
    },
  );
  setHandler(
    msg.decideApproval,
    (raw) => {
      const r = check(ApprovalDecisionSpec, raw);
      if (!r.ok) throw new Error(`invalid approval decision: ${r.error}`); // unreachable: the validator ran first
      const approvalId = openApproval(run.state())!.approvalId;
      run.dispatch({ type: 'approval_decided', at: now(), decision: r.value, today: localDateOf(now(), tzOf(run.state(), run.policy)) });
      const s = run.state();
      const a = s.approvals!.find((x) => x.approvalId === approvalId)!;
      return { approvalId, status: a.status, stage: s.stage, amountDueCents: s.amountDueCents, next: next() };
    },
    {
      validator: (raw) => {
        const r = check(ApprovalDecisionSpec, raw);
        if (!r.ok) throw new Error(`invalid approval decision: ${r.error}`);
        const problem = validateApprovalDecision(run.state(), r.value);
        if (problem) throw new Error(problem);
      },
    },
  );
}
