/**
 * End-to-end harness: the real Slack app (Bolt HTTPReceiver on a free port) against the Slack emulator,
 * which signs the requests it sends and answers the real WebClient. The outbox worker delivers DMs when
 * `drain()` is called (the listeners call it after a commit).
 */
import { WebClient } from '@slack/web-api';
import type { Clock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import { createOutboxWorker, type OutboxWorker } from '../../src/jobs/outbox-worker.js';
import { elementState } from '../../src/platform/slack-blockkit.js';
import { createEmulator, validateBlocks, validateView, type Emulator } from '../../src/sandbox/emulator/index.js';
import { createSlackApp, type SlackApp } from '../../src/slack/app.js';
import type { TestDb } from '../helpers/db.js';
import { memoryLogger } from '../helpers/logger.js';
import type { Metrics } from '../../src/metrics.js';
import type { Liveness } from '../../src/http/health.js';
import { messageFiles } from '../../src/slack/views/recap-chart.js';
import { until } from '../helpers/wait.js';

export const TOKEN = 'xoxb-e2e-token';
export const SECRET = 'e2e-signing-secret-123';

/** A clock that runs with real time, from `start`, and can be moved forward (the outbox compares with it). */
export class RunningClock implements Clock {
  private offset: number;
  constructor(start: Date = new Date()) {
    this.offset = start.getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface Harness {
  emu: Emulator;
  logger: ReturnType<typeof memoryLogger>['logger'];
  slack: SlackApp;
  clock: RunningClock;
  worker: OutboxWorker;
  logs: string[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  now?: Date;
  logLevel?: Config['logLevel'];
  /** Metrics for the app and the worker (served at /metrics), behind this token when given. */
  metrics?: Metrics;
  metricsToken?: string;
  /** What /readyz reports beside the database. */
  liveness?: Liveness;
  /** The worker attaches files (the recap chart) as in production. */
  files?: boolean;
}

export async function startHarness(db: TestDb, options: HarnessOptions = {}): Promise<Harness> {
  const clock = new RunningClock(options.now);
  const emu = createEmulator({ botToken: TOKEN, signingSecret: SECRET, team: { id: 'T0E2E', name: 'E2E', domain: 'e2e' } });
  const { url } = await emu.start();
  const logLevel = options.logLevel ?? 'info';
  const { logger, logs } = memoryLogger(logLevel);
  const config: Config = {
    mode: 'http',
    slack: { botToken: TOKEN, signingSecret: SECRET, apiUrl: url },
    dataDir: './data',
    port: 0,
    host: '127.0.0.1',
    logLevel,
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
  };
  const client = new WebClient(TOKEN, { slackApiUrl: url, retryConfig: { retries: 0 } });
  const extra = { ...(options.metrics ? { metrics: options.metrics } : {}) };
  const worker = createOutboxWorker({ db: db.db, dbKind: db.kind, clientFor: () => client, clock, logger, ...extra, ...(options.files ? { files: messageFiles } : {}) });
  const slack = createSlackApp({ config, db: db.db, clock, logger, client: { retryConfig: { retries: 0 } }, outbox: worker, ...extra, ...(options.liveness ? { liveness: options.liveness } : {}) });
  await slack.start();
  emu.setAppUrl(`http://127.0.0.1:${slack.port()}/slack/events`);
  return {
    emu,
    logger,
    slack,
    clock,
    worker,
    logs,
    async stop() {
      await slack.stop();
      await emu.stop();
    },
  };
}

/** Every payload the app sent (the emulator's call log and response_url replies) within Block Kit limits. */
export function blockKitProblems(emu: Emulator): string[] {
  const problems: string[] = [];
  for (const c of emu.calls()) {
    const args = c.args;
    if (c.method === 'views.open' || c.method === 'views.publish' || c.method === 'views.update' || c.method === 'views.push') {
      for (const p of validateView(args.view)) problems.push(`${c.method}: ${p}`);
    } else if (args.blocks !== undefined) {
      for (const p of validateBlocks(args.blocks, 'message')) problems.push(`${c.method}: ${p}`);
    }
    if (c.error === 'invalid_blocks' || c.error === 'invalid_arguments') problems.push(`${c.method}: Slack said ${c.error}`);
  }
  for (const u of emu.users()) {
    for (const e of emu.ephemerals(u.id)) {
      if (e.blocks) for (const p of validateBlocks(e.blocks, 'message')) problems.push(`ephemeral: ${p}`);
    }
  }
  return problems;
}

/**
 * Sends `/calls <text>` as `user` (in `channel`, or their DM) and waits for the ephemeral reply; `all` is
 * its text and blocks as one string, for matching.
 */
export async function commandReply(h: Pick<Harness, 'emu'>, user: string, text: string, channel?: string) {
  const before = h.emu.ephemerals(user).length;
  const r = await h.emu.slashCommand({ user, text, ...(channel ? { channel } : {}) });
  if (r.status !== 200) throw new Error(`/calls ${text} answered HTTP ${r.status}`);
  await until(() => h.emu.ephemerals(user).length > before);
  const e = h.emu.ephemerals(user).at(-1)!;
  return { ...e, all: `${e.text}\n${JSON.stringify(e.blocks ?? [])}` };
}

type Obj = Record<string, unknown>;

/**
 * The state Slack would submit for a modal nobody edited: each input's initial value. (The emulator keeps
 * only what a test submits, so tests start from this, as a person would see the prefilled modal.)
 */
export function initialValues(view: { blocks: unknown[] }): Record<string, Record<string, Obj>> {
  const out: Record<string, Record<string, Obj>> = {};
  for (const b of view.blocks as Obj[]) {
    if (b.type !== 'input' || typeof b.block_id !== 'string') continue;
    const el = b.element as Obj;
    const id = String(el.action_id);
    const type = String(el.type);
    const { state, initial } = elementState(type);
    if (initial !== null && el[initial] !== undefined) out[b.block_id] = { [id]: { type, [state]: el[initial] } };
  }
  return out;
}
