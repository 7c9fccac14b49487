/**
 * Prometheus metrics (prom-client) for an operator: the outbox, Slack sends, the scheduler, jobs,
 * Slack request acks, the database pool, and the default process metrics. `createMetrics()` makes a
 * registry of its own (no global state, so tests and several apps in one process never collide);
 * `metricsRoute()` serves it at GET /metrics, behind a bearer token when METRICS_TOKEN is set.
 *
 * Privacy by construction: every label takes its value from a fixed list below. The helpers accept
 * only those values in their types, and at run time anything else becomes "other" (or is dropped), so
 * a user id, a contact's name or a note can never become a label value.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The Slack Web API methods the app calls; anything else is counted as "other". A method added here must
 * be one the app calls (test/slack/manifest.test.ts checks its scope): the file methods are the recap
 * chart's and the exports' uploads (files:write).
 */
export const SLACK_METHODS = [
  'chat.postMessage', 'chat.postEphemeral', 'chat.update', 'conversations.open', 'conversations.history', 'conversations.info',
  'users.info', 'views.open', 'views.publish', 'files.getUploadURLExternal', 'files.completeUploadExternal', 'other',
] as const;
export type SlackMethodLabel = (typeof SLACK_METHODS)[number];

/** How a send ended: delivered, 429, an error worth retrying, or one that never will succeed. */
export const SEND_RESULTS = ['ok', 'rate_limited', 'retryable_error', 'permanent_error'] as const;
export type SendResult = (typeof SEND_RESULTS)[number];

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatusLabel = (typeof OUTBOX_STATUSES)[number];

/** The scheduler's jobs (the keys of its TickReport), plus what later issues add. */
export const JOB_KINDS = ['pausesEnded', 'pairings', 'plans', 'pairChecks', 'nudges', 'atRisk', 'recaps', 'followUps', 'reviews', 'reminders', 'briefNudges', 'other'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** What Slack sent the app: the kinds Bolt dispatches. */
export const REQUEST_KINDS = ['command', 'action', 'view_submission', 'view_closed', 'event', 'options', 'shortcut', 'other'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const POOL_STATES = ['total', 'idle', 'waiting'] as const;
export type PoolState = (typeof POOL_STATES)[number];

/** Every label name and the values it may take (the test checks a scrape against this). */
export const LABEL_VALUES: Readonly<Record<string, readonly string[]>> = {
  method: SLACK_METHODS, result: SEND_RESULTS, status: OUTBOX_STATUSES, kind: [...new Set([...JOB_KINDS, ...REQUEST_KINDS])], state: POOL_STATES,
};

function pick<T extends string>(allowed: readonly T[], value: string, fallback: T): T {
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

const SECONDS_FAST = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SECONDS_SLOW = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export type OutboxDepthSource = () => Promise<Partial<Record<OutboxStatusLabel, number>>>;
export type PoolSource = () => Partial<Record<PoolState, number>>;

export interface MetricsOptions {
  /** Counts outbox rows by status at scrape time (e.g. a store query); absent: the gauge stays empty. */
  outboxDepth?: OutboxDepthSource;
  /** The database pool's connections at scrape time (pg's Pool: totalCount, idleCount, waitingCount). */
  pool?: PoolSource;
  /** Default process metrics (CPU, memory, event loop lag, GC); default true. */
  processMetrics?: boolean;
}

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(options: MetricsOptions = {}) {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const sources = { outboxDepth: options.outboxDepth, pool: options.pool };

  const outboxDepth = new Gauge({
    name: 'callbuddy_outbox_messages', help: 'Outbox rows by status, counted at scrape time.', labelNames: ['status'] as const, registers: [registry],
    async collect() {
      if (!sources.outboxDepth) return;
      this.reset();
      // A database that does not answer leaves the gauge empty; the rest of the scrape still works.
      const counts = await sources.outboxDepth().catch(() => ({}) as Partial<Record<OutboxStatusLabel, number>>);
      for (const status of OUTBOX_STATUSES) {
        const n = counts[status];
        if (n !== undefined) this.set({ status }, n);
      }
    },
  });
  const sendSeconds = new Histogram({
    name: 'callbuddy_slack_send_seconds', help: 'Outbox sends to the Slack Web API: latency by method and result.',
    labelNames: ['method', 'result'] as const, buckets: SECONDS_FAST, registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'callbuddy_slack_rate_limited_total', help: 'HTTP 429 answers from Slack, by method.', labelNames: ['method'] as const, registers: [registry],
  });
  const retries = new Counter({
    name: 'callbuddy_outbox_retries_total', help: 'Outbox sends put back for a later attempt (429 or a transient error), by method.',
    labelNames: ['method'] as const, registers: [registry],
  });
  const tickSeconds = new Histogram({
    name: 'callbuddy_scheduler_tick_seconds', help: 'How long a scheduler tick took.', buckets: SECONDS_SLOW, registers: [registry],
  });
  const tickLag = new Gauge({
    name: 'callbuddy_scheduler_tick_lag_seconds', help: 'How late the last tick started after its scheduled minute.', registers: [registry],
  });
  const lastTick = new Gauge({
    name: 'callbuddy_scheduler_last_tick_timestamp_seconds', help: 'When the last tick finished (Unix seconds).', registers: [registry],
  });
  const jobs = new Counter({
    name: 'callbuddy_jobs_total', help: 'Work done by the scheduler: items each job produced, by kind.', labelNames: ['kind'] as const, registers: [registry],
  });
  const jobErrors = new Counter({
    name: 'callbuddy_job_errors_total', help: 'Scheduler jobs that threw (the next tick tries again).', registers: [registry],
  });
  const ackSeconds = new Histogram({
    name: 'callbuddy_slack_ack_seconds', help: "Time from receiving Slack's request to acknowledging it, by kind.",
    labelNames: ['kind'] as const, buckets: SECONDS_FAST, registers: [registry],
  });
  const pool = new Gauge({
    name: 'callbuddy_db_pool_connections', help: 'Database pool connections by state, at scrape time.', labelNames: ['state'] as const, registers: [registry],
    collect() {
      if (!sources.pool) return;
      const counts = sources.pool();
      for (const state of POOL_STATES) {
        const n = counts[state];
        if (n !== undefined) this.set({ state }, n);
      }
    },
  });
  void pool;
  void outboxDepth;

  return {
    registry,
    /** Set or replace the scrape-time sources (the composition root knows the database). */
    setSources(next: Partial<Pick<MetricsOptions, 'outboxDepth' | 'pool'>>): void {
      if (next.outboxDepth) sources.outboxDepth = next.outboxDepth;
      if (next.pool) sources.pool = next.pool;
    },
    /** One outbox send finished (any result). A 429 also counts in rate_limited_total. */
    observeSend(method: SlackMethodLabel | string, result: SendResult, seconds: number): void {
      const m = pick(SLACK_METHODS, method, 'other');
      sendSeconds.observe({ method: m, result: pick(SEND_RESULTS, result, 'retryable_error') }, seconds);
      if (result === 'rate_limited') rateLimited.inc({ method: m });
    },
    /** A send was put back for another attempt. */
    countRetry(method: SlackMethodLabel | string): void {
      retries.inc({ method: pick(SLACK_METHODS, method, 'other') });
    },
    /**
     * A scheduler tick finished. `report` is the scheduler's TickReport (counts per job, errors, ms);
     * `scheduledAt` the minute it was due, `startedAt` when it began (both from the injected Clock).
     */
    observeTick(report: Partial<Record<JobKind, number>> & { errors?: number; ms: number }, scheduledAt: Date, startedAt: Date): void {
      tickSeconds.observe(report.ms / 1000);
      tickLag.set(Math.max(0, (startedAt.getTime() - scheduledAt.getTime()) / 1000));
      lastTick.set((startedAt.getTime() + report.ms) / 1000);
      for (const kind of JOB_KINDS) {
        const n = report[kind];
        if (typeof n === 'number' && n > 0) jobs.inc({ kind }, n);
      }
      if (report.errors) jobErrors.inc(report.errors);
    },
    /** Work done outside a tick (e.g. a job run on demand). */
    countJob(kind: JobKind | string, n = 1): void {
      jobs.inc({ kind: pick(JOB_KINDS, kind, 'other') }, n);
    },
    /** Slack's request was acknowledged `seconds` after it arrived. */
    observeAck(kind: RequestKind | string, seconds: number): void {
      ackSeconds.observe({ kind: pick(REQUEST_KINDS, kind, 'other') }, seconds);
    },
    /** The Prometheus text exposition. */
    async render(): Promise<{ contentType: string; body: string }> {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** The kind of a Bolt request body, from its type field (for observeAck). */
export function requestKind(body: { type?: unknown; command?: unknown } | undefined): RequestKind {
  if (!body) return 'other';
  if (typeof body.command === 'string') return 'command';
  switch (body.type) {
    case 'block_actions':
    case 'interactive_message':
      return 'action';
    case 'view_submission':
      return 'view_submission';
    case 'view_closed':
      return 'view_closed';
    case 'event_callback':
      return 'event';
    case 'block_suggestion':
      return 'options';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    default:
      return 'other';
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m?.[1]) return false;
  const given = Buffer.from(m[1].trim());
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** GET /metrics in the shape of Bolt's `customRoutes` (and of src/http/health.ts's routes). */
export function metricsRoute(metrics: Metrics, token: string | undefined) {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (req: IncomingMessage, res: ServerResponse): void => {
      if (token !== undefined && !tokenMatches(req.headers.authorization, token)) {
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"', 'cache-control': 'no-store' });
        res.end('unauthorised: send Authorization: Bearer <METRICS_TOKEN>\n');
        return;
      }
      metrics.render().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
          res.end(body);
        },
        () => {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('metrics unavailable\n');
        },
      );
    },
  };
}
