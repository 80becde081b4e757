import { z } from 'zod';
import { isValidTimeZone, type Calendar } from '../time/calendar';
import { parseDuration, parseOffset } from '../time/duration';
import { IsoDate } from '../invoice/schema';
import { accountHoldIssue, escalationIssue, smsTemplateIssue, unsupportedChannelIssue } from './rules';
import { contractualRateIssue } from './rate-floor';

function parsed<T>(parse: (s: string) => T) {
  return z.string().transform((s, ctx): T => {
    try {
      return parse(s);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e), input: s });
      return z.NEVER;
    }
  });
}

/** Policy field: a duration string, parsed to a Duration. */
export const DurationSchema = parsed(parseDuration);
/** Policy field: a signed offset string relative to the due date, parsed to an Offset. */
export const OffsetSchema = parsed(parseOffset);

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time written HH:MM, e.g. 09:00');
export const TimeZoneSchema = z.string().refine(isValidTimeZone, 'an IANA time zone such as Europe/Paris');

export const CalendarSchema = z.object({
  enabled: z.boolean().default(true),
  timeZone: TimeZoneSchema.default('Europe/Paris'),
  holidays: z.enum(['FR', 'FR-alsace-moselle', 'none']).default('FR'),
  extraHolidays: z.array(IsoDate).default([]),
  callWindow: z
    .object({ start: HHMM.default('10:00'), end: HHMM.default('16:00') })
    .refine((w) => w.start < w.end, 'callWindow.start must be before callWindow.end')
    .prefault({}),
  sendTime: HHMM.default('09:00'),
});
// The schema's output is the calendar the pure code works with.
const _calendarMatches: Calendar = CalendarSchema.parse({});
void _calendarMatches;

/**
 * The dunning policy: cadence and thresholds as data (docs/domain.md §2, §3, §8).
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
    /** Count this step's offset from another point than the policy's anchor: "issue_date" for a first call N days after the invoice was issued (004). */
    anchor: z.enum(['due_date', 'start', 'issue_date']).optional(),
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

/** Who a task goes to (the roles of domain/wire/vocabulary.ts Assignee). */
const AssigneeSchema = z.enum(['sales_rep', 'collector', 'credit_controller', 'manager']);

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
      /** At most this many call attempts to a debtor in any 30 days (domain.md §8, D223-9: 4); a call beyond waits. */
      maxPer30Days: z.number().int().min(1).default(4),
      /** A tense call is paused and called back after this delay (001). */
      tenseCallBack: DurationSchema.prefault('2 business days'),
      /** After this many fruitless touches the creditor's own manager takes the calls, with their script (000). */
      creditorEscalation: z
        .object({
          afterFailedTouches: z.number().int().min(1),
          script: z.string().min(1).default('creditor_manager'),
          tone: ToneSchema.default('firm'),
        })
        .optional(),
    }),
    formalNotice: z.object({
      /** Deadline to pay after the notice (8 or 15 days); a non-working day moves to the next one. */
      deadline: DurationSchema,
      /**
       * The deadline runs from the registered letter's first presentation: the run waits this long
       * after sending for the postal side to report it; then the presentation is taken as that day.
       */
      presentationTimeout: DurationSchema.prefault('15 days'),
    }),
    penalties: z.object({
      /**
       * Ignored, kept so older policies still parse: the rate is now the half-year reference rate of
       * domain/money/reference-rates.json (ECB + 10 points, L441-10 II), or contractualRatePct.
       */
      annualRatePct: z.number().min(0).max(100).optional(),
      /** The terms of sale's annual rate, replacing ECB + 10 points; never below 3 x the taux légal (L441-10 II). */
      contractualRatePct: z.number().min(0).max(100).optional(),
      /** Fixed recovery indemnity per late invoice for professional debtors (D441-5). */
      fixedIndemnityCents: z.number().int().min(0),
      /** A partial payment pays the accrued interest first (Code civil 1343-1), unless agreed otherwise. */
      partialPayments: z.enum(['interest_first', 'principal_first']).default('interest_first'),
      /** Paid after a formal notice: the confirmation waives the penalties and the EUR 40 (true) or reserves them (false, default). */
      waiveAfterPayment: z.boolean().default(false),
    }),
    /** A thank-you email once the invoice is paid. */
    thankYouOnPayment: z.boolean().default(true),
    /**
     * Invoices paid by direct debit (paymentMethod "direct_debit", domain.md §9): no pre-due contact,
     * and the cadence counts from the due date plus the time the debit takes to settle or bounce.
     */
    directDebit: z.object({ settleWithin: DurationSchema.prefault('5 business days') }).prefault({}),
    /** One reminder per debtor: touches of one channel due within this window go out as one (§9). */
    coordination: z
      .object({
        mergeWindow: DurationSchema,
        /** A debtor's workflow with no open invoice lingers this long for late news, then ends. */
        idleBeforeClose: DurationSchema.prefault('30 days'),
      })
      .prefault({ mergeWindow: '3 days' }),
    /**
     * A send a crashed worker may or may not have made (docs/sends.md): "review" (default) records it
     * for a person to check and sends nothing more; "resend" sends it again when the provider cannot tell.
     */
    sends: z.object({ onUncertain: z.enum(['review', 'resend']).default('review') }).prefault({}),
    /** SMS steps (docs/channels.md): a message longer than this many segments is refused, never sent. */
    sms: z.object({ maxSegments: z.number().int().min(1).max(6).default(2) }).prefault({}),
    /**
     * Seed 004: deliveries only against a down payment. Once step `afterStep` has gone, the ERP/sales
     * side is told to hold the customer's account (docs/channels.md); released on payment, cancel or credit note.
     */
    accountHold: z.object({ afterStep: z.string().min(1) }).optional(),
    /** Visit steps (issue 17): a field agent calls at the debtor's address, for large amounts only (docs/field.md). */
    visits: z
      .object({
        /** Below this amount due a visit step is skipped (the cadence goes on). */
        minAmountCents: z.number().int().min(0).default(500_000),
        /** The field agent the visit tasks go to (the route sheet is per agent). */
        // Shown in a search attribute (DunningCallAssignee): a short name.
        agent: z.string().min(1).max(100).default('field_agent'),
        /** A visit not reported by then is closed as missed. */
        taskDeadline: DurationSchema.prefault('5 business days'),
      })
      .prefault({}),
    /**
     * A person approves the legal steps before they happen (issue 17, docs/field.md). Opt-in: the
     * default cadence of domain.md §2 sends the notice at D+30 and hands off after its deadline.
     */
    approvals: z
      .object({
        formalNotice: z.boolean().default(false),
        handoff: z.boolean().default(false),
        /** Who is asked (a role or a name), reminded every `remindEvery` while nobody decides. */
        approver: z.string().min(1).max(100).default('credit_controller'),
        remindEvery: DurationSchema.prefault('2 business days'),
      })
      .prefault({}),
    /**
     * A dispute opens a dispute task (domain.md §3): who handles it by kind, and the time to resolve it;
     * past it, unresolved, the views flag it overdue and escalate it to the manager.
     */
    disputes: z
      .object({
        assignees: z
          .object({
            administrative: AssigneeSchema.default('credit_controller'),
            commercial: AssigneeSchema.default('sales_rep'),
            technical: AssigneeSchema.default('sales_rep'),
          })
          .prefault({}),
        resolveWithin: DurationSchema.prefault('10 business days'),
      })
      .prefault({}),
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
    for (const issue of [unsupportedChannelIssue(p.steps), escalationIssue(p), smsTemplateIssue(p.steps), accountHoldIssue(p)]) if (issue) ctx.addIssue({ code: 'custom', ...issue });
    const rate = contractualRateIssue(p.penalties.contractualRatePct);
    if (rate) ctx.addIssue({ code: 'custom', message: rate, path: ['penalties', 'contractualRatePct'] });
  });
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;
