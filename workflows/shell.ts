import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { DunningActivities } from '../activities/types';
import { EMAIL_REJECTED } from '../activities/types';
import type { Checked } from '../domain/wire/schema';

/**
 * What the invoice and debtor workflows share: activity options, waiting for news, when to
 * continue as new, reading a send's failure (the sends themselves: sends.ts).
 */

export const activities = proxyActivities<DunningActivities>({
  startToCloseTimeout: '2 minutes',
  // Activities heartbeat every 2 s (activities/heartbeat.ts): a killed worker is noticed in 10 s.
  heartbeatTimeout: '10 seconds',
  // 429/5xx from the provider are retried with backoff for about 5 hours; a 4xx is non-retryable (EmailRejected).
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 20 },
});

// A brief that cannot be written is not worth holding the scenario for long.
export const briefActivities = proxyActivities<DunningActivities>({ startToCloseTimeout: '1 minute', heartbeatTimeout: '10 seconds', retry: { maximumAttempts: 3 } });

/**
 * A counter bumped by every change of state. A wait takes the counter read BEFORE the step that
 * led to it: news that arrives while an activity runs still ends the wait (no lost wake-up).
 *
 * Timers are never cancelled: one timer per deadline, reused by every wait for that deadline, left
 * to fire when news came first. Cancelling a timer that the time-skipping test server has just
 * fired strands the run there (temporalio/sdk-java#3088); on a real server an idle timer costs one
 * short workflow task when it fires, and waits for the same deadline (the usual case) share it.
 */
export class News {
  version = 0;
  private readonly timers = new Map<number, { fired: boolean }>();

  bump(): void {
    this.version += 1;
  }

  /** True when news arrived since `since`; false when `until` came first. */
  async since(since: number, until?: number, summary?: string): Promise<boolean> {
    const changed = () => this.version !== since;
    if (until === undefined) {
      await condition(changed);
      return true;
    }
    if (until <= Date.now()) return changed();
    const timer = this.timer(until, summary);
    await condition(() => changed() || timer.fired);
    return changed();
  }

  private timer(until: number, summary?: string): { fired: boolean } {
    let t = this.timers.get(until);
    if (!t) {
      const timer = { fired: false };
      t = timer;
      this.timers.set(until, timer);
      void sleep(until - Date.now(), summary ? { summary } : undefined).then(() => {
        timer.fired = true;
        this.timers.delete(until);
      });
    }
    return t;
  }
}

/** History past the server's suggestion or our budget: hand over to a fresh run once handlers are done. */
export function historyFull(maxEvents: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > maxEvents;
}

export async function handlersDone(): Promise<void> {
  await condition(allHandlersFinished);
}

/** A start input that does not parse fails the run at once, naming the field: retrying cannot fix it. */
export function inputOrFail<T>(checked: Checked<T>, what: string): T {
  if (checked.ok) return checked.value;
  throw ApplicationFailure.nonRetryable(`invalid ${what}: ${checked.error}`, 'InvalidInput');
}

export type SendFailure = { kind: 'bounced'; error: string } | { kind: 'failed'; error: string };

/** A send that ended in failure: the address refused (bounce) or a failure that retries could not fix. */
export function sendFailure(err: unknown): SendFailure {
  if (!(err instanceof ActivityFailure)) throw err;
  const cause = err.cause;
  if (cause instanceof ApplicationFailure && cause.type === EMAIL_REJECTED) return { kind: 'bounced', error: cause.message };
  return { kind: 'failed', error: (cause ?? err).message };
}
