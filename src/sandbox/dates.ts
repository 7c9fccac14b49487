// Calendar dates (`YYYY-MM-DD`) and wall-clock times in a time zone, for the sandbox's own use (the
// demo seed and the known schedule). Built on date-fns and @date-fns/tz: the sandbox imports nothing
// of the app's, which it reaches over HTTP only.

import { TZDate, tz } from '@date-fns/tz';
import { addDays as addDaysTo, differenceInCalendarDays, format, getISODay } from 'date-fns';

const UTC = tz('UTC');

/** A `YYYY-MM-DD` date as midnight UTC (calendar arithmetic that does not depend on the host's zone). */
function utcDate(date: string): TZDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`Invalid date (want YYYY-MM-DD): ${JSON.stringify(date)}`);
  return new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 'UTC');
}

/** True when the runtime knows the IANA zone. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** `date` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  return format(addDaysTo(utcDate(date), days, { in: UTC }), 'yyyy-MM-dd', { in: UTC });
}

/** Calendar days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: string, b: string): number {
  return differenceInCalendarDays(utcDate(b), utcDate(a), { in: UTC });
}

/** ISO weekday (Monday = 1 ... Sunday = 7) of a calendar date. */
export function isoWeekdayOfDate(date: string): number {
  return getISODay(utcDate(date), { in: UTC });
}

/** The calendar date `instant` falls on in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): string {
  return format(instant, 'yyyy-MM-dd', { in: tz(timeZone) });
}

/** The instant a wall clock in `timeZone` shows `time` (`HH:MM`) on `date`. */
export function instantAtDate(date: string, time: string, timeZone: string): Date {
  const d = utcDate(date);
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) throw new RangeError(`Invalid time (want HH:MM): ${JSON.stringify(time)}`);
  const local = new TZDate(d.getFullYear(), d.getMonth(), d.getDate(), Number(m[1]), Number(m[2]), timeZone);
  return new Date(local.getTime());
}
