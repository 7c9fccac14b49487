/**
 * `/calls delete-my-data`: every row a member owns, and every mention of them in rows others own, in
 * ONE list ({@link MEMBER_DATA}). A table added with a member's column gets its line here; the test
 * (test/store/deletion.test.ts) enumerates every column of the schema that looks like a member's
 * (any with `member` or `user_id` in its name, `created_by`, `owner`, `author`) through information_schema and fails, naming the
 * table, when one is neither in this list nor in {@link NOT_MEMBER_DATA}.
 *
 * What stays: aggregate figures of past weeks (a recap's totals) as numbers; the person's row in a
 * stored leaderboard goes. What another member typed themselves (a contact's name they wrote) is theirs
 * and stays, unless it is linked to the deleted person's Slack id: then the link and the name go.
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import type { Database } from '../db/types.js';

export interface Deleted {
  memberId: number;
  slackUserId: string;
  displayName: string;
}

type Table = keyof Database & string;

export interface MemberDataRule {
  table: Table;
  /** The column that names the member: their member id, or their Slack user id. */
  column: string;
  by: 'member_id' | 'slack_user_id';
  /** What happens to the rows: deleted, or the mention of the person taken out (`scrub`). */
  action: 'delete' | ((db: Db, workspaceId: string, who: Deleted) => Promise<number>);
}

/** A JSON/text column may mention the person by Slack id or name: those rows of others are scrubbed. */
const DELETED_NAME = 'a deleted member';

async function unlinkContacts(db: Db, ws: string, who: Deleted, table: 'calls' | 'contacts'): Promise<number> {
  const r =
    table === 'calls'
      ? await db.updateTable('calls').set({ contact_user_id: null, contact_name: DELETED_NAME }).where('workspace_id', '=', ws).where('contact_user_id', '=', who.slackUserId).executeTakeFirst()
      : await db.updateTable('contacts').set({ slack_user_id: null, name: DELETED_NAME }).where('workspace_id', '=', ws).where('slack_user_id', '=', who.slackUserId).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A text that mentions the person: their Slack id or their name anywhere in it. A short name may match
 * more than it should; that only redacts more of the history of sent messages, never less.
 */
function mentions(column: string, who: Deleted) {
  const name = who.displayName.trim();
  const byName = name.length > 0 ? sql<boolean>`${sql.ref(column)}::text like ${likeText(name)}` : sql<boolean>`false`;
  return sql<boolean>`(${sql.ref(column)}::text like ${likeText(who.slackUserId)} or ${byName})`;
}

/** The person's name as a whole word, for PostgreSQL's regular expressions (`\m…\M`). */
function nameWord(who: Deleted): string | null {
  const name = who.displayName.trim();
  return name.length > 0 ? `\\m${name.replace(/[.^$*+?()[\]{}|\\-]/g, (c) => `\\${c}`)}\\M` : null;
}

/**
 * Outbox rows of others that mention the person:
 * - pending rows that name their Slack id (a pair intro to a group they were in) are cancelled;
 * - pending rows that only name them by name (a channel's recap about to go out) keep going, with the
 *   name replaced: another member's message is never dropped because it contains a name;
 * - sent or failed rows keep their bookkeeping, with the payload and channel replaced.
 */
async function scrubOutbox(db: Db, ws: string, who: Deleted): Promise<number> {
  const byId = (column: string) => sql<boolean>`${sql.ref(column)}::text like ${likeText(who.slackUserId)}`;
  const cancelled = await db
    .deleteFrom('outbox')
    .where('workspace_id', '=', ws)
    .where('status', '=', 'pending')
    .where(sql<boolean>`(${byId('payload')} or ${byId('channel_key')})`)
    .executeTakeFirst();
  const word = nameWord(who);
  let renamed = 0;
  if (word) {
    const r = await db
      .updateTable('outbox')
      .set({ payload: sql`regexp_replace(payload::text, ${word}, ${DELETED_NAME}, 'g')::jsonb` })
      .where('workspace_id', '=', ws)
      .where('status', '=', 'pending')
      .where(sql<boolean>`payload::text ~ ${word}`)
      .executeTakeFirst();
    renamed = Number(r.numUpdatedRows);
  }
  const redacted = await db
    .updateTable('outbox')
    .set({ payload: JSON.stringify({ redacted: true }), channel_key: 'redacted' })
    .where('workspace_id', '=', ws)
    .where('status', '!=', 'pending')
    .where(sql<boolean>`(${mentions('payload', who)} or ${mentions('channel_key', who)})`)
    .executeTakeFirst();
  return Number(cancelled.numDeletedRows) + renamed + Number(redacted.numUpdatedRows);
}

/** Stored recap figures: the person's leaderboard row goes; totals and counts stay as they were. */
async function scrubRecaps(db: Db, ws: string, who: Deleted): Promise<number> {
  const onBoard = sql<boolean>`figures->'leaderboard' @> ${JSON.stringify([{ memberId: String(who.memberId) }])}::jsonb`;
  const rows = await db
    .selectFrom('recaps')
    .select(['id', 'figures'])
    .where('workspace_id', '=', ws)
    .where(sql<boolean>`(${onBoard} or ${mentions('figures', who)})`)
    .execute();
  for (const r of rows) {
    const figures = { ...(r.figures as Record<string, unknown>) };
    if (Array.isArray(figures.leaderboard)) {
      // Hidden members' rows carry no id and the name "anonymous": nothing of anyone to take out.
      figures.leaderboard = (figures.leaderboard as { memberId?: string | null }[]).filter((row) => row.memberId !== String(who.memberId));
    }
    await db.updateTable('recaps').set({ figures: JSON.stringify(figures) }).where('workspace_id', '=', ws).where('id', '=', r.id).execute();
  }
  return rows.length;
}

/** Job marks keyed by the member (`nudge:<member>:<date>`, `at-risk:<member>:<week>`). */
async function deleteJobMarks(db: Db, ws: string, who: Deleted): Promise<number> {
  const r = await db
    .deleteFrom('job_marks')
    .where('workspace_id', '=', ws)
    .where((eb) => eb.or([eb('key', 'like', `nudge:${who.memberId}:%`), eb('key', 'like', `at-risk:${who.memberId}:%`)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * The one list, in the order it runs (children before the member row). One line per member-owned table
 * or member-naming column.
 */
export const MEMBER_DATA: readonly MemberDataRule[] = [
  { table: 'calls', column: 'member_id', by: 'member_id', action: 'delete' },
  // Counters per week, kept by a trigger on calls (the delete above already emptied them); listed so the rule holds without it.
  { table: 'member_weeks', column: 'member_id', by: 'member_id', action: 'delete' },
  { table: 'circle_member_weeks', column: 'member_id', by: 'member_id', action: 'delete' },
  // The same trigger's series (it keeps a row of zeros after the calls are gone).
  { table: 'member_call_series', column: 'member_id', by: 'member_id', action: 'delete' },
  { table: 'calls', column: 'contact_user_id', by: 'slack_user_id', action: (db, ws, who) => unlinkContacts(db, ws, who, 'calls') },
  { table: 'contacts', column: 'member_id', by: 'member_id', action: 'delete' },
  { table: 'contacts', column: 'slack_user_id', by: 'slack_user_id', action: (db, ws, who) => unlinkContacts(db, ws, who, 'contacts') },
  { table: 'plans', column: 'member_id', by: 'member_id', action: 'delete' },
  { table: 'pauses', column: 'member_id', by: 'member_id', action: 'delete' },
  { table: 'pairing_members', column: 'member_id', by: 'member_id', action: 'delete' },
  { table: 'reminders', column: 'member_id', by: 'member_id', action: 'delete' },
  { table: 'briefs', column: 'member_id', by: 'member_id', action: 'delete' },
  { table: 'outbox', column: 'member_id', by: 'member_id', action: 'delete' },
  { table: 'outbox', column: 'payload', by: 'slack_user_id', action: scrubOutbox },
  { table: 'recaps', column: 'figures', by: 'member_id', action: scrubRecaps },
  { table: 'job_marks', column: 'key', by: 'member_id', action: deleteJobMarks },
  {
    table: 'circles', column: 'created_by', by: 'slack_user_id',
    // A circle they started stays; nobody is its creator any more (workspace admins still administer it).
    action: async (db, ws, who) => Number((await db.updateTable('circles').set({ created_by: '' }).where('workspace_id', '=', ws).where('created_by', '=', who.slackUserId).executeTakeFirst()).numUpdatedRows),
  },
  { table: 'members', column: 'id', by: 'member_id', action: 'delete' },
];

/** Member-looking columns that are not a member's: the bot's own user id. */
export const NOT_MEMBER_DATA: readonly { table: string; column: string; why: string }[] = [
  { table: 'workspaces', column: 'bot_user_id', why: "the bot's user id" },
  { table: 'installations', column: 'bot_user_id', why: "the bot's user id" },
];

/** Runs the list in one transaction's handle (`trx`); answers what each line touched. */
export async function deleteMemberRows(db: Db, workspaceId: string, who: Deleted): Promise<Record<string, number>> {
  const touched: Record<string, number> = {};
  for (const rule of MEMBER_DATA) {
    let n: number;
    if (rule.action === 'delete') {
      const value = rule.by === 'member_id' ? who.memberId : who.slackUserId;
      const r = await db.deleteFrom(rule.table).where('workspace_id', '=', workspaceId).where(sql.ref(rule.column), '=', value).executeTakeFirst();
      n = Number(r.numDeletedRows);
    } else {
      n = await rule.action(db, workspaceId, who);
    }
    touched[`${rule.table}.${rule.column}`] = n;
  }
  return touched;
}
