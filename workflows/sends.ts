import type { EmailRequest, KeptSend, LetterRequest, SendRef, SmsRequest } from '../activities/types';
import type { SendReceipt } from '../domain/wire/vocabulary';
import { activities, sendFailure, type SendFailure } from './shell';

/**
 * The sends of a run (invoice or debtor) as a claim check: the request is kept in the run's memory
 * while its activity is in flight, and the activity is given a reference (`SendRef`) that it
 * resolves with the `sendRequest` query. The history then holds the reference, not the invoice and
 * the facts. No command depends on the map: a replay rebuilds it by running the same code again.
 */
export class InFlightSends {
  private readonly kept = new Map<string, KeptSend>();

  /**
   * Keeps `send` under its step id (one send per step in flight; short in the reference) until `go`
   * (the activity, retries included) returns or fails for good.
   */
  async hold<T>(send: KeptSend, go: (ref: SendRef) => Promise<T>): Promise<T> {
    const key = send.request.stepId;
    this.kept.set(key, send);
    try {
      return await go({ ref: key, idempotencyKey: send.request.idempotencyKey, template: send.request.template });
    } finally {
      this.kept.delete(key);
    }
  }

  /** The `sendRequest` query: null for a key not in flight (a zombie attempt sends nothing). */
  answer(key: unknown): KeptSend | null {
    return (typeof key === 'string' && this.kept.get(key)) || null;
  }
}

export function sendEmail(sends: InFlightSends, summary: string, request: EmailRequest): Promise<SendReceipt> {
  return sends.hold({ channel: 'email', request }, (ref) => activities.sendEmail.executeWithOptions({ summary }, [ref]));
}

export function sendLetter(sends: InFlightSends, summary: string, request: LetterRequest): Promise<SendReceipt> {
  return sends.hold({ channel: 'letter', request }, (ref) => activities.sendLetter.executeWithOptions({ summary }, [ref]));
}

export function sendSms(sends: InFlightSends, summary: string, request: SmsRequest): Promise<SendReceipt> {
  return sends.hold({ channel: 'sms', request }, (ref) => activities.sendSms.executeWithOptions({ summary }, [ref]));
}

export interface LetterAndCopy {
  receipt: SendReceipt;
  copy?: { receipt: SendReceipt; to: string };
  /** The letter went; its email copy did not (the letter stands). */
  copyFailure?: SendFailure;
}

/** A letter, then (when asked and possible) its PDF by email: the copy follows the letter, never alone. */
export async function sendLetterAndCopy(sends: InFlightSends, letter: LetterRequest, copy: Omit<EmailRequest, 'attachLetterPath'> | undefined, summary: string): Promise<LetterAndCopy> {
  const receipt = await sendLetter(sends, summary, letter);
  if (!copy?.to.email) return { receipt };
  try {
    const copyReceipt = await sendEmail(sends, `Email copy of ${letter.template} to ${copy.to.email}`, { ...copy, attachLetterPath: receipt.path });
    return { receipt, copy: { receipt: copyReceipt, to: copy.to.email } };
  } catch (err) {
    return { receipt, copyFailure: sendFailure(err) };
  }
}
