import { setHandler, type SignalDefinition } from '@temporalio/workflow';
import { localDateOf } from '../../domain/time/calendar';
import { DebtorAckSpec, DebtorProtocolSpec, DebtorResyncSpec, DebtorSentSpec, DebtorTouchDoneSpec, ForwardedCallOutcomeSpec, type InvoiceSync } from '../../domain/coordination/messages';
import { nextAction } from '../../domain/dunning/plan';
import type { Policy, PolicyInput } from '../../domain/policy/schema';
import { toView } from '../../domain/views/read-model';
import { handoffSnapshot } from '../../domain/views/handoff';
import type { DunningEvent, DunningState } from '../../domain/dunning/state';
import { validateCallOutcome } from '../../domain/dunning/validate';
import { tzOf } from '../../domain/dunning/derived';
import {
  CallOutcomeSpec,
  CancelSpec,
  ContactChangedSpec,
  DisputeOpenedSpec,
  DisputeResolvedSpec,
  InsolvencyOpenedSpec,
  PauseSpec,
  PaymentReceivedSpec,
  ResumeSpec,
} from '../../domain/wire/commands';
import { check, type Infer, type Spec } from '../../domain/wire/schema';
import * as msg from '../messages';
import type { InFlightSends } from '../sends';
import { holdCancelsTask, registerOperatorUpdates } from './commands';
import { registerSmsStop } from './sms-stop';
import { registerFieldHandlers } from './field-handlers';

export interface InvoiceRun {
  state(): DunningState;
  policy: Policy;
  /** The policy as the run was given it (undefined: the default), for the debtor's run it may start. */
  policyInput: PolicyInput | undefined;
  dispatch(e: DunningEvent): void;
  /** The requests of the sends in flight (answered by the sendRequest query). */
  sends: InFlightSends;
  /**
   * Protocol 3, in the run's memory only (rebuilt by replay): the whole picture being sent to the
   * debtor and the last one sent (the base of the next delta; none after continue-as-new: a full sync).
   */
  syncs: { pending?: InvoiceSync; last?: InvoiceSync };
}

/**
 * Every message into an invoice run. Handlers check the payload and dispatch one event; they never
 * change state themselves. A payload that does not check is recorded (signal_rejected) and ignored.
 */
export function registerInvoiceHandlers(run: InvoiceRun): void {
  const now = () => Date.now();
  const today = () => localDateOf(now(), tzOf(run.state(), run.policy));
  const on = <T, S extends Spec>(def: SignalDefinition<[T]>, spec: S, toEvent: (v: Infer<S>) => DunningEvent) =>
    setHandler(def, (raw: unknown) => {
      const r = check(spec, raw);
      run.dispatch(r.ok ? toEvent(r.value) : { type: 'signal_rejected', at: now(), signal: def.name, error: r.error });
    });

  on(msg.paymentReceived, PaymentReceivedSpec, (payment) => ({ type: 'payment', at: now(), payment, today: today() }));
  on(msg.disputeOpened, DisputeOpenedSpec, (dispute) => ({ type: 'dispute_opened', at: now(), dispute, ...holdCancelsTask(run.state()) }));
  on(msg.disputeResolved, DisputeResolvedSpec, (resolution) => ({ type: 'dispute_resolved', at: now(), resolution, today: today() }));
  on(msg.pause, PauseSpec, (p) => ({ type: 'paused', at: now(), ...p, ...holdCancelsTask(run.state()) }));
  on(msg.resume, ResumeSpec, (p) => ({ type: 'resumed', at: now(), ...p }));
  on(msg.cancel, CancelSpec, (p) => ({ type: 'cancelled', at: now(), ...p }));
  on(msg.contactChanged, ContactChangedSpec, (p) => ({ type: 'contact_changed', at: now(), ...p }));
  on(msg.insolvencyOpened, InsolvencyOpenedSpec, (insolvency) => ({ type: 'insolvency', at: now(), insolvency }));

  // --- from the debtor's workflow (coordinated mode) ---
  on(msg.debtorTouchDone, DebtorTouchDoneSpec, (done) => ({ type: 'debtor_touch_done', at: now(), done }));
  on(msg.debtorSent, DebtorSentSpec, (sent) => ({ type: 'debtor_sent', at: now(), sent }));
  on(msg.debtorAck, DebtorAckSpec, (ack) => ({ type: 'debtor_ack', at: now(), seq: ack.seq }));
  on(msg.debtorProtocol, DebtorProtocolSpec, (p) => ({ type: 'debtor_protocol', at: now(), protocol: p.protocol }));
  on(msg.debtorResync, DebtorResyncSpec, (r) => ({ type: 'debtor_resync', at: now(), seq: r.seq }));
  on(msg.callOutcomeForwarded, ForwardedCallOutcomeSpec, (f) => {
    // The invoice may have moved on since the merged call opened: its own rules decide.
    const problem = validateCallOutcome(run.state(), run.policy, now(), f.outcome);
    return problem
      ? { type: 'signal_rejected', at: now(), signal: 'callOutcomeForwarded', error: problem }
      : { type: 'call_completed', at: now(), outcome: f.outcome, viaDebtor: true, debtorAttempts: f.debtorAttempts };
  });

  registerCallCompletion(run, now);
  registerOperatorUpdates(run);
  registerSmsStop(run);
  registerFieldHandlers(run, now);

  // A closed file's figures stop where it closed: only an open one is computed at the reader's time.
  setHandler(msg.getState, (asOf?: unknown) => toView(run.state(), run.policy, run.state().outcome ? now() : readerTime(asOf, now())));
  setHandler(msg.getPolicy, () => run.policyInput);
  setHandler(msg.currentSync, () => run.syncs.pending ?? run.syncs.last);
  setHandler(msg.getHandoff, () => handoffSnapshot(run.state(), run.policy, now()));
  setHandler(msg.sendRequest, (key) => run.sends.answer(key));
}

/** The collector's call outcome (an update): refused by the validator before it enters history. */
function registerCallCompletion(run: InvoiceRun, now: () => number): void {
  setHandler(
    msg.completeCallTask,
    (raw) => {
      const r = check(CallOutcomeSpec, raw);
      if (!r.ok) throw new Error(`invalid call outcome: ${r.error}`); // unreachable: the validator ran first
      run.dispatch({ type: 'call_completed', at: now(), outcome: r.value });
      const state = run.state();
      const next = nextAction(state, run.policy, now());
      return {
        taskId: r.value.taskId,
        stage: state.stage,
        amountDueCents: state.amountDueCents,
        next: next ? { description: next.description, at: new Date(next.at).toISOString() } : undefined,
      };
    },
    {
      validator: (raw) => {
        const r = check(CallOutcomeSpec, raw);
        if (!r.ok) throw new Error(`invalid call outcome: ${r.error}`);
        const problem = validateCallOutcome(run.state(), run.policy, now(), r.value);
        if (problem) throw new Error(problem);
      },
    },
  );
}

/** The reader's clock when it is a valid instant later than the run's last activation (see getState). */
export function readerTime(asOf: unknown, runNow: number): number {
  const at = typeof asOf === 'string' ? Date.parse(asOf) : NaN;
  return Number.isFinite(at) && at > runNow ? at : runNow;
}
