import { z } from 'zod';
import { Cents, IsoDate } from './schema';
import { DisputeKind } from './commands';

/**
 * The visit report and the approval decision as the CLI parses them (zod); the workflow checks the
 * same with domain/wire/field.ts, and test/unit/core/field-wire.test.ts holds both to the same answers.
 */
const Positive = Cents.refine((n) => n > 0, 'must be more than 0');
const Reason = z.string().trim().min(3, 'say why (at least 3 characters)');

export const VisitOutcomeSchema = z
  .object({
    taskId: z.string().min(1),
    result: z.enum(['met', 'absent', 'promise', 'dispute', 'refused']),
    promise: z.object({ date: IsoDate, amountCents: Positive }).optional(),
    dispute: z.object({ kind: DisputeKind.default('commercial'), reason: Reason }).optional(),
    agent: z.string().max(200).optional(),
    notes: z.string().max(4000).optional(),
  })
  .superRefine((o, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (o.result === 'promise' && !o.promise) issue('promise', 'a promise needs its date and amount');
    if (o.result === 'dispute' && !o.dispute) issue('dispute', 'a dispute needs its reason');
    if (o.promise && o.result !== 'promise') issue('promise', 'a promise goes with result "promise"');
    if (o.dispute && o.result !== 'dispute') issue('dispute', 'a dispute goes with result "dispute"');
  });
export type VisitOutcomeInput = z.input<typeof VisitOutcomeSchema>;

export const ApprovalDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'edit', 'hold']),
    amountCents: Positive.optional(),
    reason: Reason.optional(),
    by: z.string().max(200).optional(),
  })
  .superRefine((d, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (d.decision === 'edit' && d.amountCents === undefined) issue('amountCents', 'an edit needs the amount the legal step claims');
    if (d.decision !== 'edit' && d.amountCents !== undefined) issue('amountCents', 'an amount goes with decision "edit"');
    if (d.decision !== 'approve' && d.reason === undefined) issue('reason', `decision "${d.decision}" needs a reason`);
  });
export type ApprovalDecisionInput = z.input<typeof ApprovalDecisionSchema>;
