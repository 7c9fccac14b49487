/**
 * Counters per member and week (issue 14): `member_weeks` holds, for every member and week with at least
 * one call, how many calls and how many conversations they logged that week. Boards, streaks and the
 * App Home read these small rows (one per member-week) instead of aggregating every call.
 *
 * The counters are kept by a trigger on `calls`, in the same statement (so the same transaction) as the
 * insert, delete or update that changes them: every path that writes calls (the check-in modal, the
 * pair check, the sandbox seed, a future "delete my data", a test inserting rows by hand) keeps them
 * exact without having to remember to. A row whose count drops to zero is deleted, so the table equals
 * `select member_id, week, count(*) ... from calls group by member_id, week` at all times. The rows also
 * die with their member (foreign key, on delete cascade).
 *
 * Existing calls are counted once here (the backfill).
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('member_weeks')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull().check(sql`calls > 0`))
    .addColumn('conversations', 'integer', (c) => c.notNull().check(sql`conversations >= 0 and conversations <= calls`))
    .addForeignKeyConstraint('member_weeks_member_fkey', ['workspace_id', 'member_id'], 'members', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  // The counts ride in the key's index, so a board is an index-only scan (no heap page per member-week).
  await sql`alter table member_weeks add constraint member_weeks_pkey primary key (workspace_id, member_id, week) include (calls, conversations)`.execute(db);

  // One function for the three row events. A delete only decrements (never inserts): when a member is
  // deleted, the cascade removes their member_weeks rows and their calls in the same statement, and an
  // upsert here would then hit the foreign key of a member that is going away.
  await sql`
    create function member_weeks_count() returns trigger language plpgsql as $$
    begin
      if tg_op in ('DELETE', 'UPDATE') then
        update member_weeks
           set calls = calls - 1,
               conversations = conversations - (case when old.outcome = 'conversation' then 1 else 0 end)
         where workspace_id = old.workspace_id and member_id = old.member_id and week = old.week and calls > 1;
        if not found then
          delete from member_weeks where workspace_id = old.workspace_id and member_id = old.member_id and week = old.week;
        end if;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into member_weeks as mw (workspace_id, member_id, week, calls, conversations)
        values (new.workspace_id, new.member_id, new.week, 1, case when new.outcome = 'conversation' then 1 else 0 end)
        on conflict (workspace_id, member_id, week) do update
          set calls = mw.calls + 1, conversations = mw.conversations + excluded.conversations;
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger calls_member_weeks
    after insert or delete or update of workspace_id, member_id, week, outcome on calls
    for each row execute function member_weeks_count()`.execute(db);

  // The recap chart counts a circle's calls by week, member and outcome over twelve weeks (about 12,000
  // calls for 200 members): with member_id and outcome in the circle-week index that is an index-only
  // scan instead of a heap page per call. It replaces calls_circle_week_idx (same key columns).
  await sql`create index calls_circle_week_outcome_idx on calls (workspace_id, circle_id, week) include (member_id, outcome)`.execute(db);
  await sql`drop index calls_circle_week_idx`.execute(db);

  await sql`
    insert into member_weeks (workspace_id, member_id, week, calls, conversations)
    select workspace_id, member_id, week, count(*), count(*) filter (where outcome = 'conversation')
    from calls
    group by workspace_id, member_id, week`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists calls_member_weeks on calls`.execute(db);
  await sql`drop function if exists member_weeks_count()`.execute(db);
  await db.schema.dropTable('member_weeks').ifExists().execute();
  await sql`create index if not exists calls_circle_week_idx on calls (workspace_id, circle_id, week)`.execute(db);
  await sql`drop index if exists calls_circle_week_outcome_idx`.execute(db);
}
