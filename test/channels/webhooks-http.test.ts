import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWebhookServer, sameSecret, type Hook, type WebhookServerOptions } from '../../client/webhooks/server';
import { isBadInput, isTransient } from '../../client/webhooks/routes';
import { webhookSecret } from '../../client/commands/webhooks';
import { CliError } from '../../client/errors';
import { buildProgram } from '../../client/cli';
import { noWorker } from '../../client/invoice-ops';

/** The endpoint's HTTP rules on a local port-0 server, its hooks recording what reached them. */
const SECRET = 'test-secret-0123456789abcdef';
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(over: Partial<WebhookServerOptions> = {}) {
  const calls: Array<{ hook: string; body: unknown }> = [];
  const logs: string[] = [];
  const ok = (hook: string): Hook => async (body) => {
    calls.push({ hook, body });
    return { status: 200, body: { recorded: 1 }, note: `${hook}: INV-1 recorded` };
  };
  const server = createWebhookServer({ secret: SECRET, hooks: { postal: ok('postal'), brevo: ok('brevo') }, log: (l) => logs.push(l), isBadInput, isTransient, ...over });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  close = () => new Promise((r) => server.close(() => r()));
  const call = (method: string, path: string, opts: { body?: string | Buffer; headers?: Record<string, string> } = {}) =>
    new Promise<{ status: number; json: Record<string, unknown>; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers: opts.headers }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
      });
      req.on('error', reject);
      req.end(opts.body);
    });
  const json = { 'content-type': 'application/json' };
  const auth = { ...json, authorization: `Bearer ${SECRET}` };
  return { calls, logs, call, json, auth };
}

describe('the webhook endpoint: routes, secret and hostile input', () => {
  it('health without a secret; unknown route 404; wrong method 405', async () => {
    const s = await serve();
    expect((await s.call('GET', '/healthz')).status).toBe(200);
    expect((await s.call('POST', '/webhooks/nope', { headers: s.auth, body: '{}' })).status).toBe(404);
    expect((await s.call('GET', '/webhooks/postal', { headers: s.auth })).status).toBe(405);
    expect((await s.call('POST', '/healthz')).status).toBe(405);
    expect(s.calls).toEqual([]);
    expect((await s.call('GET', '/webhooks/+33612345678')).status).toBe(404);
    expect(s.logs.at(-1)).toBe('GET (unknown path) 404 no such route');
  });

  it('refuses a missing or wrong secret with 401 and records nothing; takes it as Bearer or ?token=', async () => {
    const s = await serve();
    const body = JSON.stringify({ reference: 'dunning-INV-1/formal_notice' });
    expect((await s.call('POST', '/webhooks/postal', { headers: s.json, body })).status).toBe(401);
    expect((await s.call('POST', '/webhooks/postal', { headers: { ...s.json, authorization: `Bearer ${SECRET}x` }, body })).status).toBe(401);
    expect((await s.call('POST', '/webhooks/sms/brevo?token=wrong', { headers: s.json, body })).status).toBe(401);
    expect(s.calls).toEqual([]);
    expect((await s.call('POST', '/webhooks/postal', { headers: s.auth, body })).status).toBe(200);
    expect((await s.call('POST', `/webhooks/sms/brevo?token=${SECRET}`, { headers: s.json, body })).status).toBe(200);
    expect(s.calls.map((c) => c.hook)).toEqual(['postal', 'brevo']);
    // The log names the route and what was recorded, never the query (it holds the token).
    expect(s.logs).toContain('POST /webhooks/sms/brevo 200 brevo: INV-1 recorded');
    expect(s.logs.join('\n')).not.toContain(SECRET);
    expect(sameSecret(SECRET, SECRET)).toBe(true);
    expect(sameSecret('short', SECRET)).toBe(false);
  });

  it('415 for a body that is not JSON, 400 for invalid JSON, 413 over 64 KB: short messages, no stack, nothing recorded', async () => {
    const s = await serve();
    const text = await s.call('POST', '/webhooks/postal', { headers: { 'content-type': 'text/plain', authorization: `Bearer ${SECRET}` }, body: 'hello' });
    expect(text.status).toBe(415);
    const bad = await s.call('POST', '/webhooks/postal', { headers: s.auth, body: '{"reference": ' });
    expect(bad).toMatchObject({ status: 400, json: { error: 'the body is not valid JSON' } });
    const big = await s.call('POST', '/webhooks/postal', { headers: s.auth, body: JSON.stringify({ pad: 'x'.repeat(70_000) }) });
    expect(big).toMatchObject({ status: 413, json: { error: 'body over 65536 bytes' } });
    for (const r of [text, bad, big]) expect(r.text).not.toMatch(/\bat .*\.ts:\d+/);
    expect(s.calls).toEqual([]);
  });

  it('a body that can never be recorded is 422 (no retry), Temporal away is 503 (retry), anything else 500 without its message', async () => {
    const fail = (err: unknown): Hook => () => Promise.reject(err);
    const grpc = Object.assign(new Error('14 UNAVAILABLE: connection refused'), { code: 14, details: 'connection refused', metadata: {} });
    const parse = z.object({ reference: z.string() }).safeParse({});
    const s = await serve({ hooks: { postal: fail(parse.success ? undefined : parse.error), brevo: fail(grpc) } });
    expect((await s.call('POST', '/webhooks/postal', { headers: s.auth, body: '{}' })).status).toBe(422);
    expect((await s.call('POST', '/webhooks/sms/brevo', { headers: s.auth, body: '{}' })).status).toBe(503);
    const s1 = await serve({ hooks: { postal: fail(noWorker('INV-1')), brevo: fail(grpc) } });
    expect((await s1.call('POST', '/webhooks/postal', { headers: s1.auth, body: '{}' })).status).toBe(503);
    const s2 = await serve({ hooks: { postal: fail(new Error('debtor Jean Dupont +33612345678')), brevo: fail(new Error('x')) } });
    const r = await s2.call('POST', '/webhooks/postal', { headers: s2.auth, body: '{}' });
    expect(r).toMatchObject({ status: 500, json: { error: 'internal error' } });
    expect(s2.logs.join('\n')).not.toMatch(/Dupont|3361/);
  });

  it('--insecure-no-auth: no secret asked (local tests only)', async () => {
    const s = await serve({ secret: undefined });
    expect((await s.call('POST', '/webhooks/postal', { headers: s.json, body: '{}' })).status).toBe(200);
  });

  it('refuses to start without a secret unless --insecure-no-auth', () => {
    expect(() => webhookSecret({}, undefined)).toThrow(CliError);
    expect(() => webhookSecret({ DUNNING_WEBHOOK_SECRET: 'short' }, undefined)).toThrow(/DUNNING_WEBHOOK_SECRET/);
    expect(webhookSecret({ DUNNING_WEBHOOK_SECRET: SECRET }, undefined)).toBe(SECRET);
    expect(webhookSecret({}, true)).toBeUndefined();
  });

  it('--help explains the routes, the secret and a Brevo configuration', () => {
    let help = '';
    const cmd = buildProgram().commands.find((c) => c.name() === 'webhooks')!;
    cmd.configureOutput({ writeOut: (t) => (help += t) });
    cmd.outputHelp();
    for (const text of ['POST /webhooks/postal', 'POST /webhooks/sms/brevo', 'GET  /healthz', 'DUNNING_WEBHOOK_SECRET', 'Authorization: Bearer', '/webhooks/sms/brevo?token=<secret>', '--insecure-no-auth']) expect(help).toContain(text);
  });
});
