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
 */
import { WebClient, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, type LogLevel } from '@slack/web-api';
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logger.js';
import { recordGroupDmChannel } from '../store/pairings.js';
import {
  claimDueMessages,
  deactivateUnreachableCircle,
  deactivateUnreachableMember,
  extendLease,
  markMessageFailed,
  markMessageSent,
  nextDueAt,
  rescheduleMessage,
  type ClaimedOutboxRow,
} from '../store/outbox.js';
import { SlackRateLimiter, type OutboxLimits, type Sleep } from './rate-limiter.js';

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
}

export interface DrainResult {
  sent: number;
  failed: number;
  retried: number;
}

export interface DrainOptions {
  /**
   * Claim only rows of at least this priority. The listeners pass 1: they deliver the answer they just
   * enqueued without waiting on a scheduled fan-out (the background loop delivers everything).
   */
  minPriority?: number;
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
}

/** Slack error codes after which a retry cannot succeed. */
export const PERMANENT_ERRORS = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'user_not_found', 'account_inactive', 'messages_tab_disabled',
  'invalid_blocks', 'invalid_auth', 'token_revoked', 'not_authed', 'cannot_dm_bot', 'user_disabled', 'user_is_bot',
  'no_text', 'msg_too_long', 'invalid_arguments', 'too_many_users', 'not_enough_users', 'users_list_not_supplied',
  'missing_scope', 'restricted_action', 'message_not_found', 'cant_update_message', 'method_not_supported_for_channel_type',
  'team_access_not_granted', 'ekm_access_denied', 'invalid_attachments',
]);
/** Slack error codes worth another try later. */
export const TRANSIENT_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'team_added_to_org']);
/** Errors that say the recipient user is gone or unreachable. */
const USER_ERRORS = new Set(['user_not_found', 'messages_tab_disabled', 'cannot_dm_bot', 'user_disabled', 'user_is_bot']);
/** Errors that say the bot cannot post in the channel. */
const CHANNEL_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);
/** Errors about the token: the whole workspace is unreachable; nobody in it is at fault. */
const TOKEN_ERRORS = new Set(['invalid_auth', 'token_revoked', 'not_authed', 'account_inactive', 'team_access_not_granted']);

type Outcome = 'sent' | 'failed' | 'retried' | 'released';

interface Classified {
  kind: 'permanent' | 'transient' | 'ratelimited';
  code: string;
  /** The attempt may have reached Slack (ambiguous): check history before the next send. */
  maybeSent: boolean;
  retryAfterMs?: number;
}

export function classifySlackError(err: unknown): Classified {
  if (err instanceof WebAPIRateLimitedError) return { kind: 'ratelimited', code: 'ratelimited', maybeSent: false, retryAfterMs: err.retryAfter * 1000 };
  if (err instanceof WebAPIPlatformError) {
    const code = String(err.data.error);
    if (TRANSIENT_ERRORS.has(code)) return { kind: 'transient', code, maybeSent: code === 'request_timeout' || code === 'fatal_error' };
    // Unknown ok:false codes are treated as permanent: Slack's platform errors describe the request.
    return { kind: 'permanent', code, maybeSent: false };
  }
  if (err instanceof WebAPIHTTPError) {
    if (err.statusCode === 429) return { kind: 'ratelimited', code: 'http_429', maybeSent: false, retryAfterMs: 1000 };
    const permanent = err.statusCode >= 400 && err.statusCode < 500 && err.statusCode !== 408;
    return { kind: permanent ? 'permanent' : 'transient', code: `http_${err.statusCode}`, maybeSent: !permanent };
  }
  if (err instanceof WebAPIRequestError) {
    const refused = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(String((err.original as NodeJS.ErrnoException)?.code ?? err.original?.message));
    return { kind: 'transient', code: `network: ${err.original?.message ?? err.message}`, maybeSent: !refused };
  }
  return { kind: 'transient', code: `error: ${(err as Error)?.message ?? String(err)}`, maybeSent: true };
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

const isUserId = (id: string): boolean => /^[UW][A-Z0-9]+$/.test(id);

function usersOf(payload: Record<string, unknown>): string {
  const u = payload.users;
  return Array.isArray(u) ? u.map(String).join(',') : String(u ?? '');
}

/** The Web API arguments of a payload: our own bookkeeping (`_meta`) stays home. */
function argsOf(payload: Record<string, unknown>): Record<string, unknown> {
  const { _meta: _m, users: _u, ...args } = payload;
  return args;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, clock } = options;
  const log = options.logger.child({ component: 'outbox' });
  const concurrency = options.concurrency ?? (options.dbKind === 'postgres' ? 32 : 16);
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 1_000;
  const maxAttempts = options.maxAttempts ?? 16;
  const backoffBaseMs = options.backoffBaseMs ?? 2_000;
  const backoffMaxMs = options.backoffMaxMs ?? 600_000;
  const max429 = options.max429PerSend ?? 20;
  const random = options.random ?? Math.random;
  const staleAfterMs = options.staleAfterMs ?? defaultStaleAfterMs;
  const isStale = (row: ClaimedOutboxRow): boolean => clock.now().getTime() - new Date(row.created_at).getTime() > staleAfterMs(row.kind);

  let stopping = false;
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  const stopWaiters = new Set<() => void>();

  /** Sleeps, but returns at once when the worker stops. */
  const sleep: Sleep = (ms) =>
    new Promise<void>((resolve) => {
      if (stopping) return resolve();
      const done = () => {
        clearTimeout(t);
        stopWaiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, Math.max(0, ms));
      stopWaiters.add(done);
    });
  const limiter = new SlackRateLimiter(options.limits, undefined, sleep);

  /** The worker is stopping: the row is put back (if this worker still holds it). */
  class Released extends Error {}
  /** Another worker took the row over: leave it alone. */
  class LeaseLost extends Error {}

  /** The lease on a row being delivered, renewed on a timer; renewals run one at a time. */
  interface Lease {
    /** The `locked_until` this worker set last (the claim's, then each renewal's). */
    held(): Date;
    /** Another worker took the row (a renewal found a different lease or the row no longer pending). */
    lost(): boolean;
    /** Renews to `untilMs` unless the held lease already lasts that long; resolves once done. */
    renew(untilMs: number): Promise<void>;
    /** Resolves when no renewal is in flight (so `lost()` is up to date). */
    settled(): Promise<void>;
    /** Stops the timer and waits for a renewal in flight; `held()` is then final. */
    halt(): Promise<void>;
  }

  function keepLease(row: ClaimedOutboxRow): Lease {
    let held = new Date(row.locked_until ?? clock.now().getTime() + leaseMs);
    let lost = false;
    let halted = false;
    let busy = false;
    let chain: Promise<void> = Promise.resolve();
    const renew = (untilMs: number): Promise<void> => {
      busy = true;
      const next = chain.then(async () => {
        if (lost || halted || untilMs <= held.getTime()) return;
        const until = new Date(untilMs);
        try {
          if (await extendLease(db, row.id, held, until)) held = until;
          else lost = true;
        } catch (err) {
          // Database trouble: keep the held value and try again at the next tick.
          log.warn({ err, id: row.id }, 'could not renew the lease of a message being sent');
        }
      });
      chain = next;
      void next.finally(() => {
        if (chain === next) busy = false;
      });
      return next;
    };
    const timer = setInterval(() => {
      if (!busy) void renew(clock.now().getTime() + leaseMs);
    }, Math.max(1, Math.floor(leaseMs / 3)));
    timer.unref?.();
    return {
      held: () => held,
      lost: () => lost,
      renew,
      settled: () => chain,
      async halt() {
        halted = true;
        clearInterval(timer);
        await chain;
      },
    };
  }

  async function deliver(row: ClaimedOutboxRow): Promise<Outcome> {
    const lease = keepLease(row);
    try {
      return await attempt(row, lease);
    } finally {
      await lease.halt();
    }
  }

  async function attempt(row: ClaimedOutboxRow, lease: Lease): Promise<Outcome> {
    const client = options.clientFor(row.workspace_id);
    const payload = row.payload;

    /** One Web API call under the limiter; 429s pause the method and try again. */
    const call = async (method: string, args: Record<string, unknown>, channel?: string): Promise<Record<string, unknown>> => {
      for (let n = 0; ; n++) {
        await limiter.acquire(row.workspace_id, method, channel, async (waitMs) => {
          const needed = clock.now().getTime() + waitMs + 5_000;
          if (needed > lease.held().getTime()) await lease.renew(needed + leaseMs);
        });
        if (stopping) throw new Released();
        await lease.settled();
        if (lease.lost()) throw new LeaseLost();
        try {
          return (await client.apiCall(method, args)) as unknown as Record<string, unknown>;
        } catch (err) {
          if (err instanceof WebAPIRateLimitedError && n < max429) {
            log.debug({ method, retryAfter: err.retryAfter, workspace: row.workspace_id }, 'rate limited by Slack; pausing');
            limiter.pause(row.workspace_id, method, Math.max(1, err.retryAfter) * 1000);
            continue;
          }
          throw err;
        }
      }
    };

    /** The channel id the message goes (went) to. */
    const openChannel = async (): Promise<string> => {
      if (row.method === 'conversations.open+chat.postMessage') {
        const r = await call('conversations.open', { users: usersOf(payload) });
        return String((r.channel as { id?: string } | undefined)?.id ?? '');
      }
      const channel = String(payload.channel ?? row.channel_key);
      if (!isUserId(channel)) return channel;
      const r = await call('conversations.open', { users: channel });
      return String((r.channel as { id?: string } | undefined)?.id ?? '');
    };

    try {
      // A previous attempt may have reached Slack: look before sending again.
      const prevLock = row.prev_locked_until ? new Date(row.prev_locked_until).getTime() : null;
      const maybeSince = row.result && typeof row.result.maybe_sent_since === 'string' ? Date.parse(row.result.maybe_sent_since) : null;
      const uncertainSince = prevLock !== null ? prevLock - leaseMs : maybeSince;
      if (uncertainSince !== null && row.method !== 'chat.update' && row.method !== 'views.publish') {
        try {
          const channel = await openChannel();
          const hist = await call('conversations.history', { channel, limit: 100 });
          const since = uncertainSince / 1000 - 300;
          const found = ((hist.messages as Record<string, unknown>[] | undefined) ?? []).find(
            (m) => (m.bot_id !== undefined || m.app_id !== undefined) && Number(m.ts) >= since && m.text === payload.text,
          );
          if (found) {
            await lease.halt();
            await markMessageSent(db, row.id, clock.now(), { ts: found.ts, channel, recovered: true });
            log.info({ id: row.id, key: row.dedupe_key }, 'message was already delivered before a crash; marked sent');
            await afterSent(row, channel);
            return 'sent';
          }
        } catch (err) {
          if (err instanceof Released || err instanceof LeaseLost) throw err;
          log.warn({ id: row.id, key: row.dedupe_key, err: (err as Error).message }, 'could not check whether an interrupted message was delivered; sending it again');
        }
      }

      let result: Record<string, unknown>;
      if (row.method === 'conversations.open+chat.postMessage') {
        const channel = await openChannel();
        const r = await call('chat.postMessage', { ...argsOf(payload), channel }, channel);
        result = { ts: r.ts, channel: r.channel ?? channel };
      } else if (row.method === 'chat.postMessage') {
        const args = argsOf(payload);
        const r = await call('chat.postMessage', args, String(args.channel ?? row.channel_key));
        result = { ts: r.ts, channel: r.channel };
      } else {
        const r = await call(row.method, argsOf(payload));
        result = { ts: r.ts ?? null, channel: r.channel ?? null };
      }
      await lease.halt();
      await markMessageSent(db, row.id, clock.now(), result);
      await afterSent(row, String(result.channel ?? ''));
      return 'sent';
    } catch (err) {
      // From here on every write is conditional on the lease this worker holds (final once halted).
      await lease.halt();
      const lostRow = (): Outcome => {
        log.info({ id: row.id, key: row.dedupe_key }, 'another worker took this message over; leaving it to them');
        return 'released';
      };
      if (err instanceof LeaseLost) return lostRow();
      if (err instanceof Released) {
        await rescheduleMessage(db, row.id, lease.held(), { notBefore: clock.now(), error: 'released: worker stopped', refundAttempt: true });
        return 'released';
      }
      const c = classifySlackError(err);
      if (c.kind === 'permanent') {
        if (!(await markMessageFailed(db, row.id, lease.held(), c.code))) return lostRow();
        await deactivateConcerned(row, c.code);
        log.warn({ id: row.id, key: row.dedupe_key, error: c.code }, 'message failed permanently');
        return 'failed';
      }
      // Bounded by count and by time: a row that keeps failing (429 after 429, or transient errors) is
      // marked failed after maxAttempts claims, or once it is stale, whichever comes first.
      const giveUp = row.attempts >= maxAttempts ? `gave up after ${row.attempts} attempts` : isStale(row) ? `stale: not delivered within ${Math.round(staleAfterMs(row.kind) / 3_600_000)} h of being queued` : null;
      if (giveUp) {
        const reason = c.kind === 'ratelimited' ? `${giveUp}: rate limited by Slack (${c.code}) on every try` : `${giveUp}: ${c.code}`;
        if (!(await markMessageFailed(db, row.id, lease.held(), reason))) return lostRow();
        log.warn({ id: row.id, key: row.dedupe_key, error: c.code, reason }, 'message failed after repeated errors');
        return 'failed';
      }
      if (c.kind === 'ratelimited') {
        // Still limited after max429PerSend tries in a row: put it back for later (the attempt counts).
        const notBefore = new Date(clock.now().getTime() + (c.retryAfterMs ?? 1000));
        if (!(await rescheduleMessage(db, row.id, lease.held(), { notBefore, error: c.code }))) return lostRow();
        return 'retried';
      }
      const exp = Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.max(0, row.attempts - 1));
      const delay = Math.round(exp / 2 + random() * (exp / 2));
      const now = clock.now();
      const put = await rescheduleMessage(db, row.id, lease.held(), {
        notBefore: new Date(now.getTime() + delay),
        error: c.code,
        maybeSentSince: c.maybeSent ? new Date(now.getTime() - 60_000) : null,
      });
      if (!put) return lostRow();
      log.info({ id: row.id, key: row.dedupe_key, error: c.code, delayMs: delay, attempt: row.attempts }, 'transient error; will retry');
      return 'retried';
    }
  }

  async function afterSent(row: ClaimedOutboxRow, channel: string): Promise<void> {
    const meta = row.payload._meta as { groupId?: number } | undefined;
    if (row.method === 'conversations.open+chat.postMessage' && meta?.groupId && channel) {
      await recordGroupDmChannel(db, row.workspace_id, meta.groupId, channel);
    }
  }

  async function deactivateConcerned(row: ClaimedOutboxRow, code: string): Promise<void> {
    if (TOKEN_ERRORS.has(code)) {
      log.error({ workspace: row.workspace_id, error: code }, 'the bot token for this workspace no longer works');
      return;
    }
    const toUser = row.method !== 'conversations.open+chat.postMessage' && isUserId(row.channel_key);
    if (toUser && row.member_id !== null && (USER_ERRORS.has(code) || CHANNEL_ERRORS.has(code))) {
      await deactivateUnreachableMember(db, row.workspace_id, row.member_id);
      log.warn({ member: row.member_id, error: code }, 'member deactivated: Slack cannot reach them');
    } else if (!toUser && row.circle_id !== null && CHANNEL_ERRORS.has(code) && row.method !== 'conversations.open+chat.postMessage') {
      await deactivateUnreachableCircle(db, row.workspace_id, row.circle_id);
      log.warn({ circle: row.circle_id, error: code }, 'circle deactivated: the bot cannot post in its channel');
    }
  }

  async function drain(drainOptions: DrainOptions = {}): Promise<DrainResult> {
    const totals: DrainResult = { sent: 0, failed: 0, retried: 0 };
    const inflight = new Set<Promise<void>>();
    let exhausted = false;
    const lowWater = Math.max(1, Math.floor(concurrency / 2));
    for (;;) {
      // Claim only when there is room (never with LIMIT 0: an empty answer would read as "exhausted"
      // while rows remain, and the drain could return with work left once the sends in flight finish).
      if (!stopping && !exhausted && inflight.size <= lowWater && inflight.size < concurrency) {
        const rows = await claimDueMessages(db, { now: clock.now(), leaseMs, limit: concurrency - inflight.size, minPriority: drainOptions.minPriority });
        if (rows.length === 0) exhausted = true;
        for (const row of rows) {
          const p: Promise<void> = deliver(row)
            .then((o) => {
              if (o === 'sent') totals.sent++;
              else if (o === 'failed') totals.failed++;
              else if (o === 'retried') totals.retried++;
            })
            .catch((err: unknown) => {
              // Database trouble while recording: the lease runs out and the row is checked and retried.
              log.error({ err, id: row.id }, 'outbox delivery crashed');
              totals.retried++;
            })
            .finally(() => inflight.delete(p));
          inflight.add(p);
        }
        if (rows.length > 0) continue;
      }
      if (inflight.size === 0) {
        if (exhausted || stopping) break;
        continue;
      }
      await Promise.race(inflight);
      if (exhausted && inflight.size === 0 && !stopping) exhausted = false; // one more look for new rows
    }
    return totals;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      try {
        const r = await drain();
        if (r.sent + r.failed + r.retried > 0) log.debug(r, 'outbox drained');
      } catch (err) {
        log.error({ err }, 'outbox drain failed');
      }
      if (stopping) break;
      let waitMs = pollMs;
      try {
        const next = await nextDueAt(db);
        if (next) waitMs = Math.max(50, Math.min(pollMs, next.getTime() - clock.now().getTime()));
      } catch {
        /* keep the poll interval */
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, waitMs);
        function done() {
          clearTimeout(t);
          wake = undefined;
          stopWaiters.delete(done);
          resolve();
        }
        wake = done;
        stopWaiters.add(done);
      });
    }
  }

  return {
    start() {
      if (running) return;
      stopping = false;
      running = loop();
    },
    async stop() {
      stopping = true;
      for (const w of [...stopWaiters]) w();
      await running;
      running = undefined;
    },
    drain,
    notify() {
      wake?.();
    },
  };
}
