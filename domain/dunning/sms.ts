import { parsePhone } from '../text/phone';
import type { DunningState } from './state';

/**
 * Who an SMS of this invoice goes to (docs/channels.md): the first contact, from the active one on,
 * with a mobile number (06/07 in France, any international number) that has not answered STOP.
 * Undefined: the SMS step is skipped (other channels go on; the max-gap rule still sends an email
 * if the silence grows too long).
 */
export function smsRecipient(s: DunningState): { name: string; phone: string } | undefined {
  if (s.smsOptOuts?.includes(ALL_NUMBERS)) return undefined;
  const ordered = [...s.contacts.slice(s.activeContact), ...s.contacts.slice(0, s.activeContact)];
  for (const c of ordered) {
    const p = c.phone ? parsePhone(c.phone) : undefined;
    if (p?.ok && p.mobile && !s.smsOptOuts?.includes(p.e164)) return { name: c.name, phone: p.e164 };
  }
  return undefined;
}

/** A STOP that names no number: none of the debtor's numbers gets an SMS any more. */
export const ALL_NUMBERS = '*';

/** Why an SMS step is skipped, in the trace's words. */
export function smsSkipReason(s: DunningState): string {
  if (s.smsOptOuts?.includes(ALL_NUMBERS)) return 'the debtor answered STOP to SMS: no SMS any more';
  return s.smsOptOuts?.length ? 'no mobile number left that has not answered STOP' : 'no mobile number for the debtor';
}
