import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Connection settings read from the environment, named like the `temporal` CLI's, so the same
 * worker and client run against the local dev server, a self-hosted cluster or Temporal Cloud.
 */
const EnvSchema = z.object({
  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('dunning'),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS: z.enum(['true', 'false', '1', '0']).optional(),
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  TEMPORAL_TLS_CA: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
});

export interface ConnectionSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  apiKey?: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
}

export function connectionSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  if (Boolean(e.TEMPORAL_TLS_CERT) !== Boolean(e.TEMPORAL_TLS_KEY)) {
    throw new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (mTLS client certificate and its key)');
  }
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new Error(`cannot read ${what} ${path}: ${(err as Error).message}`);
    }
  };
  // An API key (Temporal Cloud) or a client certificate implies TLS unless it is switched off.
  const tlsWanted =
    e.TEMPORAL_TLS === 'true' || e.TEMPORAL_TLS === '1' ||
    (e.TEMPORAL_TLS === undefined && Boolean(e.TEMPORAL_API_KEY || e.TEMPORAL_TLS_CERT));
  return {
    address: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    apiKey: e.TEMPORAL_API_KEY,
    tls: tlsWanted
      ? {
          serverNameOverride: e.TEMPORAL_TLS_SERVER_NAME,
          serverRootCACertificate: e.TEMPORAL_TLS_CA ? read(e.TEMPORAL_TLS_CA, 'CA certificate') : undefined,
          clientCertPair:
            e.TEMPORAL_TLS_CERT && e.TEMPORAL_TLS_KEY
              ? { crt: read(e.TEMPORAL_TLS_CERT, 'client certificate'), key: read(e.TEMPORAL_TLS_KEY, 'client key') }
              : undefined,
        }
      : undefined,
  };
}

/** Options accepted by both `Connection.connect` (client) and `NativeConnection.connect` (worker). */
export function connectOptions(s: ConnectionSettings) {
  return { address: s.address, tls: s.tls, apiKey: s.apiKey };
}
