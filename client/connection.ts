/**
 * One Temporal client per CLI run, from the same environment variables as the worker
 * (config/connection.ts). Opened only once the command's input is valid, so bad input never
 * waits on the network and a failure to connect is told apart (exit 3).
 */
import { Client, Connection, isGrpcServiceError } from '@temporalio/client';
import { codecDataConverter, codecKeysFromEnv, type CodecKeys } from '../config/codec';
import { connectOptions, connectionSettingsFromEnv, type ConnectionSettings } from '../config/connection';
import { CliError, EXIT, unreachable } from './errors';

export interface Temporal {
  client: Client;
  settings: ConnectionSettings;
  close(): Promise<void>;
}

/** A refused port makes gRPC retry until the deadline: keep it short for a CLI. */
const CONNECT_TIMEOUT_MS = Number(process.env.DUNNING_CONNECT_TIMEOUT_MS ?? 5000);

export async function connect(env: NodeJS.ProcessEnv = process.env): Promise<Temporal> {
  let settings: ConnectionSettings;
  let keys: CodecKeys | undefined;
  try {
    settings = connectionSettingsFromEnv(env);
    keys = codecKeysFromEnv(env);
  } catch (err) {
    throw new CliError(`connection settings: ${(err as Error).message}`, EXIT.usage);
  }
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...connectOptions(settings), connectTimeout: CONNECT_TIMEOUT_MS });
  } catch (err) {
    throw unreachable(settings.address, (err as Error).message);
  }
  // The same keys as the worker: what the CLI sends is encrypted, what it reads is decrypted.
  const client = new Client({ connection, namespace: settings.namespace, dataConverter: codecDataConverter(keys) });
  return { client, settings, close: () => connection.close() };
}

/** gRPC UNAVAILABLE: the server went away after we connected. */
export function isUnavailable(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (isGrpcServiceError(e) && e.code === 14) return true;
  }
  return false;
}

/** Runs fn with a connected client and always closes it; a lost server becomes exit 3. */
export async function withTemporal<T>(fn: (t: Temporal) => Promise<T>): Promise<T> {
  const t = await connect();
  try {
    return await fn(t);
  } catch (err) {
    if (!(err instanceof CliError) && isUnavailable(err)) throw unreachable(t.settings.address, (err as Error).message);
    throw err;
  } finally {
    await t.close().catch(() => undefined);
  }
}
