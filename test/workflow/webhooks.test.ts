import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { LetterRequest } from '../../activities/types';
import { connectionSettingsFromEnv } from '../../config/connection';
import type { Temporal } from '../../client/connection';
import { brevoHook, isBadInput, isTransient, postalHook } from '../../client/webhooks/routes';
import { createWebhookServer } from '../../client/webhooks/server';
import { startScenario, travelTo } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';
import { NOTICE_TEST_POLICY } from '../helpers/notice-policy';

/**
 * `dunning webhooks` against real invoice runs on the time-skipping server: the HTTP endpoint
 * (port 0, the routes bound to the test client) carries a provider's news into the runs. Dates are
 * the runs' virtual time: the notice test's cadence (registered notice Tue 27 Apr 2027, reported
 * presented Fri 30 Apr on Mon 3 May). Brevo's route needs visibility (the debtor's running invoices),
 * which the time-skipping server lacks: test/e2e/webhooks.test.ts runs it on the dev server.
 */
const SECRET = 'webhook-test-secret-0123456789';
const NOTICE_POLICY = NOTICE_TEST_POLICY;

async function endpoint(t: Temporal) {
  const logs: string[] = [];
  const server: Server = createWebhookServer({ secret: SECRET, hooks: { postal: postalHook(t), brevo: brevoHook(t) }, isBadInput, isTransient, log: (l) => logs.push(l) });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = async (path: string, body: unknown, token = SECRET) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return { logs, post, base, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const temporalOf = (client: Temporal['client']): Temporal => ({ client, settings: connectionSettingsFromEnv({}), close: async () => undefined });

describe('the webhook endpoint reaches running invoice runs', () => {
  const envOf = useTimeSkippingEnv();

  it('postal: a "presented" event starts the notice deadline; a wrong secret records nothing; a repeated delivery records nothing twice', async () => {
    const env = envOf();
    await travelTo(env, '2027-04-21T08:00:00Z');
    const sc = await startScenario(env, { policy: NOTICE_POLICY, invoice: { dueDate: '2027-04-22', issueDate: '2027-03-23', invoiceId: 'WH-POSTAL' } });
    const http = await endpoint(temporalOf(env.client));
    try {
      await sc.run(async () => {
        await travelTo(env, '2027-05-03T08:00:00Z'); // Mon 3 May: the provider reports Friday's first presentation
        const letter = sc.log.find((l) => l.kind === 'letter')!.request as LetterRequest;
        const tracking = (await sc.state()).formalNotice!.trackingNumber!;
        const event = { reference: letter.idempotencyKey, event: 'presented', date: '2027-04-30', trackingNumber: tracking, provider: 'hybrid-mail test' };
        const notices = async () => (await sc.state()).trace.filter((t) => t.kind === 'notice_letter').length;

        expect((await http.post('/webhooks/postal', event, 'not-the-secret')).status).toBe(401);
        expect((await sc.state()).formalNotice!.presentation!.basis).toBeUndefined();
        expect(await notices()).toBe(0);

        const first = await http.post('/webhooks/postal', event);
        expect(first).toEqual({ status: 200, json: { recorded: 1, already: 0, refused: 0, invoices: [{ invoice: 'dunning-WH-POSTAL', result: 'recorded' }] } });
        const view = await sc.state();
        expect(view.formalNotice).toMatchObject({ deadline: '2027-05-10', presentation: { presentedOn: '2027-04-30', basis: 'presented' } });
        expect(view.next).toMatchObject({ kind: 'handoff', at: '2027-05-11T07:00:00.000Z' });

        // The provider retries: answered "already", nothing recorded twice.
        const again = await http.post('/webhooks/postal', event);
        expect(again).toEqual({ status: 200, json: { recorded: 0, already: 1, refused: 0, invoices: [{ invoice: 'dunning-WH-POSTAL', result: 'already' }] } });
        expect(await notices()).toBe(1);

        // Never recordable: a date after the run's today, an unknown letter, a body that does not parse (no retry: 4xx).
        expect(await http.post('/webhooks/postal', { ...event, event: 'delivered', date: '2027-05-04' })).toMatchObject({ status: 422, json: { refused: 1, invoices: [{ result: 'refused', reason: 'date' }] } });
        expect((await http.post('/webhooks/postal', { ...event, reference: 'dunning-NO-SUCH/formal_notice' })).status).toBe(422);
        expect((await http.post('/webhooks/postal', { ...event, reference: 'no-slash' })).status).toBe(422);
        expect((await http.post('/webhooks/postal', { reference: letter.idempotencyKey, event: 'lost' })).status).toBe(422);
        expect(await notices()).toBe(1);
        expect(http.logs).toEqual([
          'POST /webhooks/postal 401 missing or wrong token',
          'POST /webhooks/postal 200 letter event: dunning-WH-POSTAL recorded',
          'POST /webhooks/postal 200 letter event: dunning-WH-POSTAL already',
          'POST /webhooks/postal 422 letter event: dunning-WH-POSTAL refused (date)',
          'POST /webhooks/postal 422 the body cannot be recorded (not a known letter or event)',
          'POST /webhooks/postal 422 the body cannot be recorded (not a known letter or event)',
          'POST /webhooks/postal 422 the body cannot be recorded (not a known letter or event)',
        ]);
      });
    } finally {
      await http.close();
    }
  });
});
