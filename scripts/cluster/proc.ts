/**
 * A supervised child process of the cluster: output appended to its own log file, a promise of
 * its exit, and the two ways to stop it (polite signal with a SIGKILL deadline, or kill -9).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ProcSpec {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this user (PostgreSQL refuses to run as root). */
  uid?: number;
  gid?: number;
}

export interface Proc {
  readonly spec: ProcSpec;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code, or the signal's name, once the process is gone. */
  readonly exited: Promise<number | string>;
  alive(): boolean;
  /** `signal` (SIGTERM by default), then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export function startProc(spec: ProcSpec): Proc {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const out = openSync(spec.logFile, 'a');
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    stdio: ['ignore', out, out],
    // Its own process group: Ctrl-C reaches the launcher only, which stops the tree in order.
    detached: true,
    uid: spec.uid,
    gid: spec.gid,
  });
  closeSync(out); // the child holds its own descriptor
  if (child.pid === undefined) throw new Error(`${spec.name}: could not start ${spec.command}`);
  const pid = child.pid;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (err) => resolve(`error: ${err.message}`));
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    spec,
    child,
    pid,
    exited,
    alive,
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000) {
      if (!alive()) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `probe` until it resolves true, the process dies, or `ms` pass. */
export async function waitFor(what: string, ms: number, probe: () => Promise<boolean>, proc?: Proc): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (proc && !proc.alive()) throw new Error(`${what}: the process exited (${await proc.exited}); see ${proc.spec.logFile}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${Math.round(ms / 1000)} s${proc ? `; see ${proc.spec.logFile}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
