import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { BUNDLE_PATH } from '../global-setup';
import { HISTORIES_ROOT, recordedWorkflowIds } from '../helpers/histories';

/**
 * Replays recorded histories of the main scenarios against today's workflow code: a change that
 * would break running workflows (a new command, a reordered step) fails here and needs `patched()`.
 * v1 histories (runs started before `core-v2`) replay through the frozen v1 code; v2 through today's.
 */
const recorded = ['v1', 'v2'].flatMap((version) => {
  const ids = recordedWorkflowIds(version);
  return readdirSync(join(HISTORIES_ROOT, version))
    .filter((f) => f.endsWith('.json') && f !== 'workflow-ids.json')
    .sort()
    .map((file) => ({ name: `${version}/${file}`, path: join(HISTORIES_ROOT, version, file), workflowId: ids[file.replace(/\.json$/, '')] ?? file.replace(/\.json$/, '') }));
});

describe('replay of recorded histories (test/histories)', () => {
  it('has recorded histories of the main scenarios, of both versions', () => {
    expect(recorded.filter((r) => r.name.startsWith('v1/')).length).toBeGreaterThanOrEqual(6);
    expect(recorded.filter((r) => r.name.startsWith('v2/')).length).toBeGreaterThanOrEqual(6);
  });

  it.each(recorded)('$name replays without nondeterminism', async ({ name, path, workflowId }) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path, 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: BUNDLE_PATH }, replayName: name }, history, workflowId)).resolves.toBeUndefined();
  });
});
