/**
 * The cluster's own PostgreSQL: a data directory under .temporal/ (never the system instance),
 * its own port, TCP on 127.0.0.1 only, password authentication. Runs in the foreground as a child
 * of the launcher, so Ctrl-C reaches it and nothing is left behind. As root it runs as the
 * `postgres` user (initdb and postgres refuse root).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { waitFor, type Proc, type ProcSpec } from './proc';

export interface PgOptions {
  binDir: string;
  dataDir: string;
  port: number;
  logFile: string;
  user: string;
  password: string;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** Root cannot run PostgreSQL: use the `postgres` account Debian's package creates. */
function runAs(): RunAs {
  if (process.getuid?.() !== 0) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root, and there is no `postgres` user to run PostgreSQL as (apt-get install postgresql creates it)');
  }
}

/** Every directory above the data dir must be traversable by the PostgreSQL user. */
function checkReachable(dir: string, as: RunAs): void {
  if (as.uid === undefined) return;
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-x', dir]);
  } catch {
    throw new Error(`the postgres user cannot reach ${dir} (a parent directory is private): set DUNNING_CLUSTER_DIR to a directory it can reach`);
  }
}

/** initdb once; an existing data directory is kept (runs survive restarts). */
export function initPostgres(o: PgOptions): boolean {
  if (existsSync(join(o.dataDir, 'PG_VERSION'))) return false;
  const as = runAs();
  rmSync(o.dataDir, { recursive: true, force: true });
  mkdirSync(dirname(o.dataDir), { recursive: true });
  mkdirSync(o.dataDir, { mode: 0o700 });
  if (as.uid !== undefined && as.gid !== undefined) {
    chownSync(o.dataDir, as.uid, as.gid);
    checkReachable(o.dataDir, as);
  }
  const pwFile = join(dirname(o.dataDir), '.pg-password');
  writeFileSync(pwFile, `${o.password}\n`, { mode: 0o600 });
  if (as.uid !== undefined && as.gid !== undefined) chownSync(pwFile, as.uid, as.gid);
  try {
    execFileSync(
      join(o.binDir, 'initdb'),
      ['-D', o.dataDir, '-U', o.user, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'],
      { uid: as.uid, gid: as.gid, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    rmSync(o.dataDir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${e.stderr?.toString().trim() || e.message}`);
  } finally {
    rmSync(pwFile, { force: true });
  }
  return true;
}

/** How to run the postmaster in the foreground (the supervisor starts it, and again after a fault). */
export function postgresSpec(o: PgOptions): ProcSpec {
  const as = runAs();
  accessSync(o.dataDir, constants.F_OK);
  return {
    name: 'postgresql',
    command: join(o.binDir, 'postgres'),
    args: [
      '-D', o.dataDir,
      '-p', String(o.port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=', // TCP only: no socket in the system's /var/run/postgresql
      // 4 Temporal services x (default + visibility pools) stay under this.
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=256MB',
    ],
    logFile: o.logFile,
    uid: as.uid,
    gid: as.gid,
  };
}

export async function waitForPostgres(o: PgOptions, proc: Proc, ms = 60_000): Promise<void> {
  await waitFor('PostgreSQL', ms, async () => {
    try {
      execFileSync(join(o.binDir, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(o.port)], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }, proc);
}
