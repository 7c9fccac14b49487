// migrations/20261202T0200_call_list.ts on a database that already has contacts and calls: the new
// columns, the stats backfilled from the linked calls, the constraints, and down then up again.
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { createDb, type DbHandle } from '../../src/db/index.js';

const at = new Date('2026-11-24T12:00:00Z');

describe('the call list migration (PGlite)', () => {
  let handle: DbHandle;
  let migrator: Migrator;
  beforeAll(async () => {
    handle = await createDb({ memory: true });
    migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
    const before = await migrator.migrateTo('20261201T2100_clock_stamps');
    expect(before.error).toBeUndefined();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('backfills calls, conversations and the last outcome from the calls already linked', async () => {
    const db = handle.db;
    await sql`insert into workspaces (id, created_at) values ('T1', ${at})`.execute(db);
    const m = (await sql<{ id: number }>`insert into members (workspace_id, slack_user_id, created_at) values ('T1', 'U1', ${at}) returning id`.execute(db)).rows[0]!.id;
    const c = (await sql<{ id: number }>`insert into contacts (workspace_id, member_id, name, last_called_on, created_at) values ('T1', ${m}, 'Ann', '2026-11-20', ${at}) returning id`.execute(db)).rows[0]!.id;
    const call = (date: string, outcome: string, key: string) =>
      sql`insert into calls (workspace_id, member_id, week, call_date, contact_id, contact_name, category, outcome, idempotency_key, created_at)
          values ('T1', ${m}, '2026-W47', ${date}, ${c}, 'Ann', 'stretch', ${outcome}, ${key}, ${at})`.execute(db);
    await call('2026-11-16', 'conversation', 'k1');
    await call('2026-11-20', 'voicemail', 'k2');
    await call('2026-11-18', 'conversation', 'k3');
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    const row = (await sql<Record<string, unknown>>`select * from contacts where id = ${c}`.execute(db)).rows[0]!;
    expect(row).toMatchObject({ calls_count: 3, conversations_count: 2, last_outcome: 'voicemail', categories: [], archived_at: null, birthday_month: null });
    // A birthday needs both parts and a real month.
    await expect(sql`update contacts set birthday_month = 4 where id = ${c}`.execute(db)).rejects.toThrow();
    await expect(sql`update contacts set birthday_month = 13, birthday_day = 1 where id = ${c}`.execute(db)).rejects.toThrow();
    await sql`update contacts set birthday_month = 4, birthday_day = 30 where id = ${c}`.execute(db);
  });

  it('goes down and up again', async () => {
    // Down to the migration before the call list (later migrations go down first).
    expect((await migrator.migrateTo('20261201T2100_clock_stamps')).error).toBeUndefined();
    const cols = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'contacts'`.execute(handle.db);
    expect(cols.rows.map((r) => r.column_name)).not.toContain('calls_count');
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  });
});
