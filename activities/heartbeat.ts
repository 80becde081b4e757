import { Context } from '@temporalio/activity';

/** How often a running activity tells the server its worker is alive. */
export const HEARTBEAT_EVERY_MS = 2_000;

/**
 * Runs an activity while heartbeating every few seconds, so that the workflow's heartbeat timeout
 * notices a dead worker in seconds (not after the whole start-to-close timeout) and the retry
 * runs elsewhere. The sends' intent log (docs/sends.md) makes that retry safe.
 */
export function withHeartbeat<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const ctx = activityContext();
    if (!ctx) return fn(...args); // called directly (a script, a test): nobody to tell
    const timer = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      ctx.heartbeat();
      return await fn(...args);
    } finally {
      clearInterval(timer);
    }
  };
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}
