/**
 * A new cluster has only the system namespace: the product's namespace is registered once (what
 * auto-setup does in docker-compose), then the project's search attributes. Services refresh
 * their namespace cache every 2 s, hence the short wait after a change.
 */
import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { ensureSearchAttributes } from '../search-attributes';

const NOT_FOUND = 5;
const settle = () => new Promise((r) => setTimeout(r, 3000));

export async function ensureNamespace(connection: Connection, namespace: string, retentionDays: number): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return false;
  } catch (err) {
    if ((err as { code?: number }).code !== NOT_FOUND) throw err;
  }
  await connection.workflowService.registerNamespace({
    namespace,
    description: 'dunning orchestrator',
    workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
  });
  await settle();
  return true;
}

/** Registers the missing search attributes; returns their names. */
export async function ensureProductSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const added = await ensureSearchAttributes(connection, namespace);
  if (added.length) await settle();
  return added;
}
