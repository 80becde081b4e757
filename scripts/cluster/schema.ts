/**
 * The Temporal schemas on the cluster's PostgreSQL with the official temporal-sql-tool: the
 * default store and the SQL advanced visibility store, each in its own database. Every step is
 * idempotent (what auto-setup does): create the database unless it exists, add the versioning
 * tables, then apply the schema versions the database lacks (embedded in the tool).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SchemaTarget {
  sqlTool: string;
  port: number;
  user: string;
  password: string;
  /** Default store database. */
  db: string;
  visibilityDb: string;
}

export async function applySchemas(t: SchemaTarget, log: (m: string) => void): Promise<void> {
  const stores: Array<[string, string]> = [
    [t.db, 'postgresql/v12/temporal'],
    [t.visibilityDb, 'postgresql/v12/visibility'],
  ];
  for (const [db, schemaName] of stores) {
    const tool = async (...args: string[]) => {
      const base = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(t.port), '-u', t.user, '--pw', t.password, '--db', db];
      try {
        return await run(t.sqlTool, [...base, ...args], { encoding: 'utf8' });
      } catch (err) {
        const e = err as { stderr?: string; stdout?: string; message: string };
        throw new Error(`temporal-sql-tool ${args[0]} on ${db}: ${(e.stderr || e.stdout || e.message).trim().split('\n').slice(-3).join(' / ')}`);
      }
    };
    try {
      await tool('create-database'); // succeeds quietly when the database exists
    } catch (err) {
      if (!/already exists/.test((err as Error).message)) throw err;
    }
    await tool('setup-schema', '-v', '0.0');
    await tool('update-schema', '--schema-name', schemaName);
  }
  log(`schema: ${t.db} and ${t.visibilityDb} up to date`);
}
