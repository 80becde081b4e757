import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import type { DebtorState } from '../../domain/debtor/state';
import type { Policy } from '../../domain/policy/schema';
import { checkPolicy } from '../../domain/wire/policy';
import type { Checked } from '../../domain/wire/schema';
import type { DebtorInput } from '../messages';
import { inputOrFail } from '../shell';

export interface DebtorRunInput {
  debtorId: string;
  policy: Policy;
  resume?: DebtorState;
  maxHistoryEvents: number;
}

/** The start input, checked: a bad one fails the run at once with the field named. */
export function debtorRunInput(input: DebtorInput): DebtorRunInput {
  const debtorId = inputOrFail(typeof input?.debtorId === 'string' && input.debtorId ? { ok: true, value: input.debtorId } : { ok: false, error: 'debtorId: required', issues: [] }, 'input');
  const policy = inputOrFail(checkPolicy(input.policy ?? DEFAULT_POLICY_INPUT), 'policy');
  const resume = input.resume === undefined ? undefined : inputOrFail(checkResume(input.resume, debtorId), 'resume');
  return { debtorId, policy, resume, maxHistoryEvents: typeof input.maxHistoryEvents === 'number' && input.maxHistoryEvents > 0 ? input.maxHistoryEvents : 8_000 };
}

/** Our own carried state: its shape is checked, enough to refuse garbage (a v1 state included). */
function checkResume(raw: DebtorState, debtorId: string): Checked<DebtorState> {
  const bad =
    typeof raw !== 'object' || raw === null ? 'expected a debtor state'
    : raw.protocol !== 2 ? 'not a protocol 2 debtor state'
    : raw.debtorId !== debtorId ? `debtorId ${String(raw.debtorId)} is not ${debtorId}`
    : typeof raw.invoices !== 'object' || raw.invoices === null ? 'invoices missing'
    : (['groups', 'outbox', 'followUps', 'callTasks', 'paymentIds', 'trace'] as const).find((k) => !Array.isArray(raw[k]))?.concat(' is not a list');
  return bad ? { ok: false, error: bad, issues: [] } : { ok: true, value: raw };
}
