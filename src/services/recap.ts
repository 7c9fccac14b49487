/**
 * The weekly recap and leaderboard in the circle's channel at the circle's recap day and time
 * (default Friday 16:00 circle time). The recaps row (unique circle + week, holding the figures) and
 * the outbox message are written in one transaction. Figures come from the domain's `recapFigures`
 * (counts only: no notes or contact names) and `leaderboard` (via circleStanding).
 */
import type { Circle } from '../db/types.js';
import { recapFigures, type RecapFigures } from '../domain/recap.js';
import { addWeeks, instantAt, weekKeyOf, weeksBetween, type WeekKey } from '../domain/weeks.js';
import { listCircleWeekCalls } from '../store/calls.js';
import { listActiveCircles } from '../store/circles.js';
import { listCircleMembers } from '../store/members.js';
import { countCircleCallsByMemberWeek } from '../store/export.js';
import { enqueueMessage } from '../store/outbox.js';
import { listWeekGroupsTalked } from '../store/pairings.js';
import { pausedMemberIds } from '../store/pauses.js';
import { hasRecap, insertRecapOnce } from '../store/recaps.js';
import { circleStanding } from './boards.js';
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

/** The figures of a circle's week (exported for tests: they must match the logged calls). */
export async function circleWeekFigures(ctx: ServiceContext, circle: Circle, week: WeekKey): Promise<RecapFigures> {
  const { db } = ctx;
  const ws = circle.workspace_id;
  const members = await listCircleMembers(db, ws, circle.id);
  const paused = await pausedMemberIds(db, ws, members.map((m) => m.id), week);
  const calls = await listCircleWeekCalls(db, ws, circle.id, week);
  const groups = await listWeekGroupsTalked(db, ws, circle.id, week);
  return recapFigures({
    calls: calls.map((c) => ({ memberId: String(c.member_id), category: c.category, outcome: c.outcome, minutes: c.minutes, isCallback: c.is_callback, opportunity: c.opportunity })),
    activeMemberIds: members.filter((m) => !paused.has(m.id)).map((m) => String(m.id)),
    goal: circle.goal,
    groups: groups.map((g) => ({ memberIds: g.memberIds.map(String), talked: g.talked })),
  });
}

/**
 * The recap chart's figures: the circle's calls per week for the last {@link RECAP_CHART_WEEKS} weeks
 * (the recap's week last) by outcome, the goal line (goal x active members) and how many of the active
 * members reached the goal. Active in a week: a current member of the circle who had joined it by that
 * week and was not paused. Counts only.
 */
export async function recapChartWeeks(ctx: ServiceContext, circle: Circle, week: WeekKey): Promise<RecapChartWeek[]> {
  const { db } = ctx;
  const ws = circle.workspace_id;
  const first = addWeeks(week, -(RECAP_CHART_WEEKS - 1));
  const weeks = weeksBetween(first, week);
  const counts = await countCircleCallsByMemberWeek(db, ws, circle.id, first);
  const members = await listCircleMembers(db, ws, circle.id);
  const out: RecapChartWeek[] = [];
  for (const w of weeks) {
    const paused = await pausedMemberIds(db, ws, members.map((m) => m.id), w);
    const active = members.filter((m) => !paused.has(m.id) && (m.joined_circle_at === null || weekKeyOf(new Date(m.joined_circle_at), circle.tz) <= w));
    const activeIds = new Set(active.map((m) => m.id));
    const rows = counts.filter((r) => r.week === w);
    out.push({
      week: w,
      conversations: rows.reduce((n, r) => n + r.conversations, 0),
      voicemails: rows.reduce((n, r) => n + r.voicemails, 0),
      noAnswer: rows.reduce((n, r) => n + r.noAnswer, 0),
      goal: circle.goal * active.length,
      activeMembers: active.length,
      membersReached: rows.filter((r) => activeIds.has(r.memberId) && r.calls >= circle.goal).length,
    });
  }
  return out;
}

export async function recapCircleWeek(ctx: ServiceContext, circle: Circle, week: WeekKey): Promise<boolean> {
  const { db, clock } = ctx;
  const ws = circle.workspace_id;
  const figures = await circleWeekFigures(ctx, circle, week);
  const standing = await circleStanding(db, clock, ws, circle.id);
  const board = standing?.rows ?? [];
  const team = standing?.team ?? { current: 0, best: 0 };
  const msg = ctx.messages({ kind: 'recap', week, circleName: circle.name, goal: circle.goal, figures, leaderboard: board, teamStreak: team });
  const chart: MessageFileModel = { kind: 'recapChart', title: `${circle.name ? `#${circle.name}` : 'Circle'}: calls per week`, weeks: await recapChartWeeks(ctx, circle, week) };
  return db.transaction().execute(async (trx) => {
    const inserted = await insertRecapOnce(trx, { workspaceId: ws, circleId: circle.id, week, figures: { ...figures, leaderboard: board, teamStreak: team }, at: clock.now() });
    if (!inserted) return false;
    await enqueueMessage(trx, {
      workspaceId: ws,
      dedupeKey: `recap:${circle.id}:${week}`,
      kind: 'recap',
      method: 'chat.postMessage',
      channelKey: circle.channel_id,
      payload: { channel: circle.channel_id, ...msg, _file: chart },
      circleId: circle.id,
      at: clock.now(),
    });
    return true;
  });
}
