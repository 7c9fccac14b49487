/**
 * Streaks: a member's run of complete weeks, the squares that show recent weeks, and a circle's
 * team streak.
 *
 * Member rules:
 * - A week is *complete* when the member's logged calls reach the goal (every attempt counts).
 * - The streak is the run of complete weeks ending at the current week.
 * - Paused weeks neither count nor break it (and are not counted as completed weeks, even if the
 *   member happened to log enough calls).
 * - The current week counts once complete; while incomplete it does not break the streak, it is
 *   simply not counted yet.
 * - Weeks from the earliest week with calls or a pause (or `firstWeek`, the week the member joined,
 *   when that is earlier) up to the current week are considered; a week with no calls in between is
 *   a missed week. Weeks after the current week are ignored. A call logged for a week before
 *   `firstWeek` (check-ins may be backdated) still counts: `firstWeek` only decides where missed
 *   weeks begin.
 *
 * Team rules: a week counts when completed / active >= threshold percent (default 80). The caller
 * leaves paused members out of `active` (and out of `completed`). A week with no active members,
 * or missing from the list, neither counts nor breaks. An incomplete current week does not break.
 */
import { isWeekKey, type WeekKey, weekIndex, weekKeyOfIndex } from './weeks.js';

export type CallsByWeek = Readonly<Record<WeekKey, number>> | ReadonlyMap<WeekKey, number>;

export interface MemberStreakInput {
  callsByWeek: CallsByWeek;
  goal: number;
  pausedWeeks?: Iterable<WeekKey>;
  currentWeek: WeekKey;
  /** The week the member joined: empty weeks from here on are missed (earlier weeks with calls still count). */
  firstWeek?: WeekKey;
}

export interface MemberStreak {
  /** Complete weeks in the run that reaches the current week. */
  current: number;
  /** Longest run so far (including the current one). */
  best: number;
  /** Complete, unpaused weeks in total. */
  completedWeeks: number;
}

export type WeekSquareState = 'complete' | 'partial' | 'missed' | 'paused' | 'current';

export interface WeekSquare {
  week: WeekKey;
  calls: number;
  state: WeekSquareState;
}

function entries(callsByWeek: CallsByWeek): Iterable<[WeekKey, number]> {
  return callsByWeek instanceof Map ? callsByWeek.entries() : Object.entries(callsByWeek);
}

function assertGoal(goal: number): void {
  if (!Number.isInteger(goal) || goal < 1) throw new RangeError(`goal must be a whole number of at least 1, got ${goal}`);
}

function assertWeek(week: WeekKey, name: string): number {
  if (!isWeekKey(week)) throw new RangeError(`${name} is not a week key: ${JSON.stringify(week)}`);
  return weekIndex(week);
}

/**
 * The input parsed once: calls and paused weeks by week index (keys that are not week keys are
 * ignored), the current week's index and the earliest week to consider.
 */
interface IndexedWeeks {
  calls: Map<number, number>;
  paused: Set<number>;
  current: number;
  first: number;
}

function indexWeeks(input: MemberStreakInput): IndexedWeeks {
  const current = assertWeek(input.currentWeek, 'currentWeek');
  let first = current;
  if (input.firstWeek !== undefined) first = Math.min(first, assertWeek(input.firstWeek, 'firstWeek'));
  const calls = new Map<number, number>();
  for (const [week, n] of entries(input.callsByWeek)) {
    if (typeof n !== 'number' || !Number.isFinite(n) || !isWeekKey(week)) continue;
    const i = weekIndex(week);
    calls.set(i, n);
    if (n > 0 && i < first) first = i;
  }
  const paused = new Set<number>();
  for (const week of input.pausedWeeks ?? []) {
    if (!isWeekKey(week)) continue;
    const i = weekIndex(week);
    paused.add(i);
    if (i < first) first = i;
  }
  return { calls, paused, current, first };
}

/** A member's current and best streak of complete weeks. */
export function memberStreak(input: MemberStreakInput): MemberStreak {
  assertGoal(input.goal);
  const { calls, paused, current, first } = indexWeeks(input);
  let run = 0;
  let best = 0;
  let completedWeeks = 0;
  for (let week = first; week <= current; week++) {
    if (paused.has(week)) continue;
    if ((calls.get(week) ?? 0) >= input.goal) {
      run += 1;
      completedWeeks += 1;
      best = Math.max(best, run);
    } else if (week !== current) {
      run = 0;
    }
  }
  return { current: run, best, completedWeeks };
}

export interface WeekSquaresInput extends MemberStreakInput {
  /** How many weeks to show, ending at the current week. */
  count: number;
}

/**
 * The last `count` weeks ending at the current week, oldest first, one square each:
 * paused, complete, current (this week, not yet complete), partial (some calls) or missed.
 * Weeks before `firstWeek` (when given: the week the member joined) are left out, so a new member
 * sees fewer squares and no week before they joined shows as missed; an earlier week with calls or a
 * pause (a backdated check-in) still shows, as it counts for the streak.
 */
export function weekSquares(input: WeekSquaresInput): WeekSquare[] {
  assertGoal(input.goal);
  const current = assertWeek(input.currentWeek, 'currentWeek');
  if (!Number.isInteger(input.count) || input.count < 0) throw new RangeError('count must be a whole number');
  if (input.count === 0) return [];
  const { calls, paused, first } = indexWeeks(input);
  let start = current - (input.count - 1);
  // The same first week as the streak: the week they joined, or an earlier week with calls or a pause.
  if (input.firstWeek !== undefined) start = Math.max(start, first);
  const squares: WeekSquare[] = [];
  for (let i = start; i <= current; i++) {
    const n = calls.get(i) ?? 0;
    let state: WeekSquareState;
    if (paused.has(i)) state = 'paused';
    else if (n >= input.goal) state = 'complete';
    else if (i === current) state = 'current';
    else if (n > 0) state = 'partial';
    else state = 'missed';
    squares.push({ week: weekKeyOfIndex(i), calls: n, state });
  }
  return squares;
}

export interface TeamWeek {
  week: WeekKey;
  /** Members active (not paused) in the circle that week. */
  active: number;
  /** Of those, members whose week was complete. */
  completed: number;
}

export interface TeamStreakInput {
  weeks: readonly TeamWeek[];
  /** Percent of active members who must complete, default 80. */
  threshold?: number;
  currentWeek: WeekKey;
}

export const DEFAULT_TEAM_THRESHOLD = 80;

/** True when `completed` of `active` members meets `threshold` percent (exact integer maths). */
export function teamWeekMet(active: number, completed: number, threshold = DEFAULT_TEAM_THRESHOLD): boolean {
  return active > 0 && completed * 100 >= threshold * active;
}

/** A circle's current and best team streak. */
export function teamStreak(input: TeamStreakInput): { current: number; best: number } {
  const current = assertWeek(input.currentWeek, 'currentWeek');
  const threshold = input.threshold ?? DEFAULT_TEAM_THRESHOLD;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) {
    throw new RangeError(`threshold must be a percentage from 0 to 100, got ${threshold}`);
  }
  const weeks = input.weeks
    .filter((w) => isWeekKey(w.week))
    .map((w) => ({ ...w, index: weekIndex(w.week) }))
    .filter((w) => w.index <= current)
    .sort((a, b) => a.index - b.index);
  let run = 0;
  let best = 0;
  for (const w of weeks) {
    if (w.active <= 0) continue;
    if (teamWeekMet(w.active, w.completed, threshold)) {
      run += 1;
      best = Math.max(best, run);
    } else if (w.index !== current) {
      run = 0;
    }
  }
  return { current: run, best };
}
