/**
 * Replica benchmark: one workspace's plan DMs (REPLICAS_COUNT, default 3,600) delivered by
 * three outbox worker processes on one PostgreSQL database into one emulated workspace with Slack's
 * limits on (chat.postMessage capped at REPLICAS_PER_MINUTE, default 1,200, in a sliding 60 s window,
 * and 1 per second per channel). With the rate budgets shared through the database (the default on
 * PostgreSQL) the three together must stay within the workspace's limit: 429s under 1% of sends,
 * nothing lost or sent twice, and the total at 90% or more of the allowed rate. The same run with
 * per-process budgets (`sharedRateLimits: false`, as before the budgets were shared) is measured beside it.
 *
 * Needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL; a scratch database is created and dropped);
 * without it the benchmark says so and writes nothing. Writes bench/results/replicas.json.
 *
 *   npx tsx bench/replicas.ts
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { SettableClock, systemClock } from '../src/clock.js';
import { createDb } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createOutboxWorker, createWorkerClient } from '../src/jobs/outbox-worker.js';
import { TIER_PER_MINUTE, type RateLimitOptions, type Tier } from '../src/sandbox/emulator/index.js';
import { sendDuePlans } from '../src/services/plans.js';
import { renderMessage } from '../src/slack/views/messages.js';
import { enqueueMessage, memberDm } from '../src/store/outbox.js';
import { upsertWorkspace } from '../src/store/workspaces.js';
import { scratchDatabase } from './scratch-db.js';
import { drainUntilNonePending, printResult, workerProcess } from './worker-process.js';

const here = dirname(fileURLToPath(import.meta.url));
const COUNT = Number(process.env.REPLICAS_COUNT ?? 3_600);
const PER_MINUTE = Number(process.env.REPLICAS_PER_MINUTE ?? 1_200);
const WORKERS = Number(process.env.REPLICAS_WORKERS ?? 3);
const SCALE = PER_MINUTE / 600;
/** The channel-heavy case: REPLICAS_HEAVY_CHANNELS DMs (default 100) with REPLICAS_HEAVY_EACH messages each (default 12). */
const HEAVY_CHANNELS = Number(process.env.REPLICAS_HEAVY_CHANNELS ?? 100);
const HEAVY_EACH = Number(process.env.REPLICAS_HEAVY_EACH ?? 12);
const WS = 'T0EMULATOR';
const r1 = (n: number) => Math.round(n * 10) / 10;

const EMULATOR_LIMITS: RateLimitOptions = {
  enabled: true,
  postMessagePerMinute: PER_MINUTE,
  postMessagePerChannelPerSecond: 1,
  tiers: Object.fromEntries(Object.entries(TIER_PER_MINUTE).map(([t, n]) => [t, n * SCALE])) as Partial<Record<Tier, number>>,
};

interface EmuReport { perUser: number[]; posts: number; ok: number; http429: number; firstOkAt: number | null; lastOkAt: number | null }

function emulatorChild() {
  const child: ChildProcess = fork(join(here, 'fanout-emulator-child.ts'), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, FANOUT_EMU_LIMITS: JSON.stringify(EMULATOR_LIMITS) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(type: string) => new Promise<T>((resolve) => {
    const on = (m: unknown) => {
      if ((m as { type?: string }).type !== type) return;
      child.off('message', on);
      resolve(m as T);
    };
    child.on('message', on);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ready: next<{ url: string; token: string }>('ready'),
    addUsers: (names: string[]) => { const r = next<{ ids: string[] }>('users'); child.send({ type: 'addUsers', names }); return r; },
    report: (users: string[]) => { const r = next<EmuReport>('report'); child.send({ type: 'report', users }); return r; },
    stop: async () => { if (child.connected) child.send({ type: 'stop' }); await exited; },
  };
}

/** One worker process: drains the outbox until nothing is left, then reports what it sent. */
async function workerMain(): Promise<void> {
  const handle = await createDb({ databaseUrl: process.env.REPLICAS_DB!, poolMax: 8 });
  const client = createWorkerClient(process.env.REPLICAS_TOKEN!, { slackApiUrl: process.env.REPLICAS_API!, logLevel: 'error' as never });
  const worker = createOutboxWorker({
    db: handle.db, dbKind: 'postgres', clientFor: () => client, clock: systemClock, logger: pino({ level: 'warn' }),
    limits: { scale: SCALE }, sharedRateLimits: process.env.REPLICAS_SHARED === '1',
  });
  const result = await drainUntilNonePending(worker, handle.db);
  await handle.close();
  printResult(result);
}

/**
 * One run: a fresh database and emulator, WORKERS worker processes at once. `plans`: COUNT plan DMs
 * (one per member, from sendDuePlans). `channelHeavy`: HEAVY_CHANNELS members with HEAVY_EACH
 * messages each, queued channel by channel (enqueueMessage, as the services do), so the replicas
 * hold many rows of one channel at once and only the shared per-channel spacing keeps them a second apart.
 */
async function runOnce(base: string, shared: boolean, shape: 'plans' | 'channelHeavy' = 'plans'): Promise<Record<string, unknown>> {
  const database = await scratchDatabase(base);
  const emu = emulatorChild();
  const { url, token } = await emu.ready;
  try {
    const handle = await createDb({ databaseUrl: database.url, poolMax: 5 });
    await migrateToLatest(handle.db);
    const clock = new SettableClock(Date.now());
    await upsertWorkspace(handle.db, { id: WS, at: clock.now() });
    const each = shape === 'plans' ? 1 : HEAVY_EACH;
    const names = Array.from({ length: shape === 'plans' ? COUNT : HEAVY_CHANNELS }, (_, i) => `m${i}`);
    const { ids } = await emu.addUsers(names);
    for (let i = 0; i < ids.length; i += 1000) {
      await handle.db.insertInto('members').values(ids.slice(i, i + 1000).map((id, j) => ({ workspace_id: WS, slack_user_id: id, display_name: names[i + j]!, created_at: clock.now() }))).execute();
    }
    if (shape === 'plans') await sendDuePlans({ db: handle.db, clock, messages: renderMessage }, WS);
    else {
      const members = await handle.db.selectFrom('members').select(['id', 'workspace_id', 'slack_user_id']).where('workspace_id', '=', WS).orderBy('id').execute();
      for (const m of members) {
        for (let k = 0; k < each; k++) {
          await enqueueMessage(handle.db, { ...memberDm(m, { text: `Reminder ${k + 1} of ${each}` }), dedupeKey: `heavy:${m.id}:${k}`, kind: 'reminder', at: clock.now() });
        }
      }
    }
    await handle.close();
    const t0 = performance.now();
    const workers = await Promise.all(Array.from({ length: WORKERS }, () => workerProcess<{ sent: number; failed: number }>(import.meta.url, { REPLICAS_DB: database.url, REPLICAS_API: url, REPLICAS_TOKEN: token, REPLICAS_SHARED: shared ? '1' : '0' })));
    const seconds = (performance.now() - t0) / 1000;
    const rep = await emu.report(ids);
    const lost = rep.perUser.reduce((s, n) => s + Math.max(0, each - n), 0);
    const duplicates = rep.perUser.reduce((s, n) => s + Math.max(0, n - each), 0);
    const span = rep.firstOkAt !== null && rep.lastOkAt !== null ? (rep.lastOkAt - rep.firstOkAt) / 1000 : seconds;
    const achieved = rep.ok > 1 ? (rep.ok - 1) / span : 0;
    const allowed = PER_MINUTE / 60;
    return {
      sharedRateLimits: shared,
      workers: WORKERS,
      messages: names.length * each,
      channels: names.length,
      messagesPerChannel: each,
      sentPerWorker: workers.map((w) => w.sent),
      lost,
      duplicates,
      sends: rep.posts,
      http429: rep.http429,
      http429Percent: Math.round((rep.http429 / Math.max(1, rep.posts)) * 10_000) / 100,
      allowedPerSecond: r1(allowed),
      achievedPerSecond: r1(achieved),
      ratePercentOfAllowed: r1((achieved / allowed) * 100),
      seconds: r1(seconds),
    };
  } finally {
    await emu.stop();
    await database.drop();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) {
    console.warn('bench/replicas.ts: needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL); skipped');
    return { skipped: 'no PostgreSQL' };
  }
  const shared = await runOnce(base, true);
  const channelHeavy = process.env.REPLICAS_HEAVY === '0' ? null : await runOnce(base, true, 'channelHeavy');
  const perProcess = process.env.REPLICAS_COMPARE === '0' ? null : await runOnce(base, false);
  type Figures = { lost: number; duplicates: number; http429Percent: number; ratePercentOfAllowed: number };
  const s = shared as Figures;
  const h = channelHeavy as Figures | null;
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    limits: { chatPostMessagePerMinute: PER_MINUTE, window: 'sliding 60 s, workspace-wide', perChannelPerSecond: 1, tierScale: SCALE },
    machine: { cpus: os.cpus().length, loadAverageAtEnd: os.loadavg().map(r1) },
    shared,
    channelHeavy,
    perProcess,
    targets: {
      http429UnderOnePercent: s.http429Percent < 1,
      zeroLost: s.lost === 0,
      zeroDuplicates: s.duplicates === 0,
      rateAtLeast90PercentOfAllowed: s.ratePercentOfAllowed >= 90,
      ...(h
        ? {
            channelHeavyHttp429UnderOnePercent: h.http429Percent < 1,
            channelHeavyZeroLost: h.lost === 0,
            channelHeavyZeroDuplicates: h.duplicates === 0,
            channelHeavyRateAtLeast90PercentOfAllowed: h.ratePercentOfAllowed >= 90,
          }
        : {}),
    },
    notes: [
      `${WORKERS} worker processes (each its own outbox worker, drain() until nothing is pending) on one PostgreSQL database, one emulator process; the DMs are enqueued first (sendDuePlans).`,
      'achievedPerSecond is measured on the emulator: accepted chat.postMessage calls over the time from the first to the last; http429Percent is 429 answers over all chat.postMessage calls.',
      `channelHeavy: ${HEAVY_CHANNELS} DMs with ${HEAVY_EACH} messages each (queued channel by channel), shared budgets and shared per-channel spacing; the emulator answers 429 to a second message in one channel within a second.`,
      'perProcess: the same run with each process keeping its own budgets (sharedRateLimits: false).',
    ],
  };
  await mkdir(join(here, 'results'), { recursive: true });
  await writeFile(join(here, 'results', 'replicas.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--worker')) {
    await workerMain();
    process.exit(0);
  }
  console.log(JSON.stringify(await run(), null, 2));
}
