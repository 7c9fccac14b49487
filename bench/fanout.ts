/**
 * Fan-out benchmark: 10,000 plan DMs through the outbox worker into the emulator with its rate limits
 * on, scaled so the run takes about a minute (chat.postMessage cap = 10,000 per minute). PostgreSQL when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL is set (a scratch database is created and dropped), else
 * PGlite in memory. Then the same fan-out as a naive loop over a WebClient with default retries, under
 * the same limits. Writes bench/results/fanout.json.
 *
 *   npx tsx bench/fanout.ts
 */
import crypto from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebClient } from '@slack/web-api';
import pg from 'pg';
import { pino } from 'pino';
import { SettableClock, systemClock } from '../src/clock.js';
import { createDb, type DbHandle } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { slackScheduledMessages } from '../src/jobs/messages.js';
import { createOutboxWorker, createWorkerClient } from '../src/jobs/outbox-worker.js';
import { sendDuePlans } from '../src/services/plans.js';
import { createEmulator } from '../src/sandbox/emulator/index.js';
import { upsertWorkspace } from '../src/store/workspaces.js';

const here = dirname(fileURLToPath(import.meta.url));
const COUNT = Number(process.env.FANOUT_COUNT ?? 10_000);
const PER_MINUTE = COUNT; // the cap that makes the run about a minute
const SCALE = PER_MINUTE / 600; // the emulator's default chat.postMessage cap is 600 a minute
const WS = 'T0EMULATOR';

async function openDb(): Promise<{ handle: DbHandle; kind: 'pglite' | 'postgres'; drop: () => Promise<void> }> {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) {
    const handle = await createDb({ memory: true });
    await migrateToLatest(handle.db);
    return { handle, kind: 'pglite', drop: async () => {} };
  }
  const name = `cbbench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: u.toString(), poolMax: 10 });
  await migrateToLatest(handle.db);
  return {
    handle,
    kind: 'postgres',
    drop: async () => {
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return { stop: () => (clearInterval(t), Math.max(peak, process.memoryUsage().rss)) };
}

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

export async function run(): Promise<Record<string, unknown>> {
  const { handle, kind, drop } = await openDb();
  const db = handle.db;
  const emu = createEmulator({ rateLimits: { postMessagePerMinute: PER_MINUTE } });
  const { url } = await emu.start();
  try {
    await upsertWorkspace(db, { id: WS });
    const users: { slack_user_id: string; display_name: string }[] = [];
    for (let i = 0; i < COUNT; i++) {
      const u = emu.addUser({ name: `m${i}`, tz: 'UTC' });
      users.push({ slack_user_id: u.id, display_name: u.name });
    }
    for (let i = 0; i < users.length; i += 1000) {
      await db.insertInto('members').values(users.slice(i, i + 1000).map((u) => ({ workspace_id: WS, ...u }))).execute();
    }
    const tEnq = performance.now();
    const clock = new SettableClock(Date.now());
    const created = await sendDuePlans({ db, clock, messages: slackScheduledMessages }, WS);
    const enqueueMs = Math.round(performance.now() - tEnq);

    const client = createWorkerClient(emu.token, { slackApiUrl: url, logLevel: 'error' as never });
    const worker = createOutboxWorker({ db, dbKind: kind, clientFor: () => client, clock: systemClock, logger: pino({ level: 'warn' }), limits: { scale: SCALE } });
    const rss = rssSampler();
    const t0 = performance.now();
    const drained = await worker.drain();
    const seconds = (performance.now() - t0) / 1000;
    const peakRss = rss.stop();

    const posts = emu.calls('chat.postMessage');
    const ok = posts.filter((c) => c.ok);
    const span = ok.length > 1 ? (ok[ok.length - 1]!.at - ok[0]!.at) / 1000 : seconds;
    let lost = 0;
    let duplicates = 0;
    for (const u of users) {
      const n = emu.dmMessages(u.slack_user_id).length;
      if (n === 0) lost++;
      if (n > 1) duplicates += n - 1;
    }
    const allowedPerSecond = PER_MINUTE / 60;
    const achievedPerSecond = (ok.length - 1) / span;
    const outbox = {
      messages: COUNT,
      plansCreated: created,
      enqueueMs,
      seconds: Math.round(seconds * 10) / 10,
      sent: drained.sent,
      failed: drained.failed,
      lost,
      duplicates,
      http429: posts.filter((c) => c.status === 429).length,
      allowedPerSecond: Math.round(allowedPerSecond * 10) / 10,
      achievedPerSecond: Math.round(achievedPerSecond * 10) / 10,
      ratePercentOfAllowed: Math.round((achievedPerSecond / allowedPerSecond) * 1000) / 10,
      peakRssMb: mb(peakRss),
    };
    await emu.stop();

    // The naive loop: same members, same limits, a WebClient with default retries.
    const emu2 = createEmulator({ rateLimits: { postMessagePerMinute: PER_MINUTE } });
    const { url: url2 } = await emu2.start();
    const ids = users.map((u) => emu2.addUser({ name: u.display_name, tz: 'UTC' }).id);
    const naiveClient = new WebClient(emu2.token, { slackApiUrl: url2, logLevel: 'error' as never });
    const text = 'Your 5 calls for week 48';
    const n0 = performance.now();
    let naiveErrors = 0;
    for (const id of ids) {
      try {
        await naiveClient.chat.postMessage({ channel: id, text });
      } catch {
        naiveErrors++;
      }
    }
    const naiveSeconds = (performance.now() - n0) / 1000;
    const nposts = emu2.calls('chat.postMessage');
    const nok = nposts.filter((c) => c.ok);
    let naiveLost = 0;
    let naiveDup = 0;
    for (const id of ids) {
      const n = emu2.dmMessages(id).length;
      if (n === 0) naiveLost++;
      if (n > 1) naiveDup += n - 1;
    }
    await emu2.stop();
    const naive = {
      seconds: Math.round(naiveSeconds * 10) / 10,
      sent: nok.length,
      errors: naiveErrors,
      lost: naiveLost,
      duplicates: naiveDup,
      http429: nposts.filter((c) => c.status === 429).length,
      achievedPerSecond: Math.round((nok.length / naiveSeconds) * 10) / 10,
    };
    const result = {
      database: kind,
      limits: { chatPostMessagePerMinute: PER_MINUTE, perChannelPerSecond: 1, emulatorScale: Math.round(SCALE * 100) / 100 },
      outbox,
      naive,
      ratioOutboxSecondsToNaive: Math.round((outbox.seconds / naive.seconds) * 100) / 100,
      targets: {
        rateAtLeast90PercentOfAllowed: outbox.ratePercentOfAllowed >= 90,
        zeroLost: outbox.lost === 0,
        zeroDuplicates: outbox.duplicates === 0,
        peakRssUnder250Mb: outbox.peakRssMb < 250,
      },
      note: 'The emulator limits chat.postMessage with a sliding 60 s window, so a loop that bursts may post a whole minute of allowance at once; the outbox paces at 95% of the allowed rate with a 2% burst, so it never triggers a 429.',
    };
    await mkdir(join(here, 'results'), { recursive: true });
    await writeFile(join(here, 'results', 'fanout.json'), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await emu.stop().catch(() => {});
    await handle.close();
    await drop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await run(), null, 2));
}
