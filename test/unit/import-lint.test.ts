import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCycles, importGraph, parseImports } from '../../scripts/lint/import-graph';
import { lint } from '../../scripts/lint/rules';

const ROOT = resolve(__dirname, '..', '..');
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A tree of the given files in a fresh temp folder. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'import-lint-'));
  temps.push(root);
  for (const [path, src] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), src);
  }
  return root;
}

/** A copy of the project's source folders, to plant one violation in. */
function copyOfProject(): string {
  const root = tree({});
  for (const dir of ['domain', 'workflows', 'activities', 'templates', 'config', 'client', 'worker', 'scripts', 'bench', 'bin']) {
    cpSync(join(ROOT, dir), join(root, dir), { recursive: true });
  }
  return root;
}

describe('import lint (npm run lint)', () => {
  it('reads type-only imports, import() types and require() as imports', () => {
    const edges = parseImports(
      [
        "import { a } from './a';",
        "import type { B } from './b';",
        "import { type C, type D } from './c';",
        "export { e } from './e';",
        "type F = import('./f').F;",
        "const g = require('./g');",
        'import {',
        '  h,',
        "} from './h';",
      ].join('\n'),
    );
    expect(edges.map((e) => [e.spec, e.typeOnly])).toEqual([
      ['./a', false],
      ['./b', true],
      ['./c', true],
      ['./e', false],
      ['./f', true],
      ['./g', false],
      ['./h', false],
    ]);
  });

  it('passes on the project as it is', () => {
    expect(lint(ROOT).problems).toEqual([]);
  });

  it('fails on a planted cycle, even of type-only imports', () => {
    const root = tree({
      'domain/a.ts': "import type { B } from './b';\nexport type A = { b?: B };\n",
      'domain/b.ts': "import type { C } from './c';\nexport type B = { c?: C };\n",
      'domain/c.ts': "import type { A } from './a';\nexport type C = { a?: A };\n",
      'domain/d.ts': "import type { A } from './a';\nexport type D = A;\n",
    });
    expect(importCycles(importGraph(root))).toEqual([{ files: ['domain/a.ts', 'domain/b.ts', 'domain/c.ts'], loop: ['domain/a.ts', 'domain/b.ts', 'domain/c.ts'] }]);
    expect(lint(root).problems).toEqual(['import cycle of 3 file(s): domain/a.ts -> domain/b.ts -> domain/c.ts -> domain/a.ts']);
  });

  it('fails on a planted domain -> activities import, even a type-only one', () => {
    const root = tree({
      'domain/a.ts': "import type { SendRequest } from '../activities/types';\nexport type A = SendRequest;\n",
      'domain/b.ts': "import { readFileSync } from 'node:fs';\nimport { z } from 'zod';\nexport const b = [readFileSync, z];\n",
      'activities/types.ts': 'export interface SendRequest { key: string }\n',
    });
    expect(lint(root).problems).toEqual([
      "domain/a.ts:1: imports '../activities/types' (domain/ imports only domain/ and zod)",
      "domain/b.ts:1: imports 'node:fs' (domain/ imports only domain/ and zod)",
    ]);
  });

  it('fails on the real tree with one import planted: a cycle, then a domain file reaching into activities', () => {
    const cyclic = copyOfProject();
    appendFileSync(join(cyclic, 'domain/time/duration.ts'), "import type { Calendar } from './calendar';\nexport type PlantedCalendar = Calendar;\n");
    expect(lint(cyclic).problems).toEqual(['import cycle of 2 file(s): domain/time/calendar.ts -> domain/time/duration.ts -> domain/time/calendar.ts']);

    const upward = copyOfProject();
    appendFileSync(join(upward, 'domain/dunning/state.ts'), "import type { EmailRequest } from '../../activities/types';\nexport type Planted = EmailRequest;\n");
    const problems = lint(upward).problems;
    expect(problems[0]).toMatch(/^domain\/dunning\/state\.ts:\d+: imports '\.\.\/\.\.\/activities\/types' \(domain\/ imports only domain\/ and zod\)$/);
    // activities/types.ts imports the state back: the planted import closes a cycle as well.
    expect(problems.slice(1)).toEqual([expect.stringMatching(/^import cycle of \d+ file\(s\): activities\/types\.ts -> .*domain\/dunning\/state\.ts/)]);
  });

  it('still holds workflow code to determinism', () => {
    const root = copyOfProject();
    appendFileSync(join(root, 'domain/time/calendar.ts'), 'export const plantedNow = () => Date.now();\n');
    expect(lint(root).problems).toEqual([expect.stringMatching(/^domain\/time\/calendar\.ts:\d+: Date\.now\(\) in code shared with workflows/)]);
  });
});
