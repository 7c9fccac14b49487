/**
 * Fan-out benchmark: a Monday's plan DMs (FANOUT_COUNT, default 10,000) through the outbox worker into
 * the Slack emulator with its rate limits on, and the same DMs as a naive loop over a WebClient with
 * its default retry policy, under exactly the same emulator limits. Writes bench/results/fanout.json.
 *
 * The rate cap and the message count are independent: the emulator's workspace-wide chat.postMessage
 * cap is FANOUT_PER_MINUTE (default 3,000) in a sliding 60 s window, so the default run spans
 * 10,000 / 3,000 = 3.3 windows and the one-window start burst cannot carry it. chat.postMessage stays
 * at 1 per second per channel; the other methods' tiers are scaled by FANOUT_PER_MINUTE / 600 (600 is
 * the emulator's default cap), and the worker is told the same limits, as it is told Slack's.
 *
 * Each side runs in its own process (this file with `--side outbox|naive`), with its own database and
 * its own emulator child (bench/fanout-emulator-child.ts), and is measured the same way: the DMs are
 * prepared first (members, `sendDuePlans`: the naive side reads the payloads the outbox would send),
 * then RSS is sampled every 50 ms during the send only, beside the baseline after set-up. The two
 * processes run at the same time (both are paced by the cap, not by the CPU), so one machine state
 * holds for both. Delivered messages per user come from the emulator (lost = users without a DM,
 * duplicates = DMs beyond the first); the achieved rate is measured on the emulator's clock.
 *
 * PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (scratch databases are created and
 * dropped), else PGlite in memory.
 *
 *   npx tsx bench/fanout.ts
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { SettableClock, systemClock } from '../src/clock.js';
import { createDb, type DbHandle } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { renderMessage } from '../src/slack/views/messages.js';
import { createOutboxWorker, createWorkerClient } from '../src/jobs/outbox-worker.js';
import { TIER_PER_MINUTE, type RateLimitOptions, type Tier } from '../src/sandbox/emulator/index.js';
import { sendDuePlans } from '../src/services/plans.js';
import { upsertWorkspace } from '../src/store/workspaces.js';
import { scratchDatabase } from './scratch-db.js';

const here = dirname(fileURLToPath(import.meta.url));
const COUNT = Number(process.env.FANOUT_COUNT ?? 10_000);
/** The workspace-wide chat.postMessage cap per minute, independent of COUNT. */
const PER_MINUTE = Number(process.env.FANOUT_PER_MINUTE ?? 3_000);
/** The emulator's default chat.postMessage cap is 600 a minute; every tier is scaled alike. */
const SCALE = PER_MINUTE / 600;
const WINDOWS = COUNT / PER_MINUTE;
const WS = 'T0EMULATOR';

/** The emulator's limits: every per-minute allowance times SCALE, 1 chat.postMessage per second per channel. */
const EMULATOR_LIMITS: RateLimitOptions = {
  enabled: true,
  postMessagePerMinute: PER_MINUTE,
  postMessagePerChannelPerSecond: 1,
  tiers: Object.fromEntries(Object.entries(TIER_PER_MINUTE).map(([t, n]) => [t, n * SCALE])) as Partial<Record<Tier, number>>,
};

interface EmuReport {
  perUser: number[];
  posts: number;
  ok: number;
  http429: number;
  firstOkAt: number | null;
  lastOkAt: number | null;
  peakRssBytes: number;
}

/** One emulator in a child process, driven over IPC (see fanout-emulator-child.ts). */
async function startEmulatorChild(): Promise<{
  url: string;
  token: string;
  addUsers: (names: string[]) => Promise<string[]>;
  report: (users: string[]) => Promise<EmuReport>;
  stop: () => Promise<void>;
}> {
  const child: ChildProcess = fork(join(here, 'fanout-emulator-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, FANOUT_EMU_LIMITS: JSON.stringify(EMULATOR_LIMITS) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(type: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: unknown): void => {
        if ((m as { type?: string }).type !== type) return;
        cleanup();
        resolve(m as T);
      };
      const onExit = (code: number | null): void => {
        cleanup();
        reject(new Error(`emulator child exited (${code}) while waiting for ${type}`));
      };
      const cleanup = (): void => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await next<{ url: string; token: string }>('ready');
  return {
    url: ready.url,
    token: ready.token,
    async addUsers(names) {
      const reply = next<{ ids: string[] }>('users');
      child.send({ type: 'addUsers', names });
      return (await reply).ids;
    },
    async report(users) {
      const reply = next<EmuReport>('report');
      child.send({ type: 'report', users });
      return reply;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' });
      else child.kill();
      await exited;
    },
  };
}

async function openDb(): Promise<{ handle: DbHandle; kind: 'pglite' | 'postgres'; drop: () => Promise<void> }> {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) {
    const handle = await createDb({ memory: true });
    await migrateToLatest(handle.db);
    return { handle, kind: 'pglite', drop: async () => {} };
  }
  const database = await scratchDatabase(base);
  const handle = await createDb({ databaseUrl: database.url, poolMax: 10 });
  await migrateToLatest(handle.db);
  return {
    handle,
    kind: 'postgres',
    drop: database.drop,
  };
}

/** Samples this process's RSS every 50 ms (the peak of one phase; maxRSS is the whole lifetime's). */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => {
    const m = process.memoryUsage();
    if (process.env.FANOUT_DEBUG_MEM) console.error(JSON.stringify({ rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), ext: mb(m.external), ab: mb(m.arrayBuffers) }));
    peak = Math.max(peak, m.rss);
  }, process.env.FANOUT_DEBUG_MEM ? 2000 : 50);
  return { stop: () => (clearInterval(t), Math.max(peak, process.memoryUsage().rss)) };
}

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
const r1 = (n: number) => Math.round(n * 10) / 10;

/** lost, duplicates and the achieved rate from the emulator's own record. */
function delivery(rep: EmuReport, wallSeconds: number) {
  let lost = 0;
  let duplicates = 0;
  for (const n of rep.perUser) {
    if (n === 0) lost++;
    if (n > 1) duplicates += n - 1;
  }
  const span = rep.ok > 1 && rep.firstOkAt !== null && rep.lastOkAt !== null ? (rep.lastOkAt - rep.firstOkAt) / 1000 : wallSeconds;
  const allowedPerSecond = PER_MINUTE / 60;
  const achievedPerSecond = rep.ok > 1 ? (rep.ok - 1) / span : rep.ok / wallSeconds;
  return {
    messages: rep.perUser.length,
    delivered: rep.perUser.filter((n) => n > 0).length,
    lost,
    duplicates,
    http429: rep.http429,
    allowedPerSecond: r1(allowedPerSecond),
    achievedPerSecond: r1(achievedPerSecond),
    ratePercentOfAllowed: r1((achievedPerSecond / allowedPerSecond) * 100),
    emulatorPeakRssMb: mb(rep.peakRssBytes),
  };
}

type Side = 'outbox' | 'naive';

/** One side of the comparison, in this process: prepare the DMs, then send them and measure. */
async function runSide(side: Side): Promise<Record<string, unknown>> {
  const { handle, kind, drop } = await openDb();
  const db = handle.db;
  const emu = await startEmulatorChild();
  try {
    const clock = new SettableClock(Date.now());
    await upsertWorkspace(db, { id: WS, at: clock.now() });
    const names = Array.from({ length: COUNT }, (_, i) => `m${i}`);
    const ids = await emu.addUsers(names);
    for (let i = 0; i < ids.length; i += 1000) {
      await db
        .insertInto('members')
        .values(ids.slice(i, i + 1000).map((id, j) => ({ workspace_id: WS, slack_user_id: id, display_name: names[i + j]!, created_at: clock.now() })))
        .execute();
    }
    const tEnq = performance.now();
    const created = await sendDuePlans({ db, clock, messages: renderMessage }, WS);
    const enqueueMs = Math.round(performance.now() - tEnq);
    let send: () => Promise<Record<string, unknown>>;
    if (side === 'outbox') {
      const client = createWorkerClient(emu.token, { slackApiUrl: emu.url, logLevel: 'error' as never });
      const worker = createOutboxWorker({ db, dbKind: kind, clientFor: () => client, clock: systemClock, logger: pino({ level: 'warn' }), limits: { scale: SCALE } });
      send = async () => {
        const drained = await worker.drain();
        return { sent: drained.sent, failed: drained.failed, retried: drained.retried };
      };
    } else {
      const rows = await db.selectFrom('outbox').select(['payload']).orderBy('id').execute();
      const messages = rows.map((r) => {
        const p = (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>;
        const { _meta: _m, users: _u, ...args } = p;
        return args;
      });
      const naiveClient = new WebClient(emu.token, { slackApiUrl: emu.url, logLevel: 'error' as never });
      send = async () => {
        let errors = 0;
        for (const m of messages) {
          try {
            await naiveClient.chat.postMessage(m as never);
          } catch {
            errors++;
          }
        }
        return { errors };
      };
    }
    const baselineRss = process.memoryUsage().rss;
    const rss = rssSampler();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const outcome = await send();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const peakRss = rss.stop();
    const rep = await emu.report(ids);
    return {
      side, database: kind, ...delivery(rep, seconds), plansCreated: created, enqueueMs, seconds: r1(seconds), ...outcome, peakRssMb: mb(peakRss), baselineRssMb: mb(baselineRss),
      // This process's CPU during the send (one core = 100%), and the machine's load when it ended.
      cpuPercentOfOneCore: r1(((cpu.user + cpu.system) / 1e6 / seconds) * 100),
      loadAverageAtEnd: os.loadavg().map(r1),
    };
  } finally {
    await emu.stop().catch(() => {});
    await handle.close();
    await drop();
  }
}

/** Runs `runSide(side)` in a child process and returns its result. */
function sideInChild(side: Side): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--side', side], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as Record<string, unknown>);
      else reject(new Error(`fan-out ${side} process exited with ${code}`));
    });
  });
}

export async function run(): Promise<Record<string, unknown>> {
  if (WINDOWS < 3) console.warn(`fan-out: ${COUNT} messages at ${PER_MINUTE}/min span only ${WINDOWS.toFixed(1)} rate windows (want at least 3)`);
  const [outbox, naive] = await Promise.all([sideInChild('outbox'), sideInChild('naive')]);
  const o = outbox as ReturnType<typeof delivery> & Record<string, unknown>;
  const n = naive as ReturnType<typeof delivery> & Record<string, unknown>;
  const result = {
    database: o.database,
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: os.cpus().length },
    messages: COUNT,
    rateWindows: r1(WINDOWS),
    lost: o.lost,
    duplicates: o.duplicates,
    allowedPerSecond: o.allowedPerSecond,
    achievedPerSecond: o.achievedPerSecond,
    ratePercentOfAllowed: o.ratePercentOfAllowed,
    peakRssMb: o.peakRssMb,
    limits: {
      chatPostMessagePerMinute: PER_MINUTE,
      chatPostMessageWindow: 'sliding 60 s, workspace-wide',
      chatPostMessagePerChannelPerSecond: 1,
      tierScale: r1(SCALE),
      identicalForBothRuns: true,
    },
    outbox,
    naive,
    rateRatio: Math.round((o.achievedPerSecond / n.achievedPerSecond) * 100) / 100,
    ratioDefinition: 'outbox achievedPerSecond / naive achievedPerSecond',
    targets: {
      rateAtLeast90PercentOfAllowed: o.ratePercentOfAllowed >= 90,
      zeroLost: o.lost === 0,
      zeroDuplicates: o.duplicates === 0,
    },
    notes: [
      'Each side ran in its own process with its own database and emulator, at the same time; peakRssMb is the peak sampled every 50 ms during the send, baselineRssMb the process after preparing the DMs (members, plans, outbox rows), before sending.',
      `The emulator caps chat.postMessage at ${PER_MINUTE} per sliding 60 s window, so ${COUNT} messages span ${r1(WINDOWS)} windows: a sender may burst one window's allowance once, after that only the steady rate gets through. The naive loop ${n.http429 === 0 ? 'met no 429' : `met ${n.http429} 429s and waited out Retry-After each time`}.`,
    ],
  };
  await mkdir(join(here, 'results'), { recursive: true });
  await writeFile(join(here, 'results', 'fanout.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--side');
  if (i > 0) {
    console.log(`RESULT ${JSON.stringify(await runSide(process.argv[i + 1] as Side))}`);
    process.exit(0);
  } else console.log(JSON.stringify(await run(), null, 2));
}
