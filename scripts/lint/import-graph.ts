/**
 * The project's import graph, read from the source text: every `import`/`export … from`, every
 * `import type`, every `import('…')` type reference and every `require('…')`, so that a type-only
 * import counts as much as any other. Paths are relative to the root, with `/` separators.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface ImportEdge {
  /** The file as written in the source (`../domain/time/calendar`, `zod`, `node:fs`). */
  spec: string;
  /** The project file it names (relative to the root), for a relative spec that resolves. */
  target?: string;
  typeOnly: boolean;
  line: number;
}

export interface ImportGraph {
  root: string;
  /** Every source file (relative path) and what it imports, in source order. */
  files: Map<string, ImportEdge[]>;
}

const SOURCE = /\.(ts|js)$/;
/** Data imported as a module (domain/money/reference-rates.json): a leaf of the graph, importing nothing. */
const DATA = /\.json$/;
const SKIP_DIRS = new Set(['node_modules', 'histories', 'artifacts', 'outbox', 'documents']);

/** Every .ts/.js file under the root, outside node_modules, dot folders and recorded data. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || SKIP_DIRS.has(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(toRel(root, path));
    }
  };
  walk(root);
  return out;
}

const toRel = (root: string, path: string) => relative(root, path).split(sep).join('/');

// `import x from 'a'`, `import type { X } from 'a'`, `export { x } from 'a'`, `import 'a'` (across lines).
const STATIC = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
// `import('a')` in a type position or as a dynamic import, and `require('a')`.
const CALL = /\b(import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

export function parseImports(src: string): Array<Omit<ImportEdge, 'target'>> {
  const lineOf = (index: number) => src.slice(0, index).split('\n').length;
  const edges: Array<Omit<ImportEdge, 'target'>> = [];
  for (const m of src.matchAll(STATIC)) {
    const braces = m[0].slice(0, m[0].indexOf(m[2]));
    // `import { type A, type B } from` is type-only too when every name is marked.
    const names = /\{([^}]*)\}/.exec(braces)?.[1];
    const allTypes = names !== undefined && !/^\s*import\s+\w/.test(braces) && names.split(',').filter((n) => n.trim()).every((n) => /^\s*type\s/.test(n));
    edges.push({ spec: m[2], typeOnly: Boolean(m[1]) || allTypes, line: lineOf(m.index ?? 0) });
  }
  for (const m of src.matchAll(CALL)) {
    const at = m.index ?? 0;
    // `typeof import('a')` and `import('a').Name` are types; `await import('a')`, `import('a').then` and require() are values.
    const before = src.slice(Math.max(0, at - 20), at);
    const after = src.slice(at + m[0].length, at + m[0].length + 20);
    const typeOnly = m[1] === 'import' && (/typeof\s*$/.test(before) || /^\s*\.\s*(?!then\b)[A-Za-z_$]/.test(after));
    edges.push({ spec: m[2], typeOnly, line: lineOf(at) });
  }
  return edges.sort((a, b) => a.line - b.line);
}

/** The project file a relative spec names: `x.ts`, `x.js`, `x/index.ts`, or `x` itself (a .ts, .js or .json file). */
export function resolveSpec(root: string, from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(root, dirname(from), spec);
  for (const c of [`${base}.ts`, `${base}.js`, join(base, 'index.ts'), join(base, 'index.js'), base]) {
    if (existsSync(c) && statSync(c).isFile() && (SOURCE.test(c) || DATA.test(c))) return toRel(root, c);
  }
  return undefined;
}

export function importGraph(root: string, files: string[] = sourceFiles(root)): ImportGraph {
  const graph: ImportGraph = { root, files: new Map() };
  for (const file of files) {
    const src = readFileSync(join(root, file), 'utf8');
    graph.files.set(
      file,
      parseImports(src).map((e) => ({ ...e, target: resolveSpec(root, file, e.spec) })),
    );
  }
  return graph;
}

export interface ImportCycle {
  /** Every file caught in it (one strongly connected component), by name. */
  files: string[];
  /** One loop through it, from the first file by name: loop[0] -> loop[1] -> … -> loop[0]. */
  loop: string[];
}

/** The import cycles of the graph: groups of files that reach one another, or a file importing itself. */
export function importCycles(graph: ImportGraph): ImportCycle[] {
  const next = (f: string) => [...new Set((graph.files.get(f) ?? []).flatMap((e) => (e.target && graph.files.has(e.target) ? [e.target] : [])))];
  // Tarjan's algorithm, iterative (deep graphs must not overflow the stack).
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: ImportCycle[] = [];
  for (const start of graph.files.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ file: string; edges: string[]; i: number }> = [];
    const open = (file: string) => {
      index.set(file, counter);
      low.set(file, counter++);
      stack.push(file);
      onStack.add(file);
      work.push({ file, edges: next(file), i: 0 });
    };
    open(start);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.edges.length) {
        const to = top.edges[top.i++];
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(top.file, Math.min(low.get(top.file)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1].file, Math.min(low.get(work[work.length - 1].file)!, low.get(top.file)!));
      if (low.get(top.file) !== index.get(top.file)) continue;
      const component: string[] = [];
      let f: string;
      do {
        f = stack.pop()!;
        onStack.delete(f);
        component.push(f);
      } while (f !== top.file);
      if (component.length > 1 || next(top.file).includes(top.file)) components.push({ files: component.sort(), loop: loopOrder(component, next) });
    }
  }
  return components;
}

/** The files of one cycle, starting from the first by name, following imports around the loop. */
function loopOrder(component: string[], next: (f: string) => string[]): string[] {
  const inside = new Set(component);
  const first = [...component].sort()[0];
  // Shortest way back to `first` (breadth first), so the printed loop is a real one.
  const from = new Map<string, string>();
  const queue = [first];
  while (queue.length) {
    const f = queue.shift()!;
    for (const to of next(f)) {
      if (!inside.has(to) || from.has(to)) continue;
      from.set(to, f);
      if (to === first) queue.length = 0;
      else queue.push(to);
    }
  }
  const loop = [first];
  for (let f = from.get(first); f && f !== first; f = from.get(f)) loop.splice(1, 0, f);
  return loop;
}
