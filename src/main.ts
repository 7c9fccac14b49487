/**
 * Composition root: config -> logger -> database -> migrations -> HTTP (-> Slack app, scheduler, sandbox).
 * Stops cleanly on SIGTERM / SIGINT within 5 seconds.
 */
import { ConfigError, loadConfig, redactedConfig, type Config } from './config.js';
import { createDb, DataDirLockedError, resetEmbeddedDb, type DbHandle } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { createLogger, type Logger } from './logger.js';
import { systemClock } from './clock.js';
import { pairIntroSent } from './services/pairing.js';
import { createOutboxWorker, installationClientFor, slackClientFor } from './jobs/outbox-worker.js';
import { createTokenCipher } from './store/token-cipher.js';
import { startScheduler } from './jobs/scheduler.js';
import { createSlackApp } from './slack/app.js';
import { startSandboxRuntime } from './sandbox-runtime.js';
import { createMetrics } from './metrics.js';
import { countOutboxByStatus } from './store/outbox.js';
import { renderMessage } from './slack/views/messages.js';
import { messageFiles } from './slack/views/recap-chart.js';

type Stopper = () => Promise<void>;

export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  log.info({ config: redactedConfig(config) }, 'starting Call Buddy');
  const serving = keepServing(log);

  const reset = config.mode === 'sandbox' && process.argv.includes('--reset');
  let handle: DbHandle;
  try {
    if (reset) {
      if (config.databaseUrl) {
        console.error('--reset only resets the embedded database; with DATABASE_URL set, reset that database yourself.');
        process.exit(1);
      }
      resetEmbeddedDb(config.dataDir);
      log.info({ dataDir: config.dataDir }, 'sandbox reset: starting from a fresh database');
    }
    handle = await createDb({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      timeouts: config.databaseTimeouts,
      onPoolError: (err) => log.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'database connection error'),
    });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const stoppers: Stopper[] = [() => handle.close()];
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 5 s; exiting');
      process.exit(1);
    }, 4500);
    force.unref();
    void (async () => {
      for (const s of [...stoppers].reverse()) {
        try {
          await s();
        } catch (err) {
          log.warn({ err }, 'error while stopping');
        }
      }
      log.info('stopped');
      log.flush();
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const applied = await migrateToLatest(handle.db);
  log.info({ applied, database: handle.kind }, 'database ready');

  if (config.mode === 'sandbox') {
    log.warn('No Slack credentials are set (SLACK_BOT_TOKEN, or SLACK_CLIENT_ID for OAuth): starting the local sandbox. See README.md, "Connect to Slack", to serve a real workspace.');
    const sandbox = await startSandboxRuntime({ config, logger: log, db: handle.db, dbKind: handle.kind, reset });
    stoppers.push(() => sandbox.stop());
    log.info({ url: sandbox.url }, `Open ${sandbox.url} in your browser to use the Call Buddy sandbox`);
    serving.started();
    return;
  }
  stoppers.push(...(await startSlack(config, handle, log)));
  serving.started();
}

/**
 * No request, lost connection or forgotten promise ends the process: an unhandled rejection is logged
 * and the process keeps serving (every request and job has its own error handling; this is the net
 * under it). An uncaught exception is logged too; the process keeps serving unless it happens before
 * start-up finished, when state may be half made and exiting (for the supervisor to restart) is safer.
 */
function keepServing(log: Logger): { started(): void } {
  let started = false;
  const describe = (err: unknown) =>
    err instanceof Error ? { name: err.name, message: err.message, code: (err as { code?: string }).code, stack: err.stack } : { message: String(err) };
  process.on('unhandledRejection', (reason) => {
    log.error({ err: describe(reason) }, 'unhandled promise rejection; still serving');
  });
  process.on('uncaughtException', (err, origin) => {
    log.error({ err: describe(err), origin }, started ? 'uncaught exception; still serving' : 'uncaught exception during start-up');
    if (!started) {
      log.flush();
      process.exit(1);
    }
  });
  return {
    started: () => {
      started = true;
    },
  };
}

/** Slack mode: the Bolt app (HTTP or Socket Mode), the outbox worker and the minute scheduler. */
async function startSlack(config: Config, handle: DbHandle, log: Logger): Promise<Stopper[]> {
  const clock = systemClock;
  // OAuth mode: tokens come from the installations, sealed with TOKEN_ENCRYPTION_KEY.
  const cipher = config.tokenKeys ? createTokenCipher(config.tokenKeys.current, config.tokenKeys.old) : undefined;
  const clientFor = cipher ? installationClientFor({ db: handle.db, cipher, ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}) }) : slackClientFor(config);
  const metrics = createMetrics({ outboxDepth: () => countOutboxByStatus(handle.db), ...(handle.poolStats ? { pool: handle.poolStats } : {}) });
  const worker = createOutboxWorker({ db: handle.db, dbKind: handle.kind, clientFor, clock, logger: log, afterSent: { 'pair-intro': pairIntroSent }, files: messageFiles, metrics });
  const later: { scheduler?: ReturnType<typeof startScheduler> } = {};
  const liveness = { outbox: () => worker.alive(), scheduler: () => later.scheduler?.alive() ?? false };
  const slack = createSlackApp({ config, db: handle.db, clock, logger: log, outbox: worker, metrics, liveness, ...(cipher ? { cipher } : {}) });
  await slack.start();
  worker.start();
  const scheduler = startScheduler({ db: handle.db, clock, logger: log, messages: renderMessage, onEnqueued: () => worker.notify(), metrics, retentionDays: config.dataRetentionDays ?? 30 });
  later.scheduler = scheduler;
  log.info({ mode: config.mode, port: slack.port() }, config.mode === 'socket' ? 'connected to Slack over Socket Mode' : 'serving Slack on /slack/events');
  if (config.oauth) log.info('OAuth mode: workspaces install at /slack/install');
  // Stopped in reverse: scheduler first, then the worker, then the app.
  return [() => slack.stop(), () => worker.stop(), () => scheduler.stop()];
}

await main();
