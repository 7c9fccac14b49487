/**
 * Member DMs on a timetable:
 * - the weekday nudge at the member's chosen local time (members.nudge_time), only for members who
 *   opted in (nudge_enabled), are not paused, have not logged a call today and have not reached the
 *   week's goal (dedupe `nudge:<member>:<date>`; a missed nudge is sent later the same day, never on
 *   another day);
 * - the streak-at-risk DM on Thursday 15:00 local for members below the goal whose current streak is
 *   at least 2 (dedupe `at-risk:<member>:<week>`).
 * The decision is recorded in job_marks under the same key, so a member who needed no nudge is not
 * looked at again that day.
 */
import type { Member } from '../db/types.js';
import { instantAt, instantAtDate, isoWeekdayOfDate, localDateOf, weekKeyOf, type LocalDate, type WeekKey } from '../domain/weeks.js';
import { markJobOnce, markedKeys } from '../store/job-marks.js';
import { memberTimeZone } from '../domain/members.js';
import { listActiveMembers } from '../store/members.js';
import { enqueueMessage, memberDm } from '../store/outbox.js';
import { pausedMemberIds } from '../store/pauses.js';
import { memberProgress } from './progress.js';
import { AT_RISK_DAY, AT_RISK_TIME, type ServiceContext } from './messages.js';

export const AT_RISK_MIN_STREAK = 2;

/** When a member's weekday nudge on local `date` is due, or null (not opted in, or a weekend). */
export function nudgeDueAt(member: Member, date: LocalDate): Date | null {
  if (!member.nudge_enabled || isoWeekdayOfDate(date) > 5) return null;
  return instantAtDate(date, member.nudge_time, memberTimeZone(member));
}

/** When a member's streak-at-risk DM for `week` is due: Thursday 15:00 in the member's zone. */
export function atRiskDueAt(member: Member, week: WeekKey): Date {
  return instantAt(week, AT_RISK_DAY, AT_RISK_TIME, memberTimeZone(member));
}

export async function sendDueNudges(ctx: ServiceContext, workspaceId: string): Promise<number> {
  const { db, clock } = ctx;
  const now = clock.now();
  const due: { m: Member; key: string; week: string }[] = [];
  for (const m of await listActiveMembers(db, workspaceId)) {
    const tz = memberTimeZone(m);
    const date = localDateOf(now, tz);
    const dueAt = nudgeDueAt(m, date);
    if (!dueAt || now.getTime() < dueAt.getTime()) continue;
    due.push({ m, key: `nudge:${m.id}:${date}`, week: weekKeyOf(now, tz) });
  }
  return decideOnce(ctx, workspaceId, due, async ({ m }) => {
    const p = await memberProgress(db, clock, m, { squares: 1 });
    const calledToday = p.weekCalls.some((c) => c.call_date === p.today);
    if (calledToday || p.suggestion.complete) return null;
    return { kind: 'nudge', msg: ctx.messages({ kind: 'nudge', displayName: m.display_name, week: p.week, playbook: p.playbook, suggestion: p.suggestion, goal: p.goal }) };
  });
}

export async function sendDueAtRisk(ctx: ServiceContext, workspaceId: string): Promise<number> {
  const { db, clock } = ctx;
  const now = clock.now();
  const due: { m: Member; key: string; week: string }[] = [];
  for (const m of await listActiveMembers(db, workspaceId)) {
    const tz = memberTimeZone(m);
    const week = weekKeyOf(now, tz);
    if (now.getTime() < atRiskDueAt(m, week).getTime()) continue;
    due.push({ m, key: `at-risk:${m.id}:${week}`, week });
  }
  return decideOnce(ctx, workspaceId, due, async ({ m }) => {
    const p = await memberProgress(db, clock, m, { squares: 1 });
    if (p.suggestion.complete || p.streak.current < AT_RISK_MIN_STREAK) return null;
    return {
      kind: 'at-risk',
      msg: ctx.messages({ kind: 'streakAtRisk', displayName: m.display_name, week: p.week, streak: p.streak.current, logged: p.suggestion.logged, goal: p.goal }),
    };
  });
}

/** For each due item not decided yet: skip paused members, decide, and mark + enqueue in one transaction. */
async function decideOnce(
  ctx: ServiceContext,
  workspaceId: string,
  due: { m: Member; key: string; week: string }[],
  decide: (item: { m: Member; week: string }) => Promise<{ kind: string; msg: { text: string; blocks?: unknown[] } } | null>,
): Promise<number> {
  const { db, clock } = ctx;
  if (due.length === 0) return 0;
  const decided = await markedKeys(db, workspaceId, due.map((d) => d.key));
  const open = due.filter((d) => !decided.has(d.key));
  let sent = 0;
  for (const d of open) {
    const paused = await pausedMemberIds(db, workspaceId, [d.m.id], d.week);
    const outcome = paused.has(d.m.id) ? null : await decide(d);
    await db.transaction().execute(async (trx) => {
      if (!(await markJobOnce(trx, workspaceId, d.key, clock.now()))) return;
      if (!outcome) return;
      const inserted = await enqueueMessage(trx, {
        ...memberDm(d.m, outcome.msg),
        dedupeKey: d.key,
        kind: outcome.kind,
        at: clock.now(),
      });
      if (inserted) sent++;
    });
  }
  return sent;
}
