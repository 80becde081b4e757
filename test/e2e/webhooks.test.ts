/**
 * `dunning webhooks` end to end: the dev server (visibility: Brevo's STOP goes to the debtor's
 * running invoices, found by DunningDebtorId), a worker in this process, and the endpoint run as
 * the CLI child process a user runs, on a port the OS picks. No date matters here: a STOP is taken
 * in any stage of a running dunning.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildListQuery } from '../../client/list-query';
import { runIdentity } from '../../client/start-options';
import { InvoiceSchema } from '../../domain/invoice/schema';
import { dunningWorkflow } from '../../workflows';
import * as msg from '../../workflows/messages';
import { ROOT, useCliHarness } from '../helpers/cli-e2e';
import { sampleInvoice } from '../helpers/fixtures';
import { SMS_POLICY } from '../helpers/sms';

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SECRET = 'e2e-webhook-secret-0123456789abcdef';
const QUEUE = 'webhooks-e2e';
const h = useCliHarness(QUEUE, 'webhooks');

/** `dunning webhooks` as a child process; resolves once it says where it listens. */
function startEndpoint(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; base?: string; out: () => string; code: Promise<number | null> }> {
  const child = spawn(TSX, [join(ROOT, 'client', 'cli.ts'), 'webhooks', ...args], { cwd: ROOT, env: { ...process.env, TEMPORAL_ADDRESS: h.address, TEMPORAL_NAMESPACE: 'default', DUNNING_WEBHOOK_SECRET: '', ...env } });
  let out = '';
  const code = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dunning webhooks did not start: ${out}`)), 60_000);
    const seen = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1], out: () => out, code });
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    void code.then(() => {
      clearTimeout(timer);
      resolve({ child, out: () => out, code });
    });
  });
}

describe('dunning webhooks against the dev server', () => {
  it('refuses to start without DUNNING_WEBHOOK_SECRET (exit 1, says why)', async () => {
    const r = await startEndpoint(['--port', '0'], {});
    expect(r.base).toBeUndefined();
    expect(await r.code).toBe(1);
    expect(r.out()).toContain('set DUNNING_WEBHOOK_SECRET');
  }, 90_000);

  it("Brevo's STOP reply (token in the URL) reaches both running invoices of the debtor, once; the log has no phone number", async () => {
    const handles = [];
    for (const invoiceId of ['WH-E2E-A', 'WH-E2E-B']) {
      const invoice = InvoiceSchema.parse(sampleInvoice({ invoiceId, debtor: { debtorId: 'WH-DEBTOR' } }));
      handles.push(await h.client.workflow.start(dunningWorkflow, { taskQueue: QUEUE, ...runIdentity(invoice, true), args: [{ invoice, policy: SMS_POLICY, coordinated: true }] }));
    }
    await h.eventually(async () => {
      let n = 0;
      for await (const _ of h.client.workflow.list({ query: buildListQuery({ debtor: 'WH-DEBTOR' }) })) n += 1;
      return n === 2 ? n : undefined;
    }, 'both invoices visible by debtor');

    const ep = await startEndpoint(['--port', '0'], { DUNNING_WEBHOOK_SECRET: SECRET });
    try {
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${ep.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: res.status, json: (await res.json()) as Record<string, unknown> };
      };
      const reply = { event: 'replies', reply: 'ARRET', phoneNumber: '33612345678', tag: ['debtor:WH-DEBTOR'] };
      expect((await post('/webhooks/sms/brevo?token=wrong', reply)).status).toBe(401);
      for (const h of handles) expect((await h.query(msg.getState)).smsOptOuts ?? []).toEqual([]);

      expect(await post(`/webhooks/sms/brevo?token=${SECRET}`, reply)).toEqual({
        status: 200,
        json: { recorded: 2, already: 0, refused: 0, invoices: [{ invoice: 'WH-E2E-A', result: 'recorded' }, { invoice: 'WH-E2E-B', result: 'recorded' }] },
      });
      for (const h of handles) expect((await h.query(msg.getState)).smsOptOuts).toEqual(['+33612345678']);
      // Brevo retries: nothing recorded twice.
      expect((await post(`/webhooks/sms/brevo?token=${SECRET}`, reply)).json).toMatchObject({ recorded: 0, already: 2 });
      for (const h of handles) expect((await h.query(msg.getState)).trace.filter((t) => t.kind === 'sms_opted_out')).toHaveLength(1);
      // A delivery report, or a STOP for a debtor with no running dunning: nothing to do, and no retry.
      expect(await post(`/webhooks/sms/brevo?token=${SECRET}`, { ...reply, event: 'delivered' })).toEqual({ status: 200, json: { ignored: 'not a STOP for a running dunning' } });
      expect((await post(`/webhooks/sms/brevo?token=${SECRET}`, { ...reply, tag: 'debtor:NOBODY' })).json).toEqual({ ignored: 'not a STOP for a running dunning' });
      expect((await fetch(`${ep.base}/healthz`)).status).toBe(200);
      expect((await fetch(`${ep.base}/nothing`)).status).toBe(404);
    } finally {
      ep.child.kill('SIGTERM');
    }
    expect(await ep.code).toBe(0);
    const log = ep.out();
    expect(log).toMatch(/POST \/webhooks\/sms\/brevo 200 sms stop: WH-E2E-A recorded, WH-E2E-B recorded/);
    expect(log).toMatch(/POST \/webhooks\/sms\/brevo 401 /);
    expect(log).not.toMatch(/3361|Durand|token=/);
    for (const h of handles) await h.terminate('test finished').catch(() => undefined);
  }, 180_000);

  it('no worker answering for the run: 503 within the deadline, so the provider retries later; nothing recorded', async () => {
    const invoice = InvoiceSchema.parse(sampleInvoice({ invoiceId: 'WH-E2E-NOWORKER' }));
    const handle = await h.client.workflow.start(dunningWorkflow, { taskQueue: 'nobody-polls-this', ...runIdentity(invoice), args: [{ invoice, policy: SMS_POLICY }] });
    const ep = await startEndpoint(['--port', '0'], { DUNNING_WEBHOOK_SECRET: SECRET, DUNNING_QUERY_TIMEOUT_MS: '2000' });
    try {
      const res = await fetch(`${ep.base}/webhooks/postal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
        body: JSON.stringify({ reference: `${handle.workflowId}/formal_notice`, event: 'presented', date: '2027-04-30' }),
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'Temporal unreachable or no worker answering: try again later' });
    } finally {
      ep.child.kill('SIGTERM');
      await handle.terminate('test finished').catch(() => undefined);
    }
    expect(await ep.code).toBe(0);
    expect(ep.out()).toMatch(/POST \/webhooks\/postal 503 /);
  }, 120_000);
});
