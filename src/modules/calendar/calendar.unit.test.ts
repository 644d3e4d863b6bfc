import { describe, expect, it } from 'vitest';
import { addCalendarDays, addHours, addWorkingDays, CALENDAR_2026, isWorkingDay, workingDaysBetween, type Calendar } from './calendar.js';

const TZ = 'Asia/Shanghai';
const cal: Calendar = { years: new Set([2026]), holidays: new Set(CALENDAR_2026.holidays), workdays: new Set(CALENDAR_2026.workdays) };
const at = (s: string) => new Date(s);
const day = (d: Date) => d.toLocaleString('sv-SE', { timeZone: TZ });

describe('the 2026 calendar', () => {
  it('knows holidays, make-up workdays and weekends', () => {
    expect(isWorkingDay('2026-10-01', cal)).toBe(false);
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2026-02-14', cal)).toBe(true); // Saturday before the Spring Festival
    expect(isWorkingDay('2026-02-23', cal)).toBe(false);
    expect(isWorkingDay('2026-11-28', cal)).toBe(false); // an ordinary Saturday
    expect(isWorkingDay('2026-11-30', cal)).toBe(true);
    expect(CALENDAR_2026.holidays).toHaveLength(33);
  });
});

describe('deadlines in working days', () => {
  it('skip the National Day week and count the make-up Saturday', () => {
    // received Wed 30 Sep 09:00; 3 working days: Thu 8 Oct, Fri 9 Oct, Sat 10 Oct (调休)
    expect(day(addWorkingDays(at('2026-09-30T09:00:00+08:00'), 3, cal, TZ).dueAt)).toBe('2026-10-11 00:00:00');
  });
  it('skip the Spring Festival and count 14 Feb and 28 Feb', () => {
    expect(day(addWorkingDays(at('2026-02-13T16:00:00+08:00'), 1, cal, TZ).dueAt)).toBe('2026-02-15 00:00:00'); // Sat 14 Feb works
    expect(day(addWorkingDays(at('2026-02-14T10:00:00+08:00'), 2, cal, TZ).dueAt)).toBe('2026-02-26 00:00:00'); // 15–23 Feb off: the 24th and the 25th
  });
  it('a day starts in Beijing: 07:30 on 1 May is 1 May, not 30 April', () => {
    expect(day(addWorkingDays(at('2026-04-30T23:30:00Z'), 1, cal, TZ).dueAt)).toBe('2026-05-07 00:00:00'); // 1–5 May off, 6 May is the first working day
  });
  it('crossing into a year without a calendar is provisional (weekends only)', () => {
    const d = addWorkingDays(at('2026-12-30T10:00:00+08:00'), 5, cal, TZ);
    expect(d.provisional).toBe(true);
    expect(day(d.dueAt)).toBe('2027-01-07 00:00:00'); // 31 Dec, 1, 4, 5, 6 Jan (2027's New Year not known yet)
    expect(addWorkingDays(at('2026-11-30T10:00:00+08:00'), 5, cal, TZ).provisional).toBe(false);
    const with2027: Calendar = { years: new Set([2026, 2027]), holidays: new Set([...cal.holidays, '2027-01-01']), workdays: cal.workdays };
    const again = addWorkingDays(at('2026-12-30T10:00:00+08:00'), 5, with2027, TZ);
    expect(again.provisional).toBe(false);
    expect(day(again.dueAt)).toBe('2027-01-08 00:00:00'); // recomputed once 2027 is entered
  });
});

describe('calendar days and hours', () => {
  it('a calendar-day deadline on a day off moves to the next working day', () => {
    // 15 days after 16 Sep is 1 Oct (National Day) → 8 Oct
    expect(day(addCalendarDays(at('2026-09-16T10:00:00+08:00'), 15, cal, TZ).dueAt)).toBe('2026-10-09 00:00:00');
    expect(day(addCalendarDays(at('2026-09-16T10:00:00+08:00'), 15, cal, TZ, false).dueAt)).toBe('2026-10-02 00:00:00');
  });
  it('hours are hours, across days off', () => {
    expect(addHours(at('2026-10-01T22:00:00+08:00'), 4).dueAt.toISOString()).toBe('2026-10-01T18:00:00.000Z');
  });
  it('counts working days between two instants', () => {
    expect(workingDaysBetween(at('2026-09-30T09:00:00+08:00'), at('2026-10-12T09:00:00+08:00'), cal, TZ)).toBe(4); // 8, 9, 10, 12 Oct
  });
});
