import { getHeapStatistics } from 'node:v8';

/**
 * How much a worker takes on, from the memory it is given. Measured with `npm run bench:memory`
 * (2 cores): an open invoice workflow costs about 0.46 MB of worker memory once cached (a workflow
 * that only sleeps: 0.43 MB), so a cached workflow is counted at 0.6 MB with margin; the worker's
 * own baseline (bundle, SDK, activities) is about 300 MB. Every figure can be set by environment.
 */
export const MB_PER_CACHED_WORKFLOW = 0.6;
export const BASELINE_MB = 300;

export interface WorkerSizing {
  heapLimitMb: number;
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTaskExecutions: number;
  maxConcurrentActivityTaskExecutions: number;
}

export function workerSizing(env: NodeJS.ProcessEnv = process.env, heapLimitMb = getHeapStatistics().heap_size_limit / 1024 / 1024): WorkerSizing {
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name}=${raw}: a whole number above 0`);
    return n;
  };
  const fromHeap = Math.floor((heapLimitMb - BASELINE_MB) / MB_PER_CACHED_WORKFLOW);
  return {
    heapLimitMb: Math.round(heapLimitMb),
    // Evicted workflows are replayed from history when they next wake: a smaller cache costs CPU, not correctness.
    maxCachedWorkflows: int('DUNNING_MAX_CACHED_WORKFLOWS', Math.max(100, Math.min(50_000, fromHeap))),
    maxConcurrentWorkflowTaskExecutions: int('DUNNING_WORKFLOW_TASK_SLOTS', 40),
    maxConcurrentActivityTaskExecutions: int('DUNNING_ACTIVITY_SLOTS', 50),
  };
}

export function describeSizing(s: WorkerSizing): string {
  return `heap ${s.heapLimitMb} MB, up to ${s.maxCachedWorkflows} cached workflows, ${s.maxConcurrentWorkflowTaskExecutions} workflow tasks and ${s.maxConcurrentActivityTaskExecutions} activities at once`;
}
