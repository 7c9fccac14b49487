/**
 * Every member's calls per week as one row: `member_call_series` holds, per member, the week number
 * of their first week with calls (`first_week`, a `call_week_index`: consecutive integers across ISO
 * years, equal to the domain's weekIndex) and their calls per week from that week on as two bytes a
 * week (`weeks`, big-endian unsigned: bytes 2k and 2k+1 are the calls of week first_week + k). A board
 * reads one row per member and cuts its horizon out of the bytes instead of reading about 52
 * member_weeks rows a year per member: for a 200-member circle with two years of calls that is 200
 * rows, not 10,400, and bytes (hex on the wire) cost the database far less to send than integers as
 * text.
 *
 * Kept like member_weeks, by a trigger on `calls` in the same statement as the insert, delete or update,
 * so every path that writes calls keeps it exact: at all times the two bytes of week w equal `count(*)`
 * of the member's calls in week w (zero before the first week with calls, after the last, and in gaps).
 * A week holds at most 65,535 calls (more than one check-in every ten seconds for a whole week); the
 * counter stops there and does not wrap. A delete (or the old side of an update) only decrements and
 * never inserts, so a cascade from a member that is going away never meets the foreign key. The row
 * dies with its member (on delete cascade). A year of weeks is 104 bytes.
 *
 * Existing calls are counted once here (the backfill, from member_weeks).
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // An ISO week key ("2026-W49") as a week number: weeks since the Monday 1970-01-05 (negative before),
  // the domain's weekIndex.
  await sql`
    create function call_week_index(week text) returns integer
    language sql immutable strict parallel safe
    as $$ select (to_date(week, 'IYYY-"W"IW') - date '1970-01-05') / 7 $$`.execute(db);

  // The weeks of a series from first_week with `delta` added to week `week`, widened with zero weeks
  // when `week` lies before or after it (the caller moves first_week to least(first_week, week)).
  await sql`
    create function call_series_add(first_week integer, weeks bytea, week integer, delta integer) returns bytea
    language plpgsql immutable strict parallel safe as $$
    declare
      at integer;
      n integer;
    begin
      if week < first_week then
        weeks := decode(repeat('0000', first_week - week), 'hex') || weeks;
        first_week := week;
      end if;
      if week >= first_week + length(weeks) / 2 then
        weeks := weeks || decode(repeat('0000', week - first_week - length(weeks) / 2 + 1), 'hex');
      end if;
      at := (week - first_week) * 2;
      n := least(65535, greatest(0, get_byte(weeks, at) * 256 + get_byte(weeks, at + 1) + delta));
      return set_byte(set_byte(weeks, at, n / 256), at + 1, n % 256);
    end
    $$`.execute(db);

  await db.schema
    .createTable('member_call_series')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull())
    .addColumn('first_week', 'integer', (c) => c.notNull())
    .addColumn('weeks', 'bytea', (c) => c.notNull().check(sql`length(weeks) % 2 = 0`))
    .addPrimaryKeyConstraint('member_call_series_pkey', ['workspace_id', 'member_id'])
    .addForeignKeyConstraint('member_call_series_member_fkey', ['workspace_id', 'member_id'], 'members', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();

  await sql`
    create function member_call_series_count() returns trigger language plpgsql as $$
    declare
      w integer;
    begin
      if tg_op in ('DELETE', 'UPDATE') then
        w := call_week_index(old.week);
        update member_call_series set weeks = call_series_add(first_week, weeks, w, -1)
         where workspace_id = old.workspace_id and member_id = old.member_id;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        w := call_week_index(new.week);
        insert into member_call_series as s (workspace_id, member_id, first_week, weeks)
        values (new.workspace_id, new.member_id, w, '\\x0001'::bytea)
        on conflict (workspace_id, member_id) do update
          set first_week = least(s.first_week, w), weeks = call_series_add(s.first_week, s.weeks, w, 1);
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger calls_member_call_series
    after insert or delete or update of workspace_id, member_id, week on calls
    for each row execute function member_call_series_count()`.execute(db);

  // The backfill: one row per member from its member_weeks counters, every week from the first to the
  // last in order (two bytes each, zero where the member logged nothing).
  await sql`
    insert into member_call_series (workspace_id, member_id, first_week, weeks)
    select s.workspace_id, s.member_id, s.lo,
           (select string_agg(decode(lpad(to_hex(least(coalesce(mw.calls, 0), 65535)), 4, '0'), 'hex'), ''::bytea order by g.i)
              from generate_series(s.lo, s.hi) g(i)
              left join member_weeks mw on mw.workspace_id = s.workspace_id and mw.member_id = s.member_id and call_week_index(mw.week) = g.i)
    from (
      select workspace_id, member_id, min(call_week_index(week)) as lo, max(call_week_index(week)) as hi
      from member_weeks group by workspace_id, member_id
    ) s`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists calls_member_call_series on calls`.execute(db);
  await sql`drop function if exists member_call_series_count()`.execute(db);
  await db.schema.dropTable('member_call_series').ifExists().execute();
  await sql`drop function if exists call_series_add(integer, bytea, integer, integer)`.execute(db);
  await sql`drop function if exists call_week_index(text)`.execute(db);
}
