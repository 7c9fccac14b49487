/**
 * Reminders: a DM to a member at a local date and time. Pure rules: when a follow-up, a retry ("remind
 * me in 2 days") or a snooze falls, which days "this week" offers for scheduling a call ahead, and the
 * validation of the Schedule modal.
 */
import { addDays, dateInWeek, daysBetween, isHHMM, isLocalDate, weekKeyOfDate, type LocalDate } from './weeks.js';

export type ReminderKind = 'follow_up' | 'retry' | 'scheduled';

export const RETRY_AFTER_DAYS = 2;
export const SNOOZE_DAYS = 7;

/** The first line of a note, trimmed and at most `max` characters; null when there is none. */
export function firstLine(note: string | null | undefined, max = 200): string | null {
  if (!note) return null;
  const line = note.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '');
  if (!line) return null;
  return [...line].length > max ? `${[...line].slice(0, max - 1).join('')}…` : line;
}

/** The days a call can be scheduled on: today to the Sunday of today's ISO week. */
export function scheduleDays(today: LocalDate): LocalDate[] {
  const sunday = dateInWeek(weekKeyOfDate(today), 7);
  const out: LocalDate[] = [];
  for (let d = today; daysBetween(d, sunday) >= 0; d = addDays(d, 1)) out.push(d);
  return out;
}

export type ScheduleField = 'day' | 'time';

export interface RawSchedule {
  day?: string | null;
  time?: string | null;
}

export type ScheduleResult = { ok: true; value: { day: LocalDate; time: string } } | { ok: false; errors: Partial<Record<ScheduleField, string>> };

/**
 * A day of this week (from `today`) and a time; a time that has passed today is refused (`nowTime` is
 * the member's local wall-clock time).
 */
export function validateSchedule(raw: RawSchedule, ctx: { today: LocalDate; nowTime: string }): ScheduleResult {
  const errors: Partial<Record<ScheduleField, string>> = {};
  const day = (raw.day ?? '').trim();
  const time = (raw.time ?? '').trim();
  const days = scheduleDays(ctx.today);
  if (day === '') errors.day = 'Pick a day.';
  else if (!isLocalDate(day) || !days.includes(day)) errors.day = 'Pick a day from today to Sunday: scheduling is for this week.';
  if (time === '') errors.time = 'Pick a time.';
  else if (!isHHMM(time)) errors.time = 'Pick a time as HH:MM, e.g. 14:30.';
  else if (errors.day === undefined && day === ctx.today && time <= ctx.nowTime) errors.time = `That time has passed today (it is ${ctx.nowTime} now): pick a later time or another day.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { day, time } };
}
