import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';

export const HISTORIES_DIR = join(__dirname, '..', 'histories');

/**
 * With DUNNING_RECORD_HISTORIES=1, saves the run's history under test/histories/<name>.json for the
 * replay test. Re-record only for a change that is meant to break running workflows; otherwise a
 * replay failure means the change needs `patched()`.
 */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.DUNNING_RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), historyToJSON(history));
  const ids = recordedWorkflowIds();
  ids[name] = handle.workflowId;
  writeFileSync(IDS_FILE, `${JSON.stringify(Object.fromEntries(Object.entries(ids).sort()), null, 2)}\n`);
}

const IDS_FILE = join(HISTORIES_DIR, 'workflow-ids.json');

/**
 * The workflow id of each recorded run: a replay must use it, because messages the run received
 * (a debtor's "touch done" signal) name it.
 */
export function recordedWorkflowIds(): Record<string, string> {
  return existsSync(IDS_FILE) ? (JSON.parse(readFileSync(IDS_FILE, 'utf8')) as Record<string, string>) : {};
}
