import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

export const BUNDLE_PATH = join(__dirname, '..', '.vitest-bundle', 'workflows.js');

/** Bundles the workflow code once per test run; every test worker loads it by path. */
export default async function setup() {
  const { code } = await bundleWorkflowCode({
    workflowsPath: join(__dirname, '..', 'workflows', 'index.ts'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error } as never,
  });
  mkdirSync(join(BUNDLE_PATH, '..'), { recursive: true });
  writeFileSync(BUNDLE_PATH, code);
}
