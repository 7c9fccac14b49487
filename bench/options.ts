/**
 * Options endpoint benchmark (not a timed test): the check-in's "Your people" picker at 5,000 people per
 * member. Slack gives an options endpoint 3 seconds; this measures the whole round trip as Slack makes
 * it: the emulator sends a signed block_suggestion to the real Bolt app over HTTP, the app reads the
 * member's people and answers, the emulator checks the answer against Block Kit's limits.
 *
 * Databases: embedded PGlite (what the sandbox and a small install use) and PostgreSQL when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL names a server (a scratch database, dropped after).
 * Seed: 20 members x 5,000 people each (100,000 contacts), names from first x last name lists, a third
 * of them with a call on record, seeded with generate_series. The member measured has 5,000.
 *
 * For each query ('' on open, 'a', 'ma', 'maria', 'zzzz' with no match) 40 sequential round trips
 * (after 5 warm-ups), then 20 at once; p50 / p95 / max in ms to bench/results/options.json.
 *
 *   npx tsx bench/options.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { systemClock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import { createDb, type DbHandle } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createLogger } from '../src/logger.js';
import { createEmulator } from '../src/sandbox/emulator/index.js';
import { createSlackApp } from '../src/slack/app.js';
import { scratchDatabase } from './scratch-db.js';

const here = dirname(fileURLToPath(import.meta.url));
const TOKEN = 'xoxb-bench-options';
const SECRET = 'bench-options-signing-secret';
const TEAM = 'T0BENCHOPT';
const PER_MEMBER = Number(process.env.OPTIONS_PER_MEMBER ?? 5000);
const MEMBERS = 20;
const RUNS = 40;
const WARMUP = 5;
const CONCURRENT = 20;
const QUERIES = ['', 'a', 'ma', 'maria', 'zzzz'];

const FIRST = ['Maria', 'John', 'Aisha', 'Li', 'Omar', 'Sofia', 'Lukas', 'Priya', 'Kenji', 'Ana', 'David', 'Fatima', 'Noah', 'Emma', 'Mateo', 'Zoe', 'Ivan', 'Chloe', 'Ravi', 'Grace', 'Tom', 'Lena', 'Diego', 'Nora', 'Sam'];
const LAST = ['Smith', 'Garcia', 'Khan', 'Chen', 'Haddad', 'Rossi', 'Becker', 'Nair', 'Tanaka', 'Silva', 'Kim', 'Ali', 'Brown', 'Martin', 'Lopez', 'Clarke', 'Petrov', 'Dubois', 'Iyer', 'Liu'];

function stats(samples: number[]): { p50: number; p95: number; max: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  const r = (n: number) => Math.round(n * 10) / 10;
  return { p50: r(at(50)), p95: r(at(95)), max: r(s.at(-1)!), n: s.length };
}

async function openDatabases(): Promise<{ kind: string; handle: DbHandle; drop: () => Promise<void> }[]> {
  const out: { kind: string; handle: DbHandle; drop: () => Promise<void> }[] = [];
  const memory = await createDb({ memory: true });
  out.push({ kind: 'pglite', handle: memory, drop: () => memory.close() });
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (base) {
    const database = await scratchDatabase(base, `cb_bench_options_${process.pid}`);
    const handle = await createDb({ databaseUrl: database.url });
    out.push({ kind: 'postgres', handle, drop: async () => { await handle.close(); await database.drop(); } });
  }
  return out;
}

async function seed(handle: DbHandle, slackUserIds: string[]): Promise<void> {
  const db = handle.db;
  const at = new Date('2026-11-02T12:00:00Z');
  await db.insertInto('workspaces').values({ id: TEAM, created_at: at }).onConflict((oc) => oc.doNothing()).execute();
  for (const id of slackUserIds) {
    await db.insertInto('members').values({ workspace_id: TEAM, slack_user_id: id, display_name: id, slack_tz: 'UTC', created_at: at, greeted_at: at }).execute();
  }
  const first = sql.val(FIRST);
  const last = sql.val(LAST);
  await sql`
    insert into contacts (workspace_id, member_id, name, categories, last_called_on, calls_count, conversations_count, created_at)
    select ${TEAM}, m.id,
      (${first}::text[])[1 + (g % ${FIRST.length})] || ' ' || (${last}::text[])[1 + ((g / ${FIRST.length}) % ${LAST.length})] || ' ' || g,
      array['stretch'], case when g % 3 = 0 then date '2026-01-01' + (g % 300) end, (g % 3 = 0)::int, 0, ${at}
    from members m cross join generate_series(1, ${PER_MEMBER}) g
    where m.workspace_id = ${TEAM}`.execute(db);
  await sql`analyze contacts`.execute(db);
}

async function measure(kind: string, handle: DbHandle): Promise<Record<string, unknown>> {
  await migrateToLatest(handle.db);
  const emu = createEmulator({ botToken: TOKEN, signingSecret: SECRET, team: { id: TEAM, name: 'Bench', domain: 'bench' } });
  const { url } = await emu.start();
  const users = Array.from({ length: MEMBERS }, (_, i) => emu.addUser({ name: `member${i}`, tz: 'UTC' }).id);
  const t0 = Date.now();
  await seed(handle, users);
  const seedMs = Date.now() - t0;
  const logger = createLogger('silent', { pretty: false });
  const config: Config = { mode: 'http', slack: { botToken: TOKEN, signingSecret: SECRET, apiUrl: url }, dataDir: './data', port: 0, host: '127.0.0.1', logLevel: 'silent' };
  const slack = createSlackApp({ config, db: handle.db, clock: systemClock, logger });
  await slack.start();
  emu.setAppUrl(`http://127.0.0.1:${slack.port()}/slack/events`);
  const user = users[0]!;
  await emu.slashCommand({ user, text: 'log' });
  for (let i = 0; i < 100 && !emu.currentModal(user); i++) await new Promise((r) => setTimeout(r, 20));
  const view = emu.currentModal(user)!.id;
  const once = async (value: string): Promise<{ ms: number; options: number; problems: number }> => {
    const t = performance.now();
    const r = await emu.blockSuggestion({ user, view, actionId: 'who_contact', value });
    return { ms: performance.now() - t, options: r.options.length, problems: r.problems.length + (r.status === 200 ? 0 : 1) };
  };
  const byQuery: Record<string, unknown> = {};
  let problems = 0;
  let over3s = 0;
  for (const q of QUERIES) {
    for (let i = 0; i < WARMUP; i++) await once(q);
    const samples: number[] = [];
    let options = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await once(q);
      samples.push(r.ms);
      options = r.options;
      problems += r.problems;
      if (r.ms >= 3000) over3s++;
    }
    const burst = await Promise.all(Array.from({ length: CONCURRENT }, () => once(q)));
    for (const r of burst) if (r.ms >= 3000) over3s++;
    problems += burst.reduce((n, r) => n + r.problems, 0);
    byQuery[JSON.stringify(q)] = { sequential: stats(samples), [`${CONCURRENT} at once`]: stats(burst.map((r) => r.ms)), options };
  }
  await slack.stop();
  await emu.stop();
  const contacts = Number((await sql<{ n: string }>`select count(*) as n from contacts`.execute(handle.db)).rows[0]!.n);
  return { database: kind, contacts, perMember: PER_MEMBER, seedMs, problems, over3s, queries: byQuery };
}

export async function run(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown>[] = [];
  for (const { kind, handle, drop } of await openDatabases()) {
    try {
      results.push(await measure(kind, handle));
    } finally {
      await drop();
    }
  }
  const out = { at: new Date().toISOString(), node: process.version, limitMs: 3000, results };
  await mkdir(join(here, 'results'), { recursive: true });
  await writeFile(join(here, 'results', 'options.json'), `${JSON.stringify(out, null, 2)}\n`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run(), null, 2));
  process.exit(0);
}
