/** Weekly circle recaps: one per circle and week (unique), written with the recap's outbox row. */
import { sql } from 'kysely';
import { executePrepared, type Db } from '../db/index.js';
import { enqueueMessageAfter, type OutboxMessage } from './outbox.js';

/**
 * Inserts the week's recap unless it exists and, only when this call created it, its message (the
 * outbox row): one statement, so one round trip and one transaction. True when this call created it.
 *
 * The commit does not wait for the WAL to reach the disk (`synchronous_commit` off for this statement's
 * transaction only, set in the statement itself; on a busy disk that wait is most of the recap's time).
 * Nothing is lost or sent twice by it: the outbox worker's claim of the message is a later commit that
 * does wait, and the WAL is flushed in order, so a claimed (and so sent) message is durable; after a
 * crash before the flush both rows are gone together, and the next tick makes the recap again from the
 * same calls.
 */
export async function insertRecapWithMessage(
  db: Db,
  r: { workspaceId: string; circleId: number; week: string; figures: Record<string, unknown>; at: Date },
  message: OutboxMessage,
): Promise<boolean> {
  const [row] = await executePrepared(
    db,
    db
      .with('recap', (q) =>
        q
          .insertInto('recaps')
          .values({ workspace_id: r.workspaceId, circle_id: r.circleId, week: r.week, figures: JSON.stringify(r.figures), created_at: r.at })
          .onConflict((oc) => oc.columns(['workspace_id', 'circle_id', 'week']).doNothing())
          .returning('id'),
      )
      .with('message', () => enqueueMessageAfter(db, message, 'recap').returning('id'))
      .selectNoFrom([sql<number>`(select count(*) from recap)`.as('recaps'), sql<string>`set_config('synchronous_commit', 'off', true)`.as('commit')]),
  );
  return Number(row?.recaps) === 1;
}

export async function hasRecap(db: Db, workspaceId: string, circleId: number, week: string): Promise<boolean> {
  const r = await db.selectFrom('recaps').select('id').where('workspace_id', '=', workspaceId).where('circle_id', '=', circleId).where('week', '=', week).executeTakeFirst();
  return r !== undefined;
}

export async function listCircleRecaps(db: Db, workspaceId: string, circleId: number) {
  return db.selectFrom('recaps').selectAll().where('workspace_id', '=', workspaceId).where('circle_id', '=', circleId).orderBy('week').execute();
}

