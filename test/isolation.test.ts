// Two workspaces on one database, both installed through the OAuth flow against the emulator: commands,
// the check-in modal and the scheduled jobs (plans, pairing, recap) run for both and nothing crosses —
// no row, no message, no count. Then one uninstalls: its tokens are gone, its jobs stop, the other is
// untouched; and the database never holds a token in plain text.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startScheduler } from '../src/jobs/scheduler.js';
import { renderMessage } from '../src/slack/views/messages.js';
import { describeDb } from './helpers/db.js';
import { silentLogger } from './helpers/logger.js';
import { startOAuthProduct, type OAuthProduct } from './helpers/oauth.js';
import { until } from './helpers/wait.js';
import { commandReply } from './slack/harness.js';

// Monday 2026-11-30, 07:00 UTC (08:00 in Berlin): before the Monday 09:00 plans.
const MONDAY = new Date('2026-11-30T07:00:00Z');
const HOUR = 3_600_000;

describeDb('two workspaces, one database', (ctx) => {
  let p: OAuthProduct;
  const people: Record<string, string[]> = {};
  const channel: Record<string, string> = {};
  const teams = ['T0AAA', 'T0BBB'] as const;
  // A has four members who log 2 calls; B has two members who log 1.
  const size = { T0AAA: 4, T0BBB: 2 };
  const logged = { T0AAA: 2, T0BBB: 1 };

  beforeAll(async () => {
    p = await startOAuthProduct(ctx(), [
      { id: 'T0AAA', name: 'Acme', domain: 'acme' },
      { id: 'T0BBB', name: 'Bolt', domain: 'bolt' },
    ], { now: MONDAY });
    for (const t of teams) {
      const emu = p.teams[t]!;
      people[t] = Array.from({ length: size[t] }, (_, i) => emu.addUser({ id: `U${t.slice(-1)}00${i}`, name: `${t.slice(-1).toLowerCase()}${i}`, tz: 'Europe/Berlin', tz_offset: 3600, is_admin: i === 0 }).id);
      channel[t] = emu.addChannel({ name: 'five-calls', members: people[t]! }).id;
      expect((await p.install(t, people[t]![0])).status).toBe(200);
    }
  }, 60_000);
  afterAll(async () => {
    await p?.stop();
  });

  const rows = async (table: 'members' | 'circles' | 'calls' | 'plans' | 'pairings' | 'recaps' | 'outbox', ws: string) =>
    Number((await ctx().db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws).executeTakeFirstOrThrow()).n);

  it('commands and the check-in modal: each workspace sees only its own', async () => {
    for (const t of teams) {
      const emu = p.teams[t]!;
      for (const u of people[t]!) expect((await commandReply({ emu }, u, 'join', channel[t])).all).toMatch(/circle|joined|five-calls/i);
      for (let i = 0; i < logged[t]; i++) {
        const user = people[t]![i]!;
        const before = emu.currentModal(user)?.id;
        expect((await emu.slashCommand({ user, text: 'log Dana' })).status).toBe(200);
        await until(() => emu.currentModal(user) !== undefined && emu.currentModal(user)!.id !== before);
        const r = await emu.submitView({
          user, viewId: emu.currentModal(user)!.id,
          values: { who: { who: { type: 'plain_text_input', value: 'Dana' } }, category: { category: { type: 'static_select', selected_option: { value: 'stretch' } } }, outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'conversation' } } } },
        });
        expect(r.outcome).toBe('closed');
      }
    }
    await p.worker.drain();
    for (const t of teams) {
      expect(await rows('members', t)).toBe(size[t]);
      expect(await rows('circles', t)).toBe(1);
      expect(await rows('calls', t)).toBe(logged[t]);
    }
    // A's board counts A's calls only.
    const board = await commandReply({ emu: p.teams.T0BBB! }, people.T0BBB![0]!, 'leaderboard', channel.T0BBB);
    expect(board.all).not.toMatch(/a[0-3]/);
  });

  it('scheduled plans, pairing and the recap go to each workspace from its own data', async () => {
    const scheduler = startScheduler({ db: ctx().db, clock: p.clock, logger: silentLogger, messages: renderMessage, cron: false, tickOnStart: false, retentionDays: 30 });
    try {
      p.clock.advance(2 * HOUR + 5 * 60_000); // 10:05 Berlin
      await scheduler.tick();
      await p.worker.drain();
      for (const t of teams) {
        expect(await rows('plans', t)).toBe(size[t]);
        expect(await rows('pairings', t)).toBe(1);
      }
      // Friday 2026-12-04 18:00 UTC: after the 16:00 recap in every zone.
      p.clock.advance(new Date('2026-12-04T18:00:00Z').getTime() - p.clock.now().getTime());
      await scheduler.tick();
      await p.worker.drain();
    } finally {
      await scheduler.stop();
    }
    for (const t of teams) {
      expect(await rows('recaps', t)).toBe(1);
      const emu = p.teams[t]!;
      const mine = new Set(people[t]);
      // Every DM and group DM in this workspace is with its own people, and each got a plan.
      for (const c of emu.conversations().filter((c) => c.is_im || c.is_mpim)) {
        for (const m of c.members.filter((id) => !id.startsWith('U0BOT'))) expect(mine.has(m), `${t}: ${m} in ${c.id}`).toBe(true);
      }
      for (const u of people[t]!) expect(emu.dmMessages(u).some((m) => /^Your (5 calls|goal) for /.test(m.text)), `${t}: plan for ${u}`).toBe(true);
      const posts = emu.messages(channel[t]!).map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`);
      expect(posts.some((m) => /recap/i.test(m))).toBe(true);
      const others = teams.filter((x) => x !== t).flatMap((x) => people[x]!);
      for (const m of posts) for (const o of others) expect(m).not.toContain(o);
    }
    // Nothing the app sent went through the other workspace's token.
    for (const t of teams) {
      for (const c of p.teams[t]!.calls()) expect(c.status === 200 && c.error === undefined, `${t}: ${c.method} ${c.error}`).toBe(true);
    }
  });

  it('uninstalling one stops its jobs and clears its tokens; the other keeps working; no plain token anywhere', async () => {
    const db = ctx().db;
    const tokens = teams.flatMap((t) => p.teams[t]!.validTokens());
    expect(tokens).toHaveLength(2);
    const dump = async () => {
      const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
      const out: string[] = [];
      for (const { table_name } of tables.rows) out.push(...(await sql<{ t: string }>`select t::text as t from ${sql.table(table_name)} t`.execute(db)).rows.map((r) => r.t));
      return out.join('\n');
    };
    for (const token of tokens) expect((await dump()).includes(token)).toBe(false);

    await p.teams.T0AAA!.uninstallApp();
    await until(async () => (await db.selectFrom('workspaces').select('status').where('id', '=', 'T0AAA').executeTakeFirstOrThrow()).status === 'uninstalled');
    expect(p.teams.T0AAA!.validTokens()).toEqual([]);
    expect((await db.selectFrom('installations').select('bot_token_enc').where('workspace_id', '=', 'T0AAA').executeTakeFirstOrThrow()).bot_token_enc).toBeNull();
    const outboxA = await rows('outbox', 'T0AAA');
    const dmsA = people.T0AAA!.map((u) => p.teams.T0AAA!.dmMessages(u).length);

    // The next Monday: B gets its plans, A gets nothing (no row, no message).
    const scheduler = startScheduler({ db, clock: p.clock, logger: silentLogger, messages: renderMessage, cron: false, tickOnStart: false, retentionDays: 30 });
    try {
      p.clock.advance(new Date('2026-12-07T09:05:00Z').getTime() - p.clock.now().getTime());
      const report = await scheduler.tick();
      expect(report.workspaces).toBe(1);
      await p.worker.drain();
    } finally {
      await scheduler.stop();
    }
    expect(await rows('outbox', 'T0AAA')).toBe(outboxA);
    expect(people.T0AAA!.map((u) => p.teams.T0AAA!.dmMessages(u).length)).toEqual(dmsA);
    expect(await rows('plans', 'T0BBB')).toBe(2 * size.T0BBB);
    expect((await commandReply({ emu: p.teams.T0BBB! }, people.T0BBB![0]!, 'week')).all).toContain('/5');
    // A's history is kept until the retention period ends.
    expect(await rows('calls', 'T0AAA')).toBe(logged.T0AAA);
  });
});
