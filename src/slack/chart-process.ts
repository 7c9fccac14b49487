/**
 * Charts are drawn in a short-lived child process (chart-process-child.ts), not in the serving one.
 * ECharts and resvg take about 1 s to load, block the event loop while they do, and leave 40-45 MB in
 * the process that loaded them for good (JavaScript heap, resvg's native allocations and glibc's
 * arenas; a worker_thread gives none of it back either, as measured in bench/results/memory-variants.json).
 * A child process returns all of it when it ends.
 *
 * The first chart starts the child; later ones reuse it while it lives. It ends LINGER_MS after its
 * last answer, so a run of recaps (one per circle, due the same minute) loads the libraries once.
 * A child that crashes, or a chart that takes longer than TIMEOUT_MS, fails the charts waiting on it
 * (the caller sends its message without the picture) and the next chart starts a fresh child.
 * While no chart is waiting the child does not keep this process alive.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChartImage, MemberChartData, RecapChartData } from './views/chart.js';

export type ChartRequest = { chart: 'recap'; data: RecapChartData } | { chart: 'member'; data: MemberChartData };

export type ChartReply = { id: number; png: Uint8Array; altText: string; width: number; height: number } | { id: number; error: string };

const LINGER_MS = 10_000;
const TIMEOUT_MS = 60_000;

interface Pending {
  resolve(image: ChartImage): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

let child: ChildProcess | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();
let linger: NodeJS.Timeout | undefined;

/**
 * The child's entry beside this file: compiled JavaScript from `npm start`'s cache and from dist, the
 * TypeScript source under vitest or tsx, which the child then loads through tsx as well.
 */
function entry(): { file: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
    return { file: fileURLToPath(new URL('./chart-process-child.ts', here)), execArgv: ['--import', tsx] };
  }
  return { file: fileURLToPath(new URL('./chart-process-child.js', here)), execArgv: [] };
}

function failAll(err: Error): void {
  for (const [id, p] of pending) {
    clearTimeout(p.timer);
    pending.delete(id);
    p.reject(err);
  }
}

/** Keeps this process alive only while a chart is waiting; ends the child once it has idled LINGER_MS. */
function settle(): void {
  if (!child) return;
  if (pending.size > 0) {
    clearTimeout(linger);
    linger = undefined;
    child.ref();
    child.channel?.ref();
    return;
  }
  child.unref();
  child.channel?.unref();
  const idle = child;
  clearTimeout(linger);
  linger = setTimeout(() => {
    if (child === idle && pending.size === 0) stopChartProcess();
  }, LINGER_MS);
  linger.unref();
}

function start(): ChildProcess {
  const { file, execArgv } = entry();
  // Advanced serialization carries the PNG as bytes, not as JSON numbers.
  const proc = fork(file, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  proc.on('message', (reply: ChartReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    clearTimeout(p.timer);
    pending.delete(reply.id);
    if ('error' in reply) p.reject(new Error(`chart: ${reply.error}`));
    else p.resolve({ png: Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength), altText: reply.altText, width: reply.width, height: reply.height });
    settle();
  });
  const gone = (why: string) => {
    if (child !== proc) return;
    child = undefined;
    clearTimeout(linger);
    failAll(new Error(`chart process ${why}`));
  };
  proc.once('error', (err) => gone(`failed: ${err.message}`));
  proc.once('exit', (code, signal) => gone(`exited (${signal ?? code})`));
  return proc;
}

/** Draws a chart in the chart process; rejects when it cannot (the caller goes on without the picture). */
export function drawChart(request: ChartRequest): Promise<ChartImage> {
  child ??= start();
  const proc = child;
  const id = nextId++;
  return new Promise<ChartImage>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`chart took longer than ${TIMEOUT_MS / 1000} s`));
      if (child === proc) {
        // Whatever it is stuck on, the charts behind it would wait as long: start afresh.
        child = undefined;
        proc.kill('SIGKILL');
        failAll(new Error('chart process stopped after a chart timed out'));
      }
    }, TIMEOUT_MS);
    pending.set(id, { resolve, reject, timer });
    settle();
    proc.send({ id, request }, (err) => {
      if (err && pending.delete(id)) {
        clearTimeout(timer);
        reject(err);
        settle();
      }
    });
  });
}

/** Ends the chart process now (charts still waiting fail). The next chart starts a new one. */
export function stopChartProcess(): void {
  const proc = child;
  if (!proc) return;
  child = undefined;
  clearTimeout(linger);
  failAll(new Error('chart process stopped'));
  if (proc.connected) proc.disconnect();
  else proc.kill();
}

/** The chart process's pid while it runs (tests). */
export function chartProcessPid(): number | undefined {
  return child?.pid;
}
