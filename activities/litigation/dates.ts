/** Calendar helpers of the litigation file: local dates of instants, and year/month arithmetic. */
import { localDateOf, localTimeOf } from '../../domain/time/calendar';

/** An instant as the debtor's local date and time: { date: '2027-02-17', time: '09:00' }. */
export function localDateTime(at: number, timeZone: string): { date: string; time: string } {
  return { date: localDateOf(at, timeZone), time: localTimeOf(at, timeZone) };
}

/** '04/02/2027 09:00', for tables. */
export function shortDateTime(at: number, timeZone: string): string {
  const { date, time } = localDateTime(at, timeZone);
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)} ${time}`;
}

export { addMonths, addYears } from '../../domain/time/months';
