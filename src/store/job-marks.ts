/**
 * Marks for scheduled work without a natural row of its own (nudges, mid-week checks, at-risk DMs,
 * pause expiry): the first process to insert the mark does the work, in the same transaction.
 */
import type { Db } from '../db/index.js';

/** Inserts the mark; true only for the caller that inserted it. */
export async function markJobOnce(db: Db, workspaceId: string, key: string, at: Date): Promise<boolean> {
  const r = await db
    .insertInto('job_marks')
    .values({ workspace_id: workspaceId, key, done_at: at })
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function hasJobMark(db: Db, workspaceId: string, key: string): Promise<boolean> {
  const r = await db.selectFrom('job_marks').select('key').where('workspace_id', '=', workspaceId).where('key', '=', key).executeTakeFirst();
  return r !== undefined;
}

/** Which of `keys` are already marked (one query for a whole fan-out). */
export async function markedKeys(db: Db, workspaceId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await db.selectFrom('job_marks').select('key').where('workspace_id', '=', workspaceId).where('key', 'in', keys.slice(i, i + 1000)).execute();
    for (const r of rows) out.add(r.key);
  }
  return out;
}

/** Pauses whose last week is before `week` (candidates for the pause-expiry job). */
export async function listPausesEndingBefore(db: Db, workspaceId: string, week: string): Promise<{ id: number; member_id: number; last_week: string }[]> {
  return db.selectFrom('pauses').select(['id', 'member_id', 'last_week']).where('workspace_id', '=', workspaceId).where('last_week', '<', week).execute();
}
