/** Events of the SMS channel and the account hold: a STOP answered to an SMS, the hold placed or released. */
import { trace, type Handlers } from './helpers';

export const CHANNEL_HANDLERS: Handlers<'sms_opted_out' | 'account_hold'> = {
  sms_opted_out: (s, e) => {
    const list = s.smsOptOuts ?? [];
    // A provider's retried webhook or a second `sms-stop`: already recorded, nothing to add.
    if (list.includes(e.phone)) return;
    s.smsOptOuts = [...list, e.phone];
    trace(s, e.at, 'sms_opted_out', { channel: 'sms', detail: `${e.phone === '*' ? 'every number of the debtor' : e.phone} answered STOP (${e.source}): no SMS to it any more` });
  },
  account_hold: (s, e) => {
    const error = e.error ? { error: e.error } : {};
    if (e.action === 'place') s.accountHold = { placedAt: e.at, reference: e.reference, ...error };
    else if (s.accountHold) s.accountHold = { ...s.accountHold, releasedAt: e.at, releaseReference: e.reference, ...error };
    const what = e.action === 'place' ? 'put on hold (deliveries against a down payment)' : 'released';
    trace(s, e.at, 'account_hold', { detail: e.error ? `the ERP could not be told the account is ${what}: ${e.error}; tell it by hand` : `account ${what}: ${e.reference}` });
  },
};
