import { z } from 'zod';
import { CalendarSchema } from './calendar';
import { DurationSchema, OffsetSchema } from './duration';

/**
 * The dunning policy: cadence and thresholds as data (shared/domain.md §2, §3, §8).
 * A workflow receives its policy in its input, so a running scenario never changes under an edit.
 */
export const ChannelSchema = z.enum(['email', 'letter', 'call', 'sms', 'visit']);
export const ToneSchema = z.enum(['courteous', 'friendly', 'friendly_firm', 'firm', 'very_firm', 'formal']);
export const ActorSchema = z.enum(['system', 'sales_rep', 'collector', 'credit_controller', 'manager']);

export const StepSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and _'),
    /** Relative to the due date D, e.g. "-3 business days", "+1 day", "+14 days", "+30s". */
    offset: OffsetSchema,
    channel: ChannelSchema,
    /** A message template id (email/letter) or a call script id (call). */
    template: z.string().min(1),
    tone: ToneSchema,
    actor: ActorSchema,
    /** What the collector must get out of the call (call steps). */
    objective: z.string().optional(),
    /** Email: attach the invoice PDF. */
    attachInvoice: z.boolean().default(false),
    /** Letter: also send a copy by email, the PDF attached. */
    copyByEmail: z.boolean().default(false),
    /** Letter: registered with acknowledgement of receipt. */
    registered: z.boolean().default(false),
    /** The formal notice: opens stage formal_notice and starts the payment deadline. */
    formalNotice: z.boolean().default(false),
  })
  .refine((s) => !s.formalNotice || s.channel === 'letter', { message: 'the formal notice is a letter', path: ['channel'] });
export type Step = z.infer<typeof StepSchema>;

export const PolicySchema = z
  .object({
    name: z.string().default('default'),
    /** "due_date": offsets count from the invoice due date; "start": from the workflow start (fast demo policies). */
    anchor: z.enum(['due_date', 'start']).default('due_date'),
    steps: z.array(StepSchema).min(1),
    calendar: CalendarSchema.default(CalendarSchema.parse({})),
    /** No gap longer than this between two touches while there is neither a promise nor a dispute (003 §6). */
    maxGapBetweenTouches: DurationSchema,
    /** N unsuccessful touches within the window: announce litigation, then formal notice and handoff (003 §10). */
    unsuccessfulTouches: z.object({ count: z.number().int().min(1), window: DurationSchema }),
    brokenPromises: z.object({
      /** This many broken promises lead to litigation (2-3 in practice). */
      allowed: z.number().int().min(1),
      /** A debtor in declared financial hardship gets a payment plan proposal instead. */
      hardshipException: z.boolean(),
    }),
    promises: z.object({
      /** Furthest promise date accepted from today. */
      maxHorizon: DurationSchema,
      /** A friendly reminder this long before the promise date (001). */
      reminderBefore: DurationSchema,
      /** Payment awaited this long after the date before the promise counts as broken. */
      grace: DurationSchema,
      /** A broken promise is chased by a call task after this delay, daily (003 §1). */
      brokenChase: DurationSchema,
    }),
    /** A document resent on request is followed up after this delay (003 §6, 001). */
    documentFollowUp: DurationSchema,
    calls: z.object({
      /** Call attempts per invoice before litigation (003 §6). */
      maxAttempts: z.number().int().min(1),
      /** Repeated calls can be an offence (000): never two attempts closer than this. */
      minGap: DurationSchema,
      /** A call task not completed by then is reassigned up the chain. */
      taskDeadline: DurationSchema,
      /** How many times an expired task is reopened before it is closed as missed. */
      reopenLimit: z.number().int().min(0),
      /** Unreached this many times in a row: escalate to the next contact (manager / gérant). */
      escalateAfterUnreached: z.number().int().min(1),
    }),
    formalNotice: z.object({
      /** Deadline to pay after the notice (8 or 15 days); a non-working day moves to the next one. */
      deadline: DurationSchema,
    }),
    penalties: z.object({
      /** Annual late-payment rate: ECB refinancing rate + 10 points (L441-10). */
      annualRatePct: z.number().min(0).max(100),
      /** Fixed recovery indemnity per late invoice for professional debtors (D441-5). */
      fixedIndemnityCents: z.number().int().min(0),
    }),
    /** A thank-you email once the invoice is paid. */
    thankYouOnPayment: z.boolean().default(true),
    /** One reminder per debtor: touches of one channel due within this window go out as one (§9). */
    coordination: z
      .object({
        mergeWindow: DurationSchema,
        /** A debtor's workflow with no open invoice lingers this long for late news, then ends. */
        idleBeforeClose: DurationSchema.prefault('30 days'),
      })
      .prefault({ mergeWindow: '3 days' }),
    /** Limitation period (5 years B2B, L110-4) and how early to warn. */
    limitation: z.object({ period: DurationSchema, warnBefore: DurationSchema }),
  })
  .superRefine((p, ctx) => {
    const ids = new Set<string>();
    p.steps.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', message: `duplicate step id "${s.id}"`, path: ['steps', i, 'id'] });
      ids.add(s.id);
    });
    const notices = p.steps.filter((s) => s.formalNotice).length;
    if (notices > 1) ctx.addIssue({ code: 'custom', message: 'at most one formal notice step', path: ['steps'] });
  });
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;

/** shared/domain.md §2, row by row. */
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
  calls: { maxAttempts: 6, minGap: '1 business day', taskDeadline: '2 business days', reopenLimit: 1, escalateAfterUnreached: 2 },
  formalNotice: { deadline: '8 days' },
  // ECB main refinancing rate 2.15 % (since June 2025) + 10 points.
  penalties: { annualRatePct: 12.15, fixedIndemnityCents: 4000 },
  thankYouOnPayment: true,
  coordination: { mergeWindow: '3 days', idleBeforeClose: '30 days' },
  limitation: { period: '1826 days', warnBefore: '180 days' },
};

export const DEFAULT_POLICY: Policy = PolicySchema.parse(DEFAULT_POLICY_INPUT);

/** Parses a policy read from JSON; the error names each wrong field by its path. */
export function parsePolicy(raw: unknown, source = 'policy'): Policy {
  const r = PolicySchema.safeParse(raw);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  throw new Error(`${source} is not a valid dunning policy:\n${lines.join('\n')}`);
}
