import { describe, expect, it } from 'vitest';
import { BASELINE_MB, MB_PER_CACHED_WORKFLOW, workerSizing } from '../../worker/sizing';

describe('worker sizing from its heap', () => {
  it('caches as many workflows as the heap holds beyond the baseline, with bounds', () => {
    expect(workerSizing({}, 2048).maxCachedWorkflows).toBe(Math.floor((2048 - BASELINE_MB) / MB_PER_CACHED_WORKFLOW)); // 2913
    expect(workerSizing({}, 256).maxCachedWorkflows).toBe(100);
    expect(workerSizing({}, 64_000).maxCachedWorkflows).toBe(50_000);
  });

  it('takes every figure from the environment when set, and refuses nonsense', () => {
    expect(workerSizing({ DUNNING_MAX_CACHED_WORKFLOWS: '500', DUNNING_WORKFLOW_TASK_SLOTS: '8', DUNNING_ACTIVITY_SLOTS: '20' }, 2048)).toMatchObject({
      maxCachedWorkflows: 500,
      maxConcurrentWorkflowTaskExecutions: 8,
      maxConcurrentActivityTaskExecutions: 20,
    });
    expect(() => workerSizing({ DUNNING_MAX_CACHED_WORKFLOWS: 'lots' }, 2048)).toThrow('DUNNING_MAX_CACHED_WORKFLOWS=lots: a whole number above 0');
  });
});
