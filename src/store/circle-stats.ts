/** Read-only figures across a circle's members (boards and team streaks). Never selects notes or names of contacts. */
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
