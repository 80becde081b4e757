/**
 * Issue #14, end to end on the official dev server:
 * - with a key, a run (the production worker from createWorker: real activities, the debtor's
 *   workflow, encrypted failures) leaves no debtor contact name, email or phone in the SQLite
 *   file (nor its -wal / -shm), and the Web UI in headless Chromium shows the decrypted input
 *   through the codec server; a debtor name holding HTML stays text in the run's summary;
 * - without a key, the same run leaves them there in clear (the grep can fail).
 * Screenshot: test/artifacts/web-ui-decrypted-input.png.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { codecDataConverter, EncryptionCodec, generateKey, parseKeyList } from '../../config/codec';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { workflowIdFor } from '../../domain/invoice/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { type PolicyInput } from '../../domain/policy/schema';
import { bulkStart } from '../../client/bulk-start';
import { startOptionsFor } from '../../client/start-options';
import { InvoiceSchema } from '../../domain/invoice/schema';
import { startCodecServer, type CodecServer } from '../../scripts/codec-server';
import { freePort, startDevServer, type DevServer } from '../../scripts/dev-server';
import { createWorker } from '../../worker';
import * as msg from '../../workflows/messages';
import { BUNDLE_PATH } from '../global-setup';
import { sampleInvoice } from '../helpers/scenario';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const UI_TIMEOUT = 30_000;

// Distinctive personal data of the debtor's contacts: none of it may reach the database in clear.
const SECRETS = ['Zéphyrin Quillardet', 'zephyrin.quillardet@debtor-secret.example', '+33 6 12 98 76 54', 'Ondine Vasselot', 'ondine.vasselot@debtor-secret.example', '+33 1 45 67 89 01'];
const HOSTILE_NAME = 'Quillardet Frères <a href="https://evil.example/pay">Click to pay</a>';

const dayFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
// Calendar off and 5 days past due: reminder_1 goes at once, whatever the hour.
const POLICY: PolicyInput = { ...DEFAULT_POLICY_INPUT, name: 'any-hour', calendar: { ...DEFAULT_POLICY_INPUT.calendar, enabled: false } };
const invoice = (invoiceId: string) =>
  InvoiceSchema.parse(
    sampleInvoice({
      invoiceId,
      issueDate: dayFromToday(-35),
      dueDate: dayFromToday(-5),
      debtor: {
        debtorId: `CUST-${invoiceId}`,
        name: HOSTILE_NAME,
        contacts: [
          { name: SECRETS[0], role: 'accounts_payable', email: SECRETS[1], phone: SECRETS[2] },
          { name: SECRETS[3], role: 'manager', email: SECRETS[4], phone: SECRETS[5] },
        ],
      },
    }),
  );

/** Each secret found in the dev server's database files (SQLite main file, WAL, shared memory). */
function secretsIn(dbFile: string): string[] {
  const files = [dbFile, `${dbFile}-wal`, `${dbFile}-shm`].filter(existsSync).map((f) => readFileSync(f));
  return SECRETS.filter((s) => files.some((bytes) => bytes.includes(Buffer.from(s, 'utf8'))));
}

interface Run {
  server: DevServer;
  dbFile: string;
  client: Client;
  workflowId: string;
  /** Drains the worker (before the server stops, so it does not retry against a dead server). */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** A dev server, a worker and one coordinated invoice run until its first reminder is sent. */
async function runOneInvoice(opts: { keys?: string; ui?: boolean; codecServer?: (uiOrigin: string) => Promise<CodecServer> }): Promise<Run & { codec?: CodecServer }> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed in this process
  }
  const tmp = mkdtempSync(join(tmpdir(), 'dunning-encryption-'));
  const dbFile = join(tmp, 'dev.sqlite');
  const uiPort = opts.ui ? await freePort() : undefined;
  const codec = opts.codecServer && uiPort ? await opts.codecServer(`http://localhost:${uiPort}`) : undefined;
  mkdirSync(ARTIFACTS, { recursive: true });
  const logFile = join(ARTIFACTS, 'encryption-dev-server.log');
  writeFileSync(logFile, '');
  const server = await startDevServer({ dbFile, logFile, ui: uiPort ?? 'headless', uiCodecEndpoint: codec?.url });
  const taskQueue = `encryption-${opts.keys ? 'key' : 'clear'}`;
  const env = { ...process.env, TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: server.namespace, TEMPORAL_TASK_QUEUE: taskQueue, DUNNING_OUTBOX_DIR: join(tmp, 'outbox'), DUNNING_CODEC_KEYS: opts.keys ?? '' };
  let worker: Worker;
  let nativeConnection: NativeConnection | undefined;
  if (opts.keys) {
    // The production worker, as `npm start` and `npm run worker` create it (bundles the workflows).
    const created = await createWorker(env);
    worker = created.worker;
    nativeConnection = created.connection;
    expect(created.encryptionKeyId).toBe(opts.keys.split(':')[0]);
  } else {
    nativeConnection = await NativeConnection.connect({ address: server.address });
    worker = await Worker.create({
      connection: nativeConnection,
      namespace: server.namespace,
      taskQueue,
      workflowBundle: { codePath: BUNDLE_PATH },
      activities: createActivities({ outboxDir: join(tmp, 'outbox'), creditor: DEFAULT_CREDITOR }),
    });
  }
  const workerRun = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace, dataConverter: codecDataConverter(opts.keys ? parseKeyList(opts.keys) : undefined) });
  const inv = invoice(opts.keys ? 'INV-SECRET-1' : 'INV-CLEAR-1');
  // As `dunning start` does: the CLI's start options, coordinated with the debtor's workflow.
  const handle = await client.workflow.start('dunningWorkflow', { ...startOptionsFor(inv, { taskQueue, policy: POLICY, coordinated: true }) });
  const deadline = Date.now() + 90_000;
  for (;;) {
    const state = await handle.query(msg.getState).catch(() => undefined);
    if (state && state.touches.some((t) => t.channel === 'email')) break;
    if (Date.now() > deadline) throw new Error(`no email sent within 90 s: ${JSON.stringify(state?.touches)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const stopWorker = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun.catch(() => undefined);
  };
  return {
    server,
    dbFile,
    client,
    codec,
    workflowId: workflowIdFor(inv.invoiceId),
    stopWorker,
    async close() {
      await stopWorker();
      await nativeConnection?.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
      await server.stop();
      await codec?.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

describe('personal data of debtors in the dev server database', () => {
  const runs: Run[] = [];
  afterAll(async () => {
    for (const r of runs) await r.close().catch(() => undefined);
  }, 60_000);

  it('with a key: nothing in clear in the SQLite file, and the Web UI shows the decrypted input through the codec server', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed (${CHROMIUM}): apt-get install chromium, or set CHROMIUM_PATH`);
    const keys = `${generateKey('k2')},${generateKey('k1')}`;
    const run = await runOneInvoice({
      keys,
      ui: true,
      codecServer: (origin) => startCodecServer({ codec: new EncryptionCodec(parseKeyList(keys)), origins: [origin], port: 0 }),
    });
    runs.push(run);

    // The Web UI: the run's input, decrypted by the codec server, and the hostile name inert.
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1600 } });
      page.setDefaultTimeout(UI_TIMEOUT);
      const decodeCalls: string[] = [];
      page.on('request', (r) => {
        if (r.url().startsWith(run.codec!.url)) decodeCalls.push(r.url());
      });
      await page.goto(`${run.server.uiUrl}/namespaces/${run.server.namespace}/workflows/${run.workflowId}`);
      await page.getByText(SECRETS[1], { exact: false }).first().waitFor();
      expect(decodeCalls.some((u) => u.endsWith('/decode'))).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'web-ui-decrypted-input.png'), fullPage: true });

      await page.getByRole('tab', { name: /User Metadata/ }).click();
      const summary = page.locator('iframe[title="output"]').first().contentFrame();
      await summary.getByText(/Click to pay/).first().waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'web-ui-hostile-summary.png'), fullPage: true });
      expect(await summary.locator('a').count()).toBe(0);
      // The name reads as the debtor wrote it (the UI curls the quotes), as text.
      expect(await summary.locator('body').innerText()).toMatch(/Quillardet Frères <a href=.https:\/\/evil\.example\/pay.>Click to pay<\/a> · /);
    } finally {
      await browser.close();
    }

    await run.stopWorker();
    await run.server.stop(); // flushes the WAL into the main file
    expect(secretsIn(run.dbFile)).toEqual([]);
  }, 300_000);

  it('without a key: the same run leaves them in clear (the check above can fail)', async () => {
    const run = await runOneInvoice({});
    runs.push(run);
    // A start the server refuses is reported with its cause, not a bare "Failed to start Workflow"
    // (the schema refuses such a name first; here the invoice skips it to reach the server).
    const tooLong = { ...invoice('INV-LONG-TEXT'), description: 'N'.repeat(2_500_000) }; // over the server's 2 MB payload limit
    const summary = await bulkStart(run.client, [{ row: 1, invoice: tooLong }], { taskQueue: 'nobody', concurrency: 1 });
    expect(summary.results[0].error).toMatch(/^Failed to start Workflow: INVALID_ARGUMENT: .*(size|limit)/i);
    await run.stopWorker();
    await run.server.stop();
    expect(secretsIn(run.dbFile)).toEqual(SECRETS);
  }, 180_000);
});
