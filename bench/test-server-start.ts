/**
 * How long the official time-skipping test server takes to answer the SDK, cold JVM each time
 * (`npx tsx bench/test-server-start.ts [runs]`). The SDK allows a spawned server about 5 s.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { testServerPath } from '../scripts/temporal-paths';

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const runs = Number(process.argv[2] ?? 5);
  const path = testServerPath();
  if (!path) throw new Error('run `npm run temporal:install` first');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
    times.push(performance.now() - t0);
    await env.teardown();
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`test server start (JVM spawn to SDK connected), ${runs} runs: ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')}`);
  console.log(`median ${sorted[Math.floor(runs / 2)].toFixed(0)} ms, max ${sorted[runs - 1].toFixed(0)} ms (SDK budget ~5000 ms)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
