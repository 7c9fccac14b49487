/**
 * The only reader of process.env. Parses the environment once with zod, freezes the result and
 * names the variable when a value is wrong. Secrets (tokens, signing secret, database password)
 * are never echoed in errors or logs.
 */
import { z } from 'zod';

export type SlackMode = 'http' | 'socket' | 'sandbox';

export interface Config {
  readonly mode: SlackMode;
  readonly slack: {
    readonly botToken?: string;
    readonly signingSecret?: string;
    readonly appToken?: string;
    readonly apiUrl?: string;
  };
  readonly databaseUrl?: string;
  /**
   * PostgreSQL timeouts (DATABASE_CONNECT_TIMEOUT_MS, DATABASE_QUERY_TIMEOUT_MS): how long to wait for a
   * pooled connection, and for one statement (server side and client side). Always set by loadConfig.
   */
  readonly databaseTimeouts?: { readonly connectMs: number; readonly queryMs: number };
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Bearer token GET /metrics requires; unset: /metrics is open (keep it off the public network). */
  readonly metricsToken?: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Variables whose values must never be printed. */
export const SECRET_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DATABASE_URL', 'METRICS_TOKEN'] as const;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const millis = (min: number, max: number) =>
  optional(
    z
      .string()
      .regex(/^\d+$/, `must be a whole number of milliseconds from ${min} to ${max}`)
      .transform(Number)
      .refine((n) => n >= min && n <= max, `must be a whole number of milliseconds from ${min} to ${max}`),
  );

const schema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-/, 'must be a bot token starting with xoxb-')),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, 'must be the signing secret from your Slack app\'s Basic Information page')),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp-')),
  SLACK_API_URL: optional(
    z
      .string()
      .url('must be a URL such as https://slack.com/api/')
      .refine((u) => /^https?:/.test(u), 'must be an http(s) URL'),
  ),
  DATABASE_URL: optional(
    z.string().refine((u) => /^postgres(ql)?:\/\/.+/.test(u), 'must be a PostgreSQL URL such as postgres://user@host:5432/db'),
  ),
  DATABASE_CONNECT_TIMEOUT_MS: millis(100, 60_000),
  DATABASE_QUERY_TIMEOUT_MS: millis(100, 600_000),
  DATA_DIR: optional(z.string().min(1)),
  PORT: optional(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number from 1 to 65535')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 65535, 'must be a whole number from 1 to 65535'),
  ),
  HOST: optional(z.string().regex(/^[A-Za-z0-9.:\-[\]]+$/, 'must be a host name or IP address such as 127.0.0.1')),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  METRICS_TOKEN: optional(z.string().regex(/^[\x21-\x7e]{16,}$/, 'must be at least 16 visible characters without spaces (e.g. openssl rand -hex 32)')),
});

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): ConfigError {
  const variable = String(issue.path[0] ?? 'environment');
  const raw = env[variable];
  const secret = (SECRET_VARIABLES as readonly string[]).includes(variable);
  let expectation = issue.message;
  if (issue.code === 'invalid_value' && 'values' in issue) {
    expectation = `must be one of ${(issue.values as unknown[]).join(', ')}`;
  }
  const got = secret || raw === undefined ? '' : ` (got ${JSON.stringify(raw)})`;
  return new ConfigError(variable, `${variable} ${expectation}${got}`);
}

/** Parse an environment (process.env by default). Throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw describeIssue(parsed.error.issues[0]!, env);
  }
  const e = parsed.data;
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError('SLACK_SIGNING_SECRET', 'SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (!e.SLACK_BOT_TOKEN && (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)) {
    const variable = e.SLACK_APP_TOKEN ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET';
    throw new ConfigError('SLACK_BOT_TOKEN', `SLACK_BOT_TOKEN is required when ${variable} is set`);
  }
  const mode: SlackMode = !e.SLACK_BOT_TOKEN ? 'sandbox' : e.SLACK_APP_TOKEN ? 'socket' : 'http';
  const config: Config = {
    mode,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    databaseUrl: e.DATABASE_URL,
    databaseTimeouts: { connectMs: e.DATABASE_CONNECT_TIMEOUT_MS ?? 5_000, queryMs: e.DATABASE_QUERY_TIMEOUT_MS ?? 10_000 },
    dataDir: e.DATA_DIR ?? './data',
    port: e.PORT ?? 3000,
    // The sandbox binds loopback only; a Slack-facing server listens on every interface by default.
    host: e.HOST ?? (mode === 'sandbox' ? '127.0.0.1' : '0.0.0.0'),
    logLevel: e.LOG_LEVEL ?? 'info',
    ...(e.METRICS_TOKEN !== undefined ? { metricsToken: e.METRICS_TOKEN } : {}),
  };
  return deepFreeze(config);
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(o);
}

/** A copy safe to log: secrets replaced by "[set]". */
export function redactedConfig(config: Config): Record<string, unknown> {
  return {
    mode: config.mode,
    slack: {
      botToken: config.slack.botToken ? '[set]' : undefined,
      signingSecret: config.slack.signingSecret ? '[set]' : undefined,
      appToken: config.slack.appToken ? '[set]' : undefined,
      apiUrl: config.slack.apiUrl,
    },
    database: config.databaseUrl ? 'postgresql' : `pglite:${config.dataDir}`,
    databaseTimeouts: config.databaseTimeouts,
    port: config.port,
    host: config.host,
    logLevel: config.logLevel,
    metricsToken: config.metricsToken ? '[set]' : undefined,
  };
}
