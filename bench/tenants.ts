/**
 * Multi-tenant fan-out: TENANTS_N workspaces (default 100) × TENANTS_MEMBERS members
 * (default 100) get their weekly plan DM at once, each workspace its own emulator with Slack's limits
 * (chat.postMessage 600 a minute per workspace, 1 per second per channel), delivered by the outbox
 * worker in one process and then in three processes sharing the PostgreSQL database (budgets shared per
 * workspace). Measures lost, duplicates, 429s, the total rate and how evenly the workspaces finish (one
 * busy workspace must not hold the others back). Needs PostgreSQL (BENCH_DATABASE_URL or
 * TEST_DATABASE_URL). Writes bench/results/tenants.json.
 *
 *   npx tsx bench/tenants.ts
 */
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import type { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { SettableClock, systemClock } from '../src/clock.js';
import { createDb } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createOutboxWorker, createWorkerClient } from '../src/jobs/outbox-worker.js';
import { sendDuePlans } from '../src/services/plans.js';
import { renderMessage } from '../src/slack/views/messages.js';
import { upsertWorkspace } from '../src/store/workspaces.js';
import { scratchDatabase } from './scratch-db.js';
import { drainUntilNonePending, printResult, workerProcess } from './worker-process.js';

const here = dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.TENANTS_N ?? 100);
const MEMBERS = Number(process.env.TENANTS_MEMBERS ?? 100);
const PER_MINUTE = 600;
const r1 = (n: number) => Math.round(n * 10) / 10;

type Ws = { id: string; url: string; token: string; users: string[] };
type WsReport = { id: string; perUser: number[]; posts: number; ok: number; http429: number; firstOkAt: number | null; lastOkAt: number | null };

function emulators() {
  const child = fork(join(here, 'tenants-emulator-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TENANTS_N: String(N), TENANTS_MEMBERS: String(MEMBERS), TENANTS_LIMITS: JSON.stringify({ enabled: true, postMessagePerMinute: PER_MINUTE, postMessagePerChannelPerSecond: 1 }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
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
    ready: next<{ workspaces: Ws[] }>('ready'),
    report: () => { const r = next<{ workspaces: WsReport[] }>('report'); child.send({ type: 'report' }); return r; },
    stop: async () => { if (child.connected) child.send({ type: 'stop' }); await exited; },
  };
}

async function workerMain(): Promise<void> {
  const map = JSON.parse(readFileSync(process.env.TENANTS_MAP!, 'utf8')) as Ws[];
  const clients = new Map<string, WebClient>(map.map((w) => [w.id, createWorkerClient(w.token, { slackApiUrl: w.url, logLevel: 'error' as never })]));
  const handle = await createDb({ databaseUrl: process.env.TENANTS_DB!, poolMax: 8 });
  const worker = createOutboxWorker({ db: handle.db, dbKind: 'postgres', clientFor: (ws) => clients.get(ws)!, clock: systemClock, logger: pino({ level: 'warn' }) });
  const { sent } = await drainUntilNonePending(worker, handle.db);
  await handle.close();
  printResult({ sent });
}

async function runOnce(base: string, processes: number): Promise<Record<string, unknown>> {
  const database = await scratchDatabase(base);
  const emu = emulators();
  try {
    const { workspaces } = await emu.ready;
    const handle = await createDb({ databaseUrl: database.url, poolMax: 5 });
    await migrateToLatest(handle.db);
    const clock = new SettableClock(Date.now());
    for (const w of workspaces) {
      await upsertWorkspace(handle.db, { id: w.id, at: clock.now() });
      await handle.db.insertInto('members').values(w.users.map((id, j) => ({ workspace_id: w.id, slack_user_id: id, display_name: `m${j}`, created_at: clock.now() }))).execute();
      await sendDuePlans({ db: handle.db, clock, messages: renderMessage }, w.id);
    }
    await handle.close();
    const mapFile = join(tmpdir(), `${new URL(database.url).pathname.slice(1)}.json`);
    await writeFile(mapFile, JSON.stringify(workspaces));
    const t0 = performance.now();
    const workers = await Promise.all(Array.from({ length: processes }, () => workerProcess<{ sent: number }>(import.meta.url, { TENANTS_DB: database.url, TENANTS_MAP: mapFile })));
    const seconds = (performance.now() - t0) / 1000;
    const rep = (await emu.report()).workspaces;
    const all = rep.flatMap((w) => w.perUser);
    const firstOk = Math.min(...rep.map((w) => w.firstOkAt ?? Infinity));
    const finish = rep.map((w) => ((w.lastOkAt ?? firstOk) - firstOk) / 1000).sort((a, b) => a - b);
    const ok = rep.reduce((s, w) => s + w.ok, 0);
    const posts = rep.reduce((s, w) => s + w.posts, 0);
    const http429 = rep.reduce((s, w) => s + w.http429, 0);
    const span = Math.max(...rep.map((w) => w.lastOkAt ?? 0)) - firstOk;
    return {
      processes,
      workspaces: N,
      membersPerWorkspace: MEMBERS,
      messages: all.length,
      sentPerProcess: workers.map((w) => w.sent),
      lost: all.filter((n) => n === 0).length,
      duplicates: all.reduce((s, n) => s + Math.max(0, n - 1), 0),
      sends: posts,
      http429,
      achievedPerSecond: r1((ok - 1) / (span / 1000)),
      idealPerSecondIfCpuAllowed: r1((N * PER_MINUTE) / 60),
      workspaceFinishSeconds: { first: r1(finish[0]!), median: r1(finish[Math.floor(finish.length / 2)]!), last: r1(finish.at(-1)!) },
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
    console.warn('bench/tenants.ts: needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL); skipped');
    return { skipped: 'no PostgreSQL' };
  }
  const one = await runOnce(base, 1);
  const three = await runOnce(base, 3);
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    limits: { chatPostMessagePerMinutePerWorkspace: PER_MINUTE, perChannelPerSecond: 1 },
    oneProcess: one,
    threeProcesses: three,
    notes: [
      'Each workspace is its own emulator (its own token and limits), all in one emulator process; every member gets one plan DM (sendDuePlans per workspace).',
      'workspaceFinishSeconds: when each workspace received its last DM, from the first DM of the run (first / median / last workspace).',
      'idealPerSecondIfCpuAllowed is the sum of the workspaces\' allowances; on a loaded 2-core machine the run is bound by CPU (emulators, workers and PostgreSQL share it), not by the limits.',
    ],
  };
  await mkdir(join(here, 'results'), { recursive: true });
  await writeFile(join(here, 'results', 'tenants.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--worker')) {
    await workerMain();
    process.exit(0);
  }
  console.log(JSON.stringify(await run(), null, 2));
}
