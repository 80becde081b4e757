import { patched, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { describeState, visibleFields } from '../../domain/views/presentation';
import type { Policy } from '../../domain/policy/schema';
import type { DunningState } from '../../domain/dunning/state';
import { searchAttributeUpdates } from '../search-attributes';
import { OVERDUE_STAGE } from '../versions';

export type Publish = (state: DunningState, policy: Policy, now: number, next: { at: number; description: string } | undefined) => void;

/**
 * Keeps the Web UI's view of the run true: search attributes (only those that changed: each upsert
 * is a history event) and the current details. Starts from what the run already carries, so a run
 * continued as new does not rewrite them.
 */
export function createPublisher(): Publish {
  const published = new Map<string, string>();
  for (const pair of workflowInfo().typedSearchAttributes.getAll()) published.set(pair.key.name, valueKey(pair.value));
  let details = '';
  return (state, policy, now, next) => {
    const changed = searchAttributeUpdates(visibleFields(state, policy, now, next, patched(OVERDUE_STAGE))).filter((p) => published.get(p.key.name) !== valueKey(p.value));
    if (changed.length) {
      upsertSearchAttributes(changed);
      for (const p of changed) published.set(p.key.name, valueKey(p.value));
    }
    const text = describeState(state, policy, now, next);
    if (text !== details) {
      setCurrentDetails(text);
      details = text;
    }
  };
}

function valueKey(v: SearchAttributeUpdatePair['value'] | unknown): string {
  return v instanceof Date ? v.toISOString() : JSON.stringify(v ?? null);
}
