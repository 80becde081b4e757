import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import type { PolicyInput } from '../../domain/policy/schema';

/** A short cadence to the formal notice: reminder D+1, registered notice D+5 (the notice-presentation tests' cadence). */
export const NOTICE_TEST_POLICY: PolicyInput = {
  ...DEFAULT_POLICY_INPUT,
  name: 'notice-test',
  steps: [
    { id: 'reminder_1', offset: '+1 day', channel: 'email', template: 'reminder_1', tone: 'friendly', actor: 'system' },
    { id: 'formal_notice', offset: '+5 days', channel: 'letter', template: 'formal_notice', tone: 'formal', actor: 'system', registered: true, formalNotice: true },
  ],
};
