import { sql } from 'kysely';
import type { Db } from '../db/index.js';

/**
 * The member's contact with this name (case-insensitive), created when new, in one statement so two
 * concurrent check-ins for the same person cannot collide. `last_called_on` only moves forward; a Slack
 * user id, once known, is kept. Returns the contact id.
 */
export async function upsertContact(
  db: Db,
  c: { workspaceId: string; memberId: number; name: string; slackUserId?: string | null; calledOn: string; at: Date },
): Promise<number> {
  const row = await db
    .insertInto('contacts')
    .values({ workspace_id: c.workspaceId, member_id: c.memberId, name: c.name, slack_user_id: c.slackUserId ?? null, last_called_on: c.calledOn, created_at: c.at })
    .onConflict((oc) =>
      oc.expression(sql`workspace_id, member_id, lower(name)`).doUpdateSet({
        last_called_on: sql`greatest(contacts.last_called_on, excluded.last_called_on)`,
        slack_user_id: sql`coalesce(contacts.slack_user_id, excluded.slack_user_id)`,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The member's contacts, most recently called first (for suggestions in the check-in modal). */
export async function listRecentContacts(db: Db, workspaceId: string, memberId: number, limit = 20): Promise<{ id: number; name: string; last_called_on: string | null }[]> {
  return db
    .selectFrom('contacts')
    .select(['id', 'name', 'last_called_on'])
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .orderBy('last_called_on', (ob) => ob.desc().nullsLast())
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** One of the member's contacts by id (undefined when it is not theirs). */
export async function getMemberContact(db: Db, workspaceId: string, memberId: number, id: number): Promise<{ id: number; name: string } | undefined> {
  return db.selectFrom('contacts').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('member_id', '=', memberId).where('id', '=', id).executeTakeFirst();
}

/** The member's contact with this name (case-insensitive), if any. */
export async function findMemberContactByName(db: Db, workspaceId: string, memberId: number, name: string): Promise<{ id: number; name: string } | undefined> {
  return db
    .selectFrom('contacts')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
}

/** The member's contacts who have waited longest since a call (never called first). */
export async function listLongestWaiting(db: Db, workspaceId: string, memberId: number, limit = 5): Promise<{ name: string; last_called_on: string | null }[]> {
  return db
    .selectFrom('contacts')
    .select(['name', 'last_called_on'])
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .orderBy('last_called_on', (ob) => ob.asc().nullsFirst())
    .orderBy('name')
    .limit(limit)
    .execute();
}
