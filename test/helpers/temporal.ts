import { afterEach, beforeEach } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { codecDataConverter, codecKeysFromEnv } from '../../config/codec';
import { testServerPath } from '../../scripts/temporal-paths';
import { ensureSearchAttributes } from '../../scripts/search-attributes';
import { BUNDLE_PATH } from '../global-setup';


/**
 * Where every test server's clock starts: a fixed instant, so that no test depends on the day it
 * runs. Tests travel forward from here to the calendar dates they check (all in 2027).
 */
export const TEST_SERVER_START = '2027-01-01T00:00:00Z';

/**
 * The official time-skipping test server, provisioned by scripts/temporal-install.sh, its clock
 * pinned at `startAt` (the provisioned wrapper's --initial-time).
 * The SDK allows a spawned server ~5 s to answer; a busy 2-core machine can miss that on a cold
 * JVM, so a failed start is retried.
 */
export async function createTimeSkippingEnv(opts: { startAt?: string; attempts?: number } = {}): Promise<TestWorkflowEnvironment> {
  const { startAt = TEST_SERVER_START, attempts = 3 } = opts;
  const path = testServerPath();
  if (!path) throw new Error('the Temporal test server is not provisioned: run `npm run temporal:install` (tests pin its clock, which the SDK download cannot)');
  let lastError: unknown;
  for (let i = 1; i <= attempts; i++) {
    let env: TestWorkflowEnvironment;
    try {
      env = await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path }, extraArgs: ['--initial-time', startAt] },
        ...(testDataConverter ? { client: { dataConverter: testDataConverter } } : {}),
      });
    } catch (err) {
      lastError = err;
      continue;
    }
    // The workflow upserts the project's search attributes; the test server wants them registered first.
    await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
    return env;
  }
  throw new Error(`the Temporal test server did not start after ${attempts} attempts: ${String(lastError)}`);
}

/**
 * With DUNNING_CODEC_KEYS set (e.g. `DUNNING_CODEC_KEYS=$(npm run -s codec:keygen) npm test`), the
 * test servers' clients and workers encrypt every payload like production; without it, clear.
 */
export const testDataConverter = codecDataConverter(codecKeysFromEnv());

/** A worker on the shared per-run workflow bundle (encrypting when a key is set). */
export function createTestWorker(
  env: TestWorkflowEnvironment,
  options: Omit<WorkerOptions, 'connection' | 'workflowBundle' | 'workflowsPath'>,
): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    workflowBundle: { codePath: BUNDLE_PATH },
    ...(testDataConverter ? { dataConverter: testDataConverter } : {}),
    ...options,
  });
}


/**
 * A fresh time-skipping server for each test. Waiting on a workflow result lets the test server
 * skip to its next internal deadline (years ahead) once the run has completed, so tests that set
 * the clock to calendar dates must not share a server.
 */
export function useTimeSkippingEnv(): () => TestWorkflowEnvironment {
  let env: TestWorkflowEnvironment | undefined;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
    env = undefined;
  });
  return () => {
    if (!env) throw new Error('useTimeSkippingEnv: no environment outside a test');
    return env;
  };
}
