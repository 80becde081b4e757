import { PositiveCentsSpec } from './invoice';
import type { Spec } from './schema';

/** The payloads of the visit report and the approval decision (domain/dunning/field-types.ts), checked in the workflow. */

const Reason = { t: 'string', trim: true, min: 3, hint: 'say why (at least 3 characters)' } as const;

export const VisitOutcomeSpec = {
  t: 'object',
  fields: {
    taskId: { t: 'string', min: 1 },
    result: { t: 'enum', values: ['met', 'absent', 'promise', 'dispute', 'refused'] },
    promise: { t: 'object', optional: true, fields: { date: { t: 'date' }, amountCents: PositiveCentsSpec } },
    dispute: { t: 'object', optional: true, fields: { kind: { t: 'enum', values: ['administrative', 'commercial', 'technical'], optional: true, default: 'commercial' }, reason: Reason } },
    agent: { t: 'string', optional: true, max: 200 },
    notes: { t: 'string', optional: true, max: 4000 },
  },
  rules: [
    (o) => (o.result === 'promise' && !o.promise ? { path: 'promise', message: 'a promise needs its date and amount' } : undefined),
    (o) => (o.result === 'dispute' && !o.dispute ? { path: 'dispute', message: 'a dispute needs its reason' } : undefined),
    (o) => (o.promise && o.result !== 'promise' ? { path: 'promise', message: 'a promise goes with result "promise"' } : undefined),
    (o) => (o.dispute && o.result !== 'dispute' ? { path: 'dispute', message: 'a dispute goes with result "dispute"' } : undefined),
  ],
} as const satisfies Spec;

export const ApprovalDecisionSpec = {
  t: 'object',
  fields: {
    decision: { t: 'enum', values: ['approve', 'edit', 'hold'] },
    amountCents: { ...PositiveCentsSpec, optional: true },
    reason: { ...Reason, optional: true },
    by: { t: 'string', optional: true, max: 200 },
  },
  rules: [
    (d) => (d.decision === 'edit' && d.amountCents === undefined ? { path: 'amountCents', message: 'an edit needs the amount the legal step claims' } : undefined),
    (d) => (d.decision !== 'edit' && d.amountCents !== undefined ? { path: 'amountCents', message: 'an amount goes with decision "edit"' } : undefined),
    (d) => (d.decision !== 'approve' && d.reason === undefined ? { path: 'reason', message: `decision "${String(d.decision)}" needs a reason` } : undefined),
  ],
} as const satisfies Spec;
