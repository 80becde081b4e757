import type { PolicyInput } from './schema';

/**
 * The default policy as written, docs/domain.md §2 row by row. Plain data with no validation
 * library, so workflows can read it: domain/policy/parse.ts parses it at the CLI, domain/wire in workflows.
 */
export const DEFAULT_POLICY_INPUT: PolicyInput = {
  name: 'default',
  anchor: 'due_date',
  steps: [
    { id: 'pre_due_call', offset: '-3 business days', channel: 'call', template: 'pre_due', tone: 'courteous', actor: 'sales_rep',
      objective: 'Check the invoice was received and validated; confirm the payment date.' },
    { id: 'reminder_1', offset: '+1 day', channel: 'email', template: 'reminder_1', tone: 'friendly', actor: 'system', attachInvoice: true },
    { id: 'call_1', offset: '+7 days', channel: 'call', template: 'call_1', tone: 'friendly_firm', actor: 'collector',
      objective: 'Qualify the debtor and get a dated promise to pay.' },
    { id: 'letter_1', offset: '+14 days', channel: 'letter', template: 'letter_1', tone: 'firm', actor: 'system', copyByEmail: true },
    { id: 'call_2', offset: '+21 days', channel: 'call', template: 'call_2', tone: 'firm', actor: 'collector',
      objective: 'Get a dated promise or a payment plan; escalate to the manager if not reached twice.' },
    { id: 'notice_announce', offset: '+28 days', channel: 'email', template: 'notice_announce', tone: 'very_firm', actor: 'system' },
    { id: 'formal_notice', offset: '+30 days', channel: 'letter', template: 'formal_notice', tone: 'formal', actor: 'system',
      registered: true, formalNotice: true },
  ],
  calendar: { enabled: true, timeZone: 'Europe/Paris', holidays: 'FR', extraHolidays: [], callWindow: { start: '10:00', end: '16:00' }, sendTime: '09:00' },
  maxGapBetweenTouches: '10 days',
  unsuccessfulTouches: { count: 3, window: '30 days' },
  brokenPromises: { allowed: 2, hardshipException: true },
  promises: { maxHorizon: '60 days', reminderBefore: '2 business days', grace: '2 business days', brokenChase: '1 business day' },
  documentFollowUp: '7 days',
  calls: { maxAttempts: 6, minGap: '1 business day', taskDeadline: '2 business days', reopenLimit: 1, escalateAfterUnreached: 2,
    maxPer30Days: 4, tenseCallBack: '2 business days' },
  formalNotice: { deadline: '8 days' },
  // No rate: the half-year reference rate applies (ECB + 10 points, domain/money/reference-rates.json).
  penalties: { fixedIndemnityCents: 4000, partialPayments: 'interest_first' },
  thankYouOnPayment: true,
  directDebit: { settleWithin: '5 business days' },
  coordination: { mergeWindow: '3 days', idleBeforeClose: '30 days' },
  limitation: { period: '1826 days', warnBefore: '180 days' },
};

