/**
 * Lint: workflow code runs in Temporal's deterministic sandbox, so `workflows/` and everything it
 * imports (domain/, the message and activity *types*) must stay free of Node built-ins, I/O,
 * clocks and randomness. Walks the import graph from workflows/index.ts and fails on any of them.
 * zod is not allowed there either: every workflow would build it again (domain/wire checks input).
 * The frozen v1 code (workflows/v1), loaded lazily for old runs only, is walked on its own with zod.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { builtinModules } from 'node:module';

const root = resolve(__dirname, '..');
const ALLOWED_PACKAGES = ['@temporalio/workflow', '@temporalio/common'];
const ALLOWED_IN_V1 = [...ALLOWED_PACKAGES, 'zod'];
// The one require() allowed: the lazy load of the v1 code, marked on its line.
const LAZY_V1 = /workflow-lint: lazy-v1/;
const FORBIDDEN_CALLS: Array<[RegExp, string]> = [
  // Inside workflows/ the SDK makes Date.now() deterministic; shared code must take the time as an argument.
  [/\bDate\.now\(\)/, 'Date.now() in code shared with workflows (pass the time in)'],
  [/\bMath\.random\(/, 'Math.random() (use uuid4() from @temporalio/workflow)'],
  [/\bsetTimeout\(|\bsetInterval\(/, 'timers (use sleep() / condition())'],
  [/\bprocess\.(env|argv|exit)/, 'process access'],
  [/\brequire\(/, 'require()'],
  [/\bfetch\(/, 'network I/O'],
];
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function resolveLocal(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const c of [`${base}.ts`, join(base, 'index.ts'), base]) if (existsSync(c) && c.endsWith('.ts')) return c;
  return undefined;
}

const problems: string[] = [];
let checked = 0;
walk(join(root, 'workflows', 'index.ts'), ALLOWED_PACKAGES, new Set([join(root, 'workflows', 'v1', 'index.ts')]));
walk(join(root, 'workflows', 'v1', 'index.ts'), ALLOWED_IN_V1, new Set());

function walk(entry: string, allowed: string[], stopAt: Set<string>): void {
const seen = new Set<string>();
const queue = [entry];
while (queue.length) {
  const file = queue.pop()!;
  if (seen.has(file)) continue;
  seen.add(file);
  const src = readFileSync(file, 'utf8');
  const rel = relative(root, file);
  for (const m of src.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    const typeOnly = Boolean(m[2]);
    const spec = m[3];
    if (spec.startsWith('.')) {
      const target = resolveLocal(file, spec);
      if (!target) problems.push(`${rel}: cannot resolve ${spec}`);
      else if (!typeOnly) {
        if (relative(root, target).startsWith('activities') && !/types\.ts$/.test(target)) {
          problems.push(`${rel}: imports activity code ${spec} (workflows may import only activity types)`);
        }
        if (!stopAt.has(target)) queue.push(target);
      }
      continue;
    }
    if (typeOnly) continue;
    if (builtins.has(spec)) problems.push(`${rel}: imports Node built-in '${spec}'`);
    else if (!allowed.some((p) => spec === p || spec.startsWith(`${p}/`))) problems.push(`${rel}: imports '${spec}' (not in the workflow allow-list ${allowed.join(', ')})`);
  }
  const inWorkflows = rel.startsWith('workflows');
  src.split('\n').forEach((line, i) => {
    if (/^\s*(\/\/|\*)/.test(line) || LAZY_V1.test(line)) return;
    for (const [re, why] of FORBIDDEN_CALLS) {
      if (re.source.includes('Date') && inWorkflows) continue; // the SDK makes Date.now() deterministic inside workflows
      if (re.test(line)) problems.push(`${rel}:${i + 1}: ${why}`);
    }
  });
}

checked += seen.size;
}

if (problems.length) {
  console.error(`workflow determinism check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`workflow determinism check: ${checked} files reachable from workflows/ are clean`);
