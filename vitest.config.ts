import { defineConfig } from 'vitest/config';

/**
 * Four projects, so each kind of test pays only for what it needs:
 * - unit: the pure core (domain/, templates, CLI parsing), no Temporal, no bundle: milliseconds;
 * - properties: the coordination protocol under thousands of random interleavings (pure, seconds);
 * - adapters: channels, documents and deployment files against local fakes (SendGrid, webhooks), no server;
 * - temporal: workflows on the official time-skipping test server and e2e on the dev server; the
 *   workflow bundle is built once per run (globalSetup) and loaded by path.
 * `npm test` runs all four; `npm run test:unit` only the first.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // Two cores: at most two test files at a time across every project.
    poolOptions: { forks: { maxForks: 2, minForks: 1 }, threads: { maxThreads: 2, minThreads: 1 } },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], pool: 'threads', isolate: false },
      },
      {
        // Random interleavings of the pure core (fast-check): thousands of schedules, so kept out of
        // the quick unit loop; pure all the same (no Temporal).
        extends: true,
        test: { name: 'properties', include: ['test/properties/**/*.test.ts'], pool: 'threads', testTimeout: 300_000 },
      },
      {
        extends: true,
        test: {
          name: 'adapters',
          include: ['test/channels/**/*.test.ts', 'test/deploy/**/*.test.ts'],
          // Temporal's native bridge is happiest in child processes.
          pool: 'forks',
          setupFiles: ['test/setup-runtime.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'temporal',
          include: ['test/workflow/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          pool: 'forks',
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/setup-runtime.ts'],
        },
      },
    ],
  },
});
