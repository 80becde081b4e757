import type { PolicyInput } from '../../domain/policy/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';

/**
 * The policy of a test written before approvals of legal steps (issue 17.7, default on): approvals
 * off unless the test's policy names them, so the formal notice and the handoff go at their times
 * as those tests assert. The approvals themselves: test/workflow/field.test.ts.
 */
export function approvalsOff(policy: PolicyInput): PolicyInput {
  return policy.approvals ? policy : { ...policy, approvals: { formalNotice: false, handoff: false } };
}

/** The default cadence with a visit at D+24 (between call_2 and the notice's announcement), for amounts from 1 000 EUR, by Marc Petit. */
export function visitPolicyInput(over: Partial<PolicyInput> = {}): PolicyInput {
  const steps = [...DEFAULT_POLICY_INPUT.steps];
  steps.splice(5, 0, { id: 'visit_1', offset: '+24 days', channel: 'visit', template: 'visit', tone: 'firm', actor: 'collector', objective: 'Meet the manager and get a dated promise.' });
  return { ...DEFAULT_POLICY_INPUT, steps, visits: { minAmountCents: 100_000, agent: 'Marc Petit' }, ...over };
}
