/**
 * Dispute tasks end to end (domain.md §3): the dev server, a worker in this process (recording
 * channels), `dunning` as a child process: dispute open, tasks --kind dispute, status past the
 * deadline (overdue, escalated to the manager), dispute resolve. Real time, seconds.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, useCliHarness } from '../helpers/cli-e2e';
import type { DisputeTaskRow } from '../../client/commands/dispute-tasks';
import { addDays, localDateOf } from '../../domain/time/calendar';
import { sampleInvoice } from '../helpers/fixtures';

const QUEUE = 'dunning-disputes';
const h = useCliHarness(QUEUE, 'dispute');
const { cli, eventually } = h;
const rows = async (args: string[] = []): Promise<DisputeTaskRow[] | undefined> => {
  const r = await cli(['tasks', '--kind', 'dispute', '--json', ...args]);
  return r.code === 0 ? (JSON.parse(r.stdout) as DisputeTaskRow[]) : undefined;
};

it('a dispute opened from the CLI is a task for the policy\'s assignee, overdue and the manager\'s past its deadline, closed by the resolution', async () => {
  const fast = JSON.parse(readFileSync(join(ROOT, 'examples', 'fast-policy.json'), 'utf8')) as Record<string, unknown>;
  // Technical disputes go to the collector here; 8 seconds to resolve them.
  writeFileSync(join(h.tmp, 'policy.json'), JSON.stringify({ ...fast, name: 'dispute-e2e', disputes: { assignees: { technical: 'collector' }, resolveWithin: '8s' } }));
  const due = addDays(localDateOf(Date.now(), 'Europe/Paris'), -7);
  writeFileSync(join(h.tmp, 'inv.json'), JSON.stringify(sampleInvoice({ invoiceId: 'DSP-E2E-1', issueDate: addDays(due, -30), dueDate: due })));
  expect((await cli(['start', '--json', join(h.tmp, 'inv.json'), '--policy', join(h.tmp, 'policy.json')])).code).toBe(0);

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
