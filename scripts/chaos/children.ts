/**
 * Every OS process the chaos harness starts is registered here, so none outlives it: killed with
 * SIGKILL on exit, on Ctrl-C (SIGINT), SIGTERM and on an uncaught error.
 */
import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();

export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function killAll(): void {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}

/** `onInterrupt` may clean up politely (bounded); whatever is left is SIGKILLed on exit. */
export function installCleanup(onInterrupt: (signal: string) => Promise<void>): void {
  process.on('exit', killAll);
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      console.log(`\nchaos: ${signal}: stopping every process the test started`);
      const timer = setTimeout(() => process.exit(130), 5000);
      onInterrupt(signal).finally(() => {
        clearTimeout(timer);
        process.exit(130);
      });
    });
  }
  process.on('uncaughtException', (err) => {
    console.error(err);
    process.exit(2);
  });
}
