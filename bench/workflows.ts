/**
 * The bench's workflow bundle: the product's workflows plus the trivial one they are compared with
 * (a workflow that only sleeps: what an open workflow costs at the least).
 */
import { sleep } from '@temporalio/workflow';

export * from '../workflows';

export async function sleeperWorkflow(): Promise<void> {
  await sleep('30 days');
}
