// chat.postMessage's one message per second per channel, shared by replicas: two outbox workers on one
// database (on PostgreSQL each with its own connection pool, as two processes have) deliver several
// messages to each of a few channels into the emulator, which enforces Slack's limits. Between them
// they never post to one channel within a second (no 429), every message arrives once, and the
// channel marks are pruned. With per-process pacing the same run does collide: the test can tell.
import { expect, it } from 'vitest';
import { SettableClock } from '../../src/clock.js';
import { createDb, type Db } from '../../src/db/index.js';
import { createOutboxWorker } from '../../src/jobs/outbox-worker.js';
import { pruneChannelSlots } from '../../src/store/rate-budgets.js';
import { enqueueMessage } from '../../src/store/outbox.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';
import { startEmulator } from '../helpers/emulator.js';
import { silentLogger } from '../helpers/logger.js';

const WS = 'T0EMULATOR';
const CHANNELS = 4;
const PER_CHANNEL = 4;
/**
 * The workers' spacing: Slack's second and a margin for the way to the emulator, which here shares the
 * thread with the workers (and with PGlite, whose queries hold it): a post can take a tenth of a second
 * or more to arrive. Production's default is 1,100 ms (Slack itself allows short bursts).
 */
const SPACING_MS = 1_500;

describeDb('per-channel pacing shared by two outbox workers', (ctx, kind) => {
  const clock = new SettableClock('2026-11-23T09:00:00Z');

  /** Runs two workers over CHANNELS x PER_CHANNEL DMs; answers what the emulator saw. */
  const run = async (label: string, sharedRateLimits: boolean) => {
    const { db } = ctx();
    // Slack's per-channel limit (1 a second), and workspace-wide caps far above what the run needs.
    const env = await startEmulator({ now: () => clock.now(), rateLimits: { enabled: true, postMessagePerChannelPerSecond: 1, postMessagePerMinute: 6_000, tiers: { 3: 5_000, 4: 5_000 } } });
    const second = kind === 'postgres' ? await createDb({ databaseUrl: ctx().url!, poolMax: 4 }) : undefined;
    try {
      await upsertWorkspace(db, { id: WS, at: clock.now() });
      const users = Array.from({ length: CHANNELS }, (_, i) => env.emu.addUser({ name: `${label}${i}`, tz: 'UTC' }).id);
      // The first requests of a fresh client and emulator are slow (the connection, each DM's opening,
      // PGlite's first queries on the same thread): warm up, so that what is measured is the pacing and
      // not a cold start on the way to the emulator. The warm-up leaves the channels' window before the run.
      const worker = (d: Db) => createOutboxWorker({ db: d, dbKind: kind, sharedRateLimits, clientFor: env.clientFor, clock, logger: silentLogger, concurrency: 4, limits: { scale: 10, perChannelIntervalMs: SPACING_MS } });
      const [a, b] = [worker(db), worker(second?.db ?? db)];
      for (const u of users) await enqueueMessage(db, { workspaceId: WS, dedupeKey: `${label}:${u}:warm-up`, kind: 'nudge', method: 'chat.postMessage', channelKey: u, payload: { channel: u, text: 'warm-up' }, at: new Date(clock.now().getTime() - 120_000) });
      await Promise.all([a.drain(), b.drain()]);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const before = env.emu.calls('chat.postMessage').length;
      let n = 0;
      for (let round = 0; round < PER_CHANNEL; round++) {
        for (const u of users) {
          await enqueueMessage(db, { workspaceId: WS, dedupeKey: `${label}:${u}:${round}`, kind: 'nudge', method: 'chat.postMessage', channelKey: u, payload: { channel: u, text: `${label} ${round}` }, at: new Date(clock.now().getTime() - 60_000 + n++) });
        }
      }
      const results = await Promise.all([a.drain(), b.drain()]);
      const posts = env.emu.calls('chat.postMessage').slice(before);
      const gaps: number[] = [];
      for (const u of users) {
        const times = posts.filter((c) => c.ok && c.args.channel === u).map((c) => c.at).sort((x, y) => x - y);
        for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
      }
      return {
        sent: results.map((r) => r.sent),
        http429: posts.filter((c) => c.status === 429).length,
        minGapMs: Math.min(...gaps),
        perUser: users.map((u) => env.emu.dmMessages(u).filter((m) => m.text !== 'warm-up').length),
      };
    } finally {
      await second?.close();
      await env.emu.stop();
    }
  };

  it('never sends two messages to one channel within a second, and both workers send', async () => {
    const r = await run('shared', true);
    expect(r.http429).toBe(0);
    expect(r.minGapMs).toBeGreaterThanOrEqual(1_000);
    expect(r.perUser).toEqual(Array.from({ length: CHANNELS }, () => PER_CHANNEL));
    expect(r.sent[0]! + r.sent[1]!).toBe(CHANNELS * PER_CHANNEL);
    expect(r.sent[0]).toBeGreaterThan(0);
    expect(r.sent[1]).toBeGreaterThan(0);
    // The channel marks are kept short: a minute past the last message, they are pruned.
    const { db } = ctx();
    const rows = await db.selectFrom('channel_slots').select(['channel_hash', 'slot_ms']).where('workspace_id', '=', WS).execute();
    expect(rows).toHaveLength(CHANNELS);
    expect(rows.map((x) => x.channel_hash).join(' ')).not.toMatch(/U[A-Z0-9]+/); // no user id stored
    const last = Math.max(...rows.map((x) => Number(x.slot_ms)));
    expect(await pruneChannelSlots(db, last + 60_000)).toBe(CHANNELS);
  }, 60_000);

  it('with per-process pacing the two workers do collide (what the shared marks prevent)', async () => {
    const r = await run('local', false);
    expect(r.perUser).toEqual(Array.from({ length: CHANNELS }, () => PER_CHANNEL));
    expect(r.http429 > 0 || r.minGapMs < 1_000).toBe(true);
  }, 60_000);
});
