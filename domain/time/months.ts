/**
 * Adds whole months to a YYYY-MM-DD date. A period counted in months or years ends on the day with
 * the same number, or on the last day of the month when there is none (29 Feb + 1 year = 28 Feb).
 */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export const addYears = (isoDate: string, years: number): string => addMonths(isoDate, years * 12);
