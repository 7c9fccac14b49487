/** Weekly circle recaps: one per circle and week (unique), written with the recap's outbox row. */
import { sql } from 'kysely';
import type { Db } from '../db/index.js';

/** Inserts the recap unless it exists; true when this call created it. */
export async function insertRecapOnce(db: Db, r: { workspaceId: string; circleId: number; week: string; figures: Record<string, unknown>; at: Date }): Promise<boolean> {
  const res = await db
    .insertInto('recaps')
    .values({ workspace_id: r.workspaceId, circle_id: r.circleId, week: r.week, figures: JSON.stringify(r.figures), created_at: r.at })
    .onConflict((oc) => oc.columns(['workspace_id', 'circle_id', 'week']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function hasRecap(db: Db, workspaceId: string, circleId: number, week: string): Promise<boolean> {
  const r = await db.selectFrom('recaps').select('id').where('workspace_id', '=', workspaceId).where('circle_id', '=', circleId).where('week', '=', week).executeTakeFirst();
  return r !== undefined;
}

export async function listCircleRecaps(db: Db, workspaceId: string, circleId: number) {
  return db.selectFrom('recaps').selectAll().where('workspace_id', '=', workspaceId).where('circle_id', '=', circleId).orderBy('week').execute();
}

/**
 * Inside a transaction (`trx`): its commit returns without waiting for the WAL to be flushed to disk
 * (`synchronous_commit = off` for this transaction only). The transaction stays atomic; only a crash in
 * the next few hundred milliseconds can undo it, whole. For writes that a later, flushed commit depends
 * on before anything leaves the database (see recapCircleWeek).
 */
export async function commitWithoutFlushWait(trx: Db): Promise<void> {
  await sql`set local synchronous_commit = off`.execute(trx);
}
