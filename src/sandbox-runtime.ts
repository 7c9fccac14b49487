/**
 * The sandbox branch of the composition root: with no Slack credentials, `npm start` runs the real
 * app against the Slack Web API emulator and serves a Slack-like workspace in the browser.
 *
 *   sandbox.json (or nothing) -> SettableClock -> one emulated Slack app (SlackPlatform) and two
 *   workspaces on it, Acme and Globex (an emulator each, own loopback ports) -> Bolt app in OAuth mode
 *   (another loopback port, WebClient at the emulator, tokens sealed in the database) -> outbox worker
 *   (each workspace's token from its installation) + scheduler (ticked on demand) -> startSandbox on
 *   config.port: the page, /sandbox/api, /healthz, /readyz -> on first start, "Add to Slack" into each
 *   workspace through the OAuth flow and the demo seed.
 *
 * This file is composition: it may import slack/, services/, jobs/ and db/. src/sandbox/ itself reaches the app
 * only over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { SettableClock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { pairIntroSent } from './services/pairing.js';
import { createOutboxWorker, installationClientFor } from './jobs/outbox-worker.js';
import { createTokenCipher } from './store/token-cipher.js';
import { INSTALL_PATH } from './slack/oauth.js';
import { startScheduler } from './jobs/scheduler.js';
import type { Logger } from './logger.js';
import { createEmulator, SlackPlatform, type Emulator } from './sandbox/emulator/index.js';
import { startSandbox } from './sandbox/server.js';
import { deleteSandboxState, loadSandboxState } from './sandbox/state.js';
import { nextScheduledEvent } from './services/schedule.js';
import { createSlackApp } from './slack/app.js';
import { deleteWorkspace } from './store/workspaces.js';
import { renderMessage } from './slack/views/messages.js';
import { createMetrics } from './metrics.js';
import { countOutboxByStatus } from './store/outbox.js';
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

/** The first demo workspace's team id (Acme): the seeded team with weeks of history. */
export const SANDBOX_TEAM_ID = 'T0EMULATOR';
/** The second demo workspace (Globex): another team that installed Call Buddy, to show isolation. */
export const SECOND_TEAM_ID = 'T0GLOBEX';

const WORKSPACES = [
  { team: { id: SANDBOX_TEAM_ID, name: 'Acme', domain: 'acme-demo' }, bot: { name: 'callbuddy' } },
  // Its own ids (U0G…, C0G…), as Slack's are unique across workspaces.
  { team: { id: SECOND_TEAM_ID, name: 'Globex', domain: 'globex-demo' }, bot: { name: 'callbuddy', user_id: 'U0CBGLOBEX', bot_id: 'B0CBGLOBEX' }, idBase: parseInt('G0000000', 36) },
] as const;

export async function startSandboxRuntime(options: SandboxRuntimeOptions): Promise<SandboxRuntime> {
  const { config, logger, db, dbKind } = options;
  const log = logger.child({ component: 'sandbox' });
  const forget = async (): Promise<void> => {
    for (const w of WORKSPACES) await deleteWorkspace(db, w.team.id);
  };
  if (options.reset) {
    deleteSandboxState(config.dataDir);
    await forget();
  }
  let saved = loadSandboxState(config.dataDir);
  if (saved && (!saved.platform || !saved.app?.tokenKey)) {
    log.warn('sandbox.json is from a version with one workspace and no OAuth install: starting a fresh demo (Acme and Globex)');
    saved = null;
  }
  if (!saved) {
    // No workspace to go with whatever the database remembers of the sandbox teams (a deleted or
    // half-written sandbox.json): start both afresh so ids and history agree.
    await forget();
  }
  const clock = new SettableClock(saved ? new Date(saved.clock) : new Date());

  // One Slack app that both workspaces install ("Add to Slack"). Its credentials are new each start;
  // the tokens it issued and the key that seals them in the database are kept in sandbox.json.
  const clientId = `${randomBytes(4).readUInt32BE(0)}.${randomBytes(4).readUInt32BE(0)}`;
  const clientSecret = randomBytes(16).toString('hex');
  const signingSecret = randomBytes(24).toString('hex');
  const tokenKey = saved?.app?.tokenKey ?? randomBytes(32).toString('base64');
  const platform = new SlackPlatform({ clientId, clientSecret, redirectUrls: [] });
  // The saved workspaces are restored by startSandbox (state: saved).
  const emulators: Emulator[] = WORKSPACES.map((w) => createEmulator({ platform, signingSecret, team: { ...w.team }, bot: { ...w.bot }, now: () => clock.now(), ...('idBase' in w ? { idBase: w.idBase } : {}) }));
  if (saved?.platform) platform.restore(saved.platform.tokens);
  const [emulator, ...more] = emulators as [Emulator, ...Emulator[]];
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
    for (const e of more) {
      await e.start();
      stops.push(() => e.stop());
    }

    // Seeding ticks through three weeks; its "tick enqueued work" lines would bury the URL.
    const quietLogger = logger.child({}, { level: logger.levelVal >= 40 ? logger.level : 'warn' });
    // Each workspace's messages go with its own token, read from its installation (any emulator of the
    // platform answers a token for its own workspace). The emulator has no rate limits: send as fast as
    // the app produces.
    const cipher = createTokenCipher(tokenKey);
    const metrics = createMetrics({ outboxDepth: () => countOutboxByStatus(db) });
    const worker = createOutboxWorker({
      metrics,
      db, dbKind, clock,
      // Leases run on the sandbox clock, which jumps; "already delivered" notes are expected here.
      logger: quietLogger,
      clientFor: installationClientFor({ db, cipher, slackApiUrl: emu.url }),
      limits: { scale: 1000, perChannelIntervalMs: 0 },
      pollMs: 500,
      backoffBaseMs: 200,
      backoffMaxMs: 2_000,
      afterSent: { 'pair-intro': pairIntroSent }, files: messageFiles,
    });

    // OAuth mode, as a distributed app: no bot token, the workspaces install it.
    const appConfig: Config = {
      ...config,
      slack: { signingSecret, apiUrl: emu.url },
      oauth: { clientId, clientSecret, stateSecret: randomBytes(24).toString('hex'), authorizeUrl: emulator.authorizeUrl },
      tokenKeys: { current: tokenKey, old: [] },
      port: 0,
      host: '127.0.0.1',
    };
    // No background loop and no timer here: the outbox is drained and the scheduler ticked on demand, so
    // /readyz reports them alive while the runtime is not stopping.
    const later: { scheduler?: ReturnType<typeof startScheduler> } = {};
    const liveness = { outbox: () => !stopping, scheduler: () => !stopping && (later.scheduler?.alive() ?? false) };
    const slack = createSlackApp({ config: appConfig, db, clock, logger, client: { retryConfig: { retries: 0 } }, outbox: worker, metrics, liveness, cipher });
    await slack.start();
    stops.push(() => slack.stop());
    const appOrigin = `http://127.0.0.1:${slack.port()}`;
    // The Slack app's settings: its redirect URL (OAuth & Permissions), now that the app has a port.
    platform.addRedirectUrl(`${appOrigin}/slack/oauth_redirect`);

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
      more,
      installUrl: `${appOrigin}${INSTALL_PATH}`,
      keep: () => ({ platform: { tokens: platform.snapshot() }, app: { tokenKey } }),
      appUrl: `${appOrigin}/slack/events`,
      tick,
      // "Next event" is the app's own timetable, read from the database: it follows admins' changes. It is
      // the shown workspace's; the hourly ticks on the way serve the other one too.
      nextEventAt: (after, workspaceId) => nextScheduledEvent(db, after, { workspaceIds: [workspaceId] }),
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
