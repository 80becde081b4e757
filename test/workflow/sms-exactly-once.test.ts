import { Context } from '@temporalio/activity';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { createFileSentLog, type SentLog } from '../../activities/sent-log';
import type { DunningActivities, SendReceipt, SmsInput } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { tempDir } from '../channels/helpers';
import { useFakeBrevo } from '../helpers/fake-brevo';
import { startScenario, touchesOf, travelTo } from '../helpers/scenario';
import { SMS_POLICY } from '../helpers/sms';
import { useTimeSkippingEnv } from '../helpers/temporal';

/** Exactly-once SMS on the time-skipping test server, with the real activities (Brevo SDK against a local fake). */
const brevo = useFakeBrevo();

function realActivities(outboxDir: string, sentLog?: SentLog): DunningActivities {
  return createActivities({ outboxDir, creditor: DEFAULT_CREDITOR, brevo: { apiKey: 'xkeysib-test', sender: 'Verbois', baseUrl: brevo.baseUrl }, ...(sentLog ? { sentLog } : {}) });
}

/** The worker "dies" once per key after Brevo took the SMS: the activity throws instead of completing. */
function crashingAfterSms(acts: DunningActivities, attempts: Array<{ attempt: number; receipt: SendReceipt }>): DunningActivities {
  const crashed = new Set<string>();
  return {
    ...acts,
    async sendSms(req: SmsInput) {
      const receipt = await acts.sendSms(req);
      attempts.push({ attempt: Context.current().info.attempt, receipt });
      if (!crashed.has(req.idempotencyKey)) {
        crashed.add(req.idempotencyKey);
        throw new Error(`worker died after sending ${req.idempotencyKey}`);
      }
      return receipt;
    },
  };
}

describe('exactly-once SMS with the real activities', () => {
  const env = useTimeSkippingEnv();

  it('a worker dying after the send: one Brevo request, the retry answers the same receipt, one touch', async () => {
    const attempts: Array<{ attempt: number; receipt: SendReceipt }> = [];
    await travelTo(env(), '2027-01-25T08:00:00Z');
    const sc = await startScenario(env(), { policy: SMS_POLICY, activities: crashingAfterSms(realActivities(tempDir('dunning-sms-')), attempts) });
    await sc.run(async () => {
      await travelTo(env(), '2027-02-08T08:30:00Z');
      expect(brevo.requests.map((r) => [r.url, r.body.recipient])).toEqual([['POST /v3/transactionalSMS/sms', '33612345678']]);
      expect(attempts.map((a) => [a.attempt, a.receipt.duplicate, a.receipt.provider])).toEqual([[1, false, 'brevo'], [2, true, 'brevo']]);
      expect(attempts[1].receipt.messageId).toBe(attempts[0].receipt.messageId);
      expect(touchesOf(await sc.state()).filter((t) => t.includes(' sms '))).toEqual(['2027-02-08 09:00 sms sms_reminder sent']);
    });
  });

  it('a worker dying between Brevo\'s answer and the receipt: nothing sent again, the touch is recorded as uncertain for review', async () => {
    await travelTo(env(), '2027-01-25T08:00:00Z');
    const outboxDir = tempDir('dunning-sms-uncertain-');
    const fileLog = createFileSentLog(outboxDir);
    let armed = true;
    const dying: SentLog = {
      ...fileLog,
      async record(key, receipt, intent) {
        if (armed && receipt.channel === 'sms') {
          armed = false;
          throw new Error('worker died before recording the receipt');
        }
        return fileLog.record(key, receipt, intent);
      },
    };
    const sc = await startScenario(env(), { policy: SMS_POLICY, activities: realActivities(outboxDir, dying) });
    await sc.run(async () => {
      await travelTo(env(), '2027-02-08T08:30:00Z');
      expect(brevo.requests).toHaveLength(1);
      const view = await sc.state();
      expect(touchesOf(view).filter((t) => t.includes(' sms '))).toEqual(['2027-02-08 09:00 sms sms_reminder uncertain']);
    });
  });
});
