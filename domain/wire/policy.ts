import { isValidTimeZone } from '../time/calendar';
import type { Policy } from '../policy/schema';
import { accountHoldIssue, escalationIssue, smsTemplateIssue, unsupportedChannelIssue, type RuleIssue } from '../policy/rules';
import { contractualRateIssue } from '../policy/rate-floor';
import { check, type Checked, type Issue, type Spec } from './schema';

/** The plain-data twin of domain/policy/schema.ts (zod, at the CLI). */

const HHMM = { t: 'string', pattern: /^([01]\d|2[0-3]):[0-5]\d$/, hint: 'a local time written HH:MM, e.g. 09:00' } as const;
const Tone = { t: 'enum', values: ['courteous', 'friendly', 'friendly_firm', 'firm', 'very_firm', 'formal'] } as const;
const Flag = { t: 'boolean', optional: true, default: false } as const;
const Count = { t: 'int', min: 1 } as const;
const Role = { t: 'enum', values: ['sales_rep', 'collector', 'credit_controller', 'manager'] } as const;

const StepSpec = {
  t: 'object',
  fields: {
    id: { t: 'string', pattern: /^[a-z0-9_]+$/, hint: 'lower-case letters, digits and _' },
    offset: { t: 'offset' },
    anchor: { t: 'enum', values: ['due_date', 'start', 'issue_date'], optional: true },
    channel: { t: 'enum', values: ['email', 'letter', 'call', 'sms', 'visit'] },
    template: { t: 'string', min: 1 },
    tone: Tone,
    actor: { t: 'enum', values: ['system', 'sales_rep', 'collector', 'credit_controller', 'manager'] },
    objective: { t: 'string', optional: true },
    attachInvoice: Flag,
    copyByEmail: Flag,
    registered: Flag,
    formalNotice: Flag,
  },
  rules: [(s) => (s.formalNotice === true && s.channel !== 'letter' ? { path: 'channel', message: 'the formal notice is a letter' } : undefined)],
} as const satisfies Spec;

const CalendarSpec = {
  t: 'object',
  optional: true,
  default: {},
  fields: {
    enabled: { t: 'boolean', optional: true, default: true },
    timeZone: { t: 'string', optional: true, default: 'Europe/Paris' },
    holidays: { t: 'enum', values: ['FR', 'FR-alsace-moselle', 'none'], optional: true, default: 'FR' },
    extraHolidays: { t: 'array', of: { t: 'date' }, optional: true, default: [] },
    callWindow: {
      t: 'object',
      optional: true,
      default: {},
      fields: { start: { ...HHMM, optional: true, default: '10:00' }, end: { ...HHMM, optional: true, default: '16:00' } },
      rules: [(w) => (String(w.start) >= String(w.end) ? { path: '', message: 'callWindow.start must be before callWindow.end' } : undefined)],
    },
    sendTime: { ...HHMM, optional: true, default: '09:00' },
  },
  rules: [(c) => (!isValidTimeZone(String(c.timeZone)) ? { path: 'timeZone', message: 'an IANA time zone such as Europe/Paris' } : undefined)],
} as const satisfies Spec;

export const PolicySpec = {
  t: 'object',
  fields: {
    name: { t: 'string', optional: true, default: 'default' },
    anchor: { t: 'enum', values: ['due_date', 'start'], optional: true, default: 'due_date' },
    steps: { t: 'array', of: StepSpec, min: 1 },
    calendar: CalendarSpec,
    maxGapBetweenTouches: { t: 'duration' },
    unsuccessfulTouches: { t: 'object', fields: { count: Count, window: { t: 'duration' } } },
    brokenPromises: { t: 'object', fields: { allowed: Count, hardshipException: { t: 'boolean' } } },
    promises: {
      t: 'object',
      fields: { maxHorizon: { t: 'duration' }, reminderBefore: { t: 'duration' }, grace: { t: 'duration' }, brokenChase: { t: 'duration' } },
    },
    documentFollowUp: { t: 'duration' },
    calls: {
      t: 'object',
      fields: {
        maxAttempts: Count,
        minGap: { t: 'duration' },
        taskDeadline: { t: 'duration' },
        reopenLimit: { t: 'int', min: 0 },
        escalateAfterUnreached: Count,
        maxPer30Days: { ...Count, optional: true, default: 4 },
        tenseCallBack: { t: 'duration', optional: true, default: '2 business days' },
        creditorEscalation: {
          t: 'object',
          optional: true,
          fields: { afterFailedTouches: Count, script: { t: 'string', min: 1, optional: true, default: 'creditor_manager' }, tone: { ...Tone, optional: true, default: 'firm' } },
        },
      },
    },
    directDebit: { t: 'object', optional: true, default: {}, fields: { settleWithin: { t: 'duration', optional: true, default: '5 business days' } } },
    formalNotice: { t: 'object', fields: { deadline: { t: 'duration' }, presentationTimeout: { t: 'duration', optional: true, default: '15 days' } } },
    penalties: {
      t: 'object',
      fields: {
        annualRatePct: { t: 'number', min: 0, max: 100, optional: true },
        contractualRatePct: { t: 'number', min: 0, max: 100, optional: true },
        fixedIndemnityCents: { t: 'int', min: 0 },
        partialPayments: { t: 'enum', values: ['interest_first', 'principal_first'], optional: true, default: 'interest_first' },
        waiveAfterPayment: { t: 'boolean', optional: true, default: false },
      },
      rules: [(p) => {
        const message = contractualRateIssue(p.contractualRatePct as number | undefined);
        return message ? { path: 'contractualRatePct', message } : undefined;
      }],
    },
    thankYouOnPayment: { t: 'boolean', optional: true, default: true },
    coordination: {
      t: 'object',
      optional: true,
      default: { mergeWindow: '3 days' },
      fields: { mergeWindow: { t: 'duration' }, idleBeforeClose: { t: 'duration', optional: true, default: '30 days' } },
    },
    sends: { t: 'object', optional: true, default: {}, fields: { onUncertain: { t: 'enum', values: ['review', 'resend'], optional: true, default: 'review' } } },
    sms: { t: 'object', optional: true, default: {}, fields: { maxSegments: { t: 'int', min: 1, max: 6, optional: true, default: 2 } } },
    accountHold: { t: 'object', optional: true, fields: { afterStep: { t: 'string', min: 1 } } },
    limitation: { t: 'object', fields: { period: { t: 'duration' }, warnBefore: { t: 'duration' } } },
    visits: {
      t: 'object',
      optional: true,
      default: {},
      fields: {
        minAmountCents: { t: 'int', min: 0, optional: true, default: 500_000 },
        agent: { t: 'string', min: 1, max: 100, optional: true, default: 'field_agent' },
        taskDeadline: { t: 'duration', optional: true, default: '5 business days' },
      },
    },
    disputes: {
      t: 'object',
      optional: true,
      default: {},
      fields: {
        assignees: {
          t: 'object',
          optional: true,
          default: {},
          fields: {
            administrative: { ...Role, optional: true, default: 'credit_controller' },
            commercial: { ...Role, optional: true, default: 'sales_rep' },
            technical: { ...Role, optional: true, default: 'sales_rep' },
          },
        },
        resolveWithin: { t: 'duration', optional: true, default: '10 business days' },
      },
    },
    approvals: {
      t: 'object',
      optional: true,
      default: {},
      fields: {
        formalNotice: { t: 'boolean', optional: true, default: false },
        handoff: { t: 'boolean', optional: true, default: false },
        approver: { t: 'string', min: 1, max: 100, optional: true, default: 'credit_controller' },
        remindEvery: { t: 'duration', optional: true, default: '2 business days' },
      },
    },
  },
  rules: [
    stepRules,
    (p) => wireIssue(escalationIssue(p as Parameters<typeof escalationIssue>[0])),
    (p) => wireIssue(smsTemplateIssue(p.steps as Parameters<typeof smsTemplateIssue>[0])),
    (p) => wireIssue(accountHoldIssue(p as Parameters<typeof accountHoldIssue>[0])),
  ],
} as const satisfies Spec;

/** A rule's issue with its path written the way the wire check writes paths. */
export function wireIssue(i: RuleIssue | undefined): Issue | undefined {
  return i && { path: i.path.join('.'), message: i.message };
}

function stepRules(p: Record<string, unknown>): Issue | undefined {
  const steps = p.steps as Array<{ id: string; formalNotice: boolean }>;
  const dup = steps.findIndex((s, i) => steps.findIndex((o) => o.id === s.id) !== i);
  if (dup >= 0) return { path: `steps.${dup}.id`, message: `duplicate step id "${steps[dup].id}"` };
  if (steps.filter((s) => s.formalNotice).length > 1) return { path: 'steps', message: 'at most one formal notice step' };
  return undefined;
}

/** Steps on a channel with no adapter (sms, visit): checked by runs started since the call rules (workflows/dunning.ts). */
export function channelIssue(policy: Policy): Issue | undefined {
  return wireIssue(unsupportedChannelIssue(policy.steps));
}

/** A policy as written (JSON) to the policy the core works with, or what is wrong with it. */
export function checkPolicy(raw: unknown): Checked<Policy> {
  return check(PolicySpec, raw);
}
