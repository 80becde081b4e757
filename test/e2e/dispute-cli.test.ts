/**
 * Dispute tasks end to end (domain.md §3): the dev server, a worker in this process (recording
 * channels), `dunning` as a child process: dispute open, tasks --kind dispute, status past the
 * deadline (overdue, escalated to the manager), dispute resolve. Real time, seconds.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DisputeTaskRow } from '../../client/commands/dispute-tasks';
import { addDays, localDateOf } from '../../domain/time/calendar';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { BUNDLE_PATH } from '../global-setup';
import { createRecordingActivities } from '../helpers/recording-activities';
import { sampleInvoice } from '../helpers/fixtures';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const QUEUE = 'dunning-disputes';
let tmp: string;
let server: DevServer;
let connection: NativeConnection;
let worker: Worker;
let workerRun: Promise<void>;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [join(ROOT, 'client', 'cli.ts'), ...args], { cwd: ROOT, env: { ...process.env, TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: QUEUE }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr }),
    );
  });
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
const rows = async (args: string[] = []): Promise<DisputeTaskRow[] | undefined> => {
  const r = await cli(['tasks', '--kind', 'dispute', '--json', ...args]);
  return r.code === 0 ? (JSON.parse(r.stdout) as DisputeTaskRow[]) : undefined;
};

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed in this process
  }
  tmp = mkdtempSync(join(tmpdir(), 'dunning-dispute-e2e-'));
  server = await startDevServer({ dbFile: join(tmp, 'dev.sqlite'), logFile: join(tmp, 'dev-server.log'), ui: 'headless', sqlitePragmas: { journal_mode: 'wal', synchronous: 'off' } });
  connection = await NativeConnection.connect({ address: server.address });
  worker = await Worker.create({ connection, namespace: 'default', taskQueue: QUEUE, workflowBundle: { codePath: BUNDLE_PATH }, activities: createRecordingActivities() });
  workerRun = worker.run();
}, 120_000);

afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await workerRun?.catch(() => undefined);
  await connection?.close();
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 60_000);

it('a dispute opened from the CLI is a task for the policy\'s assignee, overdue and the manager\'s past its deadline, closed by the resolution', async () => {
  const fast = JSON.parse(readFileSync(join(ROOT, 'examples', 'fast-policy.json'), 'utf8')) as Record<string, unknown>;
  // Technical disputes go to the collector here; 8 seconds to resolve them.
  writeFileSync(join(tmp, 'policy.json'), JSON.stringify({ ...fast, name: 'dispute-e2e', disputes: { assignees: { technical: 'collector' }, resolveWithin: '8s' } }));
  const due = addDays(localDateOf(Date.now(), 'Europe/Paris'), -7);
  writeFileSync(join(tmp, 'inv.json'), JSON.stringify(sampleInvoice({ invoiceId: 'DSP-E2E-1', issueDate: addDays(due, -30), dueDate: due })));
  expect((await cli(['start', '--json', join(tmp, 'inv.json'), '--policy', join(tmp, 'policy.json')])).code).toBe(0);

  const opened = await cli(['dispute', 'open', 'DSP-E2E-1', '--kind', 'technical', '--details', 'the oven door seal is faulty', '--dispute-id', 'D-E2E-1']);
  expect(opened.code).toBe(0);
  expect(opened.stdout).toMatch(/dispute task for the collector, resolve by \d{4}-\d\d-\d\d \d\d:\d\d \(Europe\/Paris\); see dunning tasks --kind dispute/);
  const listed = await eventually(async () => (await rows())?.find((r) => r.disputeId === 'D-E2E-1'), 'the dispute in tasks --kind dispute');
  expect(listed).toMatchObject({ invoiceId: 'DSP-E2E-1', kind: 'technical', assignee: 'collector', details: 'the oven door seal is faulty' });
  expect(listed.dueBy - listed.openedAt).toBe(8_000);

  // Past the deadline: overdue, and on the manager's list.
  const escalated = await eventually(async () => (await rows(['--assignee', 'manager']))?.find((r) => r.disputeId === 'D-E2E-1' && r.overdue), 'the overdue dispute on the manager\'s list');
  expect(escalated.escalatedTo).toBe('manager');
  expect((await cli(['status', 'DSP-E2E-1'])).stdout).toMatch(/dispute task: +D-E2E-1 \(technical\) for the collector, open 0 day\(s\), resolve by .* OVERDUE, escalated to the manager/);
  const table = await cli(['tasks', '--kind', 'dispute']);
  expect(table.stdout).toMatch(/DSP-E2E-1 .*D-E2E-1 \(technical\) .*manager \(was collector\)/);

  expect((await cli(['dispute', 'resolve', 'DSP-E2E-1', '--dispute-id', 'D-E2E-1', '--resolution', 'resume'])).code).toBe(0);
  await eventually(async () => ((await rows())?.some((r) => r.disputeId === 'D-E2E-1') === false ? true : undefined), 'the resolved dispute off the list');
  expect((await cli(['status', 'DSP-E2E-1'])).stdout).not.toContain('dispute task');
}, 120_000);
