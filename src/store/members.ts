import type { Db } from '../db/index.js';
import type { Member, MemberUpdate } from '../db/types.js';

export interface NewMemberInput {
  slackUserId: string;
  displayName?: string;
  slackTz?: string;
  isAdmin?: boolean;
  /** When the member first used the bot (the Clock's now). */
  at: Date;
}

/**
 * Creates the member if unknown. `created` is true only for the call that inserted the row, so
 * "greet once" holds even when two requests race.
 */
export async function ensureMember(db: Db, workspaceId: string, input: NewMemberInput): Promise<{ member: Member; created: boolean }> {
  const inserted = await db
    .insertInto('members')
    .values({
      workspace_id: workspaceId,
      slack_user_id: input.slackUserId,
      display_name: input.displayName ?? '',
      slack_tz: input.slackTz ?? 'UTC',
      is_admin: input.isAdmin ?? false,
      created_at: input.at,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'slack_user_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { member: inserted, created: true };
  const member = await getMemberBySlackId(db, workspaceId, input.slackUserId);
  if (!member) throw new Error('member vanished after insert conflict');
  return { member, created: false };
}

export async function getMemberBySlackId(db: Db, workspaceId: string, slackUserId: string): Promise<Member | undefined> {
  return db.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId).where('slack_user_id', '=', slackUserId).executeTakeFirst();
}

export async function getMember(db: Db, workspaceId: string, id: number): Promise<Member | undefined> {
  return db.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function listMembers(db: Db, workspaceId: string, ids: readonly number[]): Promise<Member[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).orderBy('id').execute();
}

export async function listCircleMembers(db: Db, workspaceId: string, circleId: number): Promise<Member[]> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('circle_id', '=', circleId)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}

export async function updateMember(db: Db, workspaceId: string, id: number, patch: MemberUpdate): Promise<Member> {
  const { id: _id, workspace_id: _ws, ...rest } = patch;
  return db.updateTable('members').set(rest).where('workspace_id', '=', workspaceId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Marks greeted; returns true only for the first caller. */
export async function markGreeted(db: Db, workspaceId: string, id: number, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('members')
    .set({ greeted_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('greeted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setMemberCircle(db: Db, workspaceId: string, memberId: number, circleId: number | null, at: Date): Promise<Member> {
  return updateMember(db, workspaceId, memberId, { circle_id: circleId, joined_circle_at: circleId === null ? null : at });
}

/** Active members of every workspace, for the scheduler. */
export async function listActiveMembers(db: Db, workspaceId: string): Promise<Member[]> {
  return db.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId).where('status', '=', 'active').orderBy('id').execute();
}

/** The member with this Slack id, if they are in the circle of `channelId`. */
export async function findMemberInChannelCircle(db: Db, workspaceId: string, slackUserId: string, channelId: string): Promise<Member | undefined> {
  return db
    .selectFrom('members')
    .innerJoin('circles', (j) => j.onRef('circles.workspace_id', '=', 'members.workspace_id').onRef('circles.id', '=', 'members.circle_id'))
    .selectAll('members')
    .where('members.workspace_id', '=', workspaceId)
    .where('members.slack_user_id', '=', slackUserId)
    .where('circles.channel_id', '=', channelId)
    .executeTakeFirst();
}

/** A DM could not reach its member (user gone, DMs closed): the member stops getting scheduled work. */
export async function deactivateUnreachableMember(db: Db, workspaceId: string, memberId: number): Promise<void> {
  await db.updateTable('members').set({ status: 'inactive' }).where('workspace_id', '=', workspaceId).where('id', '=', memberId).execute();
}
