import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Unit tests only (`test/unit/**`): pure code, so none of the root config's Temporal set-up (no
 * workflow bundle in globalSetup, no native runtime in setupFiles), which costs seconds per run.
 *   npx vitest run --config test/unit/core/vitest.unit.config.ts
 */
export default defineConfig({
  test: {
    root: join(__dirname, '..', '..', '..'),
    include: ['test/unit/**/*.test.ts'],
    pool: 'threads',
    // Pure modules, no mocks: one module graph per thread instead of one per file.
    isolate: false,
    poolOptions: { threads: { maxThreads: 2, minThreads: 1 } },
    reporters: ['default'],
  },
});
