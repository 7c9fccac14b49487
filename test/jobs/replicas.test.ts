/**
 * Two replicas (scheduler + outbox worker each, on their own connection pools) against one PostgreSQL
 * database through three simulated weeks, ticking at the same moments: exactly one plan DM per
 * member-week, one pairing and one recap per circle-week reach the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../src/clock.js';
import { createDb, type DbHandle } from '../../src/db/index.js';
import { createOutboxWorker, type OutboxWorker } from '../../src/jobs/outbox-worker.js';
import { startScheduler, type Scheduler } from '../../src/jobs/scheduler.js';
import { postgresAvailable } from '../helpers/db.js';
import { openJobsPgDb } from '../helpers/db.js';
import { startEmulator } from '../helpers/emulator.js';
import { silentLogger } from '../helpers/logger.js';
import { WS, seedCircle } from './seed.js';
import { renderMessage } from '../../src/slack/views/messages.js';

const HOUR = 3_600_000;

if (!postgresAvailable()) {
  describe.skip('replicas [postgres: skipped, TEST_DATABASE_URL not set]', () => {});
} else {
  describe('replicas on one PostgreSQL [postgres]', () => {
    let base: DbHandle & { url: string };
    let dropDb: () => Promise<void>;
    const pools: DbHandle[] = [];
    let env: Awaited<ReturnType<typeof startEmulator>>;
    const clock = new SettableClock('2026-11-23T09:00:00Z'); // Monday of 2026-W48 in every zone used

    beforeAll(async () => {
      const created = await openJobsPgDb();
      dropDb = created.close;
      base = { ...(await createDb({ databaseUrl: created.url, poolMax: 4 })), url: created.url };
      env = await startEmulator({ now: () => clock.now() });
    });
    afterAll(async () => {
      for (const p of pools) await p.close();
      await env.emu.stop();
      await base.close();
      await dropDb();
    });

    it('delivers exactly one plan per member-week, one pairing and one recap per circle-week', async () => {
      const a = await seedCircle(base.db, env.emu, { name: 'alpha', tz: 'Europe/Berlin', zones: ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata'], size: 9, at: clock.now() });
      const b = await seedCircle(base.db, env.emu, { name: 'beta', tz: 'America/Los_Angeles', zones: ['America/Los_Angeles', 'Australia/Sydney'], size: 8, at: clock.now() });
      const replicas: { s: Scheduler; w: OutboxWorker }[] = [];
      for (let i = 0; i < 2; i++) {
        const h = await createDb({ databaseUrl: base.url!, poolMax: 4 });
        pools.push(h);
        replicas.push({
          s: startScheduler({ db: h.db, clock, logger: silentLogger, messages: renderMessage, cron: false, tickOnStart: false }),
          w: createOutboxWorker({ db: h.db, dbKind: 'postgres', clientFor: env.clientFor, clock, logger: silentLogger, concurrency: 4, limits: { perChannelIntervalMs: 0, scale: 50 } }),
        });
      }
      const end = new Date('2026-12-13T12:00:00Z').getTime(); // Sunday of 2026-W50 in every zone used
      while (clock.now().getTime() < end) {
        clock.advance(3 * HOUR);
        await Promise.all(replicas.map((r) => r.s.tick()));
        await Promise.all(replicas.map((r) => r.w.drain()));
      }
      for (const r of replicas) await r.s.stop();

      const members = [...a.members, ...b.members];
      const weeks = ['2026-W48', '2026-W49', '2026-W50'];
      for (const m of members) {
        const plans = env.emu.dmMessages(m.slack_user_id).filter((x) => /^Your \d+ calls for/.test(x.text));
        expect(plans.map((p) => p.text.slice(0, 40)), `plan DMs for ${m.display_name}`).toHaveLength(weeks.length);
      }
      for (const c of [a, b]) {
        const msgs = env.emu.messages(c.channelId);
        expect(msgs.filter((x) => /^Soundboard partners/.test(x.text)).length, 'pairing announcements').toBe(weeks.length);
        expect(msgs.length, 'announcement + recap per week').toBe(weeks.length * 2);
      }
      const counts = await base.db.selectFrom('outbox').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).where('workspace_id', '=', WS).groupBy('kind').execute();
      const byKind = Object.fromEntries(counts.map((r) => [r.kind, Number(r.n)]));
      expect(byKind.plan).toBe(members.length * weeks.length);
      expect(byKind.pairing).toBe(2 * weeks.length);
      expect(byKind.recap).toBe(2 * weeks.length);
      const ok = env.emu.calls('chat.postMessage').filter((c) => c.ok).length;
      const sent = await base.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'sent').executeTakeFirstOrThrow();
      expect(ok).toBe(Number(sent.n));
      const pending = await base.db.selectFrom('outbox').select('dedupe_key').where('status', '!=', 'sent').execute();
      expect(pending).toEqual([]);
      expect(await base.db.selectFrom('pairings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 2 * weeks.length });
      expect(await base.db.selectFrom('recaps').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 2 * weeks.length });
    }, 120_000);
  });
}
