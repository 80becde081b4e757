import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import type { Invoice } from '../../domain/invoice/schema';
import type { Policy } from '../../domain/policy/schema';
import type { DunningState } from '../../domain/dunning/state';
import { InvoiceSpec } from '../../domain/wire/invoice';
import { channelIssue, checkPolicy } from '../../domain/wire/policy';
import { check, describeIssues, type Checked } from '../../domain/wire/schema';
import type { DunningInput } from '../messages';
import { inputOrFail } from '../shell';

export interface InvoiceRunInput {
  invoice: Invoice;
  policy: Policy;
  resume?: DunningState;
  coordinated: boolean;
  maxHistoryEvents: number;
}

const DEFAULT_MAX_HISTORY_EVENTS = 8_000;

/** The start input, checked: a bad one fails the run at once with the field named (never a stuck task). */
export function invoiceRunInput(input: DunningInput): InvoiceRunInput {
  if (typeof input !== 'object' || input === null) inputOrFail({ ok: false, error: 'expected an object', issues: [] }, 'input');
  const invoice = inputOrFail(check(InvoiceSpec, input.invoice), 'invoice');
  const policy = inputOrFail(checkPolicy(input.policy ?? DEFAULT_POLICY_INPUT), 'policy');
  const resume = input.resume === undefined ? undefined : inputOrFail(checkResume(input.resume), 'resume');
  return {
    invoice,
    policy,
    resume,
    coordinated: input.coordinated === true,
    maxHistoryEvents: typeof input.maxHistoryEvents === 'number' && input.maxHistoryEvents > 0 ? input.maxHistoryEvents : DEFAULT_MAX_HISTORY_EVENTS,
  };
}

/**
 * A state carried over continue-as-new is our own output: checked for its shape, not field by field
 * (that would cost as much as the run). Enough to refuse garbage before the loop reads it.
 */
function checkResume(raw: DunningState): Checked<DunningState> {
  const lists = ['touches', 'callTasks', 'promises', 'disputes', 'followUps', 'pending', 'trace', 'balances', 'contacts', 'paymentIds'] as const;
  const bad =
    typeof raw !== 'object' || raw === null ? 'expected a dunning state'
    : typeof raw.workflowId !== 'string' ? 'workflowId missing'
    : !check(InvoiceSpec, raw.invoice).ok ? 'invoice is not valid'
    : typeof raw.stage !== 'string' ? 'stage missing'
    : typeof raw.amountDueCents !== 'number' ? 'amountDueCents missing'
    : lists.find((k) => !Array.isArray(raw[k]))?.concat(' is not a list');
  return bad ? { ok: false, error: bad, issues: [] } : { ok: true, value: raw };
}

/** A step on sms or visit would have gone as an email (issue 17): the run fails at once, naming the step. */
export function refuseChannelsWithoutAdapter(policy: Policy): void {
  const issue = channelIssue(policy);
  if (issue) inputOrFail({ ok: false, error: describeIssues([issue]), issues: [issue] }, 'policy');
}
