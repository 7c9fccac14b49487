/**
 * The product in OAuth mode against emulated workspaces: one Slack app (SlackPlatform) that several
 * emulators install, the real Bolt app with its installer on a free port, the outbox worker finding
 * each workspace's token in the database, and `install()`, which walks the flow as a browser does
 * (`/slack/install` with its state cookie → the workspace's authorize page → Allow → `/slack/oauth_redirect`).
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { createOutboxWorker, installationClientFor, type OutboxWorker } from '../../src/jobs/outbox-worker.js';
import { pairIntroSent } from '../../src/services/pairing.js';
import { createEmulator, SlackPlatform, type Emulator } from '../../src/sandbox/emulator/index.js';
import { createSlackApp, type SlackApp } from '../../src/slack/app.js';
import { createTokenCipher, type TokenCipher } from '../../src/store/token-cipher.js';
import type { TestDb } from './db.js';
import { RunningClock } from '../slack/harness.js';
import { memoryLogger } from './logger.js';
import { freePort } from './ports.js';

export const OAUTH_SECRET = 'oauth-signing-secret-123';
export const CLIENT_ID = '1234.5678';
export const CLIENT_SECRET = 'oauth-client-secret';
export const APP_TOKEN = 'xapp-1-oauth-socket';

export interface OAuthProduct {
  platform: SlackPlatform;
  teams: Record<string, Emulator>;
  slack: SlackApp;
  worker: OutboxWorker;
  clock: RunningClock;
  cipher: TokenCipher;
  key: string;
  logs: string[];
  base: string;
  /** Installs the app into a workspace as `user` (default: its first user); returns the final page. */
  install(teamId: string, user?: string, path?: string, org?: boolean): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

export async function startOAuthProduct(db: TestDb, teams: { id: string; name: string; domain: string; enterprise?: { id: string; name: string } }[], options: { now?: Date; socket?: boolean } = {}): Promise<OAuthProduct> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const clock = new RunningClock(options.now);
  const platform = new SlackPlatform({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUrls: [`${base}/slack/oauth_redirect`] });
  const emus: Record<string, Emulator> = {};
  for (const t of teams) {
    const emu = createEmulator({
      platform, signingSecret: OAUTH_SECRET, appUrl: `${base}/slack/events`,
      team: { id: t.id, name: t.name, domain: t.domain },
      bot: { user_id: `U0BOT${t.id.slice(-3)}`, bot_id: `B0BOT${t.id.slice(-3)}`, app_id: 'A0CALLBUDDY' },
      ...(t.enterprise ? { enterprise: t.enterprise } : {}),
      ...(options.socket ? { appToken: APP_TOKEN } : {}),
    });
    await emu.start();
    emus[t.id] = emu;
  }
  const first = emus[teams[0]!.id]!;
  const key = randomBytes(32).toString('base64');
  const config = loadConfig({
    SLACK_CLIENT_ID: CLIENT_ID, SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_STATE_SECRET: 'oauth-state-secret-0123456789',
    ...(options.socket ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: OAUTH_SECRET }), TOKEN_ENCRYPTION_KEY: key, SLACK_API_URL: first.url,
    SLACK_REDIRECT_URI: `${base}/slack/oauth_redirect`, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info',
  });
  const { logger, logs } = memoryLogger('info');
  const cipher = createTokenCipher(key);
  const worker = createOutboxWorker({ db: db.db, dbKind: db.kind, clientFor: installationClientFor({ db: db.db, cipher, slackApiUrl: first.url, ttlMs: 0 }), clock, logger, afterSent: { 'pair-intro': pairIntroSent } });
  const slack = createSlackApp({ config, db: db.db, clock, logger, client: { retryConfig: { retries: 0 } }, outbox: worker, cipher });
  await slack.start();

  async function install(teamId: string, user?: string, path = '/slack/install', org = false): Promise<{ status: number; body: string }> {
    const emu = emus[teamId]!;
    const who = user ?? emu.users().find((u) => !u.is_bot)!.id;
    const page = await fetch(`${base}${path}`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const html = await page.text();
    const href = /id="add-to-slack" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    if (!href) throw new Error(`no Add to Slack link on ${path}: ${html.slice(0, 200)}`);
    // The person is signed in to this workspace: its authorize page, with the same query.
    const query = new URL(href).searchParams;
    const authorize = await fetch(`${emu.authorizeUrl}?${query}`);
    if (authorize.status !== 200) throw new Error(`authorize page ${authorize.status}: ${await authorize.text()}`);
    const allow = await fetch(emu.authorizeUrl, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...Object.fromEntries(query), user: who, decision: 'allow', install_on: org ? 'org' : 'team' }) });
    const back = await fetch(allow.headers.get('location')!, { headers: { cookie } });
    return { status: back.status, body: await back.text() };
  }

  return {
    platform, teams: emus, slack, worker, clock, cipher, key, logs, base, install,
    async stop() {
      await worker.stop();
      await slack.stop();
      for (const e of Object.values(emus)) await e.stop();
    },
  };
}
