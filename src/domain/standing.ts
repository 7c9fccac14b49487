/**
 * A circle's standing from its counts: the leaderboard (current streaks and this week's calls) and the
 * team streak (weeks in which enough active members completed). Pure: the rows come in as arguments.
 */
import { DEFAULT_GOAL } from './members.js';
import { leaderboard, type LeaderboardRow } from './recap.js';
import { teamStreak, type TeamWeek } from './streaks.js';
import { isWeekKey, weekIndex, weekIndexAt, weekKeyOfIndex, type WeekKey } from './weeks.js';

/** How far back standings look. */
export const STANDING_HORIZON_WEEKS = 104;
const HORIZON_WEEKS = STANDING_HORIZON_WEEKS;

/** What a standing reads of a circle. */
export interface StandingCircle {
  goal: number | null;
  tz: string;
  team_threshold: number;
}

/** What a standing reads of a member. */
export interface StandingMember {
  id: number;
  display_name: string;
  board_visible: boolean;
  created_at: Date;
  joined_circle_at: Date | null;
}

export interface CircleStanding<C extends StandingCircle = StandingCircle> {
  circle: C;
  week: WeekKey;
  goal: number;
  rows: LeaderboardRow[];
  team: { current: number; best: number };
  /** Members active (not paused) this week, and how many of them completed it. */
  activeThisWeek: number;
  completedThisWeek: number;
}

/**
 * A member's calls per week: `calls[k]` calls in the week `from` + k weeks (0: none). What the store's
 * roster read returns (one array per member, sliced from the horizon's first week).
 */
export interface MemberSeries {
  member_id: number;
  from: WeekKey;
  calls: readonly number[];
}

/** Per-week counts (one row per member and week with calls) as series: the same weeks, the same counts. */
export function seriesFromCounts(counts: readonly { member_id: number; week: string; n: number }[]): MemberSeries[] {
  const byMember = new Map<number, Map<number, number>>();
  for (const c of counts) {
    if (!isWeekKey(c.week)) continue;
    let weeks = byMember.get(c.member_id);
    if (!weeks) byMember.set(c.member_id, (weeks = new Map()));
    weeks.set(weekIndex(c.week), c.n);
  }
  return [...byMember].map(([member_id, weeks]) => {
    const first = Math.min(...weeks.keys());
    const calls = new Array<number>(Math.max(...weeks.keys()) - first + 1).fill(0);
    for (const [w, n] of weeks) calls[w - first] = n;
    return { member_id, from: weekKeyOfIndex(first), calls };
  });
}

/** The series cut to the weeks from `since` on (a series read from an earlier week than the horizon's). */
export function seriesSince(series: readonly MemberSeries[], since: WeekKey): MemberSeries[] {
  const lo = weekIndex(since);
  return series.map((s) => {
    const skip = lo - weekIndex(s.from);
    return skip <= 0 ? s : { member_id: s.member_id, from: since, calls: s.calls.slice(skip) };
  });
}

/**
 * One member's weeks, parsed: calls and pauses for the weeks of the horizon (`lo` to `current`) in
 * flat arrays shared by all members (a row each), and, only when the input has them, weeks before the
 * horizon in small maps. `lowest` is the earliest week with a count or a pause.
 */
interface MemberWeeks {
  row: number;
  lowest: number;
  olderCalls?: Map<number, number>;
  olderPaused?: Set<number>;
}

/**
 * A circle's standing this week from its members, their calls per week (series) and their pauses. Week
 * keys are parsed once, to indices, and the horizon's weeks live in two flat arrays (one row per member)
 * instead of a map per member: everything after compares integers and reads arrays (about 1 ms for
 * 200 members with two years of weeks, little garbage, so the event loop is never held for long).
 */
export function standingFrom<C extends StandingCircle>(input: {
  circle: C;
  members: StandingMember[];
  week: WeekKey;
  series: readonly MemberSeries[];
  pauses: readonly { member_id: number; first_week: string; last_week: string }[];
}): CircleStanding<C> {
  const { circle, members, week } = input;
  const goal = circle.goal ?? DEFAULT_GOAL;
  const current = weekIndex(week);
  const since = current - HORIZON_WEEKS;
  const width = current - since + 1;
  const calls = new Float64Array(members.length * width);
  const paused = new Uint8Array(members.length * width);
  const of = new Map<number, MemberWeeks>();
  members.forEach((m, row) => of.set(m.id, { row: row * width, lowest: current }));

  for (const s of input.series) {
    const mw = of.get(s.member_id);
    if (!mw || !isWeekKey(s.from)) continue;
    const start = weekIndex(s.from);
    const end = Math.min(current, start + s.calls.length - 1);
    for (let w = start; w <= end; w++) {
      const n = s.calls[w - start];
      if (typeof n !== 'number' || !Number.isFinite(n) || n === 0) continue;
      if (w < mw.lowest) mw.lowest = w;
      if (w >= since) calls[mw.row + w - since] = n;
      else (mw.olderCalls ??= new Map()).set(w, n);
    }
  }
  for (const p of input.pauses) {
    const mw = of.get(p.member_id);
    if (!mw || !isWeekKey(p.first_week) || !isWeekKey(p.last_week)) continue;
    const first = weekIndex(p.first_week);
    const last = Math.min(current, weekIndex(p.last_week));
    if (first < mw.lowest) mw.lowest = first;
    for (let w = first; w <= last; w++) {
      if (w >= since) paused[mw.row + w - since] = 1;
      else (mw.olderPaused ??= new Set()).add(w);
    }
  }
  const callsAt = (mw: MemberWeeks, w: number): number => (w >= since ? calls[mw.row + w - since]! : (mw.olderCalls?.get(w) ?? 0));
  const pausedAt = (mw: MemberWeeks, w: number): boolean => (w >= since ? paused[mw.row + w - since] === 1 : (mw.olderPaused?.has(w) ?? false));

  /**
   * The run of complete weeks that reaches `current` (what memberStreak calls `current`), walking back
   * from this week: paused weeks are skipped, this week counts once complete and does not break while
   * incomplete, and the first other week short of the goal ends the run. Below the earliest week with
   * a count or a pause every week is short, so the walk stops there at the latest.
   */
  const currentRun = (mw: MemberWeeks): number => {
    let run = 0;
    for (let w = current; w >= mw.lowest; w--) {
      if (pausedAt(mw, w)) continue;
      if (callsAt(mw, w) >= goal) run += 1;
      else if (w !== current) break;
    }
    return run;
  };

  const clamp = (at: Date): number => Math.min(current, Math.max(since, weekIndexAt(at, circle.tz)));
  const joinedWeek = members.map((m) => clamp(m.joined_circle_at ?? m.created_at));

  const entries = members.map((m) => {
    const mw = of.get(m.id)!;
    return {
      memberId: String(m.id),
      displayName: m.display_name || 'someone',
      boardVisible: m.board_visible,
      currentStreak: currentRun(mw),
      callsThisWeek: calls[mw.row + current - since]!,
      paused: paused[mw.row + current - since] === 1,
    };
  });

  // Team weeks: from the earliest week any current member joined, through this week (all inside the
  // horizon: join weeks are clamped to it).
  const first = Math.min(current, ...joinedWeek);
  const active = new Array<number>(current - first + 1).fill(0);
  const completed = new Array<number>(current - first + 1).fill(0);
  members.forEach((m, i) => {
    const row = of.get(m.id)!.row;
    for (let w = joinedWeek[i]!; w <= current; w++) {
      const at = row + w - since;
      if (paused[at] === 1) continue;
      active[w - first]! += 1;
      if (calls[at]! >= goal) completed[w - first]! += 1;
    }
  });
  const teamWeeks: TeamWeek[] = active.map((n, i) => ({ week: weekKeyOfIndex(first + i), active: n, completed: completed[i]! }));
  const thisWeek = teamWeeks[teamWeeks.length - 1] ?? { active: 0, completed: 0 };
  return {
    circle,
    week,
    goal,
    rows: leaderboard({ entries }),
    team: teamStreak({ weeks: teamWeeks, threshold: circle.team_threshold, currentWeek: week }),
    activeThisWeek: thisWeek.active,
    completedThisWeek: thisWeek.completed,
  };
}
