/** The SMS as composed once, then handed to a transport (Brevo or the local outbox). */
export interface OutgoingSms {
  messageId: string;
  idempotencyKey: string;
  /** E.164. */
  recipient: string;
  /** Sender name shown on the phone (11 letters or digits at most, operator rules). */
  sender: string;
  text: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  /** Brevo tag: the debtor's id, so an inbound STOP (webhook) names the debtor it answers. */
  tag: string;
  invoiceId: string;
}

export interface SmsTransport {
  readonly provider: string;
  send(sms: OutgoingSms): Promise<{ path?: string; providerMessageId?: string }>;
  /** True when the error of send() proves nothing was sent (refused, or never connected). */
  failedBeforeSending?(err: unknown): boolean;
}

/** The tag of a debtor's SMS, read back from the provider's inbound webhook. */
export const smsTag = (debtorId: string) => `debtor:${debtorId}`;
