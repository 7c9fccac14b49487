/**
 * A circle's standing from its counts: the leaderboard (current streaks and this week's calls) and the
 * team streak (weeks in which enough active members completed). Pure: the rows come in as arguments.
 */
import { DEFAULT_GOAL } from './members.js';
import { leaderboard, type LeaderboardRow } from './recap.js';
import { memberStreak, teamStreak, type TeamWeek } from './streaks.js';
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

/** A circle's standing this week from its members, their call counts per week and their pauses. */
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
  // Weeks are parsed once, to indices; everything below compares integers.
  const byMember = new Map<number, Map<WeekKey, number>>();
  const countsByIndex = new Map<number, Map<number, number>>();
  for (const c of input.counts) {
    const m = byMember.get(c.member_id) ?? new Map<WeekKey, number>();
    m.set(c.week, c.n);
    byMember.set(c.member_id, m);
    if (!isWeekKey(c.week)) continue;
    const byIndex = countsByIndex.get(c.member_id) ?? new Map<number, number>();
    byIndex.set(weekIndex(c.week), c.n);
    countsByIndex.set(c.member_id, byIndex);
  }
  const pausedBy = new Map<number, Set<WeekKey>>();
  const pausedIndex = new Map<number, Set<number>>();
  for (const p of input.pauses) {
    const s = pausedBy.get(p.member_id) ?? new Set<WeekKey>();
    const si = pausedIndex.get(p.member_id) ?? new Set<number>();
    for (let i = weekIndex(p.first_week), last = weekIndex(p.last_week); i <= last; i++) {
      s.add(weekKeyOfIndex(i));
      si.add(i);
    }
    pausedBy.set(p.member_id, s);
    pausedIndex.set(p.member_id, si);
  }
  const clamp = (at: Date): number => Math.min(current, Math.max(since, weekIndex(weekKeyOf(at, circle.tz))));
  const joinedWeek = new Map(members.map((m) => [m.id, clamp(m.joined_circle_at ?? m.created_at)]));

  const entries = members.map((m) => {
    const calls = byMember.get(m.id) ?? new Map<WeekKey, number>();
    const streak = memberStreak({ callsByWeek: calls, goal, pausedWeeks: pausedBy.get(m.id), currentWeek: week, firstWeek: weekKeyOfIndex(clamp(m.created_at)) });
    const paused = pausedIndex.get(m.id)?.has(current) ?? false;
    return { memberId: String(m.id), displayName: m.display_name || 'someone', boardVisible: m.board_visible, currentStreak: streak.current, callsThisWeek: calls.get(week) ?? 0, paused };
  });

  // Team weeks: from the earliest week any current member joined, through this week.
  const first = Math.min(current, ...joinedWeek.values());
  const active = new Array<number>(current - first + 1).fill(0);
  const completed = new Array<number>(current - first + 1).fill(0);
  for (const m of members) {
    const paused = pausedIndex.get(m.id);
    const counts = countsByIndex.get(m.id);
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
