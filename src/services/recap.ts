/**
 * The weekly recap and leaderboard in the circle's channel at the circle's recap day and time
 * (default Friday 16:00 circle time). The recaps row (unique circle + week, holding the figures) and
 * the outbox message are written in one transaction. Figures come from the domain's `recapFigures`
 * (counts only: no notes or contact names) and `leaderboard` (via standingOfCircle, circleStanding's
 * figures for a circle already read).
 */
import type { Circle } from '../db/types.js';
import { membersPausedIn } from '../domain/pauses.js';
import { recapFigures, type RecapFigures } from '../domain/recap.js';
import { addWeeks, instantAt, weekKeyOf, weeksBetween, type WeekKey } from '../domain/weeks.js';
import { listCircleWeekCalls } from '../store/calls.js';
import { countCircleCallsByWeekOutcome, listCirclePauses } from '../store/circle-stats.js';
import { listActiveCircles } from '../store/circles.js';
import { listCircleMembers } from '../store/members.js';
import { enqueueMessage } from '../store/outbox.js';
import { listWeekGroupsTalked } from '../store/pairings.js';
import { commitWithoutFlushWait, hasRecap, insertRecapOnce } from '../store/recaps.js';
import { standingOfCircle, type CircleRoster } from './boards.js';
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

/** A circle's active members and their pauses, side by side (one round trip). */
async function readRoster(ctx: ServiceContext, circle: Circle): Promise<CircleRoster> {
  const [members, pauses] = await Promise.all([listCircleMembers(ctx.db, circle.workspace_id, circle.id), listCirclePauses(ctx.db, circle.workspace_id, circle.id)]);
  return { members, pauses };
}

/** The figures of a circle's week (exported for tests: they must match the logged calls). */
export async function circleWeekFigures(ctx: ServiceContext, circle: Circle, week: WeekKey): Promise<RecapFigures> {
  return weekFigures(ctx, circle, week, readRoster(ctx, circle));
}

async function weekFigures(ctx: ServiceContext, circle: Circle, week: WeekKey, roster: Promise<CircleRoster>): Promise<RecapFigures> {
  const { db } = ctx;
  const ws = circle.workspace_id;
  // Side by side with the roster: one round trip for the four reads.
  const [{ members, pauses }, calls, groups] = await Promise.all([roster, listCircleWeekCalls(db, ws, circle.id, week), listWeekGroupsTalked(db, ws, circle.id, week)]);
  const paused = membersPausedIn(pauses, week);
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
 * week and was not paused. Counts only (the circle_member_weeks counters).
 */
export async function recapChartWeeks(ctx: ServiceContext, circle: Circle, week: WeekKey): Promise<RecapChartWeek[]> {
  return chartWeeks(ctx, circle, week, readRoster(ctx, circle));
}

async function chartWeeks(ctx: ServiceContext, circle: Circle, week: WeekKey, roster: Promise<CircleRoster>): Promise<RecapChartWeek[]> {
  const first = addWeeks(week, -(RECAP_CHART_WEEKS - 1));
  // Side by side with the roster, and the pauses once for all twelve weeks (not one query a week).
  const [counts, { members, pauses }] = await Promise.all([countCircleCallsByWeekOutcome(ctx.db, circle.workspace_id, circle.id, first), roster]);
  // The week each member joined, once per member (not once per member and week).
  const joined = new Map(members.map((m) => [m.id, m.joined_circle_at === null ? null : weekKeyOf(new Date(m.joined_circle_at), circle.tz)]));
  const rowsOf = new Map<WeekKey, typeof counts>();
  for (const r of counts) {
    const rows = rowsOf.get(r.week);
    if (rows) rows.push(r);
    else rowsOf.set(r.week, [r]);
  }
  return weeksBetween(first, week).map((w) => {
    const paused = membersPausedIn(pauses, w);
    const activeIds = new Set<number>();
    for (const m of members) {
      const j = joined.get(m.id);
      if (!paused.has(m.id) && (j === null || j === undefined || j <= w)) activeIds.add(m.id);
    }
    const rows = rowsOf.get(w) ?? [];
    let conversations = 0;
    let voicemails = 0;
    let noAnswer = 0;
    let membersReached = 0;
    for (const r of rows) {
      conversations += r.conversations;
      voicemails += r.voicemails;
      noAnswer += r.noAnswer;
      if (activeIds.has(r.memberId) && r.calls >= circle.goal) membersReached += 1;
    }
    return { week: w, conversations, voicemails, noAnswer, goal: circle.goal * activeIds.size, activeMembers: activeIds.size, membersReached };
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
  // The roster (members and pauses) is read once for the three: six reads side by side.
  const roster = readRoster(ctx, circle);
  const [figures, standing, weeks] = await Promise.all([weekFigures(ctx, circle, week, roster), standingOfCircle(db, clock, circle, roster), chartWeeks(ctx, circle, week, roster)]);
  const board = standing.rows;
  const team = standing.team;
  const msg = ctx.messages({ kind: 'recap', week, circleName: circle.name, goal: circle.goal, figures, leaderboard: board, teamStreak: team });
  const chart: MessageFileModel = { kind: 'recapChart', title: `${circle.name ? `#${circle.name}` : 'Circle'}: calls per week`, weeks };
  return db.transaction().execute(async (trx) => {
    // The commit does not wait for the WAL to reach the disk (on a busy disk that wait is most of the
    // recap's time). Nothing is lost or sent twice by it: the outbox worker's claim of this message is a
    // later commit that does wait, and the WAL is flushed in order, so a claimed (and so sent) message is
    // durable; after a crash before the flush both rows are gone together, and the next tick's
    // sendDueRecaps makes the recap again from the same calls.
    await commitWithoutFlushWait(trx);
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
