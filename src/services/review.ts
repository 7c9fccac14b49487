/**
 * The 30-day review: privately, every four weeks (at the member's plan time, in weeks 4, 8, 12 … after
 * they became a member; `review:<member>:<week>`) and on `/calls review`. What it counts is in
 * src/domain/review.ts; this reads the member's own calls, plans and contacts.
 */
import type { Db } from '../db/index.js';
import type { Member } from '../db/types.js';
import type { Clock } from '../clock.js';
import { memberTimeZone } from '../domain/members.js';
import { findCategory, playbookOrDefault } from '../domain/playbooks.js';
import { REVIEW_DAYS, REVIEW_EVERY_WEEKS, reviewFigures } from '../domain/review.js';
import { addDays, isoWeekdayOf, localDateOf, weekIndex, weekKeyOf, weekKeyOfDate, type WeekKey } from '../domain/weeks.js';
import { listMemberCallsSince } from '../store/calls.js';
import { circleOf, listActiveCircles } from '../store/circles.js';
import { listLongestWaiting } from '../store/contacts.js';
import { markJobOnce, markedKeys } from '../store/job-marks.js';
import { listActiveMembers } from '../store/members.js';
import { enqueueMessage, memberDm } from '../store/outbox.js';
import { listMemberPlansBetween } from '../store/plans.js';
import type { ReviewInput, ServiceContext } from './messages.js';
import { planDueAt } from './plans.js';

/** The member's review as of now (their zone). */
export async function memberReview(db: Db, clock: Clock, member: Member, scheduled = false): Promise<ReviewInput> {
  const today = localDateOf(clock.now(), memberTimeZone(member));
  const since = addDays(today, -(2 * REVIEW_DAYS - 1));
  const calls = await listMemberCallsSince(db, member.workspace_id, member.id, since);
  const start = addDays(today, -(REVIEW_DAYS - 1));
  const thisWeek = weekKeyOfDate(today);
  // Skipped categories count the finished weeks the last 30 days touch.
  const plans = await listMemberPlansBetween(db, member.workspace_id, member.id, weekKeyOfDate(start), thisWeek);
  const contacts = await listLongestWaiting(db, member.workspace_id, member.id, 5);
  const figures = reviewFigures({ today, calls, plans, planCalls: calls.map((c) => ({ week: c.week, category: c.category })), contacts });
  const playbook = playbookOrDefault((await circleOf(db, member))?.playbook);
  const categoryTitles: Record<string, string> = {};
  for (const s of figures.skipped) categoryTitles[s.category] = findCategory(playbook, s.category)?.title ?? s.category;
  return { figures, categoryTitles, scheduled };
}

/** Whether `week` is a review week for the member: a whole multiple of four weeks after they joined. */
export function isReviewWeek(member: Member, week: WeekKey): boolean {
  const since = weekIndex(week) - weekIndex(weekKeyOf(new Date(member.created_at), memberTimeZone(member)));
  return since > 0 && since % REVIEW_EVERY_WEEKS === 0;
}

/** When the member's review of `week` is due (their plan time), or null when it is not a review week. */
export function reviewDueAt(member: Member, circle: Parameters<typeof planDueAt>[1], week: WeekKey): Date | null {
  return isReviewWeek(member, week) ? planDueAt(member, circle, week) : null;
}

/** Sends the four-weekly reviews that are due (once per member and week, decided in job_marks). */
export async function sendDueReviews(ctx: ServiceContext, workspaceId: string): Promise<number> {
  const { db, clock } = ctx;
  const now = clock.now();
  const circles = new Map((await listActiveCircles(db, workspaceId)).map((c) => [c.id, c]));
  const due: { m: Member; key: string }[] = [];
  for (const m of await listActiveMembers(db, workspaceId)) {
    const tz = memberTimeZone(m);
    const week = weekKeyOf(now, tz);
    const circle = m.circle_id !== null ? circles.get(m.circle_id) : undefined;
    const at = reviewDueAt(m, circle, week);
    if (!at || now.getTime() < at.getTime() || isoWeekdayOf(now, tz) === 7) continue;
    due.push({ m, key: `review:${m.id}:${week}` });
  }
  if (due.length === 0) return 0;
  const decided = await markedKeys(db, workspaceId, due.map((d) => d.key));
  let sent = 0;
  for (const d of due.filter((x) => !decided.has(x.key))) {
    const model = await memberReview(db, clock, d.m, true);
    await db.transaction().execute(async (trx) => {
      if (!(await markJobOnce(trx, workspaceId, d.key, now))) return;
      if (await enqueueMessage(trx, { ...memberDm(d.m, ctx.messages({ kind: 'review', ...model })), dedupeKey: d.key, kind: 'review', at: now })) sent++;
    });
  }
  return sent;
}

/** `/calls review`: the review now, as a DM (once per request id). */
export async function requestReview(ctx: ServiceContext, member: Member, requestId: string): Promise<boolean> {
  const model = await memberReview(ctx.db, ctx.clock, member, false);
  return enqueueMessage(ctx.db, { ...memberDm(member, ctx.messages({ kind: 'review', ...model })), dedupeKey: `review-now:${member.id}:${requestId}`, kind: 'review', at: ctx.clock.now(), priority: 1 });
}
