/**
 * The weekly recap and leaderboard in the circle's channel at the circle's recap day and time
 * (default Friday 16:00 circle time). The recaps row (unique circle + week, holding the figures) and
 * the outbox message are written in one transaction. Figures come from the domain's `recapFigures`
 * (over the week's calls counted in the database: no notes or contact names) and `leaderboard` (via
 * standingOfCircle, circleStanding's figures for a circle already read).
 */
import type { Circle } from '../db/types.js';
import { membersPausedIn } from '../domain/pauses.js';
import { recapFigures, type RecapFigures } from '../domain/recap.js';
import { addWeeks, instantAt, isWeekKey, weekIndex, weekIndexAt, weekKeyOf, weekKeyOfIndex, type WeekKey } from '../domain/weeks.js';
import { readCircleRecap, type CircleRecapReads } from '../store/circle-stats.js';
import { listActiveCircles } from '../store/circles.js';
import { hasRecap, insertRecapWithMessage } from '../store/recaps.js';
import { standingOfCircle, standingSince } from './boards.js';
import { RECAP_CHART_WEEKS, type MessageFileModel, type RecapChartWeek, type ServiceContext } from './messages.js';

/** When a circle's recap for `week` is due: its recap day and time in the circle's zone. */
export function recapDueAt(circle: Circle, week: WeekKey): Date {
  return instantAt(week, circle.recap_day, circle.recap_time, circle.tz);
}

export async function sendDueRecaps(ctx: ServiceContext, workspaceId: string): Promise<number> {
  const { db, clock } = ctx;
  const now = clock.now();
  let created = 0;
  for (const circle of await listActiveCircles(db, workspaceId)) {
    const week = weekKeyOf(now, circle.tz);
    const due = recapDueAt(circle, week);
    if (now.getTime() < due.getTime()) continue;
    // A circle created after this week's recap time has nothing to recap yet.
    if (new Date(circle.created_at).getTime() > due.getTime()) continue;
    if (await hasRecap(db, workspaceId, circle.id, week)) continue;
    if (await recapCircleWeek(ctx, circle, week)) created++;
  }
  return created;
}

/**
 * What the recap reads of a circle's week (one read, three statements side by side): the roster (from
 * the standing's horizon), the week's tally and pairings, and the chart's weeks.
 */
function readWeek(ctx: ServiceContext, circle: Circle, week: WeekKey): Promise<CircleRecapReads> {
  return readCircleRecap(ctx.db, circle, week, standingSince(weekKeyOf(ctx.clock.now(), circle.tz)), addWeeks(week, -(RECAP_CHART_WEEKS - 1)));
}

/** The figures of a circle's week (exported for tests: they must match the logged calls). */
export async function circleWeekFigures(ctx: ServiceContext, circle: Circle, week: WeekKey): Promise<RecapFigures> {
  return weekFigures(circle, week, await readWeek(ctx, circle, week));
}

function weekFigures(circle: Circle, week: WeekKey, reads: CircleRecapReads): RecapFigures {
  const { members, pauses } = reads.roster;
  const paused = membersPausedIn(pauses, week);
  return recapFigures({
    tally: reads.tally,
    activeMemberIds: members.filter((m) => !paused.has(m.id)).map((m) => String(m.id)),
    goal: circle.goal,
    groups: reads.groups.map((g) => ({ memberIds: g.memberIds.map(String), talked: g.talked })),
  });
}

/**
 * The recap chart's figures: the circle's calls per week for the last {@link RECAP_CHART_WEEKS} weeks
 * (the recap's week last) by outcome, the goal line (goal x active members) and how many of the active
 * members reached the goal. Active in a week: a current member of the circle who had joined it by that
 * week and was not paused. Counts only (the circle_member_weeks counters).
 */
export async function recapChartWeeks(ctx: ServiceContext, circle: Circle, week: WeekKey): Promise<RecapChartWeek[]> {
  return chartWeeks(circle, week, await readWeek(ctx, circle, week));
}

function chartWeeks(circle: Circle, week: WeekKey, reads: CircleRecapReads): RecapChartWeek[] {
  const { members, pauses } = reads.roster;
  const last = weekIndex(week);
  const first = last - (RECAP_CHART_WEEKS - 1);
  // Weeks as indices: the week each member joined once per member, and the chart's paused weeks once
  // per pause (not once per member and week).
  const joined = new Map(members.map((m) => [m.id, m.joined_circle_at === null ? -Infinity : weekIndexAt(m.joined_circle_at, circle.tz)]));
  const pausedAt = new Map<number, Uint8Array>();
  for (const p of pauses) {
    if (!joined.has(p.member_id) || !isWeekKey(p.first_week) || !isWeekKey(p.last_week)) continue;
    const marks = pausedAt.get(p.member_id) ?? new Uint8Array(RECAP_CHART_WEEKS);
    pausedAt.set(p.member_id, marks);
    for (let w = Math.max(first, weekIndex(p.first_week)); w <= Math.min(last, weekIndex(p.last_week)); w++) marks[w - first] = 1;
  }
  const isActive = (id: number, w: number): boolean => (joined.get(id) ?? Infinity) <= w && pausedAt.get(id)?.[w - first] !== 1;
  const countsOf = new Map(reads.chart.map((c) => [c.week, c]));
  return Array.from({ length: RECAP_CHART_WEEKS }, (_, k) => {
    const w = first + k;
    let activeMembers = 0;
    for (const m of members) if (isActive(m.id, w)) activeMembers += 1;
    const key = weekKeyOfIndex(w);
    const c = countsOf.get(key);
    const membersReached = c ? c.reachedIds.filter((id) => isActive(id, w)).length : 0;
    return { week: key, conversations: c?.conversations ?? 0, voicemails: c?.voicemails ?? 0, noAnswer: c?.noAnswer ?? 0, goal: circle.goal * activeMembers, activeMembers, membersReached };
  });
}

/**
 * Writes the week's recap (the recaps row) and its message (the outbox row) in one transaction. The
 * chart is not drawn here: the message carries the chart's figures as a model, and the outbox worker
 * renders and uploads the picture when it delivers the message.
 */
export async function recapCircleWeek(ctx: ServiceContext, circle: Circle, week: WeekKey): Promise<boolean> {
  const { db, clock } = ctx;
  const ws = circle.workspace_id;
  // One read for the three: the figures, the standing and the chart.
  const reads = await readWeek(ctx, circle, week);
  const figures = weekFigures(circle, week, reads);
  const standing = standingOfCircle(clock, circle, reads.roster);
  const weeks = chartWeeks(circle, week, reads);
  const board = standing.rows;
  const team = standing.team;
  const msg = ctx.messages({ kind: 'recap', week, circleName: circle.name, goal: circle.goal, figures, leaderboard: board, teamStreak: team });
  const chart: MessageFileModel = { kind: 'recapChart', title: `${circle.name ? `#${circle.name}` : 'Circle'}: calls per week`, weeks };
  return insertRecapWithMessage(
    db,
    { workspaceId: ws, circleId: circle.id, week, figures: { ...figures, leaderboard: board, teamStreak: team }, at: clock.now() },
    {
      workspaceId: ws,
      dedupeKey: `recap:${circle.id}:${week}`,
      kind: 'recap',
      method: 'chat.postMessage',
      channelKey: circle.channel_id,
      payload: { channel: circle.channel_id, ...msg, _file: chart },
      circleId: circle.id,
      at: clock.now(),
    },
  );
}
