/**
 * `npm run bench:history`: what a run writes to history, first version against today's, on the
 * recorded histories of the same scenarios (test/histories/v1 and v2): events and payload bytes
 * (inputs, results, signals, search attributes, memo: what the server stores and every worker
 * replays), scenario by scenario and in total.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', 'test', 'histories');

/** Bytes of every payload's data in an event (base64 in the JSON history). */
function payloadBytes(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((t: number, n) => t + payloadBytes(n), 0);
  if (!node || typeof node !== 'object') return 0;
  const o = node as Record<string, unknown>;
  const own = typeof o.data === 'string' && o.metadata && typeof o.metadata === 'object' ? Buffer.from(o.data, 'base64').length : 0;
  return own + Object.values(o).reduce((t: number, v) => t + payloadBytes(v), 0);
}

function measure(version: string, file: string): { events: number; bytes: number } {
  const h = JSON.parse(readFileSync(join(ROOT, version, file), 'utf8')) as { events: unknown[] };
  return { events: h.events.length, bytes: payloadBytes(h.events) };
}

const files = readdirSync(join(ROOT, 'v1')).filter((f) => f.endsWith('.json') && f !== 'workflow-ids.json').sort();
let before = 0;
let after = 0;
for (const f of files) {
  const a = measure('v1', f);
  const b = measure('v2', f);
  before += a.bytes;
  after += b.bytes;
  console.log(`${f.replace(/\.json$/, '').padEnd(40)} v1 ${String(a.events).padStart(4)} events ${String(a.bytes).padStart(7)} B   v2 ${String(b.events).padStart(4)} events ${String(b.bytes).padStart(7)} B   ${Math.round((b.bytes / a.bytes) * 100)}%`);
}
console.log(`history: ${before} payload bytes (v1) -> ${after} (v2) over ${files.length} scenarios, ${Math.round((after / before) * 100)}% of v1`);
