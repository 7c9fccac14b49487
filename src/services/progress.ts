/**
 * A member's progress: this week's calls against the goal, today's suggestion, streaks and the last
 * weeks as squares. Read-only; used by `/calls`, the App Home, confirmations, nudges and recaps.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Call, Circle, Member } from '../db/types.js';
import { playbookOrDefault, playbookWithoutPairing, type Playbook } from '../domain/playbooks.js';
import { memberStreak, weekSquares, type MemberStreak, type WeekSquare } from '../domain/streaks.js';
import { suggestToday, type TodaySuggestion } from '../domain/today.js';
import { addWeeks, compareWeeks, isoWeekdayOf, localDateOf, nextWeek, weekKeyOf, weeksBetween, type WeekKey } from '../domain/weeks.js';
import { countMemberCallsByWeek, listMemberWeekCalls } from '../store/calls.js';
import { circleOf } from '../store/circles.js';
import { DEFAULT_GOAL, memberTimeZone } from '../domain/members.js';
import { listMemberPauses } from '../store/pauses.js';

export { DEFAULT_GOAL };
/** How far back streaks look. Two years of weeks is plenty for a "best streak". */
const STREAK_HORIZON_WEEKS = 104;

export interface MemberProgress {
  member: Member;
  circle: Circle | null;
  playbook: Playbook;
  goal: number;
  timeZone: string;
  week: WeekKey;
  today: string;
  weekCalls: Call[];
  suggestion: TodaySuggestion;
  conversations: number;
  streak: MemberStreak;
  squares: WeekSquare[];
  pausedThisWeek: boolean;
  /** The next run of paused weeks after this one, if any is booked. */
  upcomingPause: { firstWeek: WeekKey; lastWeek: WeekKey } | null;
}

function upcomingPause(paused: Set<WeekKey>, week: WeekKey): { firstWeek: WeekKey; lastWeek: WeekKey } | null {
  const later = [...paused].filter((w) => compareWeeks(w, week) > 0).sort(compareWeeks);
  const first = later[0];
  if (first === undefined) return null;
  let last = first;
  while (paused.has(nextWeek(last))) last = nextWeek(last);
  return { firstWeek: first, lastWeek: last };
}

/** Every week covered by the member's pauses (resumed pauses were already cut short in the store). */
export async function pausedWeeksOf(db: Db, member: Member): Promise<Set<WeekKey>> {
  const weeks = new Set<WeekKey>();
  for (const p of await listMemberPauses(db, member.workspace_id, member.id)) {
    for (const w of weeksBetween(p.first_week, p.last_week)) weeks.add(w);
  }
  return weeks;
}

/** `options.circle`: the member's circle when the caller has read it already (undefined: read it here). */
export async function memberProgress(db: Db, clock: Clock, member: Member, options: { squares?: number; circle?: Circle | null } = {}): Promise<MemberProgress> {
  const now = clock.now();
  const timeZone = memberTimeZone(member);
  const week = weekKeyOf(now, timeZone);
  const circle = options.circle !== undefined ? options.circle : await circleOf(db, member);
  // Without weekly pairing (solo, or the circle's pairing is off) no call speaks of a partner.
  const playbook = circle?.pairing_enabled ? playbookOrDefault(circle.playbook) : playbookWithoutPairing(playbookOrDefault(circle?.playbook));
  const goal = circle?.goal ?? DEFAULT_GOAL;
  const [weekCalls, callsByWeek, pausedWeeks] = await Promise.all([
    listMemberWeekCalls(db, member.workspace_id, member.id, week),
    countMemberCallsByWeek(db, member.workspace_id, member.id, addWeeks(week, -STREAK_HORIZON_WEEKS)),
    pausedWeeksOf(db, member),
  ]);
  const firstWeek = weekKeyOf(member.created_at, timeZone);
  const streakInput = { callsByWeek, goal, pausedWeeks, currentWeek: week, firstWeek };
  return {
    member,
    circle,
    playbook,
    goal,
    timeZone,
    week,
    today: localDateOf(now, timeZone),
    weekCalls,
    suggestion: suggestToday({ playbook, calls: weekCalls, isoWeekday: isoWeekdayOf(now, timeZone), goal }),
    conversations: weekCalls.filter((c) => c.outcome === 'conversation').length,
    streak: memberStreak(streakInput),
    squares: weekSquares({ ...streakInput, count: options.squares ?? 8 }),
    pausedThisWeek: pausedWeeks.has(week),
    upcomingPause: upcomingPause(pausedWeeks, week),
  };
}
