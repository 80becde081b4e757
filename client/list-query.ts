/**
 * `dunning list` and `dunning tasks` filters as a Temporal visibility query on the project's
 * search attributes (workflows/search-attributes.ts). Pure, so the query text is unit-tested.
 */
import type { Outcome, Stage } from '../domain/dunning/state';
import type { Assignee } from '../domain/wire/vocabulary';
import { SA } from '../workflows/search-attributes';
import { addDays } from '../domain/time/calendar';
import { usageError } from './errors';
import { WORKFLOW_TYPE } from './start-options';

export const STAGES = ['pre_due', 'reminding', 'formal_notice', 'litigation', 'paused', 'disputed', 'closed'] as const satisfies readonly Stage[];
export const OUTCOMES = ['paid', 'settled', 'cancelled', 'credited', 'litigation', 'insolvency'] as const satisfies readonly Outcome[];
export const ASSIGNEES = ['sales_rep', 'collector', 'credit_controller', 'manager'] as const satisfies readonly Assignee[];

export interface ListFilters {
  stage?: string;
  debtor?: string;
  minDays?: number;
  /** Euros, like the DunningAmountDue attribute. */
  minAmountCents?: number;
  openTask?: boolean;
  /** Runs with an open dispute (its task: `dunning tasks --kind dispute`). */
  openDispute?: boolean;
  /** Runs with a send a person must check (a worker died during it; docs/sends.md). */
  toReview?: boolean;
  outcome?: string;
  assignee?: string;
  /** Open files whose limitation date (L110-4, L218-2) is on or before this date, YYYY-MM-DD. */
  limitationBefore?: string;
  /** Closed runs too (an outcome filter implies it). */
  all?: boolean;
  /**
   * Today (YYYY-MM-DD): `minDays` then reads the due date (DunningDueDate), always current, instead
   * of DunningDaysPastDue, which is as of the run's last change.
   */
  today?: string;
}

/** A visibility string literal; the SQL-like grammar has no escape for quotes inside, so refuse both kinds. */
export function literal(value: string): string {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  throw usageError(`cannot search for a value with both kinds of quotes: ${value}`);
}

export function buildListQuery(f: ListFilters): string {
  const where = [`WorkflowType = ${literal(WORKFLOW_TYPE)}`];
  if (!f.all && !f.outcome) where.push(`ExecutionStatus = 'Running'`);
  if (f.stage !== undefined) {
    if (!STAGES.includes(f.stage as Stage)) throw usageError(`--stage: one of ${STAGES.join(', ')}`);
    where.push(`${SA.stage.name} = ${literal(f.stage)}`);
  }
  if (f.outcome !== undefined) {
    if (!OUTCOMES.includes(f.outcome as Outcome)) throw usageError(`--outcome: one of ${OUTCOMES.join(', ')}`);
    where.push(`${SA.outcome.name} = ${literal(f.outcome)}`);
  }
  if (f.debtor !== undefined) where.push(`${SA.debtorId.name} = ${literal(f.debtor)}`);
  if (f.minDays !== undefined) {
    where.push(f.today !== undefined ? `${SA.dueDate.name} <= ${literal(`${addDays(f.today, -Math.floor(f.minDays))}T00:00:00Z`)}` : `${SA.daysPastDue.name} >= ${Math.floor(f.minDays)}`);
  }
  if (f.minAmountCents !== undefined) where.push(`${SA.amountDue.name} >= ${(f.minAmountCents / 100).toFixed(2)}`);
  if (f.openTask) where.push(`${SA.callTaskOpen.name} = true`);
  if (f.openDispute) where.push(`${SA.openDisputes.name} > 0`);
  if (f.toReview) where.push(`${SA.sendToReview.name} = true`);
  if (f.assignee !== undefined) where.push(`${SA.callAssignee.name} = ${literal(f.assignee)}`);
  if (f.limitationBefore !== undefined) where.push(`${SA.limitationDate.name} <= ${literal(`${f.limitationBefore}T00:00:00Z`)}`);
  return where.join(' AND ');
}
