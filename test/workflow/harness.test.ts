import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv, TEST_SERVER_START } from '../helpers/temporal';
import { startScenario, travelTo } from '../helpers/scenario';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

describe('time-skipping harness (official Java test server)', () => {
  it('starts its clock at the pinned instant, whatever the date the suite runs on', async () => {
    const now = await env.currentTimeMs();
    // Within a minute of the pin: the clock runs from there (real seconds of this test, not days).
    expect(now).toBeGreaterThanOrEqual(Date.parse(TEST_SERVER_START));
    expect(now - Date.parse(TEST_SERVER_START)).toBeLessThan(60_000);
  });

  it('crosses a four-week durable timer in virtual time', async () => {
    await travelTo(env, '2027-01-04T08:00:00Z');
    // Due 3 Feb: the first step (pre-due call, D-3 business days) is 25 days away.
    const sc = await startScenario(env);
    const wallStart = Date.now();
    const view = await sc.run(async () => {
      await env.sleep('26 days');
      return sc.state();
    });
    const wallMs = Date.now() - wallStart;
    console.log(`26 virtual days took ${wallMs} ms of wall time`);
    expect(view.openTask?.taskId).toBe('pre_due_call-1');
    expect(new Date(view.openTask!.openedAt).toISOString()).toBe('2027-01-29T09:00:00.000Z'); // 10:00 Paris
    expect(view.stage).toBe('pre_due');
    // Proof the clock was skipped, not waited: 26 days passed in (far) less than a minute.
    expect(wallMs).toBeLessThan(60_000);
  });
});
