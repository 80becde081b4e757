import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import type { PolicyInput } from '../../domain/policy/schema';

/** The default policy with an SMS at D+4 (a Sunday for the sample invoice due Wed 3 Feb 2027). */
export const SMS_POLICY: PolicyInput = {
  ...DEFAULT_POLICY_INPUT,
  name: 'with-sms',
  steps: [...DEFAULT_POLICY_INPUT.steps.slice(0, 2), { id: 'sms_1', offset: '+4 days', channel: 'sms', template: 'sms_reminder', tone: 'friendly', actor: 'system' }, ...DEFAULT_POLICY_INPUT.steps.slice(2)],
};
