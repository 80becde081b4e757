import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import versions from './temporal-versions.json';

/** Where scripts/temporal-install.sh puts the official binaries (kept in sync with it). */
export function temporalCacheDir(): string {
  return (
    process.env.DUNNING_TEMPORAL_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'dunning-temporal')
  );
}

/** The provisioned test server wrapper, or undefined to let the SDK download its own. */
export function testServerPath(): string | undefined {
  const p = process.env.TEMPORAL_TEST_SERVER_PATH ?? join(temporalCacheDir(), `test-server-${versions.testServer}`, 'temporal-test-server');
  return existsSync(p) ? p : undefined;
}

export function temporalCliPath(): string | undefined {
  const p = process.env.TEMPORAL_CLI_PATH ?? join(temporalCacheDir(), `cli-${versions.cli}`, 'temporal');
  return existsSync(p) ? p : undefined;
}
