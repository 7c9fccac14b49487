import type { Db } from '../db/index.js';

/**
 * Records a Slack event id. Returns true only for the first caller: Slack repeats `event_id` on its
 * retries, so a retry (or a second process receiving the same event) becomes a no-op.
 */
export async function recordEventOnce(db: Db, e: { eventId: string; workspaceId: string; type: string; at: Date }): Promise<boolean> {
  const r = await db
    .insertInto('slack_events')
    .values({ event_id: e.eventId, workspace_id: e.workspaceId, type: e.type, received_at: e.at })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Forgets an event id whose handling failed, so Slack's retry of it is handled again. */
export async function forgetEvent(db: Db, eventId: string): Promise<void> {
  await db.deleteFrom('slack_events').where('event_id', '=', eventId).execute();
}
