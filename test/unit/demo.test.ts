import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoMode } from '../../client/commands/demo';
import { loadPolicyFile } from '../../client/policy-file';
import { toMs } from '../../domain/time/duration';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

describe('the demo shows what production does', () => {
  it('runs the default coordinated mode, with call tasks a person can answer', () => {
    const mode = demoMode({});
    expect(mode.coordinated).toBe(true);
    const policy = loadPolicyFile(join(EXAMPLES, mode.policyFile)).parsed;
    // One CLI call takes seconds; reading a brief and dialling, minutes.
    expect(toMs(policy.calls.taskDeadline)).toBeGreaterThanOrEqual(5 * 60_000);
    // The debtor's workflow merges touches within its window: shorter than the gap between two steps.
    const offsets = policy.steps.map((s) => s.offset.sign * toMs(s.offset.duration)).sort((a, b) => a - b);
    const gaps = offsets.slice(1).map((o, i) => o - offsets[i]);
    expect(Math.min(...gaps)).toBeGreaterThan(toMs(policy.coordination.mergeWindow));
    expect(demoMode({ perInvoice: true }).coordinated).toBe(false);
    expect(demoMode({ fast: true })).toEqual({ policyFile: 'fast-policy.json', coordinated: false });
  });
});
