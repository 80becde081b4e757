/**
 * Keeps one worker process (worker-process.ts) alive: restarts it whenever it exits, whether the
 * chaos loop SIGKILLed it or it died on its own (e.g. the server went away), until stop().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { track } from './children';

export interface WorkerSupervisorOptions {
  /** The worker's environment (TEMPORAL_*, SENDGRID_*, DUNNING_OUTBOX_DIR, CHAOS_WORKFLOW_BUNDLE). */
  env: NodeJS.ProcessEnv;
  /** stdout and stderr of every worker process, appended. */
  logFile: string;
  log: (line: string) => void;
  /** Pause before restarting a worker that died on its own (default 1 s). */
  restartDelayMs?: number;
}

export interface WorkerSupervisor {
  /** Resolves once the current worker polls (starting one if none is running). */
  ready(): Promise<void>;
  /** SIGKILLs the current worker; it is restarted at once. False if none was running. */
  kill(): boolean;
  /** Stops restarting and kills the current worker. */
  stop(): Promise<void>;
  readonly stats: { starts: number; kills: number; diedOnTheirOwn: number };
}

const WORKER_FILE = join(__dirname, 'worker-process.ts');

export function superviseWorker(opts: WorkerSupervisorOptions): WorkerSupervisor {
  const stats = { starts: 0, kills: 0, diedOnTheirOwn: 0 };
  let current: { child: ChildProcess; ready: Promise<void>; killedByUs: boolean; exited: Promise<void> } | undefined;
  let stopped = false;

  const start = () => {
    stats.starts += 1;
    const out = openSync(opts.logFile, 'a');
    const child = track(
      spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), WORKER_FILE], { env: opts.env, stdio: ['ignore', out, out, 'ipc'] }),
    );
    closeSync(out);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (m: unknown) => {
        if (typeof m === 'object' && m !== null && 'ready' in m) resolve();
      });
      void exited.then(() => reject(new Error('worker exited before it was ready')));
    });
    ready.catch(() => undefined);
    const entry = { child, ready, killedByUs: false, exited };
    current = entry;
    child.once('exit', (code, signal) => {
      if (stopped) return;
      if (!entry.killedByUs) {
        stats.diedOnTheirOwn += 1;
        opts.log(`worker ${child.pid} died on its own (${signal ?? `exit ${code}`}): restarting`);
      }
      setTimeout(() => {
        if (!stopped && current === entry) start();
      }, entry.killedByUs ? 0 : (opts.restartDelayMs ?? 1000));
    });
  };

  return {
    stats,
    async ready() {
      const alive = (e: { child: ChildProcess }) => e.child.exitCode === null && e.child.signalCode === null;
      for (;;) {
        if (stopped) throw new Error('worker supervisor stopped');
        if (!current) start();
        const entry = current!;
        if (alive(entry)) {
          try {
            await entry.ready;
            if (alive(entry)) return;
          } catch {
            // died while starting: the restart follows
          }
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    kill() {
      const entry = current;
      if (!entry || entry.child.exitCode !== null || entry.child.signalCode !== null) return false;
      entry.killedByUs = true;
      stats.kills += 1;
      entry.child.kill('SIGKILL');
      return true;
    },
    async stop() {
      stopped = true;
      const entry = current;
      if (!entry) return;
      if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill('SIGKILL');
      await entry.exited;
    },
  };
}
