/**
 * `npm run bench:history`: what a run writes to history, first version against today's code, on
 * the same scenarios: events and payload bytes (inputs, results, signals, search attributes, memo:
 * what the server stores and every worker replays), scenario by scenario and in total.
 *
 * The first version's histories are the recorded ones (test/histories/v1). Today's are recorded
 * afresh by running the scenario tests with DUNNING_RECORD_DIR (a temp folder), so the figures are
 * those of the code as it is, not of the v2 fixtures (recorded once, kept for replay).
 * `--recorded` compares with the v2 fixtures instead (no test run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';

const ROOT = join(__dirname, '..', 'test', 'histories');

/** Bytes of every payload's data in an event (base64 in the JSON history). */
function payloadBytes(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((t: number, n) => t + payloadBytes(n), 0);
  if (!node || typeof node !== 'object') return 0;
  const o = node as Record<string, unknown>;
  const own = typeof o.data === 'string' && o.metadata && typeof o.metadata === 'object' ? Buffer.from(o.data, 'base64').length : 0;
  return own + Object.values(o).reduce((t: number, v) => t + payloadBytes(v), 0);
}

/** Events, their payload bytes, and the whole history in protobuf as the server stores it (ids, times, task queues too). */
function measure(dir: string, file: string): { events: number; bytes: number; proto: number } {
  const raw = readFileSync(join(dir, file), 'utf8');
  const h = JSON.parse(raw) as { events: unknown[] };
  return { events: h.events.length, bytes: payloadBytes(h.events), proto: temporal.api.history.v1.History.encode(historyFromJSON(JSON.parse(raw))).finish().length };
}

/** The tests that record the scenarios (test/helpers/histories.ts recordHistory). */
const SCENARIO_TESTS = ['cadence', 'real-channels', 'events', 'debtor', 'continue-as-new', 'promises', 'thresholds'].map((f) => `test/workflow/${f}.test.ts`);

function recordToday(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dunning-histories-'));
  console.log(`recording today's histories: ${SCENARIO_TESTS.length} test files -> ${dir}`);
  execFileSync('npx', ['vitest', 'run', '--reporter=dot', ...SCENARIO_TESTS], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DUNNING_RECORD_DIR: dir } });
  return dir;
}

const recorded = process.argv.includes('--recorded');
const today = recorded ? join(ROOT, 'v2') : recordToday();

const files = readdirSync(join(ROOT, 'v1')).filter((f) => f.endsWith('.json') && f !== 'workflow-ids.json').sort();
let before = 0;
let after = 0;
const proto = { before: 0, after: 0 };
// The default mode's runs: an invoice handing its touches to its debtor, and the debtor run itself.
const COORDINATED = new Set(['coordinated-invoice.json', 'debtor-three-invoices.json']);
const coordinated = { before: 0, after: 0 };
const label = recorded ? 'v2' : 'now';
for (const f of files) {
  if (!existsSync(join(today, f))) {
    console.log(`${f.replace(/\.json$/, '').padEnd(40)} not recorded today`);
    continue;
  }
  const a = measure(join(ROOT, 'v1'), f);
  const b = measure(today, f);
  before += a.bytes;
  after += b.bytes;
  proto.before += a.proto;
  proto.after += b.proto;
  if (COORDINATED.has(f)) {
    coordinated.before += a.bytes;
    coordinated.after += b.bytes;
  }
  console.log(`${f.replace(/\.json$/, '').padEnd(40)} v1 ${String(a.events).padStart(4)} events ${String(a.bytes).padStart(7)} B   ${label} ${String(b.events).padStart(4)} events ${String(b.bytes).padStart(7)} B   ${Math.round((b.bytes / a.bytes) * 100)}%   (protobuf ${Math.round((b.proto / a.proto) * 100)}%)`);
}
console.log(`default mode (coordinated invoice + debtor run): ${coordinated.before} -> ${coordinated.after} payload bytes, ${Math.round((coordinated.after / coordinated.before) * 100)}% of v1`);
console.log(`whole histories in protobuf (payloads and every event's ids, times, options): ${proto.before} -> ${proto.after} bytes, ${Math.round((proto.after / proto.before) * 100)}% of v1`);
console.log(`history: ${before} payload bytes (v1) -> ${after} (${label}) over ${files.length} scenarios, ${Math.round((after / before) * 100)}% of v1`);
if (!recorded) rmSync(today, { recursive: true, force: true });
