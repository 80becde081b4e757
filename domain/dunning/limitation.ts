import { addDays, localDateOf } from '../time/calendar';
import { DAY_MS, toMs } from '../time/duration';
import { addYears } from '../time/months';
import type { Policy } from '../policy/schema';
import type { DunningState } from './state';
import { tzOf } from './derived';

/**
 * The limitation date of a file (domain.md §8). A formal notice does not interrupt it.
 * - Between merchants: 5 years (Code de commerce L110-4), policy.limitation.period ("1826 days").
 * - A professional's claim on a consumer: 2 years (Code de la consommation L218-2), or the policy's
 *   period if shorter; it runs from the delivery of the goods or the completion of the service
 *   (Cass. 1re civ. 19 May 2021, n° 20-12.520): invoice.deliveryDate, else the issue date (an
 *   invoice is issued at the latest on delivery, so it is the latest defensible start).
 * - An acknowledgement of the debt restarts it (Code civil 2240): a payment received, a promise
 *   or a payment plan agreed on a call; the latest one counts.
 * Warned policy.limitation.warnBefore ahead.
 */
export interface LimitationInfo {
  /** Last day to act (YYYY-MM-DD). */
  date: string;
  basis: string;
  /** Counted from this date, and why. */
  from: string;
  fromWhat: 'delivery' | 'issue_date' | 'acknowledgement';
  warning?: 'expired' | 'soon';
}

export function limitationOfState(s: DunningState, policy: Policy, now: number): LimitationInfo {
  const tz = tzOf(s, policy);
  const inv = s.invoice;
  const ack = acknowledgedOn(s, tz);
  const start = ack ?? inv.deliveryDate ?? inv.issueDate;
  const fromWhat: LimitationInfo['fromWhat'] = ack ? 'acknowledgement' : inv.deliveryDate ? 'delivery' : 'issue_date';
  const byPolicy = addDays(start, Math.round(toMs(policy.limitation.period) / DAY_MS));
  const consumer = inv.debtor.kind === 'consumer';
  const date = consumer ? minDate(addYears(start, 2), byPolicy) : byPolicy;
  const today = localDateOf(now, tz);
  const warnFrom = addDays(date, -Math.round(toMs(policy.limitation.warnBefore) / DAY_MS));
  const warning = date < today ? 'expired' : warnFrom <= today ? 'soon' : undefined;
  const basis = consumer ? 'Code de la consommation L218-2' : 'Code de commerce L110-4';
  return { date, basis: ack ? `${basis}, restarted by an acknowledgement (Code civil 2240)` : basis, from: start, fromWhat, ...(warning ? { warning } : {}) };
}

/** The latest acknowledgement of the debt: a payment, or a promise or plan agreed (Code civil 2240). */
export function acknowledgedOn(s: DunningState, tz: string): string | undefined {
  const instants = [
    ...s.trace.filter((t) => t.kind === 'payment').map((t) => t.at),
    ...s.promises.map((p) => p.madeAt),
    ...(s.plan ? [s.plan.agreedAt] : []),
  ];
  return instants.length ? localDateOf(Math.max(...instants), tz) : undefined;
}

const minDate = (a: string, b: string) => (a < b ? a : b);
