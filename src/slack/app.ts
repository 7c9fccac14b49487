/**
 * The Bolt App: HTTP (`/slack/events`, plus `/healthz` and `/readyz` as custom routes) or Socket Mode
 * (when SLACK_APP_TOKEN is set; the health routes then get a small node:http server on PORT). Bolt's
 * auth.test waits for `start()` (deferInitialization), so the Web API need not be up at construction.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger } from '@slack/bolt';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../services/models.js';
import { healthRoutes, routeRequest, type Liveness } from '../http/health.js';
import type { Logger } from '../logger.js';
import { metricsRoute, type Metrics } from '../metrics.js';
import { timeAcks } from './ack-metrics.js';
import { createAfterAck, type OutboxDrain, type SlackDeps } from './deps.js';
import { registerListeners } from './listeners/index.js';
import { guardRequests, teamOfBody } from './request-guard.js';
import { renderMessage } from './views/messages.js';

export interface CreateSlackAppOptions {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Extra WebClient options (tests turn retries off). slackApiUrl comes from config.slack.apiUrl. */
  client?: WebClientOptions;
  /**
   * The outbox worker (or a factory given the app's WebClient) used to deliver confirmations and
   * greetings right after they are committed. Without it the scheduler's worker delivers them.
   */
  outbox?: OutboxDrain | ((client: WebClient) => OutboxDrain);
  /** How many commands may do their after-ack work at once (default 8). */
  afterAckConcurrency?: number;
  /** Prometheus metrics: served at GET /metrics (behind METRICS_TOKEN when set) and fed the ack latency. */
  metrics?: Metrics;
  /** What /readyz reports beside the database (the outbox worker, the scheduler). */
  liveness?: Liveness;
}

export interface SlackApp {
  app: App;
  /** Initialises Bolt (auth.test) and starts listening. Resolves once requests are served. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The port the HTTP server listens on, once started (useful with PORT=0). */
  port(): number | undefined;
}

/**
 * Debug lines of the Slack SDKs that carry whole payloads: the WebClient's request bodies, results
 * and headers (Bolt shares its logger with it), Socket Mode's raw messages, and a raw JSON body.
 * Those hold contact names, modal contents and notes, which never leave their author.
 */
const PAYLOAD_DEBUG = [
  /^http request (body|result|headers)\b/,
  /^Received a message on the WebSocket\b/,
  /^Sending a WebSocket message\b/,
  /^Calling ack\(\)/,
  /^Unable to parse an incoming WebSocket message\b/,
  /^\s*[[{]/,
];

/** pino behind Bolt's logger interface (also the WebClient's); payload-carrying debug lines are dropped. */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  return {
    debug: (...msg: unknown[]) => {
      const line = msg.map(String).join(' ');
      if (!PAYLOAD_DEBUG.some((re) => re.test(line))) log.debug(line);
    },
    info: (...msg: unknown[]) => log.info(msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => log.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => log.error(msg.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** The longest a Web API call made on a person's behalf may take. */
export const USER_CALL_TIMEOUT_MS = 5_000;

export function createSlackApp(options: CreateSlackAppOptions): SlackApp {
  const { config, db, clock, logger } = options;
  const { botToken, signingSecret, appToken, apiUrl } = config.slack;
  if (!botToken) throw new Error('createSlackApp needs SLACK_BOT_TOKEN');
  const blog = boltLogger(logger);
  // Bolt's client makes the calls on a person's behalf (views.open, users.info, Home, apologies): each
  // is bounded by a timeout, and 429s are thrown rather than waited out with the client's queue paused.
  // No retries: a person is waiting, and retrying what must arrive belongs to the outbox.
  const clientOptions: WebClientOptions = {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: USER_CALL_TIMEOUT_MS,
    ...options.client,
  };
  const routes = healthRoutes(db, options.liveness);
  if (options.metrics) routes.push(metricsRoute(options.metrics, config.metricsToken));
  const socket = Boolean(appToken);

  const receiver = socket
    ? new SocketModeReceiver({ appToken: appToken!, logger: blog, installerOptions: { clientOptions } })
    : new HTTPReceiver({
        signingSecret: signingSecret ?? '',
        endpoints: '/slack/events',
        customRoutes: routes,
        logger: blog,
        // Answer unknown paths quickly rather than waiting out the default 3 s.
        unhandledRequestTimeoutMillis: 3001,
      });
  const app = new App({ token: botToken, receiver, logger: blog, clientOptions, deferInitialization: true });
  // Single-token mode serves the bot token's own workspace only (auth.test, learned once it answers).
  let own: Promise<{ teamId: string; enterpriseId: string | null }> | undefined;
  const ownTeam = () =>
    (own ??= app.client.auth.test().then(
      (r) => ({ teamId: String(r.team_id ?? ''), enterpriseId: r.enterprise_id ?? null }),
      (err: unknown) => {
        own = undefined;
        throw err;
      },
    ));
  if (receiver instanceof HTTPReceiver) {
    const guarded = guardRequests({ signingSecret: signingSecret ?? '', logger, ownTeam }, receiver.requestListener);
    receiver.requestListener = options.metrics ? timeAcks(options.metrics, guarded) : guarded;
  } else {
    // Socket Mode: Slack authenticated the connection; still, another workspace's requests are dropped.
    const foreign = new Set<string>();
    app.use(async (args) => {
      const from = teamOfBody(args.body);
      const mine = from.team === null ? undefined : await ownTeam().catch(() => undefined);
      if (!mine || from.team === mine.teamId || (mine.enterpriseId && from.enterprise === mine.enterpriseId)) return args.next();
      if (!foreign.has(from.team!)) logger.warn({ team: from.team }, 'refusing requests from another workspace: this app serves one workspace with one bot token (logged once per workspace)');
      foreign.add(from.team!);
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
    });
  }

  const outbox = typeof options.outbox === 'function' ? options.outbox(app.client) : options.outbox;
  // What the services say is rendered in one place, the Block Kit views' renderer.
  const deps: SlackDeps = { db, clock, messages: renderMessage, logger, outbox, afterAck: createAfterAck(options.afterAckConcurrency ?? 8), inflight: new Set() };
  registerListeners(app, deps);
  app.error(async (err) => {
    logger.error({ err: { message: err.message, code: (err as { code?: string }).code } }, 'unhandled Bolt error');
  });

  let server: http.Server | undefined;
  let started = false;
  return {
    app,
    async start() {
      await app.init();
      if (socket) {
        await app.start();
        const s = http.createServer((req, res) => {
          if (!routeRequest(routes, req, res)) {
            res.writeHead(404, { 'content-type': 'text/plain' });
            res.end('Not found\n');
          }
        });
        await new Promise<void>((resolve, reject) => {
          s.once('error', reject);
          s.listen(config.port, config.host, resolve);
        });
        server = s;
      } else {
        server = (await app.start({ port: config.port, host: config.host })) as http.Server;
      }
      started = true;
      logger.info({ mode: socket ? 'socket' : 'http', port: (server.address() as AddressInfo).port }, 'Slack app listening');
    },
    async stop() {
      if (!started) return;
      started = false;
      // Let replies, confirmations and Home updates already under way finish (at most 3 s).
      await Promise.race([Promise.allSettled([...deps.inflight]), new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
      if (socket) {
        await app.stop();
        const s = server;
        if (s) {
          s.closeAllConnections();
          await new Promise<void>((resolve) => s.close(() => resolve()));
        }
      } else {
        server?.closeAllConnections();
        await app.stop();
      }
      server = undefined;
    },
    port() {
      const a = server?.address();
      return a && typeof a === 'object' ? a.port : undefined;
    },
  };
}
