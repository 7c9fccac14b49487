/**
 * A circle's standing: the leaderboard (current streaks and this week's calls; hidden members shown as
 * "anonymous") and the team streak (weeks in which enough active members completed). Figures come from
 * counts only (the member_weeks counters): notes and contact names are never read here.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Circle, Member, Pause } from '../db/types.js';
import { standingFrom, STANDING_HORIZON_WEEKS, type CircleStanding as Standing } from '../domain/standing.js';
import { addWeeks, weekKeyOf } from '../domain/weeks.js';
import { countCircleMemberWeeks, listCirclePauses } from '../store/circle-stats.js';
import { getCircle } from '../store/circles.js';
import { listCircleMembers } from '../store/members.js';

export type CircleStanding = Standing<Circle>;

export async function circleStanding(db: Db, clock: Clock, workspaceId: string, circleId: number): Promise<CircleStanding | null> {
  const now = clock.now();
  // The four reads run side by side (one round trip, not three). The circle's week depends on its zone,
  // which is not known yet: the counts are read from a week earlier than any zone's horizon start and
  // cut to the circle's below.
  const [circle, members, counts, pauses] = await Promise.all([
    getCircle(db, workspaceId, circleId),
    listCircleMembers(db, workspaceId, circleId),
    countCircleMemberWeeks(db, workspaceId, circleId, addWeeks(weekKeyOf(now, 'UTC'), -STANDING_HORIZON_WEEKS - 1)),
    listCirclePauses(db, workspaceId, circleId),
  ]);
  if (!circle) return null;
  const week = weekKeyOf(now, circle.tz);
  const since = addWeeks(week, -STANDING_HORIZON_WEEKS);
  return standingFrom({ circle, members, week, counts: counts.filter((c) => c.week >= since), pauses });
}

/** A circle's active members and their pauses, read once by a caller that needs them for more than one figure. */
export interface CircleRoster {
  members: Member[];
  pauses: Pause[];
}

/**
 * circleStanding for a circle the caller has already read, with its roster (members and pauses) read
 * by the caller too (the recap reads it once for the standing, the figures and the chart): only the
 * counters are read here, from the circle's own horizon.
 */
export async function standingOfCircle(db: Db, clock: Clock, circle: Circle, roster: Promise<CircleRoster>): Promise<CircleStanding> {
  const week = weekKeyOf(clock.now(), circle.tz);
  const since = addWeeks(week, -STANDING_HORIZON_WEEKS);
  const [{ members, pauses }, counts] = await Promise.all([roster, countCircleMemberWeeks(db, circle.workspace_id, circle.id, since)]);
  return standingFrom({ circle, members, week, counts, pauses });
}
