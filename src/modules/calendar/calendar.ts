// Working-day arithmetic on the official holiday calendar (DOMAIN §3): holidays, make-up workdays (调休),
// weekends, business days in the business time zone. A deadline that crosses a year without an entered
// calendar is provisional (weekends only) until that year is entered. Pure code.
import { businessDate } from '../../db/business-time.js';

export interface Calendar {
  /** years whose official notice has been entered */
  years: Set<number>;
  holidays: Set<string>;
  workdays: Set<string>;
}

export interface Due {
  dueAt: Date;
  provisional: boolean;
}

const DAY = 86_400_000;

/** 'YYYY-MM-DD' + n days (calendar arithmetic on the date itself, no time zone involved). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(d.getTime() + n * DAY).toISOString().slice(0, 10);
}

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday

export function isWorkingDay(date: string, cal: Calendar): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const w = weekday(date);
  return w !== 0 && w !== 6;
}

const known = (date: string, cal: Calendar) => cal.years.has(Number(date.slice(0, 4)));

/** The instant a business day ends (24:00 in the business time zone). */
export function endOfDay(date: string, timeZone: string): Date {
  // find the UTC offset of that zone on that date (no DST in China, but stay general)
  const probe = new Date(`${date}T12:00:00Z`);
  const local = new Date(probe.toLocaleString('en-US', { timeZone }));
  const utc = new Date(probe.toLocaleString('en-US', { timeZone: 'UTC' }));
  const offset = local.getTime() - utc.getTime();
  return new Date(new Date(`${addDays(date, 1)}T00:00:00Z`).getTime() - offset);
}

/** Due at the end of the n-th working day after the day of `start` (the start day itself does not count). */
export function addWorkingDays(start: Date, n: number, cal: Calendar, timeZone: string): Due {
  let date = businessDate(start, timeZone);
  let provisional = false;
  for (let left = n; left > 0; ) {
    date = addDays(date, 1);
    if (!known(date, cal)) provisional = true;
    if (isWorkingDay(date, cal)) left--;
  }
  return { dueAt: endOfDay(date, timeZone), provisional };
}

/** Due at the end of the n-th calendar day; when `rollToWorkingDay`, a deadline on a day off moves to the next working day. */
export function addCalendarDays(start: Date, n: number, cal: Calendar, timeZone: string, rollToWorkingDay = true): Due {
  let date = addDays(businessDate(start, timeZone), n);
  let provisional = !known(date, cal);
  if (rollToWorkingDay)
    while (!isWorkingDay(date, cal)) {
      date = addDays(date, 1);
      if (!known(date, cal)) provisional = true;
    }
  return { dueAt: endOfDay(date, timeZone), provisional };
}

export const addHours = (start: Date, h: number): Due => ({ dueAt: new Date(start.getTime() + h * 3_600_000), provisional: false });

export type DeadlineUnit = 'working_days' | 'calendar_days' | 'hours';

export function dueAfter(start: Date, amount: number, unit: DeadlineUnit, cal: Calendar, timeZone: string): Due {
  if (unit === 'hours') return addHours(start, amount);
  if (unit === 'calendar_days') return addCalendarDays(start, amount, cal, timeZone);
  return addWorkingDays(start, amount, cal, timeZone);
}

/** Working days between two instants (for handling-time statistics): whole working days from start's day to end's day. */
export function workingDaysBetween(start: Date, end: Date, cal: Calendar, timeZone: string): number {
  let d = businessDate(start, timeZone);
  const last = businessDate(end, timeZone);
  let n = 0;
  while (d < last) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) n++;
  }
  return n;
}

/** The 2026 official calendar (State Council notice of 2025-11-04), seeded; later years are entered by an administrator. */
export const CALENDAR_2026 = {
  year: 2026,
  holidays: [
    '2026-01-01', '2026-01-02', '2026-01-03',
    ...Array.from({ length: 9 }, (_, i) => addDays('2026-02-15', i)),
    '2026-04-04', '2026-04-05', '2026-04-06',
    '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
    '2026-06-19', '2026-06-20', '2026-06-21',
    '2026-09-25', '2026-09-26', '2026-09-27',
    ...Array.from({ length: 7 }, (_, i) => addDays('2026-10-01', i)),
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
