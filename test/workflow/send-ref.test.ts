import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { SEND_NOT_AWAITED, type DunningActivities, type SendReceipt } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { pdfText, tempDir, useFakeSendGrid, keyOfSend } from '../channels/helpers';
import { useFakeBrevo } from '../helpers/fake-brevo';
import { createRecordingActivities } from '../helpers/recording-activities';
import { sampleEmailRequest } from '../helpers/samples';
import { startScenario, travelTo } from '../helpers/scenario';
import { SMS_POLICY } from '../helpers/sms';
import { createTestWorker, testDataConverter, useTimeSkippingEnv } from '../helpers/temporal';

/**
 * Sends as a claim check (workflows/sends.ts, activities/request-ref.ts): the history schedules a
 * small reference, the activity asks the run for the request. Real activities: SendGrid and Brevo
 * against local fakes, pdfkit letters and the postal log in a temp outbox.
 */
const sendgrid = useFakeSendGrid();
const brevo = useFakeBrevo();

const SENDS = ['sendEmail', 'sendLetter', 'sendSms'];
const ACTIVITY: Record<string, string> = { email: 'sendEmail', letter: 'sendLetter', sms: 'sendSms' };
type History = { events?: temporal.api.history.v1.IHistoryEvent[] | null };

/** The input of every send scheduled in a history, decoded (decrypted first when the tests run with a codec key). */
async function scheduledSends(history: History): Promise<Array<{ activity: string; bytes: number; input: Record<string, unknown> }>> {
  const scheduled = (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes).filter((a) => a && SENDS.includes(a.activityType?.name ?? ''));
  return Promise.all(
    scheduled.map(async (a) => {
      const p = a!.input!.payloads![0];
      const [plain] = testDataConverter?.payloadCodecs ? await testDataConverter.payloadCodecs[0].decode([p]) : [p];
      return { activity: a!.activityType!.name!, bytes: plain.data!.length, input: defaultPayloadConverter.fromPayload<Record<string, unknown>>(plain) };
    }),
  );
}

function realActivities(outboxDir: string): DunningActivities {
  return createActivities({
    outboxDir,
    creditor: DEFAULT_CREDITOR,
    sendgrid: { apiKey: 'SG.test-key', from: 'Ateliers Verbois <relances@verbois.example>', baseUrl: sendgrid().baseUrl },
    brevo: { apiKey: 'xkeysib-test', sender: 'Verbois', baseUrl: brevo.baseUrl },
  });
}

interface Attempt {
  key: string;
  attempt: number;
  receipt: SendReceipt;
}

/** The worker "dies" after each send's first attempt (a retryable error after the provider took it): Temporal retries. */
function crashingAfterEachSend(acts: DunningActivities, attempts: Attempt[]): DunningActivities {
  const crashed = new Set<string>();
  const wrap =
    <I extends { idempotencyKey: string }>(send: (input: I) => Promise<SendReceipt>) =>
    async (input: I): Promise<SendReceipt> => {
      const receipt = await send(input);
      attempts.push({ key: input.idempotencyKey, attempt: Context.current().info.attempt, receipt });
      if (!crashed.has(input.idempotencyKey)) {
        crashed.add(input.idempotencyKey);
        throw new Error(`worker died after sending ${input.idempotencyKey}`);
      }
      return receipt;
    };
  return { ...acts, sendEmail: wrap(acts.sendEmail), sendLetter: wrap(acts.sendLetter), sendSms: wrap(acts.sendSms) };
}

describe('sends take a reference; the activity reads the request from its run', () => {
  const env = useTimeSkippingEnv();

  it('the history carries references only; SendGrid, Brevo and the post get the real messages, once each, though every attempt dies and no run is cached', async () => {
    const outboxDir = tempDir('dunning-sendref-');
    const attempts: Attempt[] = [];
    await travelTo(env(), '2027-01-25T08:00:00Z');
    const taskQueue = `sendref-${process.pid}`;
    // No workflow cache: every query replays the run from its history, so the request it answers is rebuilt by replay.
    const worker = await createTestWorker(env(), { taskQueue, activities: crashingAfterEachSend(realActivities(outboxDir), attempts), maxCachedWorkflows: 0 });
    const sc = await startScenario(env(), { invoice: { invoiceId: 'INV-REF-1' }, policy: SMS_POLICY, taskQueue, worker });
    const [result, view] = await sc.run(async () => [await sc.handle.result(), await sc.state()] as const);
    const wf = sc.handle.workflowId;
    expect(result.outcome).toBe('litigation');
    expect(view.trace.filter((t) => t.kind === 'send_failed')).toEqual([]);

    // History: a reference per send (step id, key, template), no invoice, no contact, no facts.
    const sends = view.touches.filter((t) => t.channel in ACTIVITY);
    const scheduled = await scheduledSends(await sc.handle.fetchHistory());
    expect(scheduled.map((s) => [s.activity, s.input])).toEqual(
      sends.map((t) => [ACTIVITY[t.channel], { ref: t.stepId, idempotencyKey: `${wf}/${t.stepId}`, template: t.template }]),
    );
    for (const s of scheduled) expect(s.bytes).toBeLessThan(120);

    // Each send: attempt 1 sent and died, attempt 2 resolved the same request and found the sent-log entry.
    for (const t of sends) {
      expect(attempts.filter((a) => a.key === `${wf}/${t.stepId}`).map((a) => [a.attempt, a.receipt.duplicate])).toEqual([[1, false], [2, true]]);
    }

    // What went out is the real message: one SendGrid request per email step, to the contact, with the amount.
    const emails = sends.filter((t) => t.channel === 'email');
    expect(sendgrid().requests.map(keyOfSend)).toEqual(emails.map((t) => `${wf}/${t.stepId}`));
    for (const [i, r] of sendgrid().requests.entries()) {
      expect(r.body.personalizations[0].to[0].email).toBe('ap@acme.fr');
      expect(r.body.categories).toEqual(['dunning', emails[i].template]);
      expect(r.body.content.map((c: { value: string }) => c.value).join('\n')).toContain('1 234,56');
      expect(r.body.custom_args.invoiceId).toBe('INV-REF-1');
    }
    // One SMS, to the mobile, naming the amount.
    expect(brevo.requests.map((r) => r.body.recipient)).toEqual(['33612345678']);
    expect(brevo.requests[0].body.content).toMatch(/INV-REF-1 .* \(1\s234,56\s€\)/);
    // One postal-log line per letter; the formal notice states the amounts of the day it went.
    const postal = readFileSync(join(outboxDir, 'letters', 'postal-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).idempotencyKey);
    expect(postal).toEqual(sends.filter((t) => t.channel === 'letter').map((t) => `${wf}/${t.stepId}`));
    const notice = pdfText(sends.find((t) => t.template === 'formal_notice')!.path!).flat;
    expect(notice).toContain('1 234,56');
    expect(notice).toContain('INV-REF-1');
  }, 240_000);

  it('a reference the run does not keep (a late attempt, a wrong key) fails for good and sends nothing; a failed query is retried', async () => {
    const outboxDir = tempDir('dunning-sendref-zombie-');
    const acts = realActivities(outboxDir);
    await travelTo(env(), '2027-01-25T08:00:00Z');
    const sc = await startScenario(env(), { invoice: { invoiceId: 'INV-REF-2' }, activities: acts });
    const wf = sc.handle.workflowId;
    await sc.run(async () => {
      await travelTo(env(), '2027-02-05T12:00:00Z'); // reminder_1 went on Thu 4 Feb 09:00 Paris; the run now waits
      expect(sendgrid().requests.map(keyOfSend)).toEqual([`${wf}/reminder_1`]);
      const { runId } = await sc.handle.describe();
      const late = new MockActivityEnvironment({ workflowExecution: { workflowId: wf, runId }, attempt: 3 }, { client: env().client });
      for (const ref of [
        { ref: 'reminder_1', idempotencyKey: `${wf}/reminder_1`, template: 'reminder_1' }, // its run no longer waits for it
        { ref: 'no_such_step', idempotencyKey: `${wf}/no_such_step`, template: 'reminder_1' },
      ]) {
        const err = await late.run(acts.sendEmail, ref).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ApplicationFailure);
        expect(err).toMatchObject({ type: SEND_NOT_AWAITED, nonRetryable: true });
      }
      // A run that cannot be asked: an ordinary error, retried under the activity's policy.
      const lost = new MockActivityEnvironment({ workflowExecution: { workflowId: 'dunning-NOT-STARTED', runId } }, { client: env().client });
      const err = await lost.run(acts.sendEmail, { ref: 'reminder_1', idempotencyKey: 'dunning-NOT-STARTED/reminder_1', template: 'reminder_1' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err instanceof ApplicationFailure && err.nonRetryable).toBe(false);
      expect(sendgrid().requests.map(keyOfSend)).toEqual([`${wf}/reminder_1`]);
    });
  });

  it('a full request (a first-version run, a send scheduled before the upgrade) is sent as it is, without asking any run', async () => {
    const acts = realActivities(tempDir('dunning-sendref-full-'));
    const req = sampleEmailRequest('reminder_1');
    // No client: a query would fail.
    const receipt = await new MockActivityEnvironment({ attempt: 1 }).run(acts.sendEmail, req);
    expect(receipt).toMatchObject({ channel: 'email', duplicate: false, provider: 'sendgrid' });
    expect(sendgrid().requests.map(keyOfSend)).toEqual([req.idempotencyKey]);
    expect(sendgrid().requests[0].body.personalizations[0].to[0].email).toBe(req.to.email);
  });

  it('the debtor run schedules references too; the activity gets the request as the debtor run built it', async () => {
    await travelTo(env(), '2027-01-25T08:00:00Z');
    const recording = createRecordingActivities();
    const sc = await startScenario(env(), { invoice: { invoiceId: 'INV-REF-3' }, coordinated: true, activities: recording });
    await sc.run(async () => {
      await travelTo(env(), '2027-02-05T12:00:00Z');
      const debtor = env().client.workflow.getHandle(debtorWorkflowId('ACME'));
      const scheduled = await scheduledSends(await debtor.fetchHistory());
      expect(scheduled.map((s) => s.activity)).toEqual(['sendEmail']);
      expect(Object.keys(scheduled[0].input).sort()).toEqual(['idempotencyKey', 'ref', 'template']);
      expect(scheduled[0].input.template).toBe('reminder_1');
      // The recording activity resolved the reference: the request as the debtor run built it.
      const sent = recording.log.filter((l) => l.kind === 'email').map((l) => l.request);
      expect(sent).toHaveLength(1);
      expect(sent[0].idempotencyKey).toBe(scheduled[0].input.idempotencyKey);
      expect(sent[0].invoice.invoiceId).toBe('INV-REF-3');
      expect(sent[0].facts.amountDueCents).toBe(123_456);
      expect(sent[0].to.email).toBe('ap@acme.fr');
    });
  });
});
