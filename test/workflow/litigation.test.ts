import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createRecordingActivities } from '../helpers/recording-activities';
import * as msg from '../../workflows/messages';
import { startScenario, travelTo } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';

describe('litigation handoff', () => {
  const envOf = useTimeSkippingEnv();

  it('a refused handoff is traced and waits for a person; resume tries again', async () => {
    const env = envOf();
    const recording = createRecordingActivities();
    let calls = 0;
    const activities = {
      ...recording,
      async handOffToLitigation(req: Parameters<typeof recording.handOffToLitigation>[0]) {
        calls += 1;
        if (calls === 1) throw ApplicationFailure.nonRetryable('422 missing SIREN for the debtor', 'LitigationRejected');
        return recording.handOffToLitigation(req);
      },
    };
    await travelTo(env, '2027-01-25T08:00:00Z'); // due 3 Feb 2027: handoff due Wed 31 Mar 09:00 (no news of the notice: cadence.test.ts)
    const sc = await startScenario(env, { activities });
    const { failed, result, view } = await sc.run(async () => {
      await travelTo(env, '2027-04-01T09:00:00Z');
      const failed = await sc.state();
      await sc.handle.signal(msg.resume, { reason: 'SIREN added to the debtor file', by: 'credit controller' });
      return { failed, result: await sc.handle.result(), view: await sc.state() };
    });
    expect(failed.stage).toBe('formal_notice');
    expect(failed.outcome).toBeUndefined();
    expect(failed.next).toBeUndefined();
    expect(failed.trace.at(-1)).toMatchObject({ kind: 'litigation_handoff_failed', detail: '422 missing SIREN for the debtor (send resume to retry)' });
    expect(calls).toBe(2);
    expect(result.outcome).toBe('litigation');
    expect(view.trace.some((t) => t.kind === 'resumed' && /tried again/.test(t.detail ?? ''))).toBe(true);
  });
});
