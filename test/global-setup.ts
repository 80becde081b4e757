import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { testServerPath } from '../scripts/temporal-paths';

export const BUNDLE_PATH = join(__dirname, '..', '.vitest-bundle', 'workflows.js');

/**
 * Once per test run: bundles the workflow code (every test worker loads it by path) and starts the
 * test server daemon, one JVM in which each test's own official test server starts in milliseconds
 * (the SDK allows a spawned server 5 s, which a cold JVM on a loaded machine can miss).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const [daemon, { code }] = await Promise.all([
    startTestServerDaemon(),
    bundleWorkflowCode({
      workflowsPath: join(__dirname, '..', 'workflows', 'index.ts'),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
    }),
  ]);
  mkdirSync(join(BUNDLE_PATH, '..'), { recursive: true });
  writeFileSync(BUNDLE_PATH, code);
  return async () => {
    daemon?.kill('SIGTERM');
  };
}

/** The daemon, its control port in DUNNING_TEST_SERVER_DAEMON for the test workers it forks; none when not provisioned. */
async function startTestServerDaemon(): Promise<ChildProcess | undefined> {
  const path = testServerPath();
  if (!path || process.env.DUNNING_TEST_SERVER_DAEMON) return undefined;
  const child = spawn(path, ['--daemon', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the test server daemon did not start within 120 s')), 120_000);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`the test server daemon exited (${code})`)));
  });
  process.env.DUNNING_TEST_SERVER_DAEMON = port;
  return child;
}
