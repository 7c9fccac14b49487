/**
 * A circle's standing from its counts: the leaderboard (current streaks and this week's calls) and the
 * team streak (weeks in which enough active members completed). Pure: the rows come in as arguments.
 */
import { DEFAULT_GOAL } from './members.js';
import { leaderboard, type LeaderboardRow } from './recap.js';
import { teamStreak, type TeamWeek } from './streaks.js';
import { isWeekKey, weekIndex, weekKeyOf, weekKeyOfIndex, type WeekKey } from './weeks.js';

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
 * The run of complete weeks that reaches `current` (what memberStreak calls `current`), walking back from
 * this week: paused weeks are skipped, this week counts once complete and does not break while
 * incomplete, and the first other week short of the goal ends the run. Below the earliest week with a
 * count or a pause every week is short, so the walk stops there at the latest.
 */
function currentRun(calls: ReadonlyMap<number, number> | undefined, paused: ReadonlySet<number> | undefined, current: number, goal: number, lowest: number): number {
  let run = 0;
  for (let w = current; w >= lowest; w--) {
    if (paused?.has(w)) continue;
    if ((calls?.get(w) ?? 0) >= goal) run += 1;
    else if (w !== current) break;
  }
  return run;
}

/**
 * A circle's standing this week from its members, their call counts per week and their pauses. Week
 * keys are parsed once, to indices; everything after compares integers (about 1 ms for 200 members with
 * two years of weeks, so the event loop is never held for long).
 */
export function standingFrom<C extends StandingCircle>(input: {
  circle: C;
  members: StandingMember[];
  week: WeekKey;
  counts: { member_id: number; week: string; n: number }[];
  pauses: { member_id: number; first_week: string; last_week: string }[];
}): CircleStanding<C> {
  const { circle, members, week } = input;
  const goal = circle.goal ?? DEFAULT_GOAL;
  const current = weekIndex(week);
  const since = current - HORIZON_WEEKS;
  const countsOf = new Map<number, Map<number, number>>();
  const lowestOf = new Map<number, number>();
  const lower = (memberId: number, w: number) => lowestOf.set(memberId, Math.min(w, lowestOf.get(memberId) ?? current));
  for (const c of input.counts) {
    if (typeof c.n !== 'number' || !Number.isFinite(c.n) || !isWeekKey(c.week)) continue;
    const w = weekIndex(c.week);
    let byWeek = countsOf.get(c.member_id);
    if (!byWeek) countsOf.set(c.member_id, (byWeek = new Map<number, number>()));
    byWeek.set(w, c.n);
    lower(c.member_id, w);
  }
  const pausedOf = new Map<number, Set<number>>();
  for (const p of input.pauses) {
    if (!isWeekKey(p.first_week) || !isWeekKey(p.last_week)) continue;
    let weeks = pausedOf.get(p.member_id);
    if (!weeks) pausedOf.set(p.member_id, (weeks = new Set<number>()));
    const first = weekIndex(p.first_week);
    for (let i = first, last = weekIndex(p.last_week); i <= last; i++) weeks.add(i);
    lower(p.member_id, first);
  }
  const clamp = (at: Date): number => Math.min(current, Math.max(since, weekIndex(weekKeyOf(at, circle.tz))));
  const joinedWeek = new Map(members.map((m) => [m.id, clamp(m.joined_circle_at ?? m.created_at)]));

  const entries = members.map((m) => {
    const calls = countsOf.get(m.id);
    const paused = pausedOf.get(m.id);
    return {
      memberId: String(m.id),
      displayName: m.display_name || 'someone',
      boardVisible: m.board_visible,
      currentStreak: currentRun(calls, paused, current, goal, lowestOf.get(m.id) ?? current),
      callsThisWeek: calls?.get(current) ?? 0,
      paused: paused?.has(current) ?? false,
    };
  });

  // Team weeks: from the earliest week any current member joined, through this week.
  const first = Math.min(current, ...joinedWeek.values());
  const active = new Array<number>(current - first + 1).fill(0);
  const completed = new Array<number>(current - first + 1).fill(0);
  for (const m of members) {
    const paused = pausedOf.get(m.id);
    const counts = countsOf.get(m.id);
    for (let w = joinedWeek.get(m.id)!; w <= current; w++) {
      if (paused?.has(w)) continue;
      active[w - first]! += 1;
      if ((counts?.get(w) ?? 0) >= goal) completed[w - first]! += 1;
    }
  }
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
