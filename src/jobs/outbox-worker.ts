/**
 * The outbox delivery worker: sends the rows of `outbox` to Slack, within Slack's rate limits,
 * exactly once, with any number of workers on one PostgreSQL.
 *
 * - Claim: due rows are leased (`locked_until`) with `FOR UPDATE SKIP LOCKED`, a few at a time, so
 *   several workers share the work without taking the same row. Each claim counts as an attempt.
 *   Answers to a person (priority 1: a confirmation, a greeting) are claimed before scheduled rows, and
 *   `drain({ minPriority: 1 })` (the listeners' drain) claims only those, never a scheduled fan-out.
 * - Lease: while a row is being delivered its lease is renewed every leaseMs/3 (one renewal at a time),
 *   conditionally on the lease this worker holds. If another worker took the row (the renewal finds a
 *   different `locked_until`), this one stops before its next Web API call and leaves the row alone.
 *   Rescheduling and marking failed are conditional on the held lease too; marking sent is not (it
 *   records what Slack did).
 * - Send: through a WebClient made with `retries: 0` and `rejectRateLimitedCalls: true`; this worker
 *   owns retrying. A client-side limiter (rate-limiter.ts) keeps each workspace+method under its
 *   tier and chat.postMessage at one message per second per channel; a 429 pauses the
 *   workspace+method for its Retry-After and the same claimed row is tried again.
 * - Record: the row is marked sent (sent_at, result with ts and channel) right after Slack answers.
 * - Transient errors (5xx, network, internal_error, fatal_error, service_unavailable, request_timeout)
 *   reschedule the row with capped exponential backoff and jitter (not_before); after `maxAttempts`
 *   (default 16: with the 2 s base and the 10 min cap, roughly 40–75 min of a Slack outage) it is
 *   marked failed. A 429 that outlasts max429PerSend tries in a row puts the row back too, and that
 *   counts as an attempt; a row that keeps failing is also given up once stale (staleAfterMs after it
 *   was queued), so nothing is retried forever and nothing is sent in a week after its own.
 * - Permanent errors mark the row failed, never retried, and deactivate the member (a DM that cannot
 *   reach its user) or the circle (a channel the bot cannot post in).
 * - Crashes: a row whose lease expired while it was being sent (its worker died), or whose last
 *   attempt may have reached Slack (timeout, network error, 5xx), is checked against the channel's
 *   recent history before it is sent again: if the bot's message is there, the row is marked sent
 *   instead. So a crash neither loses nor repeats a message. (Real Slack needs the history scopes
 *   im:history / mpim:history / channels:history / groups:history for that check; without them the
 *   worker logs a warning and sends again: a rare duplicate rather than a lost message.)
 * - After sending: hooks registered by message kind (`afterSent`) do the feature's bookkeeping, e.g. the
 *   pairing service remembers a group DM's channel; the worker itself knows no feature.
 *
 * The parts live in ./outbox/: error classification (errors.ts), the lease keeper (lease.ts), the Web
 * API calls and the send (send.ts), crash recovery (recovery.ts), what a failed send does (failure.ts),
 * one row's delivery (deliver.ts) and the loop (loop.ts). This module wires them.
 */
import { WebClient, type LogLevel } from '@slack/web-api';
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { AfterSentHooks, WorkerContext } from './outbox/context.js';
import type { MessageFiles } from './outbox/files.js';
import { drain, loop, RunState, type DrainOptions, type DrainResult } from './outbox/loop.js';
import { SlackRateLimiter, type OutboxLimits } from './rate-limiter.js';

export { classifySlackError, PERMANENT_ERRORS, TRANSIENT_ERRORS } from './outbox/errors.js';
export type { AfterSent, AfterSentHooks, SentMessage } from './outbox/context.js';
export type { DrainOptions, DrainResult } from './outbox/loop.js';
export type { FileUpload, MessageFiles } from './outbox/files.js';

export interface OutboxWorkerOptions {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  /** The WebClient for a workspace (see `slackClientFor`); tests pass one pointed at the emulator. */
  clientFor: (workspaceId: string) => WebClient;
  clock: Clock;
  logger: Logger;
  limits?: OutboxLimits;
  /** Sends in flight at once (default 32 on PostgreSQL, 16 on PGlite). */
  concurrency?: number;
  /** How long a claim lasts before another worker may take the row (default 60 s); renewed every leaseMs/3 while sending. */
  leaseMs?: number;
  /** Idle poll interval of the running loop (default 1 s); `notify()` wakes it sooner. */
  pollMs?: number;
  /**
   * Attempts before a transiently failing row is marked failed (default 16: with the default backoff,
   * roughly 40–75 minutes of retrying, so an outage of Slack does not fail Monday's plans for good).
   */
  maxAttempts?: number;
  /** Backoff after a transient error: base and cap in ms (default 2 s and 10 min), with jitter. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** 429s in a row for one row before it is put back for later (default 20); each such round counts as an attempt. */
  max429PerSend?: number;
  /**
   * How long after being queued a row that keeps failing is still worth sending (default
   * {@link defaultStaleAfterMs}: a day, a nudge half a day). Checked only after a failed try, so a row
   * is never dropped unsent on its first attempt.
   */
  staleAfterMs?: (kind: string) => number;
  random?: () => number;
  /**
   * Bookkeeping after a message of a kind was sent, by kind (the composition root registers them, e.g.
   * `{ 'pair-intro': pairIntroSent }` from the pairing service). None by default.
   */
  afterSent?: AfterSentHooks;
  /** Renders and shows the files messages carry (the recap chart; `recapFiles` of src/slack/views/). None: text only. */
  files?: MessageFiles;
  /** Prometheus metrics (src/metrics.ts): send latency and result by method, 429s, retries. */
  metrics?: Metrics;
}

export interface OutboxWorker {
  /** Starts the background loop (drain, then sleep until notified or the poll interval). */
  start(): void;
  /** Stops the loop; sends already on the wire finish, waiting ones are released. */
  stop(): Promise<void>;
  /** Delivers everything due now (answers to a person first) and returns what happened (for tests and the CLI). */
  drain(options?: DrainOptions): Promise<DrainResult>;
  /** Something was enqueued: wake the loop. */
  notify(): void;
  /** For /readyz: the background loop is running (started and not stopping). */
  alive(): boolean;
}

/** The WebClient the worker wants: no retries of its own, 429s thrown to the worker. */
export function createWorkerClient(token: string | undefined, options: { slackApiUrl?: string; logLevel?: LogLevel; timeoutMs?: number } = {}): WebClient {
  return new WebClient(token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 30_000,
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
  });
}

/** Single-workspace mode: one bot token (config.slack.botToken) for every workspace id. */
export function slackClientFor(config: { slack: { botToken?: string; apiUrl?: string } }): (workspaceId: string) => WebClient {
  let client: WebClient | undefined;
  return () => (client ??= createWorkerClient(config.slack.botToken, { slackApiUrl: config.slack.apiUrl }));
}

/**
 * A day for every message, half a day for a nudge (due only on its day). Scheduled work is done in the
 * week it falls due, and none of it is queued on a Sunday, so a message given up after a day is never
 * sent in the week after its own (a plan for a past week is stale).
 */
export function defaultStaleAfterMs(kind: string): number {
  return kind === 'nudge' ? 12 * 3_600_000 : 24 * 3_600_000;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const state = new RunState();
  const ctx: WorkerContext = {
    db: options.db,
    clock: options.clock,
    log: options.logger.child({ component: 'outbox' }),
    limiter: new SlackRateLimiter(options.limits, undefined, state.sleep),
    clientFor: options.clientFor,
    afterSent: options.afterSent ?? {},
    concurrency: options.concurrency ?? (options.dbKind === 'postgres' ? 32 : 16),
    leaseMs: options.leaseMs ?? 60_000,
    pollMs: options.pollMs ?? 1_000,
    maxAttempts: options.maxAttempts ?? 16,
    backoffBaseMs: options.backoffBaseMs ?? 2_000,
    backoffMaxMs: options.backoffMaxMs ?? 600_000,
    max429: options.max429PerSend ?? 20,
    random: options.random ?? Math.random,
    staleAfterMs: options.staleAfterMs ?? defaultStaleAfterMs,
    stopping: () => state.stopping,
    ...(options.files ? { files: options.files } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  };
  let running: Promise<void> | undefined;
  return {
    start() {
      if (running) return;
      state.stopping = false;
      running = loop(ctx, state);
    },
    async stop() {
      state.stop();
      await running;
      running = undefined;
    },
    drain: (drainOptions) => drain(ctx, drainOptions),
    notify() {
      state.wake?.();
    },
    alive: () => running !== undefined && !state.stopping,
  };
}
