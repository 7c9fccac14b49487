import type { Db } from '../db/index.js';
import type { Circle, CircleUpdate, Member } from '../db/types.js';

/** Returns the circle for a channel, creating it when it does not exist (`created` tells which). */
export async function ensureCircle(
  db: Db,
  workspaceId: string,
  input: { channelId: string; name?: string | null; createdBy: string; tz?: string; at: Date },
): Promise<{ circle: Circle; created: boolean }> {
  const inserted = await db
    .insertInto('circles')
    .values({ workspace_id: workspaceId, channel_id: input.channelId, name: input.name ?? null, created_by: input.createdBy, tz: input.tz ?? 'UTC', created_at: input.at })
    .onConflict((oc) => oc.columns(['workspace_id', 'channel_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { circle: inserted, created: true };
  const circle = await getCircleByChannel(db, workspaceId, input.channelId);
  if (!circle) throw new Error('circle vanished after insert conflict');
  if (circle.status !== 'active') {
    return { circle: await updateCircle(db, workspaceId, circle.id, { status: 'active' }), created: false };
  }
  return { circle, created: false };
}

export async function getCircle(db: Db, workspaceId: string, id: number): Promise<Circle | undefined> {
  return db.selectFrom('circles').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** The member's circle, or null when they have none. The one place that reads it from a member. */
export async function circleOf(db: Db, member: Pick<Member, 'workspace_id' | 'circle_id'>): Promise<Circle | null> {
  return member.circle_id ? ((await getCircle(db, member.workspace_id, member.circle_id)) ?? null) : null;
}

export async function getCircleByChannel(db: Db, workspaceId: string, channelId: string): Promise<Circle | undefined> {
  return db.selectFrom('circles').selectAll().where('workspace_id', '=', workspaceId).where('channel_id', '=', channelId).executeTakeFirst();
}

export async function listActiveCircles(db: Db, workspaceId: string): Promise<Circle[]> {
  return db.selectFrom('circles').selectAll().where('workspace_id', '=', workspaceId).where('status', '=', 'active').orderBy('id').execute();
}

export async function updateCircle(db: Db, workspaceId: string, id: number, patch: CircleUpdate): Promise<Circle> {
  const { id: _id, workspace_id: _ws, ...rest } = patch;
  return db.updateTable('circles').set(rest).where('workspace_id', '=', workspaceId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/**
 * Marks the circle of a channel active again if it was inactive (the bot, removed from the channel,
 * has been invited back). Returns the circle when it changed, `undefined` otherwise.
 */
export async function reactivateCircleOfChannel(db: Db, workspaceId: string, channelId: string): Promise<Circle | undefined> {
  return db
    .updateTable('circles')
    .set({ status: 'active' })
    .where('workspace_id', '=', workspaceId)
    .where('channel_id', '=', channelId)
    .where('status', '=', 'inactive')
    .returningAll()
    .executeTakeFirst();
}

/** The bot cannot post in a circle's channel (archived, removed): the circle stops. */
export async function deactivateUnreachableCircle(db: Db, workspaceId: string, circleId: number): Promise<void> {
  await db.updateTable('circles').set({ status: 'inactive' }).where('workspace_id', '=', workspaceId).where('id', '=', circleId).execute();
}
