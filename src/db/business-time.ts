// Business dates are computed here and nowhere else: a "day" is a day in the business
// time zone (Asia/Shanghai by default), never UTC. 07:30 in Beijing is still that day.
// Intl.DateTimeFormat is costly to build: one per time zone and shape, reused
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, withTime: boolean) {
  const key = `${timeZone}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

export function businessDate(at: Date, timeZone: string): string {
  // the last answer per zone, kept for its minute (every zone's offset is whole minutes): Intl is slow and
  // a busy intake asks the same minute thousands of times
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastDate.get(timeZone);
  if (last && last.minute === minute) return last.value;
  const parts = formatter(timeZone, false).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  const value = `${get('year')}-${get('month')}-${get('day')}`;
  lastDate.set(timeZone, { minute, value });
  return value;
}
const lastDate = new Map<string, { minute: number; value: string }>();

/** Format a timestamp as `YYYY-MM-DD HH:mm` in the business time zone (what the UI shows). */
export function businessDateTime(at: Date, timeZone: string): string {
  const parts = formatter(timeZone, true).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
