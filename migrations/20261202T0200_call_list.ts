/**
 * Issue 15, the call list: a member's contacts become a private list of people (categories they fit,
 * an optional birthday, how they know each other, private notes, archived or not) with per-person call
 * stats that every logged call updates in its own transaction. Existing contacts get their stats from
 * the calls already linked to them. `asked_for_time_on`: the last day the member asked them for a time
 * by message (that is not a call).
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('contacts')
    .addColumn('categories', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('birthday_month', 'smallint', (c) => c.check(sql`birthday_month between 1 and 12`))
    .addColumn('birthday_day', 'smallint', (c) => c.check(sql`birthday_day between 1 and 31`))
    .addColumn('how_we_know', 'text', (c) => c.check(sql`length(how_we_know) <= 200`))
    .addColumn('notes', 'text', (c) => c.check(sql`length(notes) <= 2000`))
    .addColumn('archived_at', 'timestamptz')
    .addColumn('last_outcome', 'text', (c) => c.check(sql`last_outcome in ('conversation', 'voicemail', 'no_answer')`))
    .addColumn('calls_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`calls_count >= 0`))
    .addColumn('conversations_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`conversations_count >= 0`))
    .addColumn('asked_for_time_on', 'date')
    .addColumn('updated_at', 'timestamptz')
    .execute();
  await sql`alter table contacts add constraint contacts_birthday_both check ((birthday_month is null) = (birthday_day is null))`.execute(db);
  await sql`alter table contacts add constraint contacts_categories_count check (cardinality(categories) <= 20)`.execute(db);
  // The list and the suggestions read a member's people by last call (never called first).
  await sql`create index contacts_member_overdue_idx on contacts (workspace_id, member_id, last_called_on nulls first, id)`.execute(db);
  // The options endpoint filters a member's people by what is typed.
  await sql`create index contacts_member_lower_name_idx on contacts (workspace_id, member_id, lower(name) text_pattern_ops)`.execute(db);
  await sql`create index calls_contact_idx on calls (contact_id) where contact_id is not null`.execute(db);
  await sql`
    update contacts set
      calls_count = s.n,
      conversations_count = s.conv,
      last_outcome = s.last_outcome
    from (
      select contact_id, count(*)::int as n, count(*) filter (where outcome = 'conversation')::int as conv,
        (array_agg(outcome order by call_date desc, id desc))[1] as last_outcome
      from calls where contact_id is not null group by contact_id
    ) s
    where contacts.id = s.contact_id`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists calls_contact_idx`.execute(db);
  await sql`drop index if exists contacts_member_lower_name_idx`.execute(db);
  await sql`drop index if exists contacts_member_overdue_idx`.execute(db);
  await sql`alter table contacts drop constraint if exists contacts_categories_count, drop constraint if exists contacts_birthday_both`.execute(db);
  for (const col of ['updated_at', 'asked_for_time_on', 'conversations_count', 'calls_count', 'last_outcome', 'archived_at', 'notes', 'how_we_know', 'birthday_day', 'birthday_month', 'categories']) {
    await db.schema.alterTable('contacts').dropColumn(col).execute();
  }
}
