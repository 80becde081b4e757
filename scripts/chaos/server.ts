/**
 * The chaos test's Temporal dev server (scripts/dev-server.ts): fresh, headless, on free ports,
 * with its SQLite file in the run's folder; killable with SIGKILL and restartable on the same
 * file and port, so workers and clients reconnect to the same address.
 */
import { join } from 'node:path';
import { startDevServer, type DevServer } from '../dev-server';
import { track } from './children';

export interface ChaosServer {
  readonly address: string;
  /** SIGKILL, wait `downMs`, start again on the same database and port. Returns the seconds it was unreachable. */
  crashAndRestart(downMs: number): Promise<number>;
  stop(): Promise<void>;
}

export async function startChaosServer(runDir: string): Promise<ChaosServer> {
  const base = { dbFile: join(runDir, 'temporal.db'), logFile: join(runDir, 'server.log'), ui: 'headless' as const, logLevel: 'error' as const };
  let server: DevServer = await startDevServer(base);
  track(server.process);
  const port = Number(server.address.split(':').pop());
  return {
    address: server.address,
    async crashAndRestart(downMs) {
      const t0 = Date.now();
      server.process.kill('SIGKILL');
      await server.exited;
      await new Promise((r) => setTimeout(r, downMs));
      for (let attempt = 1; ; attempt++) {
        try {
          server = await startDevServer({ ...base, port });
          track(server.process);
          break;
        } catch (err) {
          // The port may still be held for a moment after the kill.
          if (attempt >= 5) throw err;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      return (Date.now() - t0) / 1000;
    },
    stop: () => server.stop(5000),
  };
}
