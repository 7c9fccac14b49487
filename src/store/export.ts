/**
 * Reads for the CSV exports. Rows come back in the shapes domain/export.ts builds files from, so a
 * service writes `memberCallsCsv(await listMemberCallsForExport(…))` (after mapping category keys to labels).
 */
import type { Db } from '../db/index.js';
import type { ExportCallRow, WeeklyCountRow } from '../domain/export.js';

/** A member's own calls in export order: by date, then in the order they were logged. Notes included: this goes to the member alone. */
export async function listMemberCallsForExport(db: Db, workspaceId: string, memberId: number): Promise<ExportCallRow[]> {
  return db
    .selectFrom('calls')
    .select([
      'call_date as date', 'week', 'category', 'contact_name as person', 'outcome', 'minutes', 'is_callback as callback', 'opportunity',
      'follow_up_on as followUp', 'notes',
    ])
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .orderBy('call_date')
    .orderBy('id')
    .execute();
}

/**
 * Calls per member and week logged in a circle (from `sinceWeek` on, inclusive), by week then member id.
 * Counts only: neither a contact's name nor a note is selected.
 */
export async function countCircleCallsByMemberWeek(db: Db, workspaceId: string, circleId: number, sinceWeek?: string): Promise<WeeklyCountRow[]> {
  let q = db
    .selectFrom('calls')
    .innerJoin('members', (j) => j.onRef('members.id', '=', 'calls.member_id').onRef('members.workspace_id', '=', 'calls.workspace_id'))
    .select((eb) => [
      'calls.week',
      'calls.member_id as memberId',
      'members.display_name as member',
      'members.board_visible as visible',
      eb.fn.countAll<number | string>().as('calls'),
      eb.fn.countAll<number | string>().filterWhere('calls.outcome', '=', 'conversation').as('conversations'),
      eb.fn.countAll<number | string>().filterWhere('calls.outcome', '=', 'voicemail').as('voicemails'),
      eb.fn.countAll<number | string>().filterWhere('calls.outcome', '=', 'no_answer').as('noAnswer'),
    ])
    .where('calls.workspace_id', '=', workspaceId)
    .where('calls.circle_id', '=', circleId);
  if (sinceWeek !== undefined) q = q.where('calls.week', '>=', sinceWeek);
  const rows = await q
    .groupBy(['calls.week', 'calls.member_id', 'members.display_name', 'members.board_visible'])
    .orderBy('calls.week')
    .orderBy('calls.member_id')
    .execute();
  // count(*) is a string on pg and a number on PGlite.
  return rows.map((r) => ({
    ...r, calls: Number(r.calls), conversations: Number(r.conversations), voicemails: Number(r.voicemails), noAnswer: Number(r.noAnswer),
  }));
}
