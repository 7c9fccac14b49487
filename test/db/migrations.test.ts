import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest, migrationsApplied } from '../../src/db/migrate.js';
import { describeDb } from '../helpers/db.js';

/** Rows written directly in these tests carry a stamp, as the app's own writes do (from its Clock). */
const at = new Date('2026-11-24T12:00:00Z');

describe('migrations/index.ts', () => {
  it('lists every migration file in the folder, in order', () => {
    const dir = path.resolve(import.meta.dirname, '../../migrations');
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });

  it('migrations never import application code', () => {
    const dir = path.resolve(import.meta.dirname, '../../migrations');
    for (const f of fs.readdirSync(dir)) {
      expect(fs.readFileSync(path.join(dir, f), 'utf8'), f).not.toMatch(/from '\.\.\/src/);
    }
  });
});

describeDb('schema', (ctx) => {
  it('is fully migrated and re-running is a no-op', async () => {
    expect(await migrationsApplied(ctx().db)).toBe(true);
    expect(await migrateToLatest(ctx().db)).toEqual([]);
  });

  it('normalises count(*) and bigint ids to numbers and dates to strings', async () => {
    const { db } = ctx();
    await db.insertInto('workspaces').values({ id: 'T1', name: 'Acme', domain: null, bot_user_id: null, created_at: at }).execute();
    const m = await db.insertInto('members').values({ workspace_id: 'T1', slack_user_id: 'U1', circle_id: null, joined_circle_at: null, tz_override: null, lane: null, greeted_at: null, created_at: at }).returning('id').executeTakeFirstOrThrow();
    expect(typeof m.id).toBe('number');
    const c = await db.selectFrom('members').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(c.n).toBe(1);
    const d = await sql<{ d: string }>`select date '2026-12-31' as d`.execute(db);
    expect(d.rows[0]!.d).toBe('2026-12-31');
  });

  it('enforces enums, ranges and week keys with CHECK constraints', async () => {
    const { db } = ctx();
    await db.insertInto('workspaces').values({ id: 'T2', name: null, domain: null, bot_user_id: null, created_at: at }).execute();
    const m = await db.insertInto('members').values({ workspace_id: 'T2', slack_user_id: 'U2', circle_id: null, joined_circle_at: null, tz_override: null, lane: null, greeted_at: null, created_at: at }).returning('id').executeTakeFirstOrThrow();
    const base = { workspace_id: 'T2', member_id: m.id, circle_id: null, week: '2026-W48', call_date: '2026-11-24', contact_id: null, contact_name: 'Ann', contact_user_id: null, category: 'stretch', outcome: 'conversation' as const, minutes: 10, follow_up_on: null, notes: null, idempotency_key: 'k1', created_at: at };
    await db.insertInto('calls').values(base).execute();
    await expect(db.insertInto('calls').values({ ...base, idempotency_key: 'k2', outcome: 'maybe' as never }).execute()).rejects.toThrow();
    await expect(db.insertInto('calls').values({ ...base, idempotency_key: 'k3', minutes: 601 }).execute()).rejects.toThrow();
    await expect(db.insertInto('calls').values({ ...base, idempotency_key: 'k4', week: '2026-48' }).execute()).rejects.toThrow();
    await expect(db.insertInto('calls').values({ ...base }).execute()).rejects.toThrow(); // same idempotency key
    await expect(db.insertInto('circles').values({ workspace_id: 'T2', channel_id: 'C1', name: null, created_by: 'U2', goal: 0, created_at: at }).execute()).rejects.toThrow();
    await expect(db.insertInto('circles').values({ workspace_id: 'T2', channel_id: 'C2', name: null, created_by: 'U2', plan_time: '25:00', created_at: at }).execute()).rejects.toThrow();
  });

  it('has no now() default: a row the app forgets to stamp with the Clock is refused', async () => {
    const { db } = ctx();
    const stamped = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and data_type like 'timestamp%' and column_default is not null`.execute(db);
    expect(stamped.rows).toEqual([]);
    await expect(db.insertInto('workspaces').values({ id: 'TN', name: null, domain: null, bot_user_id: null } as never).execute()).rejects.toThrow(/created_at/);
  });

  it('a member cannot join a circle of another workspace (composite foreign key)', async () => {
    const { db } = ctx();
    await db.insertInto('workspaces').values([{ id: 'TA', name: null, domain: null, bot_user_id: null, created_at: at }, { id: 'TB', name: null, domain: null, bot_user_id: null, created_at: at }]).execute();
    const circle = await db.insertInto('circles').values({ workspace_id: 'TA', channel_id: 'C9', name: null, created_by: 'U1', created_at: at }).returning('id').executeTakeFirstOrThrow();
    await expect(
      db.insertInto('members').values({ workspace_id: 'TB', slack_user_id: 'U9', circle_id: circle.id, joined_circle_at: null, tz_override: null, lane: null, greeted_at: null, created_at: at }).execute(),
    ).rejects.toThrow();
  });
});
