/** Where scripts/cluster/install.sh puts the cluster's binaries (kept in sync with it). */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import versions from '../temporal-versions.json';
import { temporalCacheDir } from '../temporal-paths';

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  uiServer: string;
  /** Directory of initdb and postgres. */
  pgBin: string;
}

function pgBinDir(): string | undefined {
  if (process.env.DUNNING_PG_BINDIR) return process.env.DUNNING_PG_BINDIR;
  // Debian keeps them off PATH, one directory per major version: the newest wins.
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versionsFound = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versionsFound.length) return join(root, versionsFound[0], 'bin');
  }
  try {
    return join(execFileSync('sh', ['-c', 'dirname "$(readlink -f "$(command -v initdb)")"'], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
}

/** The provisioned binaries; throws naming the install command when one is missing. */
export function clusterBinaries(): ClusterBinaries {
  const cache = temporalCacheDir();
  const serverDir = join(cache, `server-${versions.server}`);
  const b = {
    server: process.env.TEMPORAL_SERVER_PATH ?? join(serverDir, 'server'),
    sqlTool: process.env.TEMPORAL_SQL_TOOL_PATH ?? join(serverDir, 'temporal-sql-tool'),
    uiServer: process.env.TEMPORAL_UI_SERVER_PATH ?? join(cache, `ui-server-${versions.uiServer}`, 'ui-server'),
    pgBin: pgBinDir() ?? '',
  };
  const missing = [b.server, b.sqlTool, b.uiServer, join(b.pgBin, 'initdb'), join(b.pgBin, 'postgres')].filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run \`bash scripts/cluster/install.sh\``);
  return b;
}
