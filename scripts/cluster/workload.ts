/** Invoice exports started on the cluster through the real `dunning start --file` path. */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');

export interface CliStart {
  started: number;
  failed: number;
  elapsedMs: number;
}

/** `dunning start --file <csv> --output json [...extra]` as a child process, against `address`. */
export async function cliStart(csv: string, address: string, taskQueue: string, extra: string[]): Promise<CliStart> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'bin', 'dunning.js'), 'start', '--file', csv, '--output', 'json', ...extra], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_TASK_QUEUE: taskQueue },
    maxBuffer: 256 * 1024 * 1024,
  });
  const r = JSON.parse(stdout) as { started: number; failed: number; elapsedMs: number };
  return { started: r.started, failed: r.failed, elapsedMs: r.elapsedMs };
}
