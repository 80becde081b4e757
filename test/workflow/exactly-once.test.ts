import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { letterPath } from '../../activities/letters';
import { createFileSentLog, type SentLog } from '../../activities/sent-log';
import type { DunningActivities, SendReceipt } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { useFakeSendGrid, tempDir } from '../channels/helpers';
import { startScenario, touchesOf, travelTo, UNANSWERED_TOUCHES_DUE_2027_02_03 } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';
import { SA } from '../../workflows/search-attributes';
import { statusText } from '../../client/commands/status';

/**
 * Exactly-once sends on the official time-skipping test server, with the real activities (SendGrid
 * client pointed at a local fake, pdfkit letters, file sent-log and postal log in a temp outbox).
 */
const fakeSendGrid = useFakeSendGrid();

function realActivities(outboxDir: string, opts: { sentLog?: SentLog; activityLookup?: boolean } = {}): DunningActivities {
  return createActivities({
    outboxDir,
    creditor: DEFAULT_CREDITOR,
    sendgrid: {
      apiKey: 'SG.test-key',
      from: 'Ateliers Verbois <relances@verbois.example>',
      baseUrl: fakeSendGrid().baseUrl,
      ...(opts.activityLookup ? { activityLookup: true, activitySettleMs: 0 } : {}),
    },
    ...(opts.sentLog ? { sentLog: opts.sentLog } : {}),
  });
}

/** The worker dies after the provider answered and before the receipt: once per idempotency key. */
function dyingBeforeEachReceipt(log: SentLog): SentLog {
  const died = new Set<string>();
  return {
    ...log,
    async record(key, receipt, intent) {
      if (!died.has(key)) {
        died.add(key);
        throw new Error(`worker died before recording the receipt of ${key}`);
      }
      return log.record(key, receipt, intent);
    },
  };
}

/** Records each completed attempt (Temporal's attempt number and the receipt). */
function recordingAttempts(acts: DunningActivities, attempts: Attempt[]): DunningActivities {
  const wrap =
    <R extends { idempotencyKey: string }>(send: (req: R) => Promise<SendReceipt>) =>
    async (req: R): Promise<SendReceipt> => {
      const receipt = await send(req);
      attempts.push({ key: req.idempotencyKey, attempt: Context.current().info.attempt, receipt });
      return receipt;
    };
  return { ...acts, sendEmail: wrap(acts.sendEmail), sendLetter: wrap(acts.sendLetter) };
}

interface Attempt {
  key: string;
  attempt: number;
  receipt: SendReceipt;
}

/**
 * The worker "dies" after the send: the first attempt of each idempotency key performs the real
 * send, then throws a plain (retryable) Error instead of completing. Temporal retries the activity
 * under the workflow's retry policy (first retry after 10 s, virtual time).
 */
function crashingAfterSend(acts: DunningActivities, attempts: Attempt[]): DunningActivities {
  const crashed = new Set<string>();
  const wrap =
    <R extends { idempotencyKey: string }>(send: (req: R) => Promise<SendReceipt>) =>
    async (req: R): Promise<SendReceipt> => {
      const receipt = await send(req);
      attempts.push({ key: req.idempotencyKey, attempt: Context.current().info.attempt, receipt });
      if (!crashed.has(req.idempotencyKey)) {
        crashed.add(req.idempotencyKey);
        throw new Error(`worker died after sending ${req.idempotencyKey}`);
      }
      return receipt;
    };
  return { ...acts, sendEmail: wrap(acts.sendEmail), sendLetter: wrap(acts.sendLetter) };
}

const keyOf = (r: { body: { headers: Record<string, string> } }) => r.body.headers['X-Dunning-Idempotency-Key'];

describe('exactly-once sends with the real activities', () => {
  const env = useTimeSkippingEnv();

  it('a worker dying after each send: one SendGrid request per email step, one letter per letter step', async () => {
    const outboxDir = tempDir('dunning-once-');
    const attempts: Attempt[] = [];
    await travelTo(env(), '2027-01-25T08:00:00Z');
    const sc = await startScenario(env(), { invoice: { invoiceId: 'INV-2027-001' }, activities: crashingAfterSend(realActivities(outboxDir), attempts) });
    const [result, view] = await sc.run(async () => [await sc.handle.result(), await sc.state()] as const);
    const wf = sc.handle.workflowId;

    // The workflow went on as if nothing had happened: each touch recorded once, at its planned time.
    expect(result.outcome).toBe('litigation');
    expect(touchesOf(view)).toEqual(UNANSWERED_TOUCHES_DUE_2027_02_03);
    expect(view.trace.filter((t) => t.kind === 'send_failed')).toEqual([]);

    // Every send was attempted twice (the crash, then Temporal's retry), and the retry found the
    // sent-log entry: it sent nothing and returned the first receipt.
    const keys = view.touches.map((t) => `${wf}/${t.stepId}`);
    expect([...new Set(attempts.map((a) => a.key))]).toEqual(keys);
    for (const key of keys) {
      const mine = attempts.filter((a) => a.key === key);
      expect(mine.map((a) => [a.attempt, a.receipt.duplicate])).toEqual([[1, false], [2, true]]);
      expect(mine[1].receipt.messageId).toBe(mine[0].receipt.messageId);
    }

    // Exactly one SendGrid request per email step.
    const emailKeys = view.touches.filter((t) => t.channel === 'email').map((t) => `${wf}/${t.stepId}`);
    expect(fakeSendGrid().requests.map(keyOf)).toEqual(emailKeys);
    expect(fakeSendGrid().requests.every((r) => r.url === '/v3/mail/send')).toBe(true);

    // Exactly one PDF and one postal-log line per letter step.
    expect(readdirSync(join(outboxDir, 'letters')).filter((f) => f.endsWith('.pdf')).sort()).toEqual(['INV-2027-001_formal_notice.pdf', 'INV-2027-001_letter_1.pdf']);
    const postal = readFileSync(join(outboxDir, 'letters', 'postal-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).idempotencyKey);
    expect(postal).toEqual([`${wf}/letter_1`, `${wf}/formal_notice`]);
  });

  it('a worker dying between the provider\'s answer and the receipt: the retry reconciles (SendGrid activity, postal filing) and sends nothing', async () => {
    const outboxDir = tempDir('dunning-uncertain-');
    const attempts: Attempt[] = [];
    await travelTo(env(), '2027-01-25T08:00:00Z');
    const acts = realActivities(outboxDir, { sentLog: dyingBeforeEachReceipt(createFileSentLog(outboxDir)), activityLookup: true });
    const sc = await startScenario(env(), { invoice: { invoiceId: 'INV-2027-003' }, activities: recordingAttempts(acts, attempts) });
    const [result, view] = await sc.run(async () => [await sc.handle.result(), await sc.state()] as const);
    const wf = sc.handle.workflowId;

    expect(result.outcome).toBe('litigation');
    expect(touchesOf(view)).toEqual(UNANSWERED_TOUCHES_DUE_2027_02_03);
    expect(view.trace.filter((t) => t.kind === 'send_failed')).toEqual([]);

    // Each key: attempt 1 died (no completed attempt), attempt 2 reconciled: a normal receipt.
    const keys = view.touches.map((t) => `${wf}/${t.stepId}`);
    expect(attempts.map((a) => a.key)).toEqual(keys);
    for (const a of attempts) {
      expect(a.attempt).toBe(2);
      expect(a.receipt.duplicate).toBe(true);
      expect(a.receipt.uncertain).toBeUndefined();
    }
    const emailKeys = view.touches.filter((t) => t.channel === 'email').map((t) => `${wf}/${t.stepId}`);
    expect(fakeSendGrid().requests.map(keyOf)).toEqual(emailKeys);
    expect(fakeSendGrid().lookups).toHaveLength(emailKeys.length);
    for (const a of attempts.filter((x) => emailKeys.includes(x.key))) expect(a.receipt.providerMessageId).toMatch(/^sg-\d+\.filter/);
    const postal = readFileSync(join(outboxDir, 'letters', 'postal-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).idempotencyKey);
    expect(postal).toEqual([`${wf}/letter_1`, `${wf}/formal_notice`]);
  });

  it('the same crash without a way to ask the provider: recorded as uncertain, not resent, shown for review', async () => {
    const outboxDir = tempDir('dunning-review-');
    await travelTo(env(), '2027-01-25T08:00:00Z');
    // Only reminder_1's receipt is lost; the SendGrid activity lookup is off (the default).
    const logs = createFileSentLog(outboxDir);
    const dying = dyingBeforeEachReceipt(logs);
    const sentLog: SentLog = { ...logs, record: (key, receipt, intent) => (key.endsWith('/reminder_1') ? dying.record(key, receipt, intent) : logs.record(key, receipt, intent)) };
    const sc = await startScenario(env(), { invoice: { invoiceId: 'INV-2027-004' }, activities: realActivities(outboxDir, { sentLog }) });
    const wf = sc.handle.workflowId;
    const view = await sc.run(async () => {
      await travelTo(env(), '2027-02-05T12:00:00Z'); // reminder_1 went on Thu 4 Feb 09:00 Paris
      return sc.state();
    });
    const reminder = view.touches.find((t) => t.stepId === 'reminder_1')!;
    expect(reminder).toMatchObject({ channel: 'email', result: 'uncertain' });
    // One request to SendGrid for the key: the retry did not send it again.
    expect(fakeSendGrid().requests.map(keyOf).filter((k) => k === `${wf}/reminder_1`)).toHaveLength(1);
    expect(view.trace.find((t) => t.step === 'reminder_1')?.outcome).toBe('uncertain');
    const d = await sc.handle.describe();
    expect(d.typedSearchAttributes.get(SA.sendToReview)).toBe(true);
    expect(statusText(view, 'RUNNING')).toMatch(/to review:\s+email reminder_1 of 2027-02-04 09:00 may not have gone: check the provider/);
  });

  it('a 400 from SendGrid: the step falls back to a letter, later emails go to the next contact', async () => {
    const outboxDir = tempDir('dunning-bounce-');
    await travelTo(env(), '2027-01-25T08:00:00Z');
    const sc = await startScenario(env(), { invoice: { invoiceId: 'INV-2027-002' }, activities: realActivities(outboxDir) });
    fakeSendGrid().queue.push(400); // the first email (reminder_1 to ap@acme.fr) is refused
    const view = await sc.run(async () => {
      await travelTo(env(), '2027-02-18T12:00:00Z');
      return sc.state();
    });
    const wf = sc.handle.workflowId;

    expect(view.badEmails).toEqual(['ap@acme.fr']);
    const bounce = view.trace.find((t) => t.kind === 'email_bounced')!;
    expect(bounce).toMatchObject({ step: 'reminder_1', channel: 'email', template: 'reminder_1', outcome: 'bounced' });
    expect(bounce.detail).toContain('SendGrid answered 400');

    // The same message went by post.
    const fallback = view.touches.find((t) => t.stepId === 'reminder_1-letter')!;
    expect(fallback).toMatchObject({ channel: 'letter', template: 'reminder_1', result: 'sent', path: letterPath(outboxDir, 'INV-2027-002', 'reminder_1-letter') });
    expect(readFileSync(fallback.path!).subarray(0, 5).toString()).toBe('%PDF-');
    const postal = readFileSync(join(outboxDir, 'letters', 'postal-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).idempotencyKey);
    expect(postal).toEqual([`${wf}/reminder_1-letter`, `${wf}/letter_1`]);

    // One request per email step: the refused one to Claire Martin, every later one to Paul Durand.
    const to = fakeSendGrid().requests.map((r) => [keyOf(r).slice(wf.length + 1).replace(/^gap-\d+$/, 'gap'), r.body.personalizations[0].to[0].email]);
    expect(to).toEqual([
      ['reminder_1', 'ap@acme.fr'],
      ['gap', 'paul.durand@acme.fr'],
      ['letter_1-copy', 'paul.durand@acme.fr'],
    ]);
    expect(touchesOf(view)).toEqual([
      '2027-02-04 09:00 email reminder_1 bounced',
      // In the same send slot; the 10-day gap runs from it: 14 Feb is a Sunday -> Fri 12 Feb.
      '2027-02-04 09:00 letter reminder_1 sent',
      '2027-02-12 09:00 email gap_reminder sent',
      '2027-02-17 09:00 letter letter_1 sent',
      '2027-02-17 09:00 email letter_1 sent',
    ]);
  });
});
