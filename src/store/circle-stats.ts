/** Read-only figures across a circle's members (boards and team streaks). Never selects notes or names of contacts. */
import type { Db } from '../db/index.js';
import type { Pause } from '../db/types.js';

/** Calls per member and week for the given members, from `sinceWeek` on. */
export async function countCallsByMemberWeek(
  db: Db,
  workspaceId: string,
  memberIds: readonly number[],
  sinceWeek: string,
): Promise<{ member_id: number; week: string; n: number }[]> {
  if (memberIds.length === 0) return [];
  const rows = await db
    .selectFrom('calls')
    .select(['member_id', 'week', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('member_id', 'in', memberIds)
    .where('week', '>=', sinceWeek)
    .groupBy(['member_id', 'week'])
    // In index order: PostgreSQL then aggregates while it scans calls_member_week_idx (a GroupAggregate),
    // about twice as fast as hashing 52 weeks x 200 members of rows first.
    .orderBy('member_id')
    .orderBy('week')
    .execute();
  return rows.map((r) => ({ member_id: r.member_id, week: r.week, n: Number(r.n) }));
}

/** Every pause of the given members. */
export async function listPausesOfMembers(db: Db, workspaceId: string, memberIds: readonly number[]): Promise<Pause[]> {
  if (memberIds.length === 0) return [];
  return db.selectFrom('pauses').selectAll().where('workspace_id', '=', workspaceId).where('member_id', 'in', memberIds).orderBy('first_week').execute();
}
