/**
 * The chaos audit: after (or during) a run, what became of every invoice and debtor workflow,
 * and does what the providers received match what the workflows recorded?
 *
 *   const report = await audit({ client, outboxDir, sendgridLog });
 *   for (const line of formatAuditDetails(report)) console.log(line);
 *   console.log(formatAuditLine('chaos', report));
 *   // chaos: 40 finished, 0 stuck, 0 failed, 0 sent twice, 0 untraced
 *
 * - runs: the latest run of each workflow id (describe, no visibility lag): `finished` = completed,
 *   `failed` = failed / terminated / timed out / cancelled, `stuck` = still running now (call
 *   audit at your deadline). The line's finished counts invoice runs; stuck and failed count
 *   invoice AND debtor runs.
 * - sends: every provider request of the fake SendGrid log (accepted mail/send), every filing of
 *   the postal log (<outbox>/letters/postal-log.jsonl) and every outbox email (<outbox>/emails/*.json),
 *   by idempotency key. `sent twice` = keys with more than one request or filing.
 * - untraced = sends whose key matches no send recorded in any workflow's state (by key or by
 *   message id), plus sends a workflow records with no matching provider request or filing.
 * Workflow state is read with queries (closed runs included: a worker must be running); the
 * shapes are read in trace-keys.ts only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { messageIdFor } from '../../activities/sent-log';
import { mapBounded } from '../../client/bulk-start';
import { readSendGridLog } from './fake-sendgrid';
import { DEBTOR_WORKFLOW_TYPE, describeWaiting, INVOICE_WORKFLOW_TYPE, queryState, sendKind, tracedSends, type TracedSend, type WorkflowState } from './trace-keys';

export interface AuditInput {
  client: Client;
  /** Namespace to list workflows in (default: the client's). */
  namespace?: string;
  /** The outbox of the worker(s): postal log, outbox emails. */
  outboxDir: string;
  /** JSONL log of the fake SendGrid (scripts/chaos/fake-sendgrid.ts); omit when emails went to the outbox. */
  sendgridLog?: string;
  /** The workflows to audit; default: every dunningWorkflow and debtorWorkflow listed in the namespace. */
  workflowIds?: string[];
  /** How long one query may take (default 15 s). */
  queryTimeoutMs?: number;
}

export type RunOutcome = 'finished' | 'stuck' | 'failed';
export interface RunReport {
  workflowId: string;
  kind: 'invoice' | 'debtor';
  status: string;
  outcome: RunOutcome;
  /** Open runs: where they wait (state) and their pending activities. */
  waiting?: string;
  pendingActivities?: string[];
  /** Failed runs: why. */
  failure?: string;
}

export interface SentKey {
  key: string;
  kind: string;
  /** Provider requests / filings under this key. */
  count: number;
  /** Where they were seen: sendgrid, postal, outbox. */
  sources: string[];
}

export interface AuditReport {
  runs: RunReport[];
  finished: number;
  stuck: number;
  failed: number;
  invoices: Record<RunOutcome, number>;
  debtors: Record<RunOutcome, number>;
  sendsByKind: Array<{ kind: string; keys: number; requests: number; sentTwice: number }>;
  sentTwice: SentKey[];
  /** (a) sends no workflow records. */
  untracedSends: SentKey[];
  /** (b) sends a workflow records that no provider request or filing matches. */
  unmatchedTraces: TracedSend[];
  /** Merged sends some covered invoice does not record (informative, not counted). */
  unrecordedCovers: Array<{ send: TracedSend; missing: string[] }>;
  untraced: number;
  /** Workflows whose state could not be read: their sends look untraced. */
  queryErrors: Array<{ workflowId: string; error: string }>;
}

const FAILED = new Set(['FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED']);
const ACTIVITY_STATE = temporal.api.enums.v1.PendingActivityState;

async function listWorkflowIds(client: Client, namespace: string | undefined): Promise<string[]> {
  const ids = new Set<string>();
  const query = `WorkflowType = '${INVOICE_WORKFLOW_TYPE}' OR WorkflowType = '${DEBTOR_WORKFLOW_TYPE}'`;
  const lister = namespace && namespace !== client.options.namespace ? undefined : client.workflow.list({ query });
  if (!lister) throw new Error(`audit: the client is bound to namespace ${client.options.namespace}, not ${namespace}`);
  for await (const wf of lister) ids.add(wf.workflowId);
  return [...ids].sort();
}

async function withRetries<T>(what: () => Promise<T>, tries = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await what();
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 1000 * i));
    }
  }
}

function pendingActivities(d: WorkflowExecutionDescription): string[] {
  return (d.raw.pendingActivities ?? []).map((a) => {
    const state = ACTIVITY_STATE[a.state ?? 0]?.replace('PENDING_ACTIVITY_STATE_', '').toLowerCase() ?? 'unknown';
    const failure = a.lastFailure?.message ? `, last failure: ${a.lastFailure.message.slice(0, 120)}` : '';
    const startedMs = a.lastStartedTime?.seconds ? Number(a.lastStartedTime.seconds) * 1000 : undefined;
    // Started on a worker that was killed since: it waits for its start-to-close timeout.
    const since = state === 'started' && startedMs ? `, started ${Math.round((Date.now() - startedMs) / 1000)} s ago by ${a.lastWorkerIdentity ?? '?'}` : '';
    return `${a.activityType?.name ?? '?'} attempt ${a.attempt ?? 0} (${state}${since}${failure})`;
  });
}

async function failureOf(client: Client, workflowId: string): Promise<string> {
  try {
    await client.workflow.getHandle(workflowId).result();
    return 'no failure';
  } catch (err) {
    const parts: string[] = [];
    for (let e: unknown = err; e instanceof Error && parts.length < 3; e = (e as { cause?: unknown }).cause) parts.push(e.message);
    return parts.join(': ');
  }
}

export interface Send {
  key: string;
  channel: 'email' | 'letter';
  source: string;
}

function readJsonLines(path: string): unknown[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as unknown];
      } catch {
        return [];
      }
    });
}
const keyOf = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && 'idempotencyKey' in v && typeof v.idempotencyKey === 'string' ? v.idempotencyKey : undefined;

/** Every provider request and filing, one entry each (a key sent twice appears twice). */
export function collectSends(outboxDir: string, sendgridLog?: string): Send[] {
  const sends: Send[] = [];
  if (sendgridLog) {
    for (const line of readSendGridLog(sendgridLog)) {
      if (line.kind === 'send' && line.status === 202) sends.push({ key: line.idempotencyKey ?? `(no key: request ${line.seq})`, channel: 'email', source: 'sendgrid' });
    }
  }
  for (const line of readJsonLines(join(outboxDir, 'letters', 'postal-log.jsonl'))) {
    sends.push({ key: keyOf(line) ?? '(no key: postal log line)', channel: 'letter', source: 'postal' });
  }
  const emails = join(outboxDir, 'emails');
  if (existsSync(emails)) {
    for (const f of readdirSync(emails).filter((n) => n.endsWith('.json'))) {
      const key = keyOf(JSON.parse(readFileSync(join(emails, f), 'utf8')));
      sends.push({ key: key ?? `(no key: ${f})`, channel: 'email', source: 'outbox' });
    }
  }
  return sends;
}

export type SendComparison = Pick<AuditReport, 'sendsByKind' | 'sentTwice' | 'untracedSends' | 'unmatchedTraces' | 'unrecordedCovers'>;

/**
 * Provider requests and filings against what the workflows record. A send is traced when some
 * workflow records its key or its message id (messageIdFor(key)); `readable` are the workflows
 * whose state was read (a covered invoice outside it is not reported as missing the send).
 */
export function compareSends(sends: Send[], traced: TracedSend[], readable: Set<string>): SendComparison {
  const byKey = new Map<string, SentKey & { channel: 'email' | 'letter' }>();
  for (const s of sends) {
    const k = byKey.get(s.key) ?? { key: s.key, kind: sendKind(s.key, s.channel), count: 0, sources: [], channel: s.channel };
    k.count += 1;
    if (!k.sources.includes(s.source)) k.sources.push(s.source);
    byKey.set(s.key, k);
  }
  const tracedKeys = new Set(traced.flatMap((t) => (t.key ? [t.key] : [])));
  const tracedIds = new Set(traced.flatMap((t) => (t.messageId ? [t.messageId] : [])));
  const sentIds = new Set([...byKey.keys()].map(messageIdFor));
  const strip = ({ key, kind, count, sources }: SentKey): SentKey => ({ key, kind, count, sources });

  const keys = [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
  const recordedBy = new Map<string, Set<string>>();
  for (const t of traced) {
    if (!t.messageId) continue;
    const ids = recordedBy.get(t.workflowId) ?? new Set<string>();
    ids.add(t.messageId);
    recordedBy.set(t.workflowId, ids);
  }
  const kinds = [...new Set(keys.map((k) => k.kind))].sort();
  return {
    sendsByKind: kinds.map((kind) => {
      const mine = keys.filter((k) => k.kind === kind);
      return { kind, keys: mine.length, requests: mine.reduce((t, k) => t + k.count, 0), sentTwice: mine.filter((k) => k.count > 1).length };
    }),
    sentTwice: keys.filter((k) => k.count > 1).map(strip),
    untracedSends: keys.filter((k) => !tracedKeys.has(k.key) && !tracedIds.has(messageIdFor(k.key))).map(strip),
    unmatchedTraces: traced.filter((t) => !(t.key && byKey.has(t.key)) && !(t.messageId && sentIds.has(t.messageId))),
    unrecordedCovers: traced
      .filter((t) => t.covers && t.messageId)
      .map((t) => ({ send: t, missing: t.covers!.filter((wf) => readable.has(wf) && !recordedBy.get(wf)?.has(t.messageId!)) }))
      .filter((u) => u.missing.length > 0),
  };
}

export async function audit(input: AuditInput): Promise<AuditReport> {
  const { client } = input;
  const ids = input.workflowIds ?? (await withRetries(() => listWorkflowIds(client, input.namespace)));
  const timeout = input.queryTimeoutMs ?? 15_000;
  const queryErrors: AuditReport['queryErrors'] = [];
  const states = new Map<string, WorkflowState>();

  const runs = (
    await mapBounded(ids, 4, async (workflowId): Promise<RunReport | undefined> => {
      let d: WorkflowExecutionDescription;
      try {
        d = await withRetries(() => client.workflow.getHandle(workflowId).describe());
      } catch (err) {
        queryErrors.push({ workflowId, error: `describe: ${(err as Error).message}` });
        return undefined;
      }
      const kind = d.type === DEBTOR_WORKFLOW_TYPE ? 'debtor' : 'invoice';
      const status = d.status.name;
      const outcome: RunOutcome = status === 'RUNNING' ? 'stuck' : FAILED.has(status) ? 'failed' : 'finished';
      const run: RunReport = { workflowId, kind, status, outcome };
      try {
        const state = await withRetries(() => client.withDeadline(Date.now() + timeout, () => queryState(client, workflowId, d.type)), 3);
        states.set(workflowId, state);
        if (outcome === 'stuck') run.waiting = describeWaiting(state);
      } catch (err) {
        queryErrors.push({ workflowId, error: (err as Error).message });
      }
      if (outcome === 'stuck') run.pendingActivities = pendingActivities(d);
      if (outcome === 'failed') run.failure = await failureOf(client, workflowId);
      return run;
    })
  ).filter((r): r is RunReport => r !== undefined);

  const count = (k: 'invoice' | 'debtor') => {
    const mine = runs.filter((r) => r.kind === k);
    return { finished: mine.filter((r) => r.outcome === 'finished').length, stuck: mine.filter((r) => r.outcome === 'stuck').length, failed: mine.filter((r) => r.outcome === 'failed').length };
  };
  const invoices = count('invoice');
  const debtors = count('debtor');

  const traced = [...states.entries()].flatMap(([id, st]) => tracedSends(id, st));
  const sends = compareSends(collectSends(input.outboxDir, input.sendgridLog), traced, new Set(states.keys()));
  return {
    runs,
    finished: invoices.finished,
    stuck: invoices.stuck + debtors.stuck,
    failed: invoices.failed + debtors.failed,
    invoices,
    debtors,
    ...sends,
    untraced: sends.untracedSends.length + sends.unmatchedTraces.length,
    queryErrors,
  };
}

/** `<prefix>: <n> finished, <n> stuck, <n> failed, <n> sent twice, <n> untraced` */
export function formatAuditLine(prefix: string, r: AuditReport): string {
  return `${prefix}: ${r.finished} finished, ${r.stuck} stuck, ${r.failed} failed, ${r.sentTwice.length} sent twice, ${r.untraced} untraced`;
}

/** True when nothing is stuck, failed, sent twice or untraced. */
export function auditPassed(r: AuditReport): boolean {
  return r.stuck === 0 && r.failed === 0 && r.sentTwice.length === 0 && r.untraced === 0;
}

/** The details above the line: run counts, sends per kind, then every offending run and key. */
export function formatAuditDetails(r: AuditReport, maxListed = 40): string[] {
  const out: string[] = [];
  const list = <T>(title: string, items: T[], fmt: (t: T) => string) => {
    if (!items.length) return;
    out.push(`${title} (${items.length}):`);
    for (const it of items.slice(0, maxListed)) out.push(`  ${fmt(it)}`);
    if (items.length > maxListed) out.push(`  ... and ${items.length - maxListed} more`);
  };
  const c = (x: Record<RunOutcome, number>) => `${x.finished} finished, ${x.stuck} stuck, ${x.failed} failed`;
  out.push(`runs: invoices ${c(r.invoices)}; debtors ${c(r.debtors)}`);
  out.push('sends per kind (keys / provider requests or filings / keys sent twice):');
  for (const k of r.sendsByKind) out.push(`  ${k.kind.padEnd(40)} ${String(k.keys).padStart(4)} keys ${String(k.requests).padStart(5)} sends ${String(k.sentTwice).padStart(4)} twice`);
  if (!r.sendsByKind.length) out.push('  (none)');
  list('stuck runs (still running)', r.runs.filter((x) => x.outcome === 'stuck'), (x) =>
    `${x.workflowId}: ${x.waiting ?? 'state unknown'}${x.pendingActivities?.length ? `; pending: ${x.pendingActivities.join('; ')}` : ''}`,
  );
  list('failed runs', r.runs.filter((x) => x.outcome === 'failed'), (x) => `${x.workflowId} ${x.status}: ${x.failure ?? ''}`);
  list('keys sent more than once', r.sentTwice, (k) => `${k.key} x${k.count} [${k.kind}; ${k.sources.join('+')}]`);
  list('sends without a trace entry (no workflow records them)', r.untracedSends, (k) => `${k.key} x${k.count} [${k.kind}]`);
  list('trace entries without a matching send', r.unmatchedTraces, (t) => `${t.ref}${t.key ? ` key ${t.key}` : ''}${t.messageId ? ` message ${t.messageId}` : ''}`);
  list('merged sends not recorded by every invoice they cover (not counted)', r.unrecordedCovers, (u) => `${u.send.ref}: missing in ${u.missing.join(', ')}`);
  list('workflows whose state could not be read (their sends count as untraced)', r.queryErrors, (e) => `${e.workflowId}: ${e.error}`);
  return out;
}
