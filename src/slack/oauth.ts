/**
 * OAuth distribution through Bolt's own installer (@slack/oauth's InstallProvider, which Bolt builds
 * from these receiver options): `/slack/install` shows "Add to Slack", `/slack/oauth_redirect` checks
 * the state (signed with SLACK_STATE_SECRET and bound to the browser by a cookie), trades the code
 * with `oauth.v2.access` and hands the installation to our store, which seals the token
 * (services/installations.ts). `/slack/start-fresh` is the same install, but the previous history of
 * the workspace is deleted first. Bolt's authorize then finds each request's token in the store.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute, HTTPReceiver, Installation, InstallationQuery, InstallationStore, InstallURLOptions } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { OAuthConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { BOT_SCOPES } from '../platform/scopes.js';
import { installationCompleted, installationFor, type InstallationRecord, type InstallContext } from '../services/installations.js';
import type { OutboxDrain } from './deps.js';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';
export const START_FRESH_PATH = '/slack/start-fresh';
const FRESH = 'start-fresh';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d1c1d}a.add{display:inline-block;background:#4a154b;color:#fff;padding:.7rem 1.2rem;border-radius:6px;text-decoration:none;font-weight:600}</style>
</head><body>${body}</body></html>`;
}

/** The "Add to Slack" page (`url` is Slack's authorize URL with our client id, scopes and state). */
export function installPage(url: string, fresh = false): string {
  const lead = fresh
    ? '<p><strong>Start fresh:</strong> installing from this page deletes everything Call Buddy kept from an earlier install of your workspace (circles, calls, streaks).</p>'
    : `<p>Five networking calls a week, one a day, with a partner and a streak.</p><p><small>Installed before and want to drop the old history? Use <a href="${START_FRESH_PATH}">start fresh</a>.</small></p>`;
  return page('Add Call Buddy to Slack', `<h1>Call Buddy</h1>${lead}<p><a class="add" id="add-to-slack" href="${escapeHtml(url)}">Add to Slack</a></p>`);
}

/** Bolt's installation object → our record (the token stays in memory until the store seals it). */
export function recordOf(installation: Installation): InstallationRecord {
  const org = installation.isEnterpriseInstall === true;
  const workspaceId = org ? installation.enterprise?.id : installation.team?.id;
  if (!workspaceId) throw new Error('installation without a team or an enterprise id');
  if (!installation.bot?.token) throw new Error('installation without a bot token');
  return {
    workspaceId,
    teamId: installation.team?.id ?? null,
    teamName: installation.team?.name ?? null,
    enterpriseId: installation.enterprise?.id ?? null,
    enterpriseName: installation.enterprise?.name ?? null,
    isEnterpriseInstall: org,
    appId: installation.appId ?? null,
    botUserId: installation.bot.userId,
    botId: installation.bot.id,
    botToken: installation.bot.token,
    scopes: installation.bot.scopes,
    installedBy: installation.user?.id ?? null,
  };
}

/** Our record → what Bolt's authorize reads. */
function installationOf(rec: InstallationRecord): Installation<'v2', boolean> {
  return {
    team: rec.isEnterpriseInstall ? undefined : { id: rec.workspaceId, ...(rec.teamName ? { name: rec.teamName } : {}) },
    enterprise: rec.enterpriseId ? { id: rec.enterpriseId, ...(rec.enterpriseName ? { name: rec.enterpriseName } : {}) } : undefined,
    user: { id: rec.installedBy ?? '', token: undefined, scopes: undefined },
    bot: { token: rec.botToken, scopes: rec.scopes, id: rec.botId ?? '', userId: rec.botUserId ?? '' },
    isEnterpriseInstall: rec.isEnterpriseInstall,
    ...(rec.appId ? { appId: rec.appId } : {}),
    tokenType: 'bot',
    authVersion: 'v2',
  } as Installation<'v2', boolean>;
}

export interface OAuthOptions {
  oauth: OAuthConfig;
  ctx: InstallContext;
  logger: Logger;
  clientOptions: WebClientOptions;
  /** Delivers the welcome DM right after the install (the outbox worker). */
  outbox?: () => OutboxDrain | undefined;
  /** Work still running after a response (stop() waits for it). */
  track: (work: Promise<unknown>) => void;
}

/** An installation store on our database: Bolt calls it on install and on every request (authorize). */
export function installationStore(o: OAuthOptions): InstallationStore {
  const log = o.logger.child({ component: 'oauth' });
  return {
    async storeInstallation(installation) {
      const rec = recordOf(installation as Installation);
      const outcome = await installationCompleted(o.ctx, rec, { fresh: installation.metadata === FRESH });
      log.info({ workspace: rec.workspaceId, org: rec.isEnterpriseInstall, scopes: rec.scopes.length, ...outcome }, 'installed');
      const drain = o.outbox?.();
      if (drain) o.track(drain.drain({ minPriority: 1 }).catch((err: unknown) => log.warn({ err: { message: (err as Error).message } }, 'could not deliver the welcome DM now; the worker will')));
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const rec = await installationFor(o.ctx, { ...(query.teamId ? { teamId: query.teamId } : {}), ...(query.enterpriseId ? { enterpriseId: query.enterpriseId } : {}), isEnterpriseInstall: query.isEnterpriseInstall });
      if (!rec) throw new Error(`no installation for ${query.isEnterpriseInstall ? `org ${query.enterpriseId}` : `workspace ${query.teamId}`}`);
      return installationOf(rec);
    },
    async deleteInstallation() {
      // Uninstalls are handled by the app_uninstalled / tokens_revoked listener (tokens cleared, history kept).
    },
  };
}

/** The receiver options that make Bolt run the OAuth flow (HTTP and Socket Mode alike). */
export function oauthReceiverOptions(o: OAuthOptions) {
  const installUrlOptions: InstallURLOptions = { scopes: [...BOT_SCOPES], ...(o.oauth.redirectUri ? { redirectUri: o.oauth.redirectUri } : {}) };
  return {
    clientId: o.oauth.clientId,
    clientSecret: o.oauth.clientSecret,
    stateSecret: o.oauth.stateSecret,
    scopes: [...BOT_SCOPES],
    ...(o.oauth.redirectUri ? { redirectUri: o.oauth.redirectUri } : {}),
    installationStore: installationStore(o),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      authorizationUrl: o.oauth.authorizeUrl,
      clientOptions: o.clientOptions,
      stateVerification: true,
      directInstall: false,
      renderHtmlForInstallPath: (url: string) => installPage(url),
      callbackOptions: {
        success: (installation: Installation | { isEnterpriseInstall?: boolean; enterprise?: { id: string }; team?: { id: string }; appId?: string }, _opts: InstallURLOptions, _req: IncomingMessage, res: ServerResponse) => {
          const team = installation.team?.id ?? installation.enterprise?.id ?? '';
          const open = installation.appId ? `https://slack.com/app_redirect?app=${encodeURIComponent(installation.appId)}&team=${encodeURIComponent(team)}` : 'https://slack.com/';
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(page('Call Buddy is installed', `<h1 id="installed">Call Buddy is installed</h1><p>Check your DMs in Slack: Call Buddy sent you a welcome. Start with <code>/calls join</code> in a channel.</p><p><a href="${escapeHtml(open)}">Open Slack</a></p>`));
        },
        failure: (error: { code?: string; message: string }, _opts: InstallURLOptions, _req: IncomingMessage, res: ServerResponse) => {
          o.logger.warn({ code: error.code }, 'an install did not complete');
          res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
          res.end(page('Installation failed', `<h1 id="failed">Call Buddy was not installed</h1><p>${escapeHtml(error.code ?? 'error')}: please <a href="${INSTALL_PATH}">try again</a>.</p>`));
        },
      },
    },
    /** `/slack/start-fresh`: the install page whose install deletes the workspace's previous history. */
    startFreshRoute(installer: () => HTTPReceiver['installer']): CustomRoute {
      return {
        path: START_FRESH_PATH,
        method: ['GET'],
        handler: (req, res) => {
          const provider = installer();
          if (!provider) {
            res.writeHead(404).end();
            return;
          }
          void provider.handleInstallPath(req, res, {}, { ...installUrlOptions, metadata: FRESH }).catch(() => {
            if (!res.headersSent) res.writeHead(500).end();
          });
        },
      };
    },
  };
}
