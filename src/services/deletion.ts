/**
 * `/calls delete-my-data`, once confirmed: in one transaction, everything the member owns goes (calls,
 * contacts and their notes, plans, pauses, settings, pairings, pending messages, the member row, so
 * their circle and future pairings), and mentions of them in others' rows are taken out (see
 * src/store/deletion.ts, the one list). Aggregate figures of past weeks stay as numbers.
 */
import type { Db } from '../db/index.js';
import { deleteMemberRows } from '../store/deletion.js';
import { getMemberBySlackId } from '../store/members.js';

export interface DeletionResult {
  /** False when there was no member to delete (already deleted, or never used the app). */
  deleted: boolean;
  /** Rows touched per `table.column` of the list. */
  touched: Record<string, number>;
}

export async function deleteMemberData(db: Db, input: { workspaceId: string; slackUserId: string }): Promise<DeletionResult> {
  return db.transaction().execute(async (trx) => {
    const member = await getMemberBySlackId(trx, input.workspaceId, input.slackUserId);
    if (!member) return { deleted: false, touched: {} };
    const touched = await deleteMemberRows(trx, input.workspaceId, { memberId: member.id, slackUserId: member.slack_user_id, displayName: member.display_name });
    return { deleted: true, touched };
  });
}
