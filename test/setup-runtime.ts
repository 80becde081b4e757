import { DefaultLogger, Runtime } from '@temporalio/worker';

// One quiet Temporal runtime per test process: the SDK's INFO lines (worker states, bundle stats)
// would bury the test report. DUNNING_TEST_LOG_LEVEL=DEBUG shows them when a test needs it.
try {
  Runtime.install({ logger: new DefaultLogger((process.env.DUNNING_TEST_LOG_LEVEL as 'WARN' | undefined) ?? 'WARN') });
} catch {
  // already installed in this process
}
