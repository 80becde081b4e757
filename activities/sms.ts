/**
 * The sendSms activity: renders the SMS text (templates/sms.ts), refuses one longer than the
 * policy's segments, and sends it once per key through Brevo (or the local outbox without a key),
 * with the same sent-log intents as emails (docs/sends.md): a worker killed mid-send never sends twice.
 */
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { CreditorProfile } from '../config/creditor';
import { toGsm7 } from '../domain/text/sms';
import { renderSms } from '../templates/sms';
import { createBrevoSmsTransport, type BrevoSmsConfig } from './sms-brevo';
import { smsTag, type OutgoingSms, type SmsTransport } from './sms-message';
import { createSmsOutboxTransport } from './sms-outbox';
import { writeFileAtomic } from './files';
import { messageIdFor, sendOnce, sha256Hex, type SentLog } from './sent-log';
import { smsRequestOf } from './request-ref';
import { SMS_REJECTED, type SendReceipt, type SmsInput, type SmsRequest } from './types';

export interface SmsSenderDeps {
  outboxDir: string;
  sentLog: SentLog;
  creditor: CreditorProfile;
  brevo?: BrevoSmsConfig;
  /** Overrides the transport chosen from `brevo` (tests). */
  transport?: SmsTransport;
}

/** The sender name without a Brevo sender configured: the creditor's name, letters and digits, 11 at most. */
export function defaultSender(companyName: string): string {
  return toGsm7(companyName).replace(/[^A-Za-z0-9]/g, '').slice(0, 11) || 'Relances';
}

export function createSmsSender(deps: SmsSenderDeps): (req: SmsInput) => Promise<SendReceipt> {
  const transport = deps.transport ?? (deps.brevo?.apiKey ? createBrevoSmsTransport(deps.brevo) : createSmsOutboxTransport(deps.outboxDir));
  const sender = deps.brevo?.sender ?? defaultSender(deps.creditor.companyName);

  function compose(req: SmsRequest): OutgoingSms {
    const sms = renderSms(req, deps.creditor);
    if (sms.segments > req.maxSegments) {
      throw ApplicationFailure.nonRetryable(`SMS ${req.template} takes ${sms.segments} segments (${sms.encoding}, ${sms.units} units); the policy allows ${req.maxSegments}`, SMS_REJECTED, { reason: 'too_long' });
    }
    return {
      messageId: messageIdFor(req.idempotencyKey),
      idempotencyKey: req.idempotencyKey,
      recipient: req.to.phone,
      sender,
      text: sms.text,
      encoding: sms.encoding,
      segments: sms.segments,
      tag: smsTag(req.invoice.debtor.debtorId),
      invoiceId: req.invoice.invoiceId,
    };
  }

  return async function sendSms(input: SmsInput): Promise<SendReceipt> {
    const req = await smsRequestOf(input);
    return sendOnce({
      sentLog: deps.sentLog,
      idempotencyKey: req.idempotencyKey,
      channel: 'sms',
      provider: transport.provider,
      onUncertain: req.onUncertain,
      async prepare() {
        const sms = compose(req);
        // The text is kept locally in every mode (the outbox writes the same file): the litigation file holds a copy of each SMS.
        const copy = join(deps.outboxDir, 'sms', `${sms.messageId}.txt`);
        return {
          payloadHash: sha256Hex(JSON.stringify({ to: sms.recipient, text: sms.text })),
          path: copy,
          async send() {
            await writeFileAtomic(copy, `${sms.text}\n`);
            const sent = await transport.send(sms);
            return {
              messageId: sms.messageId,
              channel: 'sms',
              duplicate: false,
              provider: transport.provider,
              path: sent.path ?? copy,
              ...(sent.providerMessageId ? { providerMessageId: sent.providerMessageId } : {}),
            };
          },
        };
      },
      ...(transport.failedBeforeSending ? { failedBeforeSending: transport.failedBeforeSending.bind(transport) } : {}),
    });
  };
}
