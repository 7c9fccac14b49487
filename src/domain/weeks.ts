/**
 * Weeks, local dates and wall-clock times in a member's (or a circle's) time zone.
 *
 * A week is an ISO week (Monday first) keyed by its ISO week-year: `2026-W48`. The ISO week-year is
 * not the calendar year: 2026 has a W53 (2026-12-31 is in 2026-W53) and 2027-01-04 is 2027-W01.
 *
 * Pure: time always comes in as an argument, never from the clock, and nothing here depends on the
 * host's time zone. Calendar arithmetic on `YYYY-MM-DD` strings is done on UTC midnights; zone
 * offsets come from the runtime's IANA data through `tzOffset` (@date-fns/tz).
 */
import { tzOffset } from '@date-fns/tz';

/** An ISO week key such as `2026-W48`. */
export type WeekKey = string;
/** A calendar date `YYYY-MM-DD` (no time zone attached). */
export type LocalDate = string;
/** ISO weekday: Monday = 1 ... Sunday = 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HHMM_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => String(n).padStart(4, '0');

// ---------------------------------------------------------------------------------------------
// Time zones and offsets

const validZones = new Map<string, boolean>();

/** True when `timeZone` is an IANA zone name (or alias such as `UTC`) this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '' || timeZone !== timeZone.trim()) return false;
  const known = validZones.get(timeZone);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    ok = true;
  } catch {
    ok = false;
  }
  validZones.set(timeZone, ok);
  return ok;
}

function assertZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${JSON.stringify(timeZone)}`);
}

function assertInstant(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError('Invalid instant');
  return ms;
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (east positive: Asia/Kolkata is 330). */
export function utcOffsetMinutes(instant: Date, timeZone: string): number {
  assertZone(timeZone);
  const ms = assertInstant(instant);
  return offsetAt(ms, timeZone);
}

function offsetAt(ms: number, timeZone: string): number {
  // Intl formats whole seconds; offsets are whole minutes for every zone since the 1970s.
  const offset = tzOffset(timeZone, new Date(ms));
  if (!Number.isFinite(offset)) throw new RangeError(`Unknown time zone: ${JSON.stringify(timeZone)}`);
  return Math.round(offset);
}

// ---------------------------------------------------------------------------------------------
// Calendar dates (day numbers are days since 1970-01-01)

/** Parses `YYYY-MM-DD` into its parts; `null` unless it is a real calendar date. */
export function parseLocalDate(date: string): { year: number; month: number; day: number } | null {
  if (typeof date !== 'string') return null;
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  const probe = new Date(Date.UTC(2000, month - 1, day));
  probe.setUTCFullYear(year);
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** True when `date` is a real calendar date written `YYYY-MM-DD`. */
export function isLocalDate(date: string): boolean {
  return parseLocalDate(date) !== null;
}

function dayNumber(date: string): number {
  const p = parseLocalDate(date);
  if (!p) throw new RangeError(`Invalid date (want YYYY-MM-DD): ${JSON.stringify(date)}`);
  const d = new Date(Date.UTC(2000, p.month - 1, p.day));
  d.setUTCFullYear(p.year);
  return Math.round(d.getTime() / DAY_MS);
}

function dateOfDayNumber(n: number): LocalDate {
  const d = new Date(n * DAY_MS);
  return `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** ISO weekday (Mon = 1 ... Sun = 7) of a day number. */
function weekdayOfDayNumber(n: number): IsoWeekday {
  // 1970-01-01 was a Thursday (4).
  return ((((n + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

/** `date` moved by `days` calendar days. */
export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError('days must be an integer');
  return dateOfDayNumber(dayNumber(date) + days);
}

/** Calendar days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** `date` moved by `years`; 29 February becomes 28 February in a common year. */
export function addYears(date: LocalDate, years: number): LocalDate {
  const p = parseLocalDate(date);
  if (!p) throw new RangeError(`Invalid date (want YYYY-MM-DD): ${JSON.stringify(date)}`);
  const year = p.year + years;
  let day = p.day;
  while (!isLocalDate(`${pad4(year)}-${pad2(p.month)}-${pad2(day)}`)) day -= 1;
  return `${pad4(year)}-${pad2(p.month)}-${pad2(day)}`;
}

/** ISO weekday (Mon = 1 ... Sun = 7) of a calendar date. */
export function isoWeekdayOfDate(date: LocalDate): IsoWeekday {
  return weekdayOfDayNumber(dayNumber(date));
}

// ---------------------------------------------------------------------------------------------
// Instants seen in a zone

/** The calendar date (`YYYY-MM-DD`) that `instant` falls on in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  assertZone(timeZone);
  const ms = assertInstant(instant);
  const local = ms + offsetAt(ms, timeZone) * MINUTE_MS;
  return dateOfDayNumber(Math.floor(local / DAY_MS));
}

/** The wall-clock time (`HH:MM`) that `instant` shows in `timeZone`. */
export function localTimeOf(instant: Date, timeZone: string): string {
  assertZone(timeZone);
  const ms = assertInstant(instant);
  const local = ms + offsetAt(ms, timeZone) * MINUTE_MS;
  const minuteOfDay = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
  return `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`;
}

/** ISO weekday (Mon = 1 ... Sun = 7) of `instant` in `timeZone`. */
export function isoWeekdayOf(instant: Date, timeZone: string): IsoWeekday {
  return isoWeekdayOfDate(localDateOf(instant, timeZone));
}

/** The ISO week that `instant` falls in, in `timeZone`. */
export function weekKeyOf(instant: Date, timeZone: string): WeekKey {
  return weekKeyOfDate(localDateOf(instant, timeZone));
}

/** More than any zone's offset from UTC has ever been (local mean times included). */
const MAX_OFFSET_MS = 16 * 3_600_000;

/**
 * `weekIndex(weekKeyOf(instant, timeZone))` without building and parsing the date and the key. The
 * zone's offset (an Intl call, the costly part) is looked up only when it matters: within 16 hours of a
 * Monday 00:00 UTC; any other instant is in the same week in every zone.
 */
export function weekIndexAt(instant: Date, timeZone: string): number {
  assertZone(timeZone);
  const ms = assertInstant(instant);
  const weekOf = (local: number) => Math.floor((Math.floor(local / DAY_MS) - MONDAY_ZERO) / 7);
  const earliest = weekOf(ms - MAX_OFFSET_MS);
  if (earliest === weekOf(ms + MAX_OFFSET_MS)) return earliest;
  return weekOf(ms + offsetAt(ms, timeZone) * MINUTE_MS);
}

// ---------------------------------------------------------------------------------------------
// Week keys

/** Day number of 1 January of `year` (years before 100 included: Date.UTC would map them to 19xx). */
function jan1DayNumber(year: number): number {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(year);
  return Math.round(d.getTime() / DAY_MS);
}

/** The ISO week (year and week number) that day number `n` falls in. */
function isoWeekOfDayNumber(n: number): { year: number; week: number } {
  const thursday = n + (4 - weekdayOfDayNumber(n));
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  return { year, week: Math.floor((thursday - jan1DayNumber(year)) / 7) + 1 };
}

/** The ISO week of a calendar date: `weekKeyOfDate('2026-12-31') === '2026-W53'`. */
export function weekKeyOfDate(date: LocalDate): WeekKey {
  return weekKeyOfIndex(Math.floor((dayNumber(date) - MONDAY_ZERO) / 7));
}

/** Number of ISO weeks (52 or 53) in an ISO week-year. */
export function weeksInIsoYear(year: number): 52 | 53 {
  // A year has 53 ISO weeks when it starts on a Thursday, or on a Wednesday in a leap year
  // (equivalently: 28 December, always in the last week, is in week 53).
  const weekday = weekdayOfDayNumber(jan1DayNumber(year));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return weekday === 4 || (leap && weekday === 3) ? 53 : 52;
}

/** Parses a week key; `null` unless it names a real ISO week (`2027-W53` does not exist). */
export function parseWeekKey(key: string): { year: number; week: number } | null {
  const index = weekIndexOrNull(key);
  if (index === null) return null;
  const { year, week } = weekOfIndex(index);
  return { year, week };
}

/** True when `key` is a well-formed, existing ISO week key. */
export function isWeekKey(key: string): key is WeekKey {
  return weekIndexOrNull(key) !== null;
}

// Week indices: whole weeks since the ISO week that starts on Monday 1970-01-05 (index 0), so the
// week after index i is i + 1. A key is parsed once and remembered (both ways), so loops over many
// members and weeks compare integers instead of re-parsing strings. The caches are bounded.

/** Day number of Monday 1970-01-05, the Monday of week index 0. */
const MONDAY_ZERO = 4;
const CACHE_LIMIT = 20_000;
const indexOfKey = new Map<string, number | null>();
const keyOfIndex = new Map<number, WeekKey>();
const weekOfIndexCache = new Map<number, { year: number; week: number }>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

function weekIndexOrNull(key: string): number | null {
  if (typeof key !== 'string') return null;
  const known = indexOfKey.get(key);
  if (known !== undefined) return known;
  const m = WEEK_RE.exec(key);
  let index: number | null = null;
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    if (year >= 1 && week >= 1 && week <= weeksInIsoYear(year)) {
      const jan4 = jan1DayNumber(year) + 3;
      const week1Monday = jan4 - (weekdayOfDayNumber(jan4) - 1);
      index = (week1Monday - MONDAY_ZERO) / 7 + week - 1;
    }
  }
  return remember(indexOfKey, key, index);
}

function weekOfIndex(index: number): { year: number; week: number } {
  return weekOfIndexCache.get(index) ?? remember(weekOfIndexCache, index, isoWeekOfDayNumber(MONDAY_ZERO + index * 7));
}

/**
 * The week's index: whole weeks since 1970-W02 (Monday 1970-01-05), so consecutive weeks have consecutive
 * integers and `weekIndex(a) < weekIndex(b)` exactly when `a` is before `b`. Throws on a bad key.
 */
export function weekIndex(key: WeekKey): number {
  const index = weekIndexOrNull(key);
  if (index === null) throw new RangeError(`Invalid week key (want e.g. 2026-W48): ${JSON.stringify(key)}`);
  return index;
}

/** The week key of a {@link weekIndex}. */
export function weekKeyOfIndex(index: number): WeekKey {
  if (!Number.isInteger(index)) throw new RangeError('week index must be an integer');
  const known = keyOfIndex.get(index);
  if (known !== undefined) return known;
  const { year, week } = weekOfIndex(index);
  if (year < 1 || year > 9999) throw new RangeError(`Week index ${index} is outside the years 0001 to 9999`);
  return remember(keyOfIndex, index, `${pad4(year)}-W${pad2(week)}`);
}

function mondayDayNumber(key: WeekKey): number {
  return MONDAY_ZERO + weekIndex(key) * 7;
}

/** The Monday (`YYYY-MM-DD`) that starts `week`. */
export function weekStartDate(week: WeekKey): LocalDate {
  return dateOfDayNumber(mondayDayNumber(week));
}

/** The calendar date of `isoWeekday` (1..7) in `week`. */
export function dateInWeek(week: WeekKey, isoWeekday: number): LocalDate {
  assertWeekday(isoWeekday);
  return dateOfDayNumber(mondayDayNumber(week) + isoWeekday - 1);
}

/** `week` moved by `n` weeks (negative goes back). */
export function addWeeks(week: WeekKey, n: number): WeekKey {
  if (!Number.isInteger(n)) throw new RangeError('n must be an integer');
  return weekKeyOfIndex(weekIndex(week) + n);
}

export function nextWeek(week: WeekKey): WeekKey {
  return addWeeks(week, 1);
}

export function prevWeek(week: WeekKey): WeekKey {
  return addWeeks(week, -1);
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareWeeks(a: WeekKey, b: WeekKey): number {
  return Math.sign(weekIndex(a) - weekIndex(b));
}

/** Number of weeks from `a` to `b` (positive when `b` is later). */
export function weekDistance(a: WeekKey, b: WeekKey): number {
  return weekIndex(b) - weekIndex(a);
}

/** Every week from `a` through `b`, both included; empty when `b` is before `a`. */
export function weeksBetween(a: WeekKey, b: WeekKey): WeekKey[] {
  const start = weekIndex(a);
  const end = weekIndex(b);
  const out: WeekKey[] = [];
  for (let i = start; i <= end; i++) out.push(weekKeyOfIndex(i));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Wall-clock times

/** Parses `HH:MM` (24-hour, two digits each); `null` when malformed. */
export function parseHHMM(time: string): { hours: number; minutes: number } | null {
  if (typeof time !== 'string') return null;
  const m = HHMM_RE.exec(time);
  if (!m) return null;
  return { hours: Number(m[1]), minutes: Number(m[2]) };
}

/** True when `time` is a valid `HH:MM` (00:00 to 23:59). */
export function isHHMM(time: string): boolean {
  return parseHHMM(time) !== null;
}

function assertWeekday(isoWeekday: number): asserts isoWeekday is IsoWeekday {
  if (!Number.isInteger(isoWeekday) || isoWeekday < 1 || isoWeekday > 7) {
    throw new RangeError(`isoWeekday must be 1 (Monday) to 7 (Sunday), got ${isoWeekday}`);
  }
}

/**
 * The instant when the wall clock in `timeZone` shows `time` on `isoWeekday` of `week`.
 *
 * Daylight-saving changes: a time that does not exist (inside a spring-forward gap) moves to the
 * first valid minute after the gap (02:30 on a New York spring-forward day gives 03:00 EDT); a time
 * that happens twice (fall-back) takes the first occurrence (the one still on summer time).
 */
export function instantAt(week: WeekKey, isoWeekday: number, time: string, timeZone: string): Date {
  assertZone(timeZone);
  const hm = parseHHMM(time);
  if (!hm) throw new RangeError(`Invalid time (want HH:MM): ${JSON.stringify(time)}`);
  const date = dateInWeek(week, isoWeekday);
  return instantAtLocal(date, hm.hours * 60 + hm.minutes, timeZone);
}

/** Like {@link instantAt} for a calendar date and a minute of the day. */
export function instantAtDate(date: LocalDate, time: string, timeZone: string): Date {
  assertZone(timeZone);
  const hm = parseHHMM(time);
  if (!hm) throw new RangeError(`Invalid time (want HH:MM): ${JSON.stringify(time)}`);
  return instantAtLocal(date, hm.hours * 60 + hm.minutes, timeZone);
}

function instantAtLocal(date: LocalDate, minuteOfDay: number, timeZone: string): Date {
  // Wall-clock time written as if it were UTC.
  const wall = dayNumber(date) * DAY_MS + minuteOfDay * MINUTE_MS;
  // Offsets a day either side bracket any single transition near this wall time.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((ms) => offsetAt(ms, timeZone) * MINUTE_MS === wall - ms)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return new Date(first);
  // In a gap: the clock jumped from `before` to `after` somewhere in [wall - after, wall - before].
  // Find the transition instant (first minute on the new offset) by bisection.
  let lo = wall - after * MINUTE_MS; // before the transition: old offset
  let hi = wall - before * MINUTE_MS; // at or after the transition: new offset
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetAt(mid, timeZone) === after) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}
