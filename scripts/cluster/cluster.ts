/**
 * The multi-service Temporal cluster on this machine, as one supervised tree of processes:
 * PostgreSQL, the four server services (frontend, history, matching, internal worker) started
 * from config/temporal/cluster.yaml, the Web UI server and N dunning workers. A process that
 * dies unexpectedly is restarted after a delay (what an orchestrator would do), which is also how
 * the fault test injects kill -9. Shared by `npm run cluster`, the fault test and the benchmark.
 */
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { connectWithin } from '../dev-server';
import { ensureNamespace, ensureProductSearchAttributes } from './namespace';
import { clusterBinaries, type ClusterBinaries } from './paths';
import { clusterPorts, portEnv, type ClusterPorts } from './ports';
import { initPostgres, postgresSpec, waitForPostgres, type PgOptions } from './postgres';
import { startProc, waitFor, type Proc, type ProcSpec } from './proc';
import { applySchemas } from './schema';
import { workerProcSpec } from './workers';

export const TEMPORAL_SERVICES = ['history', 'matching', 'frontend', 'internal-worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

export interface ClusterOptions {
  /** Data and logs: <dir>/pg (PostgreSQL data), <dir>/logs/<process>.log. */
  dir: string;
  frontendPort: number;
  pgPort: number;
  /** Web UI port, or false for none. */
  uiPort: number | false;
  /** The codec server the Web UI's browser asks to decode payloads (TEMPORAL_CODEC_ENDPOINT of ui-server). */
  uiCodecEndpoint?: string;
  /** Dunning worker processes. */
  workers: number;
  namespace: string;
  taskQueue: string;
  /** Extra environment of the dunning workers (outbox, SendGrid endpoint...). */
  workerEnv?: NodeJS.ProcessEnv;
  /** Delay before a process that died unexpectedly is started again. */
  restartDelayMs?: number;
  historyShards?: number;
  log?: (m: string) => void;
}

const ROOT = resolve(__dirname, '..', '..');
const PG_USER = 'temporal';
const PG_PASSWORD = process.env.POSTGRES_PWD ?? 'temporal';

export class Cluster {
  readonly ports: ClusterPorts;
  readonly address: string;
  readonly procs = new Map<string, Proc>();
  /** Unexpected exits and restarts, for the fault test's report. */
  readonly events: string[] = [];
  private readonly specs = new Map<string, () => ProcSpec>();
  private readonly held = new Set<string>();
  private stopping = false;
  private readonly bin: ClusterBinaries;
  private readonly pg: PgOptions;
  private readonly log: (m: string) => void;

  constructor(readonly opts: ClusterOptions) {
    this.bin = clusterBinaries();
    this.ports = clusterPorts(opts.frontendPort);
    this.address = `127.0.0.1:${opts.frontendPort}`;
    this.log = opts.log ?? ((m) => console.log(`[cluster] ${m}`));
    this.pg = {
      binDir: this.bin.pgBin,
      dataDir: join(opts.dir, 'pg'),
      port: opts.pgPort,
      logFile: this.logFile('postgresql'),
      user: PG_USER,
      password: PG_PASSWORD,
    };
  }

  logFile(name: string): string {
    return join(this.opts.dir, 'logs', `${name}.log`);
  }

  /** Brings everything up in dependency order; throws (after stopping what started) on failure. */
  async start(): Promise<void> {
    try {
      await this.startAll();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private async startAll(): Promise<void> {
    const t0 = Date.now();
    for (const port of [this.opts.pgPort, this.opts.frontendPort]) {
      if (await listening(port)) throw new Error(`port ${port} is already in use (another cluster running?): choose other ports`);
    }
    if (initPostgres(this.pg)) this.log(`PostgreSQL: new data directory ${this.pg.dataDir}`);
    this.define('postgresql', () => postgresSpec(this.pg));
    await this.launch('postgresql');
    await this.waitPostgres();
    this.log(`PostgreSQL ready on 127.0.0.1:${this.opts.pgPort} (${secs(t0)})`);

    await applySchemas({ sqlTool: this.bin.sqlTool, port: this.opts.pgPort, user: PG_USER, password: PG_PASSWORD, db: 'temporal', visibilityDb: 'temporal_visibility' }, this.log);

    // One at a time: services starting together on a new database race to write the cluster metadata.
    for (const service of TEMPORAL_SERVICES) {
      this.define(service, () => this.serviceSpec(service));
      await this.launch(service);
      await this.waitService(service);
    }
    const connection = await this.connect(60_000);
    try {
      if (await ensureNamespace(connection, this.opts.namespace, 3)) this.log(`namespace ${this.opts.namespace} registered`);
      const added = await ensureProductSearchAttributes(connection, this.opts.namespace);
      if (added.length) this.log(`search attributes registered: ${added.join(', ')}`);
    } finally {
      await connection.close();
    }
    this.log(`Temporal ${TEMPORAL_SERVICES.join(', ')} up; frontend ${this.address} (${secs(t0)})`);

    if (this.opts.uiPort !== false) {
      this.define('ui', () => this.uiSpec());
      await this.launch('ui');
      const port = this.opts.uiPort;
      await waitFor('Web UI', 30_000, () => listening(port), this.procs.get('ui'));
      this.log(`Web UI http://localhost:${port}/namespaces/${this.opts.namespace}/workflows`);
    }
    for (let i = 1; i <= this.opts.workers; i++) {
      this.define(`worker-${i}`, () => this.workerSpec(i));
      await this.launch(`worker-${i}`);
    }
    if (this.opts.workers > 0) {
      await this.waitWorkers();
      this.log(`${this.opts.workers} dunning worker(s) polling task queue ${this.opts.taskQueue} (${secs(t0)})`);
    }
  }

  private serviceSpec(service: TemporalService): ProcSpec {
    return {
      name: service,
      command: this.bin.server,
      args: ['--root', ROOT, '--config', 'config/temporal', '--env', 'cluster', 'start', '--service', service === 'internal-worker' ? 'worker' : service],
      logFile: this.logFile(service),
      cwd: ROOT,
      env: {
        ...process.env,
        ...portEnv(this.ports),
        DB_PORT: String(this.opts.pgPort),
        POSTGRES_PWD: PG_PASSWORD,
        NUM_HISTORY_SHARDS: String(this.opts.historyShards ?? 4),
        DYNAMIC_CONFIG_FILE_PATH: join(ROOT, 'config', 'temporal', 'dynamicconfig.yaml'),
      },
    };
  }

  private uiSpec(): ProcSpec {
    return {
      name: 'ui',
      command: this.bin.uiServer,
      args: ['--root', ROOT, '--config', 'config/temporal', '--env', 'ui', 'start'],
      logFile: this.logFile('ui'),
      cwd: ROOT,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: this.address,
        TEMPORAL_UI_PORT: String(this.opts.uiPort),
        TEMPORAL_DEFAULT_NAMESPACE: this.opts.namespace,
        ...(this.opts.uiCodecEndpoint ? { TEMPORAL_CODEC_ENDPOINT: this.opts.uiCodecEndpoint } : {}),
      },
    };
  }

  private workerSpec(i: number): ProcSpec {
    return workerProcSpec({
      name: `worker-${i}`,
      address: this.address,
      namespace: this.opts.namespace,
      taskQueue: this.opts.taskQueue,
      logFile: this.logFile(`worker-${i}`),
      env: this.opts.workerEnv,
    });
  }

  private define(name: string, spec: () => ProcSpec): void {
    this.specs.set(name, spec);
  }

  /** Starts a defined process and restarts it after an unexpected exit. */
  private async launch(name: string): Promise<Proc> {
    const make = this.specs.get(name);
    if (!make) throw new Error(`unknown process ${name}`);
    const proc = startProc(make());
    this.procs.set(name, proc);
    void proc.exited.then((how) => {
      if (this.stopping || this.held.has(name) || this.procs.get(name) !== proc) return;
      const delay = this.opts.restartDelayMs ?? 2000;
      this.note(`${name} (pid ${proc.pid}) exited unexpectedly (${how}); restarting in ${delay} ms`);
      setTimeout(() => {
        if (this.stopping || this.held.has(name) || this.procs.get(name) !== proc) return;
        void this.launch(name).then((p) => this.note(`${name} restarted (pid ${p.pid})`));
      }, delay);
    });
    return proc;
  }

  private note(m: string): void {
    this.events.push(`${new Date().toISOString()} ${m}`);
    this.log(m);
  }

  /** kill -9; the supervisor brings it back after restartDelayMs. */
  kill9(name: string): number {
    const proc = this.procs.get(name);
    if (!proc?.alive()) throw new Error(`${name} is not running`);
    proc.child.kill('SIGKILL');
    return proc.pid;
  }

  /** Stops a process with `signal`, keeps it down for `downMs`, starts it again and waits until it serves. */
  async restart(name: string, signal: NodeJS.Signals = 'SIGTERM', downMs = 0): Promise<void> {
    this.held.add(name);
    try {
      await this.procs.get(name)?.stop(signal, 30_000);
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      await this.launch(name);
    } finally {
      this.held.delete(name);
    }
    if (name === 'postgresql') await this.waitPostgres();
    else if ((TEMPORAL_SERVICES as readonly string[]).includes(name)) await this.waitService(name as TemporalService);
  }

  async connect(ms = 30_000): Promise<Connection> {
    const c = await connectWithin(ms, { address: this.address });
    if (!c) throw new Error(`the frontend does not answer on ${this.address}; see ${this.logFile('frontend')}`);
    return c;
  }

  private async waitPostgres(): Promise<void> {
    const proc = this.procs.get('postgresql');
    if (!proc) throw new Error('PostgreSQL is not started');
    await waitForPostgres(this.pg, proc);
  }

  private async waitService(service: TemporalService): Promise<void> {
    // The internal worker serves no gRPC: it is ready once it has joined the membership ring.
    const port = { history: this.ports.history, matching: this.ports.matching, frontend: this.ports.frontend, 'internal-worker': this.ports.membership.internalWorker }[service];
    await waitFor(`Temporal ${service}`, 90_000, () => listening(port), this.procs.get(service));
  }

  private async waitWorkers(): Promise<void> {
    const connection = await this.connect();
    try {
      await waitFor(`${this.opts.workers} worker(s) polling`, 120_000, async () => {
        const d = await connection.workflowService.describeTaskQueue({ namespace: this.opts.namespace, taskQueue: { name: this.opts.taskQueue }, taskQueueType: 1 });
        return (d.pollers?.length ?? 0) >= this.opts.workers;
      });
    } finally {
      await connection.close();
    }
  }

  /** Workers first (they drain), then the UI and the services, PostgreSQL last. */
  async stop(): Promise<void> {
    this.stopping = true;
    const stopAll = (names: string[], signal: NodeJS.Signals, graceMs: number) =>
      Promise.all(names.map((n) => this.procs.get(n)?.stop(signal, graceMs)));
    const workers = [...this.procs.keys()].filter((n) => n.startsWith('worker-'));
    await stopAll(workers, 'SIGTERM', 20_000);
    await stopAll(['ui', 'frontend', 'internal-worker'], 'SIGTERM', 15_000);
    await stopAll(['matching', 'history'], 'SIGTERM', 15_000);
    // SIGINT is PostgreSQL's fast shutdown: clients gone, a clean checkpoint.
    await stopAll(['postgresql'], 'SIGINT', 30_000);
  }

  /** Last resort when the launcher itself is going down hard: no orphan survives it. */
  killAllNow(): void {
    this.stopping = true;
    // SIGQUIT is PostgreSQL's immediate shutdown: it takes its backends down with it.
    for (const [name, p] of this.procs) if (p.alive()) p.child.kill(name === 'postgresql' ? 'SIGQUIT' : 'SIGKILL');
  }
}

export function listening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolvePort) => {
    const s = connect({ port, host });
    s.once('connect', () => {
      s.destroy();
      resolvePort(true);
    });
    s.once('error', () => resolvePort(false));
  });
}

const secs = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
