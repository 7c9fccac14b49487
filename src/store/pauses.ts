import type { Db } from '../db/index.js';
import type { Pause } from '../db/types.js';

/** Pauses that cover at least one week in [fromWeek, toWeek] and were not resumed before they began. */
export async function listMemberPauses(db: Db, workspaceId: string, memberId: number): Promise<Pause[]> {
  return db.selectFrom('pauses').selectAll().where('workspace_id', '=', workspaceId).where('member_id', '=', memberId).orderBy('first_week').execute();
}

export async function insertPause(db: Db, p: { workspaceId: string; memberId: number; firstWeek: string; lastWeek: string; untilDate?: string | null; at: Date }): Promise<Pause> {
  return db
    .insertInto('pauses')
    .values({ workspace_id: p.workspaceId, member_id: p.memberId, first_week: p.firstWeek, last_week: p.lastWeek, until_date: p.untilDate ?? null, resumed_at: null, created_at: p.at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Ends every pause still covering `week` or later: the pause now ends with the week before `week`
 * (a pause that had not begun yet is dropped). Returns how many pauses changed.
 */
export async function endPausesFrom(db: Db, workspaceId: string, memberId: number, week: string, previousWeek: string, at: Date): Promise<number> {
  const dropped = await db
    .deleteFrom('pauses')
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('first_week', '>=', week)
    .executeTakeFirst();
  const cut = await db
    .updateTable('pauses')
    .set({ last_week: previousWeek, resumed_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('first_week', '<', week)
    .where('last_week', '>=', week)
    .executeTakeFirst();
  return Number(dropped.numDeletedRows) + Number(cut.numUpdatedRows);
}

/** Member ids (of the given ones) paused in `week`. */
export async function pausedMemberIds(db: Db, workspaceId: string, memberIds: readonly number[], week: string): Promise<Set<number>> {
  if (memberIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('pauses')
    .select('member_id')
    .distinct()
    .where('workspace_id', '=', workspaceId)
    .where('member_id', 'in', memberIds)
    .where('first_week', '<=', week)
    .where('last_week', '>=', week)
    .execute();
  return new Set(rows.map((r) => r.member_id));
}
