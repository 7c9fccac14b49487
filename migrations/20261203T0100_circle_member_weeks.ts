/**
 * Counters per circle, member and week, by outcome: `circle_member_weeks` holds, for every circle, member
 * and week with at least one call logged in that circle (the call's own `circle_id`, fixed when it was
 * logged), how many calls, conversations, voicemails and unanswered calls there were. The recap chart
 * (twelve weeks of a circle's calls by outcome) reads these rows (about 2,400 for 200 members) instead
 * of counting every call (about 12,000).
 *
 * Kept like member_weeks: a trigger on `calls`, in the same statement as the insert, delete or update,
 * so every path that writes calls keeps them exact. A row whose count drops to zero is deleted, so the
 * table equals `select circle_id, member_id, week, count(*) ... from calls where circle_id is not null
 * group by circle_id, member_id, week` at all times. A member moving to another circle changes no call,
 * so their earlier calls stay counted in the circle they were logged in (what the chart always showed).
 * Calls without a circle (solo members) are not counted here. The rows die with their member and with
 * their circle (foreign keys, on delete cascade).
 *
 * Existing calls are counted once here (the backfill).
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('circle_member_weeks')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('circle_id', 'bigint', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull().check(sql`calls > 0`))
    .addColumn('conversations', 'integer', (c) => c.notNull().check(sql`conversations >= 0`))
    .addColumn('voicemails', 'integer', (c) => c.notNull().check(sql`voicemails >= 0`))
    .addColumn('no_answers', 'integer', (c) => c.notNull().check(sql`no_answers >= 0`))
    .addCheckConstraint('circle_member_weeks_outcomes_check', sql`conversations + voicemails + no_answers <= calls`)
    .addForeignKeyConstraint('circle_member_weeks_circle_fkey', ['workspace_id', 'circle_id'], 'circles', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('circle_member_weeks_member_fkey', ['workspace_id', 'member_id'], 'members', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  // The chart reads a circle's weeks: the key leads with the circle and week, and the counts ride in
  // the key's index (an index-only scan).
  await sql`alter table circle_member_weeks add constraint circle_member_weeks_pkey primary key (workspace_id, circle_id, week, member_id) include (calls, conversations, voicemails, no_answers)`.execute(db);
  // The member's foreign key is checked on a member's deletion: an index that leads with the member.
  await sql`create index circle_member_weeks_member_idx on circle_member_weeks (workspace_id, member_id)`.execute(db);

  // As member_weeks_count: a delete (or the old side of an update) only decrements, never inserts, so a
  // cascade from a member or circle that is going away never meets a foreign key.
  await sql`
    create function circle_member_weeks_count() returns trigger language plpgsql as $$
    begin
      if tg_op in ('DELETE', 'UPDATE') and old.circle_id is not null then
        update circle_member_weeks
           set calls = calls - 1,
               conversations = conversations - (case when old.outcome = 'conversation' then 1 else 0 end),
               voicemails = voicemails - (case when old.outcome = 'voicemail' then 1 else 0 end),
               no_answers = no_answers - (case when old.outcome = 'no_answer' then 1 else 0 end)
         where workspace_id = old.workspace_id and circle_id = old.circle_id and week = old.week and member_id = old.member_id and calls > 1;
        if not found then
          delete from circle_member_weeks
           where workspace_id = old.workspace_id and circle_id = old.circle_id and week = old.week and member_id = old.member_id;
        end if;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.circle_id is not null then
        insert into circle_member_weeks as cw (workspace_id, circle_id, week, member_id, calls, conversations, voicemails, no_answers)
        values (new.workspace_id, new.circle_id, new.week, new.member_id, 1,
                case when new.outcome = 'conversation' then 1 else 0 end,
                case when new.outcome = 'voicemail' then 1 else 0 end,
                case when new.outcome = 'no_answer' then 1 else 0 end)
        on conflict (workspace_id, circle_id, week, member_id) do update
          set calls = cw.calls + 1,
              conversations = cw.conversations + excluded.conversations,
              voicemails = cw.voicemails + excluded.voicemails,
              no_answers = cw.no_answers + excluded.no_answers;
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger calls_circle_member_weeks
    after insert or delete or update of workspace_id, circle_id, member_id, week, outcome on calls
    for each row execute function circle_member_weeks_count()`.execute(db);

  await sql`
    insert into circle_member_weeks (workspace_id, circle_id, week, member_id, calls, conversations, voicemails, no_answers)
    select workspace_id, circle_id, week, member_id, count(*),
           count(*) filter (where outcome = 'conversation'),
           count(*) filter (where outcome = 'voicemail'),
           count(*) filter (where outcome = 'no_answer')
    from calls
    where circle_id is not null
    group by workspace_id, circle_id, week, member_id`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists calls_circle_member_weeks on calls`.execute(db);
  await sql`drop function if exists circle_member_weeks_count()`.execute(db);
  await db.schema.dropTable('circle_member_weeks').ifExists().execute();
}
