import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { functionLengthProblems, functionLengths, MAX_FUNCTION_LINES } from '../../scripts/lint/function-length';
import { lint } from '../../scripts/lint/rules';

const ROOT = resolve(__dirname, '..', '..');
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'function-length-'));
  temps.push(root);
  for (const [path, src] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), src);
  }
  return root;
}

/** A body of `n` lines in all, braces included. */
const body = (n: number) => `{\n${Array.from({ length: n - 2 }, (_, i) => `  const v${i} = ${i};`).join('\n')}\n}`;

describe('function length lint (npm run lint)', () => {
  it('passes on the project as it is', () => {
    expect(functionLengthProblems(ROOT)).toEqual([]);
    expect(functionLengths(ROOT)[0].lines).toBeLessThanOrEqual(MAX_FUNCTION_LINES);
  });

  it('fails on a planted long function of any form, in domain/ and workflows/ only, v1 excepted', () => {
    const root = tree({
      'domain/a.ts': `export function long() ${body(61)}\nexport function fits() ${body(60)}\n`,
      'domain/b.ts': `export const arrow = () => ${body(70)};\nexport class C {\n  method() ${body(62)}\n}\n`,
      'workflows/w.ts': `export const handlers = { onSignal: function () ${body(65)} };\n`,
      'workflows/v1/old.ts': `export function frozen() ${body(200)}\n`,
      'activities/x.ts': `export function elsewhere() ${body(200)}\n`,
    });
    expect(functionLengthProblems(root)).toEqual([
      'domain/b.ts:1: function arrow is 70 lines long (at most 60 in domain/ and workflows/)',
      'workflows/w.ts:1: function onSignal is 65 lines long (at most 60 in domain/ and workflows/)',
      'domain/b.ts:72: function method is 62 lines long (at most 60 in domain/ and workflows/)',
      'domain/a.ts:1: function long is 61 lines long (at most 60 in domain/ and workflows/)',
    ]);
    expect(lint(root).problems).toEqual(functionLengthProblems(root));
  });
});
