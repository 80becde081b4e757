import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { ALL_NUMBERS } from '../../domain/dunning/sms';
import { parsePhone } from '../../domain/text/phone';
import { check, type Spec } from '../../domain/wire/schema';
import * as msg from '../messages';
import type { DunningEvent, DunningState } from '../../domain/dunning/state';

const SmsStopSpec = { t: 'object', fields: { phone: { t: 'string', min: 1, max: 40, optional: true }, source: { t: 'string', min: 1, max: 80 } } } as const satisfies Spec;

/** The number a STOP names, in E.164; "*" when it names none (every number of the debtor). */
function numberOf(raw: unknown): string {
  const r = check(SmsStopSpec, raw);
  if (!r.ok) throw ApplicationFailure.nonRetryable(`invalid smsStop: ${r.error}`, 'Refused:invalid');
  if (r.value.phone === undefined) return ALL_NUMBERS;
  const p = parsePhone(r.value.phone);
  if (!p.ok) throw ApplicationFailure.nonRetryable(p.message, 'Refused:invalid');
  return p.e164;
}

/** STOP recorded through an update: the validator refuses a payload or number that does not read, before history. */
export function registerSmsStop(run: { state(): DunningState; dispatch(e: DunningEvent): void }): void {
  setHandler(
    msg.smsStop,
    (raw: msg.SmsStop) => {
      run.dispatch({ type: 'sms_opted_out', at: Date.now(), phone: numberOf(raw), source: raw.source });
      return { optedOut: run.state().smsOptOuts ?? [] };
    },
    { validator: (raw: msg.SmsStop) => void numberOf(raw) },
  );
}
