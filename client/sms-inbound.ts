/**
 * Brevo's SMS webhook (`dunning webhooks`, client/webhooks/routes.ts; docs/channels.md): a reply "STOP" (or an unsubscription event)
 * to one of our SMS becomes the smsStop update on the debtor's running invoices, exactly as
 * `dunning sms-stop --debtor <id> --phone <number>` does. Our SMS carry the tag `debtor:<id>`
 * (activities/sms-message.ts), so the event names the debtor it answers.
 */
import type { SmsStop } from '../workflows/messages';
import type { Answer } from './operator-commands';

export interface InboundStop {
  debtorId: string;
  phone: string;
}

/** Words a debtor answers to stop SMS (French and English). */
const STOP_WORDS = /^\s*(stop|arr[eê]t|arreter|arrêter|unsubscribe|desabonner|désabonner)\b/i;
const STOP_EVENTS = ['unsubscription', 'unsubscribed', 'unsubscribe'];
const REPLY_EVENTS = ['replies', 'replied', 'reply', 'inbound'];

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** The STOP a webhook event carries, or undefined (a delivery report, another reply, a foreign tag). */
export function stopFromBrevoEvent(body: unknown): InboundStop | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const e = body as Record<string, unknown>;
  const kind = (str(e.event) ?? str(e.msg_status) ?? str(e.type) ?? '').toLowerCase();
  const reply = str(e.reply) ?? str(e.text) ?? '';
  const stop = STOP_EVENTS.includes(kind) || (REPLY_EVENTS.includes(kind) && STOP_WORDS.test(reply));
  const tags = Array.isArray(e.tag) ? e.tag.map(str) : [str(e.tag)];
  const debtorId = tags.find((t) => t?.startsWith('debtor:'))?.slice('debtor:'.length);
  const phone = str(e.phoneNumber) ?? str(e.to) ?? str(e.phone_number) ?? str(e.from);
  if (!stop || !debtorId || !phone) return undefined;
  return { debtorId, phone: /^\d+$/.test(phone) ? `+${phone}` : phone };
}

/** What recording a STOP needs: the debtor's running invoices, and the smsStop update on one of them. */
export interface StopTargets {
  invoicesOf(debtorId: string): Promise<string[]>;
  stop(invoiceId: string, payload: SmsStop): Promise<Answer<{ optedOut: string[] }>>;
}

/** Records a webhook's STOP on every running invoice of its debtor; answers what each said (nothing for other events). */
export async function recordInboundStop(body: unknown, targets: StopTargets): Promise<string[]> {
  const stop = stopFromBrevoEvent(body);
  if (!stop) return [];
  const out: string[] = [];
  for (const id of await targets.invoicesOf(stop.debtorId)) {
    const a = await targets.stop(id, { phone: stop.phone, source: 'brevo-webhook' });
    out.push(a.ok ? `${id}: STOP recorded for ${stop.phone}` : `${id}: ${a.message}`);
  }
  return out;
}
