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

/** A circle's calls in one week, without notes or contact names (for recaps and boards). */
export async function listCircleWeekCalls(db: Db, workspaceId: string, circleId: number, week: string) {
  return db
    .selectFrom('calls')
    .select(['member_id', 'category', 'outcome', 'minutes', 'is_callback', 'opportunity', 'call_date'])
    .where('workspace_id', '=', workspaceId)
    .where('circle_id', '=', circleId)
    .where('week', '=', week)
    .orderBy('id')
    .execute();
}
