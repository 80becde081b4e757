import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { z } from 'zod';
import type { DunningActivities, EmailRequest, LetterRequest, SendReceipt } from '../../activities/types';
import { EMAIL_REJECTED } from '../../activities/types';
import {
  CallOutcomeSchema,
  CancelSchema,
  ContactChangedSchema,
  describeZodError,
  DisputeOpenedSchema,
  DisputeResolvedSchema,
  InsolvencyOpenedSchema,
  PauseSchema,
  PaymentReceivedSchema,
  ResumeSchema,
} from './domain/commands';
import { localDateOf } from './domain/calendar';
import { buildFacts } from './domain/facts';
import { initialState } from './domain/init';
import { InvoiceSchema, type Invoice } from './domain/invoice';
import { catchUpEvents, nextAction, nextActions, noticeDeadline, type Action } from './domain/planner';
import { DEFAULT_POLICY_INPUT, PolicySchema, type Policy } from './domain/policy';
import { reduce } from './domain/reduce';
import type { DunningEvent, DunningState } from './domain/state';
import { validateCallOutcome } from './domain/validate';
import { describeState, searchAttributesOf } from './domain/presentation';
import { isClosed, openCallTask, tzOf, daysPastDue, penaltiesCents, indemnityCents } from './domain/views';
import { debtorSync } from './domain/debtor-sync';
import * as msg from './messages';
import type { DunningInput, DunningResult, DunningView } from './messages';

const { sendEmail, sendLetter, handOffToLitigation, syncWithDebtor } = proxyActivities<DunningActivities>({
  startToCloseTimeout: '2 minutes',
  // 429/5xx from the provider are retried with backoff; a 4xx is non-retryable (EmailRejected).
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 12 },
});

// A brief that cannot be written is not worth holding the scenario for long.
const { prepareCallBrief } = proxyActivities<DunningActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 3 } });

const DEFAULT_MAX_HISTORY_EVENTS = 8_000;

/** One durable workflow per unpaid invoice: plan the next step, wait for it or for news, run it. */
export async function dunningWorkflow(input: DunningInput): Promise<DunningResult> {
  const policy = parseInput(() => PolicySchema.parse(input.policy ?? DEFAULT_POLICY_INPUT), 'policy');
  const invoice: Invoice = parseInput(() => InvoiceSchema.parse(input.invoice), 'invoice');
  const info = workflowInfo();
  let state: DunningState = input.resume ?? initialState(info.workflowId, invoice, Date.now());
  let version = 0;
  const dispatch = (event: DunningEvent) => {
    state = reduce(state, event, policy);
    version += 1;
  };
  const now = () => Date.now();

  // --- signals: payloads parsed; a bad one is recorded, never trusted ----------------------------
  const onSignal = <T>(name: string, schema: z.ZodType<T>, toEvent: (p: T) => DunningEvent) =>
    (raw: unknown) => {
      const r = schema.safeParse(raw);
      if (r.success) dispatch(toEvent(r.data));
      else dispatch({ type: 'signal_rejected', at: now(), signal: name, error: describeZodError(r.error) });
    };
  const today = () => localDateOf(now(), tzOf(state, policy));
  setHandler(msg.paymentReceived, onSignal('paymentReceived', PaymentReceivedSchema, (payment) => ({ type: 'payment', at: now(), payment, today: today() })));
  setHandler(msg.disputeOpened, onSignal('disputeOpened', DisputeOpenedSchema, (dispute) => ({ type: 'dispute_opened', at: now(), dispute })));
  setHandler(msg.disputeResolved, onSignal('disputeResolved', DisputeResolvedSchema, (resolution) => ({ type: 'dispute_resolved', at: now(), resolution, today: today() })));
  setHandler(msg.pause, onSignal('pause', PauseSchema, (p) => ({ type: 'paused', at: now(), ...p })));
  setHandler(msg.resume, onSignal('resume', ResumeSchema, (p) => ({ type: 'resumed', at: now(), ...p })));
  setHandler(msg.cancel, onSignal('cancel', CancelSchema, (p) => ({ type: 'cancelled', at: now(), ...p })));
  setHandler(msg.contactChanged, onSignal('contactChanged', ContactChangedSchema, (p) => ({ type: 'contact_changed', at: now(), ...p })));
  setHandler(msg.insolvencyOpened, onSignal('insolvencyOpened', InsolvencyOpenedSchema, (insolvency) => ({ type: 'insolvency', at: now(), insolvency })));

  // --- the collector's call outcome: validated before it enters history -----------------------
  setHandler(
    msg.completeCallTask,
    (raw) => {
      const outcome = CallOutcomeSchema.parse(raw);
      dispatch({ type: 'call_completed', at: now(), outcome });
      const next = nextAction(state, policy, now());
      return {
        taskId: outcome.taskId,
        stage: state.stage,
        amountDueCents: state.amountDueCents,
        next: next ? { description: next.description, at: new Date(next.at).toISOString() } : undefined,
      };
    },
    {
      validator: (raw) => {
        const r = CallOutcomeSchema.safeParse(raw);
        if (!r.success) throw new Error(`invalid call outcome: ${describeZodError(r.error)}`);
        const problem = validateCallOutcome(state, policy, now(), r.data);
        if (problem) throw new Error(problem);
      },
    },
  );

  setHandler(msg.getState, (): DunningView => view(state, policy, now()));

  // --- per-debtor coordination: the debtor's workflow performs this invoice's touches -----------
  const coordinated = input.coordinated === true;
  // Carried over continue-as-new: a touch the debtor already did must not be waited for again.
  const doneByDebtor: msg.DebtorTouchDone[] = [...(input.debtorDone ?? [])];
  let lastSync = '';
  setHandler(msg.debtorTouchDone, (d) => {
    // Kept until that touch is this invoice's next one again (an earlier local step may come first).
    doneByDebtor.push(d);
    if (doneByDebtor.length > 20) doneByDebtor.shift();
    version += 1;
  });
  setHandler(msg.callOutcomeForwarded, (f) => {
    const r = CallOutcomeSchema.safeParse(f.outcome);
    const problem = r.success ? validateCallOutcome(state, policy, now(), r.data) : describeZodError(r.error);
    if (!r.success || problem) dispatch({ type: 'signal_rejected', at: now(), signal: 'callOutcomeForwarded', error: problem ?? 'invalid' });
    else dispatch({ type: 'call_completed', at: now(), outcome: r.data, viaDebtor: true, debtorAttempts: f.debtorAttempts });
  });
  const delegable = (a: Action | undefined): a is Extract<Action, { kind: 'send' | 'open_call' }> =>
    Boolean(a && (a.kind === 'open_call' || (a.kind === 'send' && !state.pending.find((p) => p.id === a.source.pendingId)?.immediate)));
  const touchKey = (a: Extract<Action, { kind: 'send' | 'open_call' }>) =>
    `${info.workflowId}/${a.kind === 'open_call' ? `call/${a.task.taskId}` : a.stepId}`;
  async function syncDebtor(next: Extract<Action, { kind: 'send' | 'open_call' }> | undefined): Promise<void> {
    const sync = debtorSync(state, policy, next && { key: touchKey(next), action: next });
    const key = JSON.stringify(sync);
    if (key === lastSync) return;
    await syncWithDebtor.executeWithOptions({ summary: `Sync with debtor ${state.invoice.debtor.debtorId}${next ? `: ${next.description}` : ''}` }, [
      { debtorId: state.invoice.debtor.debtorId, sync, policy: input.policy, maxHistoryEvents: input.debtorMaxHistoryEvents },
    ]);
    lastSync = key;
  }
  /** Added after the first release: runs started before it replay without the brief activity. */
  async function writeCallBrief(taskId: string): Promise<void> {
    if (!patched('call-brief-file')) return;
    try {
      const { path } = await prepareCallBrief.executeWithOptions({ summary: `Call brief for ${taskId}` }, [{ taskId, view: view(state, policy, now()) }]);
      dispatch({ type: 'call_brief_ready', at: now(), taskId, path });
    } catch (err) {
      // The brief is a convenience: the task stands without it (the CLI builds it on demand).
      if (!(err instanceof ActivityFailure)) throw err;
    }
  }

  /** The touch the debtor performed, recorded as if this workflow had done it. */
  function applyDebtorDone(a: Extract<Action, { kind: 'send' | 'open_call' }>, d: msg.DebtorTouchDone): void {
    if (a.kind === 'open_call') {
      dispatch({ type: 'call_task_opened', at: d.at, task: { ...a.task, debtorTaskId: d.debtorTaskId }, stepIndex: a.stepIndex, followUpId: a.followUpId });
      return;
    }
    const notice = a.formalNotice ? noticeDeadline(d.at, policy, tzOf(state, policy)) : undefined;
    dispatch(touchEvent(a, d.receipt!, d.to ?? '', notice, d.at));
  }

  // --- the loop --------------------------------------------------------------------------------
  if (!input.resume) {
    upsertMemo({ invoice: { invoiceId: invoice.invoiceId, debtor: invoice.debtor.name, amountCents: invoice.amountCents, currency: invoice.currency, dueDate: invoice.dueDate } });
    for (const e of catchUpEvents(state, policy, now())) dispatch(e);
  }
  let published = '';
  const publish = (next: Action | undefined) => {
    const attrs = searchAttributesOf(state, policy, now(), next);
    const key = JSON.stringify(attrs);
    if (key !== published) {
      upsertSearchAttributes(attrs);
      published = key;
    }
    setCurrentDetails(describeState(state, policy, now(), next));
  };

  const maxEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  for (;;) {
    if (!isClosed(state) && (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxEvents)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof dunningWorkflow>({ ...input, resume: state, debtorDone: doneByDebtor });
    }
    const actions = nextActions(state, policy, now());
    const action = actions[0];
    publish(action);
    if (coordinated) {
      // The debtor's workflow performs this invoice's next touch, merged with its other invoices'.
      const handed = actions.find(delegable);
      const key = handed && touchKey(handed);
      const doneAt = doneByDebtor.findIndex((d) => d.key === key);
      if (handed && doneAt >= 0) {
        applyDebtorDone(handed, doneByDebtor.splice(doneAt, 1)[0]);
        if (handed.kind === 'open_call') await writeCallBrief(handed.task.taskId);
        continue;
      }
      await syncDebtor(handed);
      if (action && action === handed) {
        const v = version;
        await condition(() => version !== v);
        continue;
      }
    }
    if (!action) {
      if (isClosed(state)) break;
      const v = version;
      await condition(() => version !== v);
      continue;
    }
    const delay = action.at - now();
    // Events are stamped with the planned time when a timer brought us here, so traces read exactly.
    const stamp = delay > 0 ? action.at : now();
    if (delay > 0) {
      const v = version;
      const changed = await condition(() => version !== v, delay, { summary: `Wait until ${new Date(action.at).toISOString().slice(0, 16)}Z (${action.description})` });
      if (changed) continue;
    }
    await perform(action, stamp);
  }
  publish(undefined);
  if (coordinated) await syncDebtor(undefined);
  await condition(allHandlersFinished);
  return {
    invoiceId: state.invoice.invoiceId,
    outcome: state.outcome!,
    stage: state.stage,
    amountDueCents: state.amountDueCents,
    paidCents: state.paidCents,
    closedAt: new Date(state.closedAt ?? now()).toISOString(),
    reason: state.closeReason ?? state.litigation.reason,
    litigationReference: state.litigation.reference,
  };

  // --- effects -----------------------------------------------------------------------------------
  async function perform(action: Action, at: number): Promise<void> {
    switch (action.kind) {
      case 'event':
        return dispatch({ ...action.event, at } as DunningEvent);
      case 'open_call':
        dispatch({ type: 'call_task_opened', at, task: action.task, stepIndex: action.stepIndex, followUpId: action.followUpId });
        return writeCallBrief(action.task.taskId);
      case 'handoff': {
        const facts = buildFacts(state, policy, at, { kind: 'send', at, stepId: 'litigation', channel: 'letter', template: 'formal_notice', tone: 'formal', attachInvoice: false, copyByEmail: false, registered: false, formalNotice: false, source: {}, description: '' });
        try {
          const receipt = await handOffToLitigation.executeWithOptions({ summary: `Litigation handoff of ${state.invoice.invoiceId}` }, [
            { idempotencyKey: `${info.workflowId}/litigation`, workflowId: info.workflowId, invoice: state.invoice, state: view(state, policy, at), facts },
          ]);
          return dispatch({ type: 'handed_off', at, reference: receipt.reference, location: receipt.location, route: receipt.suggestedRoute });
        } catch (err) {
          if (!(err instanceof ActivityFailure)) throw err;
          return dispatch({ type: 'handoff_failed', at: now(), error: (err.cause ?? err).message });
        }
      }
      case 'send':
        return send(action, at);
    }
  }

  async function send(action: Extract<Action, { kind: 'send' }>, at: number): Promise<void> {
    const tz = tzOf(state, policy);
    const notice = action.formalNotice ? noticeDeadline(at, policy, tz) : undefined;
    const facts = buildFacts(state, policy, at, action, notice?.deadline);
    const contact = state.contacts[state.activeContact];
    const emailContact = [...state.contacts.slice(state.activeContact), ...state.contacts.slice(0, state.activeContact)].find(
      (c) => c.email && !state.badEmails.includes(c.email),
    );
    const channel = action.channel === 'email' && !emailContact ? 'letter' : action.channel;
    const base = {
      workflowId: info.workflowId,
      template: action.template,
      tone: action.tone,
      language: state.invoice.debtor.language,
      invoice: state.invoice,
      facts,
    };
    const consumed = { stepIndex: action.source.stepIndex, pendingId: action.source.pendingId };
    try {
      if (channel === 'letter') {
        const req: LetterRequest = { ...base, idempotencyKey: `${info.workflowId}/${action.stepId}`, stepId: action.stepId, to: contact, registered: action.registered };
        const receipt = await sendLetter.executeWithOptions({ summary: `Letter ${action.template}${action.registered ? ' (registered)' : ''} to ${state.invoice.debtor.name}` }, [req]);
        dispatch(touchEvent(action, receipt, contact.name, notice, at));
        if (action.copyByEmail && emailContact) {
          const copy = { ...action, stepId: `${action.stepId}-copy`, source: {}, formalNotice: false };
          const emailReceipt = await sendEmail.executeWithOptions({ summary: `Email copy of ${action.template} to ${emailContact.email}` }, [
            { ...base, idempotencyKey: `${info.workflowId}/${copy.stepId}`, stepId: copy.stepId, to: emailContact, attachInvoicePdf: false, attachLetterPath: receipt.path },
          ]);
          dispatch(touchEvent(copy, emailReceipt, emailContact.email!, undefined, at));
        }
        return;
      }
      const req: EmailRequest = { ...base, idempotencyKey: `${info.workflowId}/${action.stepId}`, stepId: action.stepId, to: emailContact!, attachInvoicePdf: action.attachInvoice };
      const receipt = await sendEmail.executeWithOptions({ summary: `Email ${action.template} to ${emailContact!.email}` }, [req]);
      dispatch(touchEvent(action, receipt, emailContact!.email!, undefined, at));
    } catch (err) {
      const cause = err instanceof ActivityFailure ? err.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.type === EMAIL_REJECTED && channel === 'email') {
        return dispatch({ type: 'email_bounced', at, stepId: action.stepId, template: action.template, tone: action.tone, email: emailContact!.email!, error: cause.message, attachInvoice: action.attachInvoice, ...consumed });
      }
      if (err instanceof ActivityFailure) {
        return dispatch({ type: 'send_failed', at, stepId: action.stepId, channel, template: action.template, error: (cause ?? err).message, ...consumed });
      }
      throw err;
    }
  }

  function touchEvent(action: Extract<Action, { kind: 'send' }>, receipt: SendReceipt, to: string, notice: { deadline: string; deadlineAt: number } | undefined, at: number): DunningEvent {
    return {
      type: 'touch',
      at,
      touch: { stepId: action.stepId, channel: receipt.channel, template: action.template, tone: action.tone, to, result: 'sent', unsuccessful: false, messageId: receipt.messageId, path: receipt.path, trackingNumber: receipt.trackingNumber },
      stepIndex: action.source.stepIndex,
      pendingId: action.source.pendingId,
      promiseId: action.source.promiseId,
      instalmentSeq: action.source.instalmentSeq,
      gap: action.source.gap,
      formalNotice: notice,
    };
  }
}

function view(state: DunningState, policy: Policy, now: number): DunningView {
  const next = nextAction(state, policy, now);
  return {
    ...state,
    now: new Date(now).toISOString(),
    penaltiesCents: state.outcome ? penaltiesCents(state, policy, state.closedAt ?? now) : penaltiesCents(state, policy, now),
    indemnityCents: indemnityCents(state, policy),
    daysPastDue: daysPastDue(state, policy, now),
    openTask: openCallTask(state),
    next: next ? { kind: next.kind, description: next.description, at: new Date(next.at).toISOString() } : undefined,
    policyName: policy.name,
  };
}

/** Bad input fails the run at once instead of retrying a workflow task forever. */
function parseInput<T>(parse: () => T, what: string): T {
  try {
    return parse();
  } catch (err) {
    throw ApplicationFailure.nonRetryable(`invalid ${what}: ${err instanceof Error ? err.message : String(err)}`, 'InvalidInput');
  }
}
