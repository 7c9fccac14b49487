/**
 * A circle's standing: the leaderboard (current streaks and this week's calls; hidden members shown as
 * "anonymous") and the team streak (weeks in which enough active members completed). Figures come from
 * counts only (the member_call_series counters): notes and contact names are never read here.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Circle } from '../db/types.js';
import { seriesSince, standingFrom, STANDING_HORIZON_WEEKS, type CircleStanding as Standing } from '../domain/standing.js';
import { addWeeks, weekKeyOf, type WeekKey } from '../domain/weeks.js';
import { readCircleBoard, type CircleRoster } from '../store/circle-stats.js';

export type CircleStanding = Standing<Circle>;

/** The first week a standing in `week` looks at. */
export function standingSince(week: WeekKey): WeekKey {
  return addWeeks(week, -STANDING_HORIZON_WEEKS);
}

export async function circleStanding(db: Db, clock: Clock, workspaceId: string, circleId: number): Promise<CircleStanding | null> {
  // The circle and its roster in one statement. The circle's week depends on its zone, which is not
  // known before the read: the roster is read from a week earlier than any zone's horizon start and
  // cut to the circle's in standingOfCircle.
  const board = await readCircleBoard(db, workspaceId, circleId, addWeeks(standingSince(weekKeyOf(clock.now(), 'UTC')), -1));
  return board && standingOfCircle(clock, board.circle, board.roster);
}

/**
 * circleStanding for a circle and roster the caller has already read (the recap reads the roster once
 * for the standing, the figures and the chart), from a week no later than the circle's horizon start.
 */
export function standingOfCircle(clock: Clock, circle: Circle, roster: CircleRoster): CircleStanding {
  const week = weekKeyOf(clock.now(), circle.tz);
  return standingFrom({ circle, members: roster.members, week, series: seriesSince(roster.series, standingSince(week)), pauses: roster.pauses });
}
