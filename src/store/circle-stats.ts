/** Read-only figures across a circle's members (boards and team streaks). Never selects notes or names of contacts. */
import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import type { Pause } from '../db/types.js';

/**
 * Calls per member and week for the given members, from `sinceWeek` on: the `member_weeks` counters
 * (one small row per member-week, kept by a trigger on calls), not an aggregate over every call.
 */
export async function countCallsByMemberWeek(
  db: Db,
  workspaceId: string,
  memberIds: readonly number[],
  sinceWeek: string,
): Promise<{ member_id: number; week: string; n: number }[]> {
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('member_weeks')
    .select(['member_id', 'week', 'calls as n'])
    .where('workspace_id', '=', workspaceId)
    .where('member_id', 'in', memberIds)
    .where('week', '>=', sinceWeek)
    .execute();
}

/** Every pause of the given members. */
export async function listPausesOfMembers(db: Db, workspaceId: string, memberIds: readonly number[]): Promise<Pause[]> {
  if (memberIds.length === 0) return [];
  return db.selectFrom('pauses').selectAll().where('workspace_id', '=', workspaceId).where('member_id', 'in', memberIds).orderBy('first_week').execute();
}

/** The circle's active members (what listCircleMembers returns), as a subquery. */
function circleMemberIds(db: Db, workspaceId: string, circleId: number) {
  return db.selectFrom('members').select('id').where('workspace_id', '=', workspaceId).where('circle_id', '=', circleId).where('status', '=', 'active');
}

/**
 * countCallsByMemberWeek for a circle's active members, without reading the members first (so it can
 * run beside that read): one round trip fewer on every board.
 */
export async function countCircleMemberWeeks(db: Db, workspaceId: string, circleId: number, sinceWeek: string): Promise<{ member_id: number; week: string; n: number }[]> {
  // One row per member ("2026-W48 5 2026-W49 3 …") instead of one per member-week: a circle's two years
  // are about 10,000 counters, and sending and parsing that many rows costs more than the scan. Each
  // member's counters are a subquery on the counters' key (an index-only scan), driven by the circle's
  // members (members_circle_idx): an aggregate over `member_id in (…)` let the planner walk every
  // member of the workspace in id order instead (2 to 20 ms at 10,000 members).
  const rows = await db
    .selectFrom('members as m')
    .select((eb) => [
      'm.id as member_id',
      eb
        .selectFrom('member_weeks as mw')
        .select(sql<string>`string_agg(mw.week || ' ' || mw.calls, ' ')`.as('weeks'))
        .whereRef('mw.workspace_id', '=', 'm.workspace_id')
        .whereRef('mw.member_id', '=', 'm.id')
        .where('mw.week', '>=', sinceWeek)
        .as('weeks'),
    ])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.circle_id', '=', circleId)
    .where('m.status', '=', 'active')
    .execute();
  const out: { member_id: number; week: string; n: number }[] = [];
  for (const r of rows) {
    if (!r.weeks) continue;
    const parts = r.weeks.split(' ');
    for (let i = 0; i + 1 < parts.length; i += 2) out.push({ member_id: r.member_id, week: parts[i]!, n: Number(parts[i + 1]) });
  }
  return out;
}

/** Every pause of a circle's active members (listPausesOfMembers without reading the members first). */
export async function listCirclePauses(db: Db, workspaceId: string, circleId: number): Promise<Pause[]> {
  return db
    .selectFrom('pauses')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('member_id', 'in', circleMemberIds(db, workspaceId, circleId))
    .orderBy('first_week')
    .execute();
}

/**
 * A circle's calls (by the circle they were logged in) per week and member, by outcome, from
 * `sinceWeek` on: what the recap chart draws. Reads the circle_member_weeks counters (one row per
 * member-week, kept by a trigger on calls; an index-only scan of its key), not the calls, and no names.
 */
export async function countCircleCallsByWeekOutcome(
  db: Db,
  workspaceId: string,
  circleId: number,
  sinceWeek: string,
): Promise<{ week: string; memberId: number; calls: number; conversations: number; voicemails: number; noAnswer: number }[]> {
  return db
    .selectFrom('circle_member_weeks')
    .select(['week', 'member_id as memberId', 'calls', 'conversations', 'voicemails', 'no_answers as noAnswer'])
    .where('workspace_id', '=', workspaceId)
    .where('circle_id', '=', circleId)
    .where('week', '>=', sinceWeek)
    .execute();
}
