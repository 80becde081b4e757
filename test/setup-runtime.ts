import { DefaultLogger, Runtime } from '@temporalio/worker';

// One quiet Temporal runtime per test process: the SDK's INFO lines (worker states, bundle stats)
// would bury the test report.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this process
}
