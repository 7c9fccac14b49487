/**
 * Memory benchmark: idle RSS of the real start commands, every process in the tree (npm, sh, node …)
 * counted, sampled from /proc after 60 s of idling. Writes bench/results/memory.json.
 *
 * Scenarios (each a child process started the way the README says):
 * - sandbox, `npm start` with no credentials, a fresh DATA_DIR (first start: PGlite's initdb and the
 *   demo team; the time until the page answers with the demo team seeded is the first-start time);
 * - Slack HTTP mode on PostgreSQL, the operator's way: `node dist/src/main.js` after `npm run build`;
 * - Slack HTTP mode on PostgreSQL through `npm start` (the newcomer's command), for comparison.
 * Slack mode runs with a dummy bot token and SLACK_API_URL pointing at the Slack emulator, which runs
 * in this process; PostgreSQL is a scratch database created and dropped here (BENCH_DATABASE_URL,
 * TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres). The sandbox starts alone; the two
 * Slack scenarios start once it is up, so its first start is timed on its own and they idle together.
 *
 *   npx tsx bench/memory.ts        (Linux: reads /proc)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmulator } from '../src/sandbox/emulator/index.js';
import { scratchDatabase } from './scratch-db.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const IDLE_MS = Number(process.env.MEMORY_IDLE_SECONDS ?? 60) * 1000;
const TOKEN = 'xoxb-memory-bench';
const SECRET = 'memory-bench-signing-secret';
const GOALS_MB = { sandbox: 250, slackOperator: 150 };

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every process in the tree under `pid` (itself included), with its RSS. */
function processTree(pid: number): { pid: number; command: string; rssBytes: number }[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  const out: { pid: number; command: string; rssBytes: number }[] = [];
  const visit = (p: number) => {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const command = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 120);
      out.push({ pid: p, command, rssBytes: rssKb * 1024 });
    } catch {
      return;
    }
    for (const c of parents.get(p) ?? []) visit(c);
  };
  visit(pid);
  return out;
}

interface Scenario {
  name: string;
  command: string[];
  env: NodeJS.ProcessEnv;
  /** Resolves when the app answers as it should after start-up. */
  ready: (port: number) => Promise<boolean>;
  goalMb?: number;
}

interface Running {
  scenario: Scenario;
  child: ChildProcess;
  port: number;
  startedAt: number;
  readyMs?: number;
  peakTreeBytes: number;
  sampler: NodeJS.Timeout;
  stderr: string[];
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (!res.ok) return null;
  return res.json();
}

const readyz = async (port: number) => (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) })).ok;
const sandboxSeeded = async (port: number) => ((await getJson(`http://127.0.0.1:${port}/sandbox/api/clock`)) as { seeding?: boolean } | null)?.seeding === false;

async function start(scenario: Scenario): Promise<Running> {
  const port = await freePort();
  const child = spawn(scenario.command[0]!, scenario.command.slice(1), { cwd: root, env: { ...scenario.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const sample = () => {
    run.peakTreeBytes = Math.max(run.peakTreeBytes, processTree(child.pid!).reduce((n, p) => n + p.rssBytes, 0));
  };
  const run: Running = { scenario, child, port, startedAt: performance.now(), peakTreeBytes: 0, stderr: [], sampler: setInterval(sample, 250) };
  child.stderr!.on('data', (d: Buffer) => run.stderr.push(d.toString()));
  const deadline = Date.now() + 120_000;
  let problem = `${scenario.name} was not ready within 120 s`;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      problem = `${scenario.name} exited with ${child.exitCode}`;
      break;
    }
    if (await scenario.ready(port).catch(() => false)) {
      run.readyMs = Math.round(performance.now() - run.startedAt);
      return run;
    }
    await sleep(200);
  }
  await stop(run);
  throw new Error(`${problem}: ${run.stderr.join('').slice(-2000)}`);
}

async function stop(run: Running): Promise<void> {
  clearInterval(run.sampler);
  if (run.child.exitCode !== null) return;
  const exited = new Promise((r) => run.child.once('exit', r));
  process.kill(-run.child.pid!, 'SIGTERM'); // the whole process group: npm, sh, node
  await Promise.race([exited, sleep(8000)]);
  if (run.child.exitCode === null) process.kill(-run.child.pid!, 'SIGKILL');
}

function report(run: Running) {
  const tree = processTree(run.child.pid!);
  const total = tree.reduce((n, p) => n + p.rssBytes, 0);
  return {
    command: run.scenario.command.join(' '),
    readyAfterSeconds: Math.round((run.readyMs ?? NaN) / 100) / 10,
    idleTreeRssMb: mb(total),
    peakTreeRssMb: mb(run.peakTreeBytes),
    processes: tree.map((p) => ({ command: p.command, rssMb: mb(p.rssBytes) })),
    ...(run.scenario.goalMb ? { goalMb: run.scenario.goalMb, goalMet: mb(total) < run.scenario.goalMb } : {}),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  if (process.platform !== 'linux') return { benchmark: 'memory', skipped: 'reads /proc: Linux only' };
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const t0 = performance.now();
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  const buildSeconds = Math.round((performance.now() - t0) / 100) / 10;

  const clean: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DATABASE_URL|DATA_DIR|PORT|HOST|TEST_DATABASE_URL|BENCH_|npm_)/.test(k)));
  const dataDir = fs.mkdtempSync(join(os.tmpdir(), 'cb-memory-'));
  const emu = createEmulator({ botToken: TOKEN, signingSecret: SECRET });
  const { url: apiUrl } = await emu.start();
  const db = await scratchDatabase(base, `cb_bench_memory_${process.pid}`);
  const slackEnv = { ...clean, SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, DATABASE_URL: db.url, LOG_LEVEL: 'warn' };
  const scenarios: Record<string, Scenario> = {
    sandbox_npm_start: { name: 'sandbox', command: ['npm', 'start', '--silent'], env: { ...clean, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, ready: sandboxSeeded, goalMb: GOALS_MB.sandbox },
    slack_http_node_dist: { name: 'slack (node dist)', command: [process.execPath, 'dist/src/main.js'], env: slackEnv, ready: readyz, goalMb: GOALS_MB.slackOperator },
    slack_http_npm_start: { name: 'slack (npm start)', command: ['npm', 'start', '--silent'], env: slackEnv, ready: readyz },
  };
  const running: Record<string, Running> = {};
  try {
    running.sandbox_npm_start = await start(scenarios.sandbox_npm_start!);
    // Both Slack processes share the database and the emulator; migrations run in the first one.
    running.slack_http_node_dist = await start(scenarios.slack_http_node_dist!);
    running.slack_http_npm_start = await start(scenarios.slack_http_npm_start!);
    const idleFrom = performance.now();
    await sleep(IDLE_MS);
    const results = Object.fromEntries(Object.entries(running).map(([k, r]) => [k, report(r)]));
    const result = {
      benchmark: 'idle RSS of the start commands (every process in the tree)',
      idleSeconds: Math.round((performance.now() - idleFrom) / 1000),
      buildSeconds,
      firstStartSandboxSeconds: results.sandbox_npm_start?.readyAfterSeconds,
      scenarios: results,
      notes: [
        'idleTreeRssMb: the sum of VmRSS of the process and all its descendants after the idle period; peakTreeRssMb: the highest such sum sampled every 250 ms from start.',
        'The sandbox first start (fresh DATA_DIR) includes PGlite initdb (in a short-lived child process) and seeding the demo team; readyAfterSeconds is when /sandbox/api/clock reports seeding done.',
        'Slack mode: dummy bot token, SLACK_API_URL at the emulator, PostgreSQL; readyAfterSeconds is the first 200 from /readyz.',
      ],
      node: process.version,
      at: new Date().toISOString(),
    };
    await mkdir(join(here, 'results'), { recursive: true });
    await writeFile(join(here, 'results', 'memory.json'), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    for (const r of Object.values(running)) await stop(r);
    await emu.stop();
    await db.drop().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await run(), null, 2));
}
