/**
 * Calendar arithmetic in the policy's terms: UK local dates (Europe/London),
 * whole days, calendar months, ISO weeks. Pure: the current instant comes from
 * lib/clock.ts.
 */
// Made at first use, not at import: building a time-zone formatter costs tens of
// milliseconds of every cold start, and most requests never format a date.
let ukDate: Intl.DateTimeFormat | undefined;

/** The calendar date (YYYY-MM-DD) of an instant in UK local time. */
export function ukDateOf(at: Date): string {
  ukDate ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  return ukDate.format(at);
}

/** Adds whole days to a YYYY-MM-DD calendar date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds calendar months to a YYYY-MM-DD date, clamping to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** ISO week (Monday first) of a YYYY-MM-DD date, as `2026-W48`. */
export function isoWeekOf(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  // The ISO week belongs to the year of its Thursday.
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 3);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = 1 + Math.floor((d.getTime() - yearStart) / 86400000 / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The calendar month (YYYY-MM) of an instant in UK local time: governance figures are per UK month. */
export function ukMonthOf(at: Date | string): string {
  return ukDateOf(typeof at === 'string' ? new Date(at) : at).slice(0, 7);
}

/** Whether a YYYY-MM-DD date is a working day: Monday to Friday (bank holidays are not known to the service). */
export function isWorkingDay(date: string): boolean {
  const day = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

/** The date `n` working days after a YYYY-MM-DD date (a date at a weekend counts from the next Monday). */
export function addWorkingDays(date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}
