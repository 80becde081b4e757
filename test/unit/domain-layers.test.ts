import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../../scripts/lint/import-graph';

const ROOT = resolve(__dirname, '..', '..');
/** The layers of domain/ as docs/architecture.md lists them: each imports only those before it. */
const LAYERS = ['time', 'text', 'money', 'invoice', 'policy', 'wire', 'coordination', 'dunning', 'debtor', 'views'];

describe('domain/ layers (docs/architecture.md, "Layout in detail")', () => {
  it('every domain folder is listed, and none imports a layer listed after it', () => {
    const graph = importGraph(ROOT);
    const layerOf = (file: string) => file.split('/')[1];
    const domainFiles = [...graph.files.keys()].filter((f) => f.startsWith('domain/'));
    expect([...new Set(domainFiles.map(layerOf))].sort()).toEqual([...LAYERS].sort());
    const upward = domainFiles.flatMap((file) =>
      (graph.files.get(file) ?? [])
        .filter((e) => e.target?.startsWith('domain/') && LAYERS.indexOf(layerOf(e.target)) > LAYERS.indexOf(layerOf(file)))
        .map((e) => `${file} -> ${e.target}`),
    );
    expect(upward).toEqual([]);
  });
});
