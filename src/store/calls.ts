import type { Db } from '../db/index.js';
import type { Call, NewCall } from '../db/types.js';

/**
 * Inserts a check-in once: the idempotency key (the modal's view id, or the pair check) makes a double
 * submit or a Slack retry write one row. Returns the row and whether this call created it.
 */
export async function insertCallOnce(db: Db, call: NewCall): Promise<{ call: Call; created: boolean }> {
  const inserted = await db
    .insertInto('calls')
    .values(call)
    .onConflict((oc) => oc.columns(['workspace_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { call: inserted, created: true };
  const existing = await db
    .selectFrom('calls')
    .selectAll()
    .where('workspace_id', '=', call.workspace_id)
    .where('idempotency_key', '=', call.idempotency_key)
    .executeTakeFirstOrThrow();
  return { call: existing, created: false };
}

/** The categories of the calls each of `memberIds` logged in `week` (one row per call): for a plan sent late. */
export async function listMembersWeekCategories(db: Db, workspaceId: string, memberIds: readonly number[], week: string): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (memberIds.length === 0) return out;
  const rows = await db
    .selectFrom('calls')
    .select(['member_id', 'category'])
    .where('workspace_id', '=', workspaceId)
    .where('member_id', 'in', [...memberIds])
    .where('week', '=', week)
    .execute();
  for (const r of rows) {
    const list = out.get(r.member_id) ?? [];
    list.push(r.category);
    out.set(r.member_id, list);
  }
  return out;
}

/** A member's calls in one week, oldest first (their own notes included: this never leaves the member). */
export async function listMemberWeekCalls(db: Db, workspaceId: string, memberId: number, week: string): Promise<Call[]> {
  return db
    .selectFrom('calls')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('week', '=', week)
    .orderBy('call_date')
    .orderBy('id')
    .execute();
}

/** Whether a member has a call of `category` (from any source) in `week`. */
export async function hasMemberWeekCall(db: Db, workspaceId: string, memberId: number, week: string, category: string): Promise<boolean> {
  const row = await db
    .selectFrom('calls')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('week', '=', week)
    .where('category', '=', category)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Number of calls per week for a member, from `sinceWeek` on (inclusive): the member_weeks counters. */
export async function countMemberCallsByWeek(db: Db, workspaceId: string, memberId: number, sinceWeek?: string): Promise<Record<string, number>> {
  let q = db.selectFrom('member_weeks').select(['week', 'calls']).where('workspace_id', '=', workspaceId).where('member_id', '=', memberId);
  if (sinceWeek) q = q.where('week', '>=', sinceWeek);
  const rows = await q.execute();
  return Object.fromEntries(rows.map((r) => [r.week, r.calls]));
}

/**
 * The member's latest unanswered call (voicemail or no answer) with a person before `onOrBefore`, by
 * contact id or name (case-insensitive), other than `exceptId`: what a callback answers.
 */
export async function findUnansweredCall(db: Db, c: { workspaceId: string; memberId: number; contactId: number | null; name: string; onOrBefore: string; exceptId: number }): Promise<Call | undefined> {
  return db
    .selectFrom('calls')
    .selectAll()
    .where('workspace_id', '=', c.workspaceId)
    .where('member_id', '=', c.memberId)
    .where('outcome', 'in', ['voicemail', 'no_answer'])
    .where('call_date', '<=', c.onOrBefore)
    .where('id', '!=', c.exceptId)
    .where((eb) => {
      const byName = eb(eb.fn('lower', ['contact_name']), '=', c.name.toLowerCase());
      return c.contactId === null ? byName : eb.or([eb('contact_id', '=', c.contactId), byName]);
    })
    .orderBy('call_date', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function setCallbackOf(db: Db, workspaceId: string, callId: number, earlierId: number): Promise<void> {
  await db.updateTable('calls').set({ callback_of: earlierId }).where('workspace_id', '=', workspaceId).where('id', '=', callId).execute();
}

export async function getMemberCall(db: Db, workspaceId: string, memberId: number, id: number): Promise<Call | undefined> {
  return db.selectFrom('calls').selectAll().where('workspace_id', '=', workspaceId).where('member_id', '=', memberId).where('id', '=', id).executeTakeFirst();
}

/** A member's calls from `sinceDate` on (inclusive), for the review. */
export async function listMemberCallsSince(db: Db, workspaceId: string, memberId: number, sinceDate: string) {
  return db
    .selectFrom('calls')
    .select(['week', 'call_date', 'category', 'outcome', 'is_callback', 'opportunity', 'contact_name'])
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('call_date', '>=', sinceDate)
    .orderBy('call_date')
    .execute();
}
