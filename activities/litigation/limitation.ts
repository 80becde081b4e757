/**
 * The limitation date in the litigation file (domain.md §8): the run's own, counted by
 * domain/dunning/limitation.ts with the run's `policy.limitation` (one rule for the status, the
 * list, the Web UI and the file). 5 years between businesses (Code de commerce L110-4), 2 years for
 * a professional's claim on a consumer (Code de la consommation L218-2, or the policy's period if
 * shorter), from the delivery or the completion of the service, else the issue date (stated in the
 * file); restarted by an acknowledgement of the debt (Code civil 2240). A formal notice does not
 * interrupt it. A first-version snapshot carries no limitation: counted with the default policy.
 */
import { limitationOfState, type LimitationInfo } from '../../domain/dunning/limitation';
import { DEFAULT_POLICY } from '../../domain/policy/parse';
import { daysBetween, zonedInstant } from '../../domain/time/calendar';
import type { DunningView } from '../../domain/views/read-model';
import { addYears } from './dates';

export interface Limitation {
  /** YYYY-MM-DD: the last day to act. */
  date: string;
  /** The period in whole years (rounded when the policy counts in days). */
  years: number;
  /** "5 ans", or "1 000 jours" when the policy's period is not whole years. */
  period: string;
  basis: string;
  /** Counted from this date. */
  from: string;
  /** What `from` is: the delivery, the issue date (no delivery date known), or the last acknowledgement. */
  fromWhat: LimitationInfo['fromWhat'];
  /** 'expired': the date has passed; 'soon': within the policy's `limitation.warnBefore`. */
  warning?: 'expired' | 'soon';
}

export function limitationOf(view: Pick<DunningView, 'limitation'> & Parameters<typeof limitationOfState>[0], today: string): Limitation {
  const info = view.limitation ?? limitationOfState(view, DEFAULT_POLICY, zonedInstant(today, '12:00', view.invoice.debtor.timeZone));
  const days = daysBetween(info.from, info.date);
  const years = Math.round(days / 365.25);
  const whole = addYears(info.from, years) === info.date;
  const consumer = view.invoice.debtor.kind === 'consumer';
  return {
    date: info.date,
    years,
    period: whole ? `${years} an${years > 1 ? 's' : ''}` : `${days} jours`,
    basis: consumer ? 'article L218-2 du Code de la consommation' : 'article L110-4 du Code de commerce',
    from: info.from,
    fromWhat: info.fromWhat,
    ...(info.warning ? { warning: info.warning } : {}),
  };
}
