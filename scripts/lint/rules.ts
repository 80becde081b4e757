/**
 * The rules the lint holds the import graph to:
 * - determinism: workflow code runs in Temporal's deterministic sandbox, so `workflows/` and
 *   everything it imports at run time must stay free of Node built-ins, I/O, clocks and randomness,
 *   and of zod (every workflow would build it again: domain/wire checks input). The frozen v1 code
 *   (workflows/v1), loaded lazily for old runs only, is walked on its own with zod allowed;
 * - layers: `domain/` is the pure bottom layer: it imports only `domain/` and zod, types included;
 * - no import cycle anywhere in the tree, type-only imports included.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { importCycles, importGraph, type ImportGraph } from './import-graph';

const WORKFLOW_PACKAGES = ['@temporalio/workflow', '@temporalio/common'];
const V1_PACKAGES = [...WORKFLOW_PACKAGES, 'zod'];
const DOMAIN_PACKAGES = ['zod'];
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
const allowedBy = (packages: string[], spec: string) => packages.some((p) => spec === p || spec.startsWith(`${p}/`));

export interface LintReport {
  problems: string[];
  /** Files reachable from workflows/ at run time (v1 included), all checked for determinism. */
  workflowFiles: number;
  files: number;
}

/** Every rule over the tree at `root`. */
export function lint(root: string): LintReport {
  const graph = importGraph(root);
  const reachable = determinismProblems(graph);
  const problems = [...reachable.problems, ...domainProblems(graph), ...cycleProblems(graph)];
  return { problems, workflowFiles: reachable.files, files: graph.files.size };
}

export function determinismProblems(graph: ImportGraph): { problems: string[]; files: number } {
  const problems: string[] = [];
  let files = 0;
  const v1 = 'workflows/v1/index.ts';
  for (const [entry, allowed, stopAt] of [
    ['workflows/index.ts', WORKFLOW_PACKAGES, new Set([v1])],
    [v1, V1_PACKAGES, new Set<string>()],
  ] as const) {
    if (!graph.files.has(entry)) continue;
    const seen = walk(graph, entry, stopAt);
    files += seen.size;
    for (const file of seen) problems.push(...fileDeterminism(graph, file, allowed));
  }
  return { problems, files };
}

/** Files reachable at run time from `entry` (type-only imports are erased: not followed). */
function walk(graph: ImportGraph, entry: string, stopAt: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const e of graph.files.get(file) ?? []) if (!e.typeOnly && e.target && !stopAt.has(e.target)) queue.push(e.target);
  }
  return seen;
}

function fileDeterminism(graph: ImportGraph, file: string, allowed: readonly string[]): string[] {
  const problems: string[] = [];
  for (const e of graph.files.get(file) ?? []) {
    if (e.spec.startsWith('.')) {
      if (!e.target) problems.push(`${file}: cannot resolve ${e.spec}`);
      else if (!e.typeOnly && e.target.startsWith('activities') && !e.target.endsWith('types.ts')) {
        problems.push(`${file}: imports activity code ${e.spec} (workflows may import only activity types)`);
      }
      continue;
    }
    if (e.typeOnly) continue;
    if (builtins.has(e.spec)) problems.push(`${file}: imports Node built-in '${e.spec}'`);
    else if (!allowedBy([...allowed], e.spec)) problems.push(`${file}: imports '${e.spec}' (not in the workflow allow-list ${allowed.join(', ')})`);
  }
  const inWorkflows = file.startsWith('workflows');
  readFileSync(join(graph.root, file), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (/^\s*(\/\/|\*)/.test(line) || LAZY_V1.test(line)) return;
      for (const [re, why] of FORBIDDEN_CALLS) {
        if (re.source.includes('Date') && inWorkflows) continue; // the SDK makes Date.now() deterministic inside workflows
        if (re.test(line)) problems.push(`${file}:${i + 1}: ${why}`);
      }
    });
  return problems;
}

/** domain/ imports only domain/ and zod, type-only imports included: contracts never reach up. */
export function domainProblems(graph: ImportGraph): string[] {
  const problems: string[] = [];
  for (const [file, edges] of graph.files) {
    if (!file.startsWith('domain/')) continue;
    for (const e of edges) {
      const outside = e.spec.startsWith('.') ? !e.target?.startsWith('domain/') : !allowedBy(DOMAIN_PACKAGES, e.spec);
      if (outside) problems.push(`${file}:${e.line}: imports '${e.spec}' (domain/ imports only domain/ and ${DOMAIN_PACKAGES.join(', ')})`);
    }
  }
  return problems;
}

/** Every import cycle, type-only imports included. */
export function cycleProblems(graph: ImportGraph): string[] {
  return importCycles(graph).map(
    (c) => `import cycle of ${c.files.length} file(s): ${[...c.loop, c.loop[0]].join(' -> ')}${c.files.length > c.loop.length ? ` (with ${c.files.filter((f) => !c.loop.includes(f)).join(', ')})` : ''}`,
  );
}
