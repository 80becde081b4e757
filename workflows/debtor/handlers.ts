import { setHandler } from '@temporalio/workflow';
import { InvoiceSyncDeltaSpec, InvoiceSyncSpec, isDeltaShaped } from '../../domain/coordination/messages';
import { validateDebtorCall } from '../../domain/debtor/calls';
import { debtorTz, plannedTimes } from '../../domain/debtor/grouping';
import type { DebtorEvent, DebtorState } from '../../domain/debtor/state';
import type { Policy } from '../../domain/policy/schema';
import { DebtorCallOutcomeSpec, DebtorPaymentSpec, InsolvencyOpenedSpec } from '../../domain/wire/commands';
import { check } from '../../domain/wire/schema';
import * as msg from '../messages';
import type { InFlightSends } from '../sends';

export interface DebtorRun {
  state(): DebtorState;
  policy: Policy;
  dispatch(e: DebtorEvent): void;
  /** Whether the send window rule applies (patched at the run's last step): the planned times follow it. */
  sendWindow?: boolean;
  /** The requests of the sends in flight (answered by the sendRequest query). */
  sends: InFlightSends;
}

/** Every message into a debtor run: checked, then one event each. A bad payload is recorded and ignored. */
export function registerDebtorHandlers(run: DebtorRun): void {
  const now = () => Date.now();
  setHandler(msg.invoiceSync, (raw: unknown) => {
    // Protocol 3: a delta (with its base) is checked field by field as a full sync would be.
    const r = isDeltaShaped(raw) ? check(InvoiceSyncDeltaSpec, raw) : check(InvoiceSyncSpec, raw);
    run.dispatch(r.ok ? { type: 'sync', at: now(), sync: r.value } : { type: 'signal_rejected', at: now(), signal: 'invoiceSync', error: r.error });
  });
  setHandler(msg.debtorPaymentReceived, (raw: unknown) => {
    const r = check(DebtorPaymentSpec, raw);
    run.dispatch(r.ok ? { type: 'payment', at: now(), payment: r.value } : { type: 'signal_rejected', at: now(), signal: 'debtorPaymentReceived', error: r.error });
  });
  setHandler(msg.debtorInsolvencyOpened, (raw: unknown) => {
    const r = check(InsolvencyOpenedSpec, raw);
    run.dispatch(r.ok ? { type: 'insolvency', at: now(), insolvency: r.value } : { type: 'signal_rejected', at: now(), signal: 'debtorInsolvencyOpened', error: r.error });
  });
  setHandler(
    msg.completeDebtorCall,
    (raw) => {
      const r = check(DebtorCallOutcomeSpec, raw);
      if (!r.ok) throw new Error(`invalid call outcome: ${r.error}`); // unreachable: the validator ran first
      const task = run.state().callTasks.find((t) => t.debtorTaskId === r.value.debtorTaskId)!;
      run.dispatch({ type: 'call_completed', at: now(), outcome: r.value });
      const results = run.state().followUps.find((f) => f.debtorTaskId === task.debtorTaskId)?.results ?? [];
      return { debtorTaskId: task.debtorTaskId, invoices: results.map((x) => ({ invoiceId: x.invoiceId, taskId: task.tasks[x.invoiceId], outcome: x.outcome })) };
    },
    {
      validator: (raw) => {
        const r = check(DebtorCallOutcomeSpec, raw);
        if (!r.ok) throw new Error(`invalid call outcome: ${r.error}`);
        const s = run.state();
        const problem = validateDebtorCall(s, run.policy, now(), debtorTz(s, run.policy), r.value);
        if (problem) throw new Error(problem);
      },
    },
  );
  setHandler(msg.sendRequest, (key) => run.sends.answer(key));
  setHandler(msg.getDebtorState, () => ({ ...run.state(), now: new Date(now()).toISOString(), planned: plannedTimes(run.state(), run.policy, run.sendWindow ?? true) }));
}
