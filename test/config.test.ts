import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactedConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { Writable } from 'node:stream';

const SECRET = 'xoxb-123-456-supersecretvalue';
const SIGNING = 'signing-secret-abcdef123456';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the sandbox on loopback with PGlite in ./data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ mode: 'sandbox', port: 3000, host: '127.0.0.1', dataDir: './data', logLevel: 'info' });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.databaseTimeouts).toEqual({ connectMs: 5000, queryMs: 10000 });
    expect(loadConfig({ DATABASE_QUERY_TIMEOUT_MS: '2500' }).databaseTimeouts?.queryMs).toBe(2500);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.slack)).toBe(true);
  });

  it('chooses HTTP with a bot token and signing secret, Socket Mode with an app token', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: SECRET, SLACK_SIGNING_SECRET: SIGNING }).mode).toBe('http');
    expect(loadConfig({ SLACK_BOT_TOKEN: SECRET, SLACK_APP_TOKEN: 'xapp-1-abc' }).mode).toBe('socket');
    expect(loadConfig({ SLACK_BOT_TOKEN: SECRET, SLACK_SIGNING_SECRET: SIGNING }).host).toBe('0.0.0.0');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', /PORT must be a whole number from 1 to 65535 \(got "abc"\)/],
    [{ PORT: '70000' }, 'PORT', /PORT/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /LOG_LEVEL must be one of fatal, error/],
    [{ SLACK_API_URL: 'not a url' }, 'SLACK_API_URL', /SLACK_API_URL must be a URL/],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /DATABASE_URL must be a PostgreSQL URL/],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token' }, 'SLACK_BOT_TOKEN', /SLACK_BOT_TOKEN must be a bot token/],
    [{ DATABASE_QUERY_TIMEOUT_MS: '10s' }, 'DATABASE_QUERY_TIMEOUT_MS', /DATABASE_QUERY_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000 \(got "10s"\)/],
    [{ DATABASE_CONNECT_TIMEOUT_MS: '50' }, 'DATABASE_CONNECT_TIMEOUT_MS', /DATABASE_CONNECT_TIMEOUT_MS must be a whole number of milliseconds from 100 to 60000/],
    [{ SLACK_BOT_TOKEN: SECRET }, 'SLACK_SIGNING_SECRET', /SLACK_SIGNING_SECRET is required/],
    [{ SLACK_SIGNING_SECRET: SIGNING }, 'SLACK_BOT_TOKEN', /SLACK_BOT_TOKEN is required/],
  ])('rejects %j naming %s', (env, variable, message) => {
    const err = errorOf(env as Record<string, string>);
    expect(err.variable).toBe(variable);
    expect(err.message).toMatch(message);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('never echoes a secret value in an error', () => {
    const err = errorOf({ SLACK_BOT_TOKEN: 'xoxp-not-a-bot-secretvalue' });
    expect(err.message).not.toContain('secretvalue');
    const db = errorOf({ DATABASE_URL: 'mysql://user:hunter2@host/db' });
    expect(db.message).not.toContain('hunter2');
  });

  it('redacts secrets in the loggable copy and the logger redacts token fields', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: SECRET, SLACK_SIGNING_SECRET: SIGNING, DATABASE_URL: 'postgres://u:pw-secret@h/db' });
    const chunks: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (chunks.push(String(chunk)), cb()) });
    const log = createLogger('info', { destination: sink, pretty: false });
    log.info({ config: redactedConfig(c), slack: { botToken: SECRET }, call: { notes: 'private note' } }, 'hello');
    const out = chunks.join('');
    expect(out).toContain('hello');
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(SIGNING);
    expect(out).not.toContain('pw-secret');
    expect(out).not.toContain('private note');
  });
});

describe('METRICS_TOKEN', () => {
  it('is optional, needs 16 visible characters, and is never printed', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: '  ' }).metricsToken).toBeUndefined();
    const token = 'm3tr1cs-t0ken-0123456789';
    const c = loadConfig({ METRICS_TOKEN: token });
    expect(c.metricsToken).toBe(token);
    expect(redactedConfig(c).metricsToken).toBe('[set]');
    const short = errorOf({ METRICS_TOKEN: 'short' });
    expect(short.variable).toBe('METRICS_TOKEN');
    expect(short.message).toMatch(/^METRICS_TOKEN must be at least 16 visible characters/);
    expect(short.message).not.toContain('short"');
    expect(errorOf({ METRICS_TOKEN: 'has a space in the middle' }).variable).toBe('METRICS_TOKEN');
  });
});

describe('loadConfig: OAuth mode', () => {
  const KEY = Buffer.alloc(32, 7).toString('base64');
  const OAUTH = { SLACK_CLIENT_ID: '1234.5678', SLACK_CLIENT_SECRET: 'client-secret-abc', SLACK_STATE_SECRET: 'state-secret-0123456789', SLACK_SIGNING_SECRET: SIGNING, TOKEN_ENCRYPTION_KEY: KEY };

  it('selects OAuth over HTTP (or Socket Mode with an app token), derives the authorize page, keeps secrets out of the redacted copy', () => {
    const c = loadConfig({ ...OAUTH, SLACK_API_URL: 'http://127.0.0.1:9999/api/' });
    expect(c.mode).toBe('http');
    expect(c.oauth).toMatchObject({ clientId: '1234.5678', authorizeUrl: 'http://127.0.0.1:9999/oauth/v2/authorize' });
    expect(c.tokenKeys).toEqual({ current: KEY, old: [] });
    expect(c.dataRetentionDays).toBe(30);
    expect(loadConfig(OAUTH).oauth?.authorizeUrl).toBe('https://slack.com/oauth/v2/authorize');
    expect(loadConfig({ ...OAUTH, SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: 'xapp-1-abc' }).mode).toBe('socket');
    const text = JSON.stringify(redactedConfig(c));
    for (const secret of ['client-secret-abc', 'state-secret-0123456789', KEY, SIGNING]) expect(text).not.toContain(secret);
    expect(loadConfig({ DATA_RETENTION_DAYS: '7' }).dataRetentionDays).toBe(7);
  });

  it.each([
    [{ ...OAUTH, TOKEN_ENCRYPTION_KEY: '' }, 'TOKEN_ENCRYPTION_KEY', /TOKEN_ENCRYPTION_KEY is required in OAuth mode/],
    [{ ...OAUTH, TOKEN_ENCRYPTION_KEY: 'too-short' }, 'TOKEN_ENCRYPTION_KEY', /TOKEN_ENCRYPTION_KEY must be a 32-byte key/],
    [{ ...OAUTH, TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }, 'TOKEN_ENCRYPTION_KEY', /32-byte key/],
    [{ ...OAUTH, TOKEN_ENCRYPTION_OLD_KEYS: `${KEY},nope` }, 'TOKEN_ENCRYPTION_OLD_KEYS', /comma-separated list of keys/],
    [{ ...OAUTH, SLACK_STATE_SECRET: '' }, 'SLACK_STATE_SECRET', /SLACK_STATE_SECRET is required for OAuth mode/],
    [{ ...OAUTH, SLACK_CLIENT_ID: 'abc' }, 'SLACK_CLIENT_ID', /Client ID/],
    [{ ...OAUTH, SLACK_BOT_TOKEN: SECRET }, 'SLACK_BOT_TOKEN', /must be unset in OAuth mode/],
    [{ ...OAUTH, SLACK_SIGNING_SECRET: '' }, 'SLACK_SIGNING_SECRET', /SLACK_SIGNING_SECRET is required in OAuth mode/],
    [{ ...OAUTH, SLACK_REDIRECT_URI: 'https://example.com/elsewhere' }, 'SLACK_REDIRECT_URI', /\/slack\/oauth_redirect/],
    [{ DATA_RETENTION_DAYS: 'soon' }, 'DATA_RETENTION_DAYS', /DATA_RETENTION_DAYS must be a whole number of days/],
  ])('%o stops start-up naming %s', (env, variable, message) => {
    const err = errorOf(env as Record<string, string>);
    expect(err.variable).toBe(variable);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain(KEY.slice(0, 20));
  });
});
