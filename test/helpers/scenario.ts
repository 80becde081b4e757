import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createRecordingActivities, type RecordedSend } from './recording-activities';
import type { DunningActivities } from '../../activities/types';
import { runIdentity } from '../../client/start-options';
import { InvoiceSchema, type InvoiceInput } from '../../domain/invoice/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { type PolicyInput } from '../../domain/policy/schema';
import { dunningWorkflow } from '../../workflows';
import * as msg from '../../workflows/messages';
import { createTestWorker } from './temporal';
import { sampleInvoice } from './fixtures';
import { approvalsOff } from './field';

export { sampleInvoice } from './fixtures';

/** Moves the test server's clock forward to an absolute instant (tests in a file go forward in time). */
export async function travelTo(env: TestWorkflowEnvironment, iso: string): Promise<void> {
  const target = Date.parse(iso);
  const now = await env.currentTimeMs();
  if (target < now) throw new Error(`cannot travel back to ${iso}: the test server is already at ${new Date(now).toISOString()}`);
  await env.sleep(target - now);
}

export interface Scenario {
  handle: WorkflowHandleWithFirstExecutionRunId<typeof dunningWorkflow>;
  log: RecordedSend[];
  worker: Worker;
  /** Runs fn while the worker polls. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  state(): Promise<msg.DunningView>;
}

let counter = 0;
export async function startScenario(
  env: TestWorkflowEnvironment,
  opts: { invoice?: Partial<InvoiceInput>; policy?: PolicyInput; activities?: DunningActivities; maxHistoryEvents?: number; coordinated?: boolean; taskQueue?: string; worker?: Worker; log?: RecordedSend[] } = {},
): Promise<Scenario> {
  const taskQueue = opts.taskQueue ?? `test-${process.pid}-${++counter}`;
  if (opts.taskQueue) counter += 1;
  const recording = createRecordingActivities(opts.log);
  const worker = opts.worker ?? (await createTestWorker(env, { taskQueue, activities: opts.activities ?? recording }));
  const invoice = sampleInvoice({ invoiceId: `INV-${process.pid}-${counter}`, ...opts.invoice });
  const parsed = InvoiceSchema.parse(invoice);
  const handle = await env.client.workflow.start(dunningWorkflow, {
    taskQueue,
    // What the CLI sets at start, so the run reads well in the Web UI from its first second.
    ...runIdentity(parsed, opts.coordinated),
    args: [{ invoice, policy: approvalsOff(opts.policy ?? DEFAULT_POLICY_INPUT), maxHistoryEvents: opts.maxHistoryEvents, coordinated: opts.coordinated }],
  });
  return {
    handle,
    log: recording.log,
    worker,
    // A workflow left running without a worker would stop the test server's clock for every later
    // test in the file, so whatever happens the run ends here.
    run: async (fn) => {
      try {
        return await worker.runUntil(fn());
      } finally {
        await handle.terminate('test finished').catch(() => undefined);
      }
    },
    state: () => handle.query(msg.getState),
  };
}

/** Touches as [local date-time Paris, channel, template] for compact assertions. */
export function touchesOf(view: msg.DunningView, tz = 'Europe/Paris'): string[] {
  const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return view.touches.map((t) => `${fmt.format(new Date(t.at))} ${t.channel} ${t.template} ${t.result}`);
}

/**
 * The default cadence when nobody ever answers, for an invoice due Wed 3 Feb 2027 (hand-computed
 * in test/workflow/cadence.test.ts): the same touches whatever the channels' implementation.
 */
export const UNANSWERED_TOUCHES_DUE_2027_02_03 = [
  '2027-02-04 09:00 email reminder_1 sent',
  '2027-02-12 09:00 email gap_reminder sent',
  '2027-02-17 09:00 letter letter_1 sent',
  '2027-02-17 09:00 email letter_1 sent',
  '2027-02-26 09:00 email gap_reminder sent',
  '2027-03-03 09:00 email notice_announce sent',
  '2027-03-05 09:00 letter formal_notice sent',
];
