import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activitiesFromEnv } from '../../activities';
import { sha256Hex } from '../../activities/sent-log';
import { sampleEmailRequest } from '../../templates/samples';
import { tempDir, useFakeSendGrid } from './helpers';

const fakeSendGrid = useFakeSendGrid();

/** What a worker killed after recording its intent leaves in the sent-log. */
function leaveIntent(outboxDir: string, key: string, startedAt: string) {
  mkdirSync(join(outboxDir, 'sent-log'), { recursive: true });
  const intent = { payloadHash: 'x'.repeat(64), startedAt, lastStartedAt: startedAt, attempt: 1, provider: 'sendgrid', channel: 'email' };
  writeFileSync(join(outboxDir, 'sent-log', `${sha256Hex(key)}.json`), JSON.stringify({ idempotencyKey: key, state: 'intent', intent }));
}

describe('uncertain sends: configuration from the environment', () => {
  it('SENDGRID_ACTIVITY_LOOKUP=1 reconciles through GET /v3/messages (SENDGRID_ACTIVITY_SETTLE_MS)', async () => {
    const outboxDir = tempDir();
    const req = sampleEmailRequest('reminder_1');
    leaveIntent(outboxDir, req.idempotencyKey, '2026-05-04T09:00:00.000Z');
    const env = { DUNNING_OUTBOX_DIR: outboxDir, SENDGRID_API_KEY: 'SG.env', SENDGRID_BASE_URL: fakeSendGrid().baseUrl, SENDGRID_ACTIVITY_LOOKUP: '1', SENDGRID_ACTIVITY_SETTLE_MS: '0' };
    const receipt = await activitiesFromEnv(env).sendEmail(req);
    // Not in SendGrid's activity: the previous attempt never reached it, sent now.
    expect(fakeSendGrid().lookups).toHaveLength(1);
    expect(fakeSendGrid().sendsFor(req.idempotencyKey)).toHaveLength(1);
    expect(receipt).toMatchObject({ duplicate: false, provider: 'sendgrid' });
    expect(receipt.uncertain).toBeUndefined();
  });

  it('without it, the same key is left for review, nothing sent', async () => {
    const outboxDir = tempDir();
    const req = sampleEmailRequest('reminder_1');
    leaveIntent(outboxDir, req.idempotencyKey, '2026-05-04T09:00:00.000Z');
    const receipt = await activitiesFromEnv({ DUNNING_OUTBOX_DIR: outboxDir, SENDGRID_API_KEY: 'SG.env', SENDGRID_BASE_URL: fakeSendGrid().baseUrl }).sendEmail(req);
    expect(receipt.uncertain).toEqual({ since: '2026-05-04T09:00:00.000Z', reason: expect.stringContaining('SENDGRID_ACTIVITY_LOOKUP=1 turns it on') });
    expect(fakeSendGrid().requests).toHaveLength(0);
    expect(fakeSendGrid().lookups).toHaveLength(0);
  });

  it('refuses a malformed duration', () => {
    expect(() => activitiesFromEnv({ DUNNING_OUTBOX_DIR: tempDir(), DUNNING_SEND_LOCK_STALE_MS: 'two minutes' })).toThrow('DUNNING_SEND_LOCK_STALE_MS must be a number of milliseconds, got "two minutes"');
  });
});
