/**
 * End to end through the real Temporal Web UI: the official dev server with its UI, a real worker,
 * two invoices in different stages, and Chromium (playwright-core, no browser download) reading
 * what an engineer would see. Checks docs/web-ui.md ("Finding an invoice in the Temporal Web UI"):
 * - the list query `DunningStage = "reminding"` (a custom search attribute) shows the reminding
 *   invoice and not the pre-due one;
 * - the run's User Metadata tab shows the one-line summary and the current details (stage, Next).
 * - a run's history names its activities (user metadata summaries).
 * Screenshots: test/artifacts/web-ui-list.png, web-ui-workflow.png, web-ui-history.png, and what a
 * collector and the debtor read from the same run: call-brief.png, followup-email.png, letter-1.png.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { createRecordingActivities, type RecordedSend } from '../helpers/recording-activities';
import type { EmailRequest } from '../../activities/types';
import { renderLetterPdf } from '../../activities/pdf/render-letter';
import { letterRecipient } from '../../activities/letters';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { renderTemplate, templateVars } from '../../templates/render';
import { callBriefText } from '../../templates/call-brief';
import * as msg from '../../workflows/messages';
import { InvoiceSchema, workflowIdFor, type InvoiceInput } from '../../domain/invoice/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { type PolicyInput } from '../../domain/policy/schema';
import { addDays } from '../../domain/time/calendar';
import { runIdentity } from '../../client/start-options';
import { freePort, startDevServer, type DevServer } from '../../scripts/dev-server';
import { dunningWorkflow } from '../../workflows';
import { BUNDLE_PATH } from '../global-setup';
import { sampleInvoice } from '../helpers/scenario';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const TASK_QUEUE = 'e2e-web-ui';
const UI_TIMEOUT = 30_000;

/** A calendar date `n` days from today (UTC). */
const dayFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

// Default cadence in real time, with the business calendar off so that nothing waits for the next
// 09:00 send slot or a Monday: the test passes at any hour, on any day. 5 days past due,
// reminder_1 (D+1) is already due and call_1 (D+7) is two days away, so the run sends reminder_1 at
// once and sits in `reminding`; due next month, the other run sits in `pre_due`.
const POLICY: PolicyInput = { ...DEFAULT_POLICY_INPUT, name: 'default-any-hour', calendar: { ...DEFAULT_POLICY_INPUT.calendar, enabled: false } };
const REMINDING = sampleInvoice({ invoiceId: 'INV-E2E-031', issueDate: dayFromToday(-35), dueDate: dayFromToday(-5) });
const PRE_DUE = sampleInvoice({ invoiceId: 'INV-E2E-032', issueDate: dayFromToday(-1), dueDate: dayFromToday(30) });
// 9 days past due: call_1 (D+7) is due, so its call task opens at once; the collector records a promise.
const CALLING = sampleInvoice({ invoiceId: 'INV-E2E-033', issueDate: dayFromToday(-39), dueDate: dayFromToday(-9), amountCents: 987_650 });

describe('Temporal Web UI (dev server + Chromium)', () => {
  let tmp: string | undefined;
  let server: DevServer | undefined;
  let nativeConnection: NativeConnection | undefined;
  let connection: Connection | undefined;
  let client: Client;
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const log: RecordedSend[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed (${CHROMIUM} is missing): run \`apt-get install chromium\` (or set CHROMIUM_PATH); this test never downloads a browser`);
    }
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // already installed in this process
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'dunning-web-ui-'));
    const logFile = join(ARTIFACTS, 'web-ui-dev-server.log');
    writeFileSync(logFile, '');
    server = await startDevServer({ dbFile: join(tmp, 'dev.sqlite'), logFile, ui: await freePort() });
    expect(server.uiUrl).toBeDefined();

    nativeConnection = await NativeConnection.connect({ address: server.address });
    worker = await Worker.create({
      connection: nativeConnection,
      namespace: server.namespace,
      taskQueue: TASK_QUEUE,
      workflowBundle: { codePath: BUNDLE_PATH },
      activities: createRecordingActivities(log),
      shutdownGraceTime: '1s',
    });
    workerRun = worker.run();

    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection, namespace: server.namespace });
    for (const invoice of [REMINDING, PRE_DUE, CALLING]) await startRun(invoice);

    // Visibility is eventually consistent: wait until both stages are searchable.
    await waitForList('DunningStage = "reminding"', workflowIdFor(REMINDING.invoiceId));
    await waitForList('DunningStage = "pre_due"', workflowIdFor(PRE_DUE.invoiceId));
    await waitForList('DunningStage = "reminding"', workflowIdFor(CALLING.invoiceId));

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(UI_TIMEOUT);
  }, 150_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun?.catch(() => undefined);
    await nativeConnection?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await server?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  async function startRun(invoice: InvoiceInput) {
    const parsed = InvoiceSchema.parse(invoice);
    await client.workflow.start(dunningWorkflow, {
      ...runIdentity(parsed),
      taskQueue: TASK_QUEUE,
      args: [{ invoice, policy: POLICY }],
    });
  }

  async function waitForList(query: string, workflowId: string, ms = 60_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const ids: string[] = [];
      for await (const w of client.workflow.list({ query })) ids.push(w.workflowId);
      if (ids.includes(workflowId)) return;
      if (Date.now() > deadline) throw new Error(`${workflowId} not listed by ${query} after ${ms} ms (got ${JSON.stringify(ids)})`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /** The innermost block holding both a heading and the UI's markdown iframe (`/render?content=`). */
  function markdownOf(heading: string) {
    const block = page
      .locator('div')
      .filter({ has: page.getByRole('heading', { name: heading, exact: true }) })
      .filter({ has: page.locator('iframe[title="output"]') })
      .last();
    return block.locator('iframe[title="output"]').contentFrame();
  }

  it('filters the list by DunningStage and shows the summary and current details of a run', async () => {
    const reminding = workflowIdFor(REMINDING.invoiceId);
    const preDue = workflowIdFor(PRE_DUE.invoiceId);

    // 1. The workflow list, filtered by a custom search attribute.
    await page.goto(`${server!.uiUrl}/namespaces/default/workflows?query=${encodeURIComponent('DunningStage = "reminding"')}`);
    const rows = page.getByTestId('workflows-summary-configurable-table-row');
    const link = page.getByRole('link', { name: reminding, exact: true });
    await link.waitFor({ state: 'visible' });
    await page.getByRole('link', { name: workflowIdFor(CALLING.invoiceId), exact: true }).waitFor({ state: 'visible' });
    await expect.poll(() => rows.count(), { timeout: UI_TIMEOUT }).toBe(2);
    expect(await page.getByText(preDue).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'web-ui-list.png'), fullPage: true });

    // 2. The run: the User Metadata tab shows Summary and Current Details (markdown in iframes).
    await link.click();
    await page.waitForURL(new RegExp(`/workflows/${reminding}/[0-9a-f-]+/`));
    await page.getByRole('heading', { name: reminding }).waitFor();
    await page.getByRole('tab', { name: /User Metadata/ }).click();
    await page.waitForURL(/\/user-metadata$/);

    const summary = markdownOf('Summary');
    await summary.getByText(/^INV-E2E-031 · Acme SARL · 1\s234,56\s€ due \d{4}-\d{2}-\d{2}$/).waitFor();
    await summary.getByText(`due ${REMINDING.dueDate}`, { exact: false }).waitFor();

    const details = markdownOf('Current Details');
    await details.getByText(/·\s*stage\s+reminding/).waitFor();
    await details.locator('strong', { hasText: /^reminding$/ }).waitFor();
    await details.locator('strong', { hasText: /^INV-E2E-031$/ }).waitFor();
    await details.getByText(/^Amount due: 1\s234,56\s€ of 1\s234,56\s€ · \d+ days past due$/).waitFor();
    await details.getByText(`Next: Call task call_1 (collector) on ${addDays(REMINDING.dueDate, 7)} 09:00 (Europe/Paris)`, { exact: true }).waitFor();
    await details.getByText(/^Touches: 1 · last: email reminder_1/).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'web-ui-workflow.png'), fullPage: true });
  }, 180_000);

  it("shows a run's activities by their summaries, and what the collector and the debtor read (brief, follow-up email, letter)", async () => {
    const calling = client.workflow.getHandle(workflowIdFor(CALLING.invoiceId));
    const task = await until(async () => (await calling.query(msg.getState)).openTask, 'the call task of INV-E2E-033');
    const view = await calling.query(msg.getState);
    const promiseDate = dayFromToday(10);
    await calling.executeUpdate(msg.completeCallTask, { args: [{ taskId: task.taskId, reached: true, contactName: 'Claire Martin', promise: { date: promiseDate, amountCents: 987_650 } }] });
    const followUp = await until(async () => log.find((l) => l.kind === 'email' && l.request.template === 'call_followup')?.request as EmailRequest | undefined, 'the follow-up email');

    // 1. The run's history: the email activity is named by its summary (what was sent, to whom).
    await page.goto(`${server!.uiUrl}/namespaces/default/workflows/${workflowIdFor(CALLING.invoiceId)}`);
    await page.getByRole('heading', { name: workflowIdFor(CALLING.invoiceId) }).waitFor();
    const summary = `Email call_followup to ${followUp.to.email}`;
    await page.getByText(summary, { exact: false }).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'web-ui-history.png'), fullPage: true });

    // 2. The call brief the collector read before dialling (Markdown, as written to the outbox).
    const brief = await screenshotHtml(await marked.parse(callBriefText(view, 'fr', DEFAULT_CREDITOR, 'markdown')), 'call-brief.png');
    expect(brief).toContain('INV-E2E-033');
    expect(brief).toMatch(/9\s876,50\s€/);
    expect(brief).not.toMatch(/\d{4}-\d{2}-\d{2}/);

    // 3. The follow-up email the debtor received, as an email client shows its HTML part.
    const m = renderTemplate('call_followup', 'fr', templateVars(followUp, DEFAULT_CREDITOR, { channel: 'email' }), { tone: followUp.tone });
    const email = await screenshotHtml(m.html, 'followup-email.png');
    expect(email).toMatch(/9\s876,50\s€/);
    expect(email).not.toMatch(/\d{4}-\d{2}-\d{2}/);

    // 4. A letter for the same file (first reminder letter), rendered to PDF then to an image.
    const address = InvoiceSchema.parse(CALLING).debtor.address!;
    const req = { ...followUp, template: 'letter_1' as const, registered: false, to: followUp.to };
    const { pdf } = await renderLetterPdf(req, DEFAULT_CREDITOR, letterRecipient(req, address));
    const pdfPath = join(tmp!, 'letter-1.pdf');
    writeFileSync(pdfPath, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdfPath, join(ARTIFACTS, 'letter-1')]);
    expect(existsSync(join(ARTIFACTS, 'letter-1.png'))).toBe(true);
    expect(execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' })).toMatch(/9\s876,50\s€/);
  }, 180_000);

  async function until<T>(get: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await get();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`${what}: not there after ${ms} ms`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /** The page as Chromium draws it (saved under test/artifacts), and its visible text. */
  async function screenshotHtml(html: string, file: string): Promise<string> {
    const doc = await browser!.newPage({ viewport: { width: 900, height: 800 } });
    try {
      await doc.setContent(`<!doctype html><meta charset="utf-8"><body style="font-family: sans-serif; max-width: 820px; margin: 24px">${html}</body>`);
      await doc.screenshot({ path: join(ARTIFACTS, file), fullPage: true });
      return await doc.innerText('body');
    } finally {
      await doc.close();
    }
  }
});
