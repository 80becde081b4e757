/** A dunning worker process (worker/index.ts) against a given frontend, for the cluster and the benchmarks. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProcSpec } from './proc';

const ROOT = resolve(__dirname, '..', '..');

export interface WorkerProcOptions {
  name: string;
  address: string;
  namespace: string;
  taskQueue: string;
  logFile: string;
  /** Extra environment (outbox, SendGrid endpoint...). */
  env?: NodeJS.ProcessEnv;
}

export function workerProcSpec(o: WorkerProcOptions): ProcSpec {
  return {
    name: o.name,
    // node itself (not the tsx launcher, which forks): a kill -9 hits the worker, not a wrapper.
    // The heap npm start gives a worker (worker/sizing.ts sizes its workflow cache from it).
    command: process.execPath,
    args: [`--max-old-space-size=${o.env?.DUNNING_WORKER_HEAP_MB ?? process.env.DUNNING_WORKER_HEAP_MB ?? 2048}`, '--import', 'tsx', join(ROOT, 'worker', 'index.ts')],
    logFile: o.logFile,
    cwd: ROOT,
    env: { ...process.env, ...o.env, TEMPORAL_ADDRESS: o.address, TEMPORAL_NAMESPACE: o.namespace, TEMPORAL_TASK_QUEUE: o.taskQueue },
  };
}

/** Resident set size of a process in MiB (Linux /proc), or undefined once it is gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : undefined;
  } catch {
    return undefined;
  }
}
