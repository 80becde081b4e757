import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const DIRS = ['workflows', 'activities', 'domain', 'client', 'worker', 'templates'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('no cast silences the compiler in product code', () => {
  it('no `as never` / `as any` in workflows/ (v1 included), activities/, domain/, client/, worker/, templates/', () => {
    const found = DIRS.flatMap((d) => sources(join(ROOT, d))).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/^\s*(\/\/|\*)/.test(line) || !/\bas (never|any)\b/.test(line) ? [] : [`${file.slice(ROOT.length + 1)}:${i + 1}`])),
    );
    expect(found).toEqual([]);
  });
});
