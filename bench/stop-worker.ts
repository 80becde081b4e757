import type { ChildProcess } from 'node:child_process';

/** SIGTERM, then SIGKILL: a worker draining its cache (or polling a server gone) must not keep the bench alive. */
export function stopWorker(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
