/**
 * A circle's standing: the leaderboard (current streaks and this week's calls; hidden members shown as
 * "anonymous") and the team streak (weeks in which enough active members completed). Figures come from
 * counts only: notes and contact names are never read here.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Circle } from '../db/types.js';
import { standingFrom, STANDING_HORIZON_WEEKS, type CircleStanding as Standing } from '../domain/standing.js';
import { addWeeks, weekKeyOf } from '../domain/weeks.js';
import { countCallsByMemberWeek, listPausesOfMembers } from '../store/circle-stats.js';
import { getCircle } from '../store/circles.js';
import { listCircleMembers } from '../store/members.js';

export type CircleStanding = Standing<Circle>;

export async function circleStanding(db: Db, clock: Clock, workspaceId: string, circleId: number): Promise<CircleStanding | null> {
  const circle = await getCircle(db, workspaceId, circleId);
  if (!circle) return null;
  const members = await listCircleMembers(db, workspaceId, circle.id);
  const week = weekKeyOf(clock.now(), circle.tz);
  const since = addWeeks(week, -STANDING_HORIZON_WEEKS);
  const ids = members.map((m) => m.id);
  const [counts, pauses] = await Promise.all([countCallsByMemberWeek(db, workspaceId, ids, since), listPausesOfMembers(db, workspaceId, ids)]);
  return standingFrom({ circle, members, week, counts, pauses });
}

