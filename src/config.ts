/**
 * The only reader of process.env. Parses the environment once with zod, freezes the result and
 * names the variable when a value is wrong. Secrets (tokens, signing secret, database password)
 * are never echoed in errors or logs.
 */
import { z } from 'zod';

export type SlackMode = 'http' | 'socket' | 'sandbox';

export interface OAuthConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stateSecret: string;
  /** SLACK_REDIRECT_URI: the redirect URL sent to Slack (unset: the app's configured one). */
  readonly redirectUri?: string;
  /** Slack's authorize page: `https://slack.com/oauth/v2/authorize`, or beside SLACK_API_URL's `/api/`. */
  readonly authorizeUrl: string;
}

export interface Config {
  readonly mode: SlackMode;
  readonly slack: {
    readonly botToken?: string;
    readonly signingSecret?: string;
    readonly appToken?: string;
    readonly apiUrl?: string;
  };
  /** OAuth distribution (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET): many workspaces, tokens in the database. */
  readonly oauth?: OAuthConfig;
  /**
   * TOKEN_ENCRYPTION_KEY (seals new tokens) and TOKEN_ENCRYPTION_OLD_KEYS (still open older ones, during a
   * rotation): 32-byte keys as base64 or hex. Set in OAuth mode (start-up refuses without a valid one).
   */
  readonly tokenKeys?: { readonly current: string; readonly old: readonly string[] };
  /** DATA_RETENTION_DAYS: how long an uninstalled workspace's data is kept for a re-install (loadConfig: default 30). */
  readonly dataRetentionDays?: number;
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
export const SECRET_VARIABLES = [
  'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DATABASE_URL', 'METRICS_TOKEN',
  'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'TOKEN_ENCRYPTION_KEY', 'TOKEN_ENCRYPTION_OLD_KEYS',
] as const;

/** A 32-byte key written as base64 (44 characters) or hex (64); anything else is not a key. */
export function isTokenKey(text: string): boolean {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return true;
  return /^[A-Za-z0-9+/_-]{43}=?$/.test(t) && Buffer.from(t, 'base64').length === 32;
}
const KEY_HINT = 'must be a 32-byte key, base64 or hex (e.g. openssl rand -base64 32)';

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
  SLACK_CLIENT_ID: optional(z.string().regex(/^\d+\.\d+$/, "must be the Client ID from your Slack app's Basic Information page (digits.digits)")),
  SLACK_CLIENT_SECRET: optional(z.string().min(8, "must be the Client Secret from your Slack app's Basic Information page")),
  SLACK_STATE_SECRET: optional(z.string().min(16, 'must be at least 16 characters (e.g. openssl rand -hex 32)')),
  SLACK_REDIRECT_URI: optional(z.string().url('must be a URL such as https://example.com/slack/oauth_redirect').refine((u) => /^https?:\/\/[^/]+\/slack\/oauth_redirect$/.test(u), 'must be an http(s) URL ending in /slack/oauth_redirect')),
  TOKEN_ENCRYPTION_KEY: optional(z.string().refine(isTokenKey, KEY_HINT)),
  TOKEN_ENCRYPTION_OLD_KEYS: optional(z.string().refine((v) => v.split(',').every((k) => isTokenKey(k)), `must be a comma-separated list of keys; each ${KEY_HINT}`)),
  DATA_RETENTION_DAYS: optional(z.string().regex(/^\d+$/, 'must be a whole number of days from 0 to 3650').transform(Number).refine((n) => n <= 3650, 'must be a whole number of days from 0 to 3650')),
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
  if (!e.SLACK_BOT_TOKEN && !e.SLACK_CLIENT_ID && (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)) {
    const variable = e.SLACK_APP_TOKEN ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET';
    throw new ConfigError('SLACK_BOT_TOKEN', `SLACK_BOT_TOKEN is required when ${variable} is set`);
  }
  const oauth = oauthSettings(e);
  const mode: SlackMode = !e.SLACK_BOT_TOKEN && !oauth ? 'sandbox' : e.SLACK_APP_TOKEN ? 'socket' : 'http';
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
    ...(oauth ? { oauth, tokenKeys: { current: e.TOKEN_ENCRYPTION_KEY!.trim(), old: (e.TOKEN_ENCRYPTION_OLD_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean) } } : {}),
    dataRetentionDays: e.DATA_RETENTION_DAYS ?? 30,
  };
  return deepFreeze(config);
}

type Parsed = z.infer<typeof schema>;

/** OAuth mode: all three Slack app credentials, an encryption key, and a signing secret or app token. */
function oauthSettings(e: Parsed): OAuthConfig | undefined {
  const parts = { SLACK_CLIENT_ID: e.SLACK_CLIENT_ID, SLACK_CLIENT_SECRET: e.SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: e.SLACK_STATE_SECRET };
  const set = Object.entries(parts).filter(([, v]) => v !== undefined);
  if (set.length === 0) return undefined;
  const missing = Object.entries(parts).find(([, v]) => v === undefined);
  if (missing) throw new ConfigError(missing[0], `${missing[0]} is required for OAuth mode (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET go together)`);
  if (e.SLACK_BOT_TOKEN) throw new ConfigError('SLACK_BOT_TOKEN', 'SLACK_BOT_TOKEN must be unset in OAuth mode (SLACK_CLIENT_ID is set): installations bring their own tokens');
  if (!e.TOKEN_ENCRYPTION_KEY) throw new ConfigError('TOKEN_ENCRYPTION_KEY', `TOKEN_ENCRYPTION_KEY is required in OAuth mode to encrypt tokens at rest; it ${KEY_HINT}`);
  if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError('SLACK_SIGNING_SECRET', 'SLACK_SIGNING_SECRET is required in OAuth mode over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  const api = e.SLACK_API_URL;
  const authorizeUrl = api ? new URL('../oauth/v2/authorize', api.endsWith('/') ? api : `${api}/`).toString() : 'https://slack.com/oauth/v2/authorize';
  return {
    clientId: e.SLACK_CLIENT_ID!,
    clientSecret: e.SLACK_CLIENT_SECRET!,
    stateSecret: e.SLACK_STATE_SECRET!,
    authorizeUrl,
    ...(e.SLACK_REDIRECT_URI ? { redirectUri: e.SLACK_REDIRECT_URI } : {}),
  };
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
    oauth: config.oauth ? { clientId: config.oauth.clientId, clientSecret: '[set]', stateSecret: '[set]', redirectUri: config.oauth.redirectUri, authorizeUrl: config.oauth.authorizeUrl } : undefined,
    tokenKeys: config.tokenKeys ? { current: '[set]', old: config.tokenKeys.old.length } : undefined,
    dataRetentionDays: config.dataRetentionDays,
  };
}
