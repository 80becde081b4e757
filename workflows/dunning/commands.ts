import { ApplicationFailure, patched, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { localDateOf } from '../../domain/time/calendar';
import { tzOf, visibleStage } from '../../domain/dunning/derived';
import type { DunningEvent, DunningState } from '../../domain/dunning/state';
import type { Policy } from '../../domain/policy/schema';
import { validatePause, validatePayment, validateResume, type Refusal } from '../../domain/dunning/validate';
import { LetterEventSpec, PauseSpec, PaymentReceivedSpec, ResumeSpec } from '../../domain/wire/commands';
import { validateLetterEvent } from '../../domain/dunning/notice-validate';
import { check, type Infer, type Spec } from '../../domain/wire/schema';
import * as msg from '../messages';
import { HOLD_CANCELS_TASK } from '../versions';

/** Asked only when a call task is open, where old and new runs differ: histories without one replay unmarked. */
export function holdCancelsTask(s: DunningState): { cancelTasks?: true } {
  return s.callTasks.some((t) => t.status === 'open') && patched(HOLD_CANCELS_TASK) ? { cancelTasks: true } : {};
}

const PaymentCommandSpec = { t: 'object', fields: { payment: PaymentReceivedSpec, allowOverpayment: { t: 'boolean', optional: true } } } as const satisfies Spec;

/**
 * The operator's commands as updates (CLI pay, pause, resume): the validator refuses what cannot
 * be right (a payment id already recorded, more than is due, a pause ending in the past, resuming
 * a run that is not paused) before it enters history, with a failure typed `Refused:<kind>`; an
 * accepted command answers what it changed. The signals of the same names stay for older clients.
 */
export function registerOperatorUpdates(run: { state(): DunningState; policy: Policy; dispatch(e: DunningEvent): void }): void {
  const now = () => Date.now();
  const today = () => localDateOf(now(), tzOf(run.state(), run.policy));
  const result = (extra: Partial<msg.CommandResult> = {}): msg.CommandResult => {
    const s = run.state();
    return { stage: visibleStage(s, run.policy, now()), amountDueCents: s.amountDueCents, currency: s.invoice.currency, ...(s.outcome ? { outcome: s.outcome } : {}), ...extra };
  };
  const command = <A, S extends Spec>(def: UpdateDefinition<msg.CommandResult, [A]>, spec: S, refuse: (v: Infer<S>) => Refusal | undefined, apply: (v: Infer<S>) => msg.CommandResult) =>
    setHandler(
      def,
      (raw: A) => {
        const r = check(spec, raw);
        if (!r.ok) throw ApplicationFailure.nonRetryable(`invalid ${def.name}: ${r.error}`, 'Refused:invalid'); // unreachable: the validator ran first
        return apply(r.value);
      },
      {
        validator: (raw: A) => {
          const r = check(spec, raw);
          if (!r.ok) throw ApplicationFailure.nonRetryable(`invalid ${def.name}: ${r.error}`, 'Refused:invalid');
          const refusal = refuse(r.value);
          if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, `Refused:${refusal.kind}`);
        },
      },
    );
  const dispatch = (e: DunningEvent) => run.dispatch(e);

  command(msg.recordPayment, PaymentCommandSpec, (c) => validatePayment(run.state(), c.payment, c.allowOverpayment === true), (c) => {
    const due = run.state().amountDueCents;
    dispatch({ type: 'payment', at: now(), payment: c.payment, today: today() });
    const applied = Math.min(c.payment.amountCents, due);
    return result({ appliedCents: applied, unappliedCents: c.payment.amountCents - applied });
  });
  command(msg.pauseDunning, PauseSpec, (p) => validatePause(run.state(), run.policy, now(), p), (p) => {
    dispatch({ type: 'paused', at: now(), ...p, ...holdCancelsTask(run.state()) });
    return result();
  });
  command(msg.recordLetterEvent, LetterEventSpec, (e) => validateLetterEvent(run.state(), run.policy, now(), e), (letter) => {
    dispatch({ type: 'letter_event', at: now(), letter });
    const n = run.state().formalNotice;
    return { ...result(), deadline: n?.deadline, presentedOn: n?.presentation?.presentedOn };
  });
  command(msg.resumeDunning, ResumeSpec, () => validateResume(run.state(), run.policy, now()), (p) => {
    dispatch({ type: 'resumed', at: now(), ...p });
    return result();
  });
}
