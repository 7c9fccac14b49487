/**
 * The sandbox branch of the composition root: with no Slack credentials, `npm start` runs the real
 * app against the Slack Web API emulator and serves a Slack-like workspace in the browser.
 *
 *   sandbox.json (or nothing) -> SettableClock -> emulator (own loopback port) -> Bolt app (another
 *   loopback port, WebClient at the emulator) -> outbox worker + scheduler (ticked on demand) ->
 *   startSandbox on config.port: the page, /sandbox/api, /healthz, /readyz -> demo seed on first start.
 *
 * This file is composition: it may import slack/, services/, jobs/ and db/. src/sandbox/ itself reaches the app
 * only over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { SettableClock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { pairIntroSent } from './services/pairing.js';
import { createOutboxWorker, createWorkerClient } from './jobs/outbox-worker.js';
import { startScheduler } from './jobs/scheduler.js';
import type { Logger } from './logger.js';
import { createEmulator } from './sandbox/emulator/index.js';
import { startSandbox } from './sandbox/server.js';
import { deleteSandboxState, loadSandboxState } from './sandbox/state.js';
import { nextScheduledEvent } from './services/schedule.js';
import { createSlackApp } from './slack/app.js';
import { deleteWorkspace } from './store/workspaces.js';
import { renderMessage } from './slack/views/messages.js';
import { createMetrics } from './metrics.js';
import { countOutboxByStatus } from './store/ops.js';
import { messageFiles } from './slack/views/recap-chart.js';

export interface SandboxRuntimeOptions {
  config: Config;
  logger: Logger;
  db: Db;
  dbKind: 'pglite' | 'postgres';
  /**
   * `npm start -- --reset`: forget the sandbox workspace: DATA_DIR/sandbox.json and the sandbox
   * team's rows in the database (nothing else), then seed a fresh demo team.
   */
  reset: boolean;
}

export interface SandboxRuntime {
  url: string;
  /** True when this start seeded a fresh demo workspace. */
  seeded: boolean;
  stop(): Promise<void>;
}

/** The emulated workspace's team id: every row the sandbox writes belongs to it. */
export const SANDBOX_TEAM_ID = 'T0EMULATOR';

export async function startSandboxRuntime(options: SandboxRuntimeOptions): Promise<SandboxRuntime> {
  const { config, logger, db, dbKind } = options;
  const log = logger.child({ component: 'sandbox' });
  if (options.reset) {
    deleteSandboxState(config.dataDir);
    await deleteWorkspace(db, SANDBOX_TEAM_ID);
  }
  const saved = loadSandboxState(config.dataDir);
  if (!saved) {
    // No workspace to go with whatever the database remembers of the sandbox team (a deleted or
    // half-written sandbox.json): start both afresh so ids and history agree.
    await deleteWorkspace(db, SANDBOX_TEAM_ID);
  }
  const clock = new SettableClock(saved ? new Date(saved.clock) : new Date());

  const botToken = `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
  const signingSecret = randomBytes(24).toString('hex');
  const emulator = createEmulator({
    botToken,
    signingSecret,
    team: { id: SANDBOX_TEAM_ID, name: 'Call Buddy demo', domain: 'callbuddy-demo' },
    bot: { name: 'callbuddy' },
    now: () => clock.now(),
    ...(saved ? { data: saved.workspace } : {}),
  });
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const stop = async (): Promise<void> => {
    stopping = true;
    for (const s of stops.splice(0).reverse()) {
      try {
        await s();
      } catch (err) {
        log.warn({ err }, 'sandbox: error while stopping');
      }
    }
  };

  try {
    const emu = await emulator.start();
    stops.push(() => emulator.stop());

    // Seeding ticks through three weeks; its "tick enqueued work" lines would bury the URL.
    const quietLogger = logger.child({}, { level: logger.levelVal >= 40 ? logger.level : 'warn' });
    // The emulator has no rate limits: let the worker send as fast as the app produces.
    const client = createWorkerClient(botToken, { slackApiUrl: emu.url });
    const metrics = createMetrics({ outboxDepth: () => countOutboxByStatus(db) });
    const worker = createOutboxWorker({
      metrics,
      db, dbKind, clock,
      // Leases run on the sandbox clock, which jumps; "already delivered" notes are expected here.
      logger: quietLogger,
      clientFor: () => client,
      limits: { scale: 1000, perChannelIntervalMs: 0 },
      pollMs: 500,
      backoffBaseMs: 200,
      backoffMaxMs: 2_000,
      afterSent: { 'pair-intro': pairIntroSent }, files: messageFiles,
    });

    const appConfig: Config = {
      ...config,
      slack: { botToken, signingSecret, apiUrl: emu.url },
      port: 0,
      host: '127.0.0.1',
    };
    // No background loop and no timer here: the outbox is drained and the scheduler ticked on demand, so
    // /readyz reports them alive while the runtime is not stopping.
    const later: { scheduler?: ReturnType<typeof startScheduler> } = {};
    const liveness = { outbox: () => !stopping, scheduler: () => !stopping && (later.scheduler?.alive() ?? false) };
    const slack = createSlackApp({ config: appConfig, db, clock, logger, client: { retryConfig: { retries: 0 } }, outbox: worker, metrics, liveness });
    await slack.start();
    stops.push(() => slack.stop());
    const appOrigin = `http://127.0.0.1:${slack.port()}`;

    // No background loop: the sandbox clock jumps, so a message is delivered by the drain that follows
    // the work that caused it (the app's post-commit drain, or tick() below), stamped with that time.
    stops.push(() => worker.stop());
    // Time in the sandbox moves only when asked, so the scheduler ticks on demand, not on a timer.
    const live = startScheduler({ db, clock, logger, messages: renderMessage, cron: false, tickOnStart: false, metrics });
    later.scheduler = live;
    stops.push(() => live.stop());
    const seedScheduler = startScheduler({ db, clock, logger: quietLogger, messages: renderMessage, cron: false, tickOnStart: false });
    stops.push(() => seedScheduler.stop());
    let seeding = true;
    const tick = async (): Promise<void> => {
      await (seeding ? seedScheduler : live).tick();
      await worker.drain();
    };

    const sandbox = await startSandbox({
      port: config.port,
      host: '127.0.0.1',
      dataDir: config.dataDir,
      logger: log,
      clock,
      emulator,
      appUrl: `${appOrigin}/slack/events`,
      tick,
      // "Next event" is the app's own timetable, read from the database: it follows admins' changes.
      nextEventAt: (after) => nextScheduledEvent(db, after, { workspaceIds: [SANDBOX_TEAM_ID] }),
      reset: false,
      state: saved,
      health: { proxy: appOrigin },
    });
    seeding = false;
    stops.push(() => sandbox.stop());
    log.debug({ url: sandbox.url, seeded: sandbox.seeded }, 'sandbox ready');
    return { url: sandbox.url, seeded: sandbox.seeded, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
