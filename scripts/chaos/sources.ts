/**
 * The two sides of the send audit (./audit), collected after a chaos or fault run:
 * - readPostalLog: letters filed, one line each, in <outbox>/letters/postal-log.jsonl;
 * - collectTraces: what each run recorded, by query (getState on invoice workflows, getDebtorState
 *   on debtor workflows; closed runs are replayed by a worker to answer);
 * - runOutcomes: finished / running / failed runs of a visibility query.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { mapBounded } from '../../client/bulk-start';
import { getDebtorState, getState } from '../../workflows/messages';
import type { SendRecord, TraceRecord } from './audit';

export function readPostalLog(outboxDir: string): SendRecord[] {
  const path = join(outboxDir, 'letters', 'postal-log.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => ({ key: (JSON.parse(line) as { idempotencyKey: string }).idempotencyKey, channel: 'letter' as const }));
}

export interface RunOutcomes {
  /** Latest run of each workflow id: continue-as-new chains count once. */
  workflowIds: string[];
  finished: string[];
  running: string[];
  /** Failed, terminated, timed out or cancelled. */
  failed: Array<{ workflowId: string; status: string }>;
}

export async function runOutcomes(client: Client, query: string): Promise<RunOutcomes> {
  const latest = new Map<string, { status: string; start: number }>();
  for await (const w of client.workflow.list({ query, pageSize: 1000 })) {
    const prev = latest.get(w.workflowId);
    const start = w.startTime.getTime();
    if (!prev || start >= prev.start) latest.set(w.workflowId, { status: w.status.name, start });
  }
  const out: RunOutcomes = { workflowIds: [...latest.keys()], finished: [], running: [], failed: [] };
  for (const [workflowId, { status }] of latest) {
    if (status === 'COMPLETED') out.finished.push(workflowId);
    else if (status === 'RUNNING' || status === 'CONTINUED_AS_NEW') out.running.push(workflowId);
    else out.failed.push({ workflowId, status });
  }
  return out;
}

export interface Traces {
  traces: TraceRecord[];
  /** Runs that could not answer their query. */
  errors: Array<{ workflowId: string; error: string }>;
}

/** Message ids of the sends each run recorded: invoice touches (`dunning-*`) and debtor groups (`debtor-*`). */
export async function collectTraces(client: Client, workflowIds: string[], concurrency = 8): Promise<Traces> {
  const traces: TraceRecord[] = [];
  const errors: Traces['errors'] = [];
  await mapBounded(workflowIds, concurrency, async (workflowId) => {
    const handle = client.workflow.getHandle(workflowId);
    try {
      if (workflowId.startsWith('debtor-')) {
        const s = await handle.query(getDebtorState);
        for (const g of s.groups) if (g.messageId) traces.push({ messageId: g.messageId, workflowId, channel: g.channel });
      } else {
        const s = await handle.query(getState);
        for (const t of s.touches) if (t.messageId) traces.push({ messageId: t.messageId, workflowId, channel: t.channel });
      }
    } catch (err) {
      errors.push({ workflowId, error: err instanceof Error ? err.message : String(err) });
    }
  });
  return { traces, errors };
}
