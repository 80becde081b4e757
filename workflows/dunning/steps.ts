import type { InvoiceStep } from '../../domain/dunning/coordinated';
import { patched } from '@temporalio/workflow';
import { deltaOf } from '../../domain/coordination/delta';
import { activities, type News } from '../shell';
import { WATCHDOG_FROM_SYNC } from '../versions';
import { perform } from './effects';
import type { InvoiceRun } from './handlers';

/** What a step needs besides the run: the news counter, and the history budget of a debtor's run it may start. */
export interface StepContext {
  news: News;
  /** The news counter read before the step was planned: news that came since ends a wait at once. */
  since: number;
  debtorMaxHistoryEvents: number | undefined;
}

/** Performs one planned step of the invoice's run. */
export async function takeInvoiceStep(run: InvoiceRun, step: Exclude<InvoiceStep, { kind: 'finish' }>, ctx: StepContext): Promise<void> {
  const { news, since } = ctx;
  switch (step.kind) {
    case 'apply':
      return run.dispatch(step.event);
    case 'sync':
      return syncWithDebtor(run, step, ctx.debtorMaxHistoryEvents);
    case 'await_debtor': {
      const until = step.until === step.dueUntil || patched(WATCHDOG_FROM_SYNC) ? step.until : step.dueUntil;
      if (!(await news.since(since, until, `Debtor's workflow: ${step.description}`))) run.dispatch({ type: 'debtor_sync_expired', at: Date.now() });
      return;
    }
    case 'await_ack':
      if (!(await news.since(since, step.until, "Wait for the debtor's workflow to acknowledge the close"))) run.dispatch({ type: 'debtor_ack_timeout', at: Date.now() });
      return;
    case 'idle':
      await news.since(since);
      return;
    case 'perform': {
      const a = step.action;
      // Events are stamped with the planned time when a timer brought us here, so traces read exactly.
      if (a.at > Date.now()) {
        if (await news.since(since, a.at, `Wait until ${new Date(a.at).toISOString().slice(0, 16)}Z (${a.description})`)) return;
        return perform(run, a, a.at);
      }
      return perform(run, a, Date.now());
    }
  }
}

/**
 * Hands the debtor's workflow what this invoice plans (or that it closed), starting that run if
 * needed. Protocol 3: only what changed since the last sync sent, once the debtor said it reads that.
 */
async function syncWithDebtor(run: InvoiceRun, step: Extract<InvoiceStep, { kind: 'sync' }>, maxHistoryEvents: number | undefined): Promise<void> {
  const debtorId = run.state().invoice.debtor.debtorId;
  const base = run.syncs.last;
  const asDelta = run.state().coordination?.deltas && base?.seq !== undefined && base.seq === run.state().coordination?.seq;
  run.syncs.pending = step.sync;
  await activities.syncWithDebtor.executeWithOptions({ summary: `Sync with debtor ${debtorId}${step.sync.planned ? `: ${step.sync.planned.stepId}` : step.sync.closed ? ': closed' : ''}` }, [
    { debtorId, sync: asDelta ? deltaOf(base, step.sync) : step.sync, maxHistoryEvents },
  ]);
  run.syncs.last = step.sync;
  run.syncs.pending = undefined;
  run.dispatch({ type: 'debtor_sync_sent', at: Date.now(), seq: step.sync.seq ?? 0, fingerprint: step.fingerprint, handed: step.handed, closed: step.sync.closed });
}
