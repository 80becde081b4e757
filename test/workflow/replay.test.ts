import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { BUNDLE_PATH } from '../global-setup';
import { HISTORIES_DIR, recordedWorkflowIds } from '../helpers/histories';

/**
 * Replays recorded histories of the main scenarios against today's workflow code: a change that
 * would break running workflows (a new command, a reordered step) fails here and needs `patched()`.
 */
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json') && f !== 'workflow-ids.json').sort();
const ids = recordedWorkflowIds();

describe('replay of recorded histories (test/histories)', () => {
  it('has recorded histories of the main scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')));
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: BUNDLE_PATH }, replayName: file }, history, ids[file.replace(/\.json$/, '')] ?? file.replace(/\.json$/, '')),
    ).resolves.toBeUndefined();
  });
});
