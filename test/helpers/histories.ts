import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';

/** One folder per version of the workflow code: v1 (frozen, replayed through workflows/v1) and v2. */
export const HISTORIES_ROOT = join(__dirname, '..', 'histories');
export const CURRENT_VERSION = 'v2';

/**
 * With DUNNING_RECORD_HISTORIES=1, saves the run's history under test/histories/v2/<name>.json for
 * the replay test. Re-record only for a change that is meant to break running workflows; otherwise
 * a replay failure means the change needs `patched()`.
 */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  // DUNNING_RECORD_DIR: today's code's histories for `npm run bench:history` (never the fixtures).
  const benchDir = process.env.DUNNING_RECORD_DIR;
  if (benchDir) {
    mkdirSync(benchDir, { recursive: true });
    writeFileSync(join(benchDir, `${name}.json`), historyToJSON(await handle.fetchHistory()));
    return;
  }
  if (process.env.DUNNING_RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  const dir = join(HISTORIES_ROOT, CURRENT_VERSION);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), historyToJSON(history));
  const ids = recordedWorkflowIds(CURRENT_VERSION);
  ids[name] = handle.workflowId;
  writeFileSync(idsFile(CURRENT_VERSION), `${JSON.stringify(Object.fromEntries(Object.entries(ids).sort()), null, 2)}\n`);
}

const idsFile = (version: string) => join(HISTORIES_ROOT, version, 'workflow-ids.json');

/**
 * The workflow id of each recorded run: a replay must use it, because messages the run received
 * (a debtor's "touch done" signal) name it.
 */
export function recordedWorkflowIds(version: string): Record<string, string> {
  const file = idsFile(version);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}
