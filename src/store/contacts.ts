import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import type { Contact, Outcome } from '../db/types.js';

/**
 * A member's people (their private call list). Every function takes the workspace and the member:
 * no read or write ever reaches another member's people.
 */

/**
 * The member's contact with this name (case-insensitive), created when new, in one statement so two
 * concurrent check-ins for the same person cannot collide. `last_called_on` only moves forward; a Slack
 * user id, once known, is kept. Returns the contact id. (Call stats: {@link recordContactCall}.)
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

/** The member's contact with this name (any case), created when new, without touching its call stats. */
export async function findOrCreateContact(db: Db, c: { workspaceId: string; memberId: number; name: string; slackUserId?: string | null; categories?: string[]; at: Date }): Promise<number> {
  const row = await db
    .insertInto('contacts')
    .values({ workspace_id: c.workspaceId, member_id: c.memberId, name: c.name, slack_user_id: c.slackUserId ?? null, categories: c.categories ?? [], created_at: c.at })
    .onConflict((oc) =>
      oc.expression(sql`workspace_id, member_id, lower(name)`).doUpdateSet({
        slack_user_id: sql`coalesce(contacts.slack_user_id, excluded.slack_user_id)`,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A logged call's effect on its contact, in the call's transaction: one more call (and conversation),
 * the last call date moves forward only, the last outcome is the latest call's. An archived person
 * who is called is back on the list.
 */
export async function recordContactCall(db: Db, c: { workspaceId: string; memberId: number; contactId: number; calledOn: string; outcome: Outcome; at: Date }): Promise<void> {
  await db
    .updateTable('contacts')
    .set({
      calls_count: sql`calls_count + 1`,
      conversations_count: sql`conversations_count + ${c.outcome === 'conversation' ? 1 : 0}`,
      last_outcome: sql`case when last_called_on is null or last_called_on <= ${c.calledOn}::date then ${c.outcome} else last_outcome end`,
      last_called_on: sql`greatest(last_called_on, ${c.calledOn}::date)`,
      archived_at: null,
      updated_at: c.at,
    })
    .where('workspace_id', '=', c.workspaceId)
    .where('member_id', '=', c.memberId)
    .where('id', '=', c.contactId)
    .execute();
}

/**
 * Adds several people at once with the same categories. A name already on the list (any case) keeps
 * its entry, gains the categories and comes back from the archive. Returns the names added and the
 * names that were already there.
 */
export async function addContacts(db: Db, c: { workspaceId: string; memberId: number; names: string[]; categories: string[]; at: Date }): Promise<{ added: string[]; existing: string[] }> {
  if (c.names.length === 0) return { added: [], existing: [] };
  const lower = c.names.map((n) => n.toLowerCase());
  const before = await db
    .selectFrom('contacts')
    .select(['id', 'name'])
    .where('workspace_id', '=', c.workspaceId)
    .where('member_id', '=', c.memberId)
    .where(sql<string>`lower(name)`, 'in', lower)
    .execute();
  const known = new Map(before.map((r) => [r.name.toLowerCase(), r]));
  const fresh = c.names.filter((n) => !known.has(n.toLowerCase()));
  if (fresh.length > 0) {
    await db
      .insertInto('contacts')
      .values(fresh.map((name) => ({ workspace_id: c.workspaceId, member_id: c.memberId, name, categories: c.categories, created_at: c.at })))
      .onConflict((oc) => oc.expression(sql`workspace_id, member_id, lower(name)`).doNothing())
      .execute();
  }
  if (before.length > 0) {
    await db
      .updateTable('contacts')
      .set({
        categories: sql`array(select distinct unnest(categories || ${sql.val(c.categories)}::text[]) order by 1)`,
        archived_at: null,
        updated_at: c.at,
      })
      .where('workspace_id', '=', c.workspaceId)
      .where('member_id', '=', c.memberId)
      .where('id', 'in', before.map((r) => r.id))
      .execute();
  }
  return { added: fresh, existing: c.names.filter((n) => known.has(n.toLowerCase())) };
}

/** One of the member's people (null when it is not theirs, or gone). */
export async function getContact(db: Db, workspaceId: string, memberId: number, contactId: number): Promise<Contact | null> {
  const row = await db
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('id', '=', contactId)
    .executeTakeFirst();
  return row ?? null;
}

/** A page of the member's list, most overdue first (never called, then the oldest last call), and the total. */
export async function listContactsPage(db: Db, workspaceId: string, memberId: number, page: { offset: number; limit: number; archived?: boolean }): Promise<{ rows: Contact[]; total: number }> {
  const base = db
    .selectFrom('contacts')
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('archived_at', page.archived ? 'is not' : 'is', null);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy(sql`last_called_on asc nulls first`).orderBy('id').offset(page.offset).limit(page.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export interface ContactEdit {
  name: string;
  categories: string[];
  birthdayMonth: number | null;
  birthdayDay: number | null;
  howWeKnow: string | null;
  notes: string | null;
}

/** Saves an edit; 'taken' when another of the member's people has that name (any case). */
export async function updateContact(db: Db, workspaceId: string, memberId: number, contactId: number, e: ContactEdit, at: Date): Promise<'saved' | 'missing' | 'taken'> {
  const clash = await db
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where(sql<string>`lower(name)`, '=', e.name.toLowerCase())
    .where('id', '!=', contactId)
    .executeTakeFirst();
  if (clash) return 'taken';
  const r = await db
    .updateTable('contacts')
    .set({ name: e.name, categories: e.categories, birthday_month: e.birthdayMonth, birthday_day: e.birthdayDay, how_we_know: e.howWeKnow, notes: e.notes, updated_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('id', '=', contactId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0 ? 'saved' : 'missing';
}

/** Archives (or, with `at: null`, restores) a person: off the list and the suggestions, calls untouched. */
export async function setContactArchived(db: Db, workspaceId: string, memberId: number, contactId: number, archivedAt: Date | null, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('contacts')
    .set({ archived_at: archivedAt, updated_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('id', '=', contactId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** What a deleted person's calls are called from then on: the counts stay, the name does not. */
export const DELETED_CONTACT_NAME = '(deleted)';

/**
 * Deletes a person: their calls stay (and count) but lose the name and the Slack user; the contact row
 * and every reminder about them (which names them) go. Returns whether there was such a person.
 */
export async function deleteContact(db: Db, workspaceId: string, memberId: number, contactId: number): Promise<boolean> {
  await db.deleteFrom('reminders').where('workspace_id', '=', workspaceId).where('member_id', '=', memberId).where('contact_id', '=', contactId).execute();
  await db
    .updateTable('calls')
    .set({ contact_name: DELETED_CONTACT_NAME, contact_user_id: null, contact_id: null })
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('contact_id', '=', contactId)
    .execute();
  const r = await db.deleteFrom('contacts').where('workspace_id', '=', workspaceId).where('member_id', '=', memberId).where('id', '=', contactId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Records that the member asked this person for a time by message (not a call). */
export async function markAskedForTime(db: Db, workspaceId: string, memberId: number, contactId: number, on: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('contacts')
    .set({ asked_for_time_on: on, updated_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('id', '=', contactId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * The member's active people whose name starts with `query` (any case), then those with a word that
 * starts with it, most overdue first within each; `limit` at most. For the check-in's person picker.
 */
export async function searchContacts(db: Db, workspaceId: string, memberId: number, query: string, limit: number): Promise<Pick<Contact, 'id' | 'name' | 'last_called_on' | 'categories'>[]> {
  const q = query.trim().toLowerCase();
  let base = db
    .selectFrom('contacts')
    .select(['id', 'name', 'last_called_on', 'categories'])
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('archived_at', 'is', null);
  if (q === '') return base.orderBy(sql`last_called_on asc nulls first`).orderBy('id').limit(limit).execute();
  const prefix = `${escapeLike(q)}%`;
  const prefixRows = await base
    .where(sql<string>`lower(name)`, 'like', prefix)
    .orderBy(sql`last_called_on asc nulls first`)
    .orderBy('id')
    .limit(limit)
    .execute();
  if (prefixRows.length >= limit) return prefixRows;
  base = base.where(sql<string>`lower(name)`, 'like', `% ${escapeLike(q)}%`).where(sql<string>`lower(name)`, 'not like', prefix);
  const wordRows = await base.orderBy(sql`last_called_on asc nulls first`).orderBy('id').limit(limit - prefixRows.length).execute();
  return [...prefixRows, ...wordRows];
}

export interface SuggestionCandidate {
  member_id: number;
  id: number;
  name: string;
  categories: string[];
  last_called_on: string | null;
  last_outcome: Outcome | null;
  birthday_month: number | null;
  birthday_day: number | null;
}

/**
 * For each member, the candidates for suggestions: per category, their three most overdue active people
 * (so each category can have its own person), plus everyone whose birthday falls on one of `birthdays`
 * (month, day pairs). A few rows per member and category, whatever the list's size.
 */
export async function suggestionCandidates(db: Db, workspaceId: string, memberIds: number[], categories: string[], birthdays: { month: number; day: number }[]): Promise<SuggestionCandidate[]> {
  if (memberIds.length === 0) return [];
  const cols = sql`c.member_id, c.id, c.name, c.categories, c.last_called_on, c.last_outcome, c.birthday_month, c.birthday_day`;
  const byCategory = categories.length === 0
    ? []
    : (
        await sql<SuggestionCandidate & { rn: number }>`
          select * from (
            select ${cols}, row_number() over (partition by c.member_id, k.cat order by c.last_called_on asc nulls first, c.id) as rn
            from contacts c cross join lateral unnest(c.categories) as k(cat)
            where c.workspace_id = ${workspaceId} and c.member_id in (${sql.join(memberIds)}) and c.archived_at is null
              and k.cat in (${sql.join(categories)})
          ) ranked where rn <= 3`.execute(db)
      ).rows;
  const byBirthday = birthdays.length === 0
    ? []
    : (
        await sql<SuggestionCandidate>`
          select ${cols} from contacts c
          where c.workspace_id = ${workspaceId} and c.member_id in (${sql.join(memberIds)}) and c.archived_at is null
            and (c.birthday_month, c.birthday_day) in (${sql.join(birthdays.map((b) => sql`(${b.month}::smallint, ${b.day}::smallint)`))})`.execute(db)
      ).rows;
  const seen = new Set<string>();
  const out: SuggestionCandidate[] = [];
  for (const r of [...byCategory, ...byBirthday]) {
    const key = `${r.member_id}:${r.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ member_id: Number(r.member_id), id: Number(r.id), name: r.name, categories: r.categories, last_called_on: r.last_called_on, last_outcome: r.last_outcome, birthday_month: r.birthday_month, birthday_day: r.birthday_day });
  }
  return out;
}

/** Active people of any member of the workspace whose birthday is (month, day): for the birthday DM. */
export async function contactsWithBirthday(db: Db, workspaceId: string, birthdays: { month: number; day: number }[]): Promise<Pick<Contact, 'id' | 'member_id' | 'name' | 'birthday_month' | 'birthday_day'>[]> {
  if (birthdays.length === 0) return [];
  return db
    .selectFrom('contacts')
    .select(['id', 'member_id', 'name', 'birthday_month', 'birthday_day'])
    .where('workspace_id', '=', workspaceId)
    .where('archived_at', 'is', null)
    .where((eb) => eb.or(birthdays.map((b) => eb.and([eb('birthday_month', '=', b.month), eb('birthday_day', '=', b.day)]))))
    .orderBy('id')
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

/** The member's contacts who have waited longest since a call (never called first); archived people are left out. */
export async function listLongestWaiting(db: Db, workspaceId: string, memberId: number, limit = 5): Promise<{ name: string; last_called_on: string | null }[]> {
  return db
    .selectFrom('contacts')
    .select(['name', 'last_called_on'])
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('archived_at', 'is', null)
    .orderBy('last_called_on', (ob) => ob.asc().nullsFirst())
    .orderBy('name')
    .limit(limit)
    .execute();
}
