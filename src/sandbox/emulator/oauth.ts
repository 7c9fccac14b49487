// Slack's side of distribution: one Slack app (client id and secret, redirect URLs) that many emulated
// workspaces can install. The authorize page issues single-use codes that expire, `oauth.v2.access`
// trades a code for a bot token, every token is known to the platform (so any emulator can route a
// Web API call to the workspace the token belongs to), and uninstalling or revoking sends the app
// Slack's `app_uninstalled` / `tokens_revoked` events, signed as Slack signs them.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http.js';
import type { Args, Reply } from './web-api.js';

/** Slack's authorization codes live 10 minutes. */
export const OAUTH_CODE_TTL_MS = 10 * 60_000;

export interface OAuthAppOptions {
  clientId: string;
  clientSecret: string;
  /** The app's configured redirect URLs (OAuth & Permissions → Redirect URLs). */
  redirectUrls: string[];
  /** Real-time source for code expiry. Default Date.now. */
  nowMs?: () => number;
  codeTtlMs?: number;
}

/** What the platform knows about a bot token it issued. */
export interface IssuedToken {
  token: string;
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  appId: string;
  botUserId: string;
  botId: string;
  scopes: string[];
  installerId: string;
  /** The team whose emulator answers the token's Web API calls. */
  hostTeamId: string;
}

/** An issued token as a snapshot keeps it: its SHA-256, not the token. */
export type SavedToken = Omit<IssuedToken, 'token'> & { tokenHash: string };

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** One emulated workspace as the platform sees it (implemented by createEmulator). */
export interface PlatformTeam {
  readonly teamId: string;
  readonly teamName: string;
  readonly domain: string;
  readonly enterprise: { id: string; name: string } | undefined;
  readonly bot: { user_id: string; bot_id: string; app_id: string };
  /** Human users who may approve an install (id, name, admin). */
  approvers(): { id: string; name: string; is_admin: boolean }[];
  /** Accept / stop accepting a token on this workspace's Web API. */
  grant(token: string): void;
  revoke(token: string): void;
  /** Sends an Events API event to the app (signed). */
  sendEvent(event: { type: string } & Record<string, unknown>): Promise<{ status: number }>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string | undefined;
  teamId: string;
  userId: string;
  scopes: string[];
  org: boolean;
  expiresAt: number;
}

const SCOPE = /^[a-z]+(?:[.:][a-z_]+)*$/;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A redirect URI matches a configured URL when scheme, host and port are equal and its path lies under the configured one. */
export function redirectMatches(configured: string, given: string): boolean {
  try {
    const a = new URL(configured);
    const b = new URL(given);
    if (a.protocol !== b.protocol || a.host !== b.host) return false;
    const base = a.pathname.endsWith('/') ? a.pathname : `${a.pathname}/`;
    return b.pathname === a.pathname || b.pathname.startsWith(base);
  } catch {
    return false;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class SlackPlatform {
  readonly clientId: string;
  private readonly clientSecret: string;
  private readonly redirectUrls: string[];
  private readonly nowMs: () => number;
  private readonly codeTtlMs: number;
  private readonly teams = new Map<string, PlatformTeam>();
  private readonly codes = new Map<string, PendingCode>();
  private readonly issued = new Map<string, IssuedToken>();
  private readonly revokedTokens = new Set<string>();
  /** Tokens of a restored snapshot, by hash, until the app presents them. */
  private readonly restored = new Map<string, SavedToken>();

  constructor(options: OAuthAppOptions) {
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    this.redirectUrls = [...options.redirectUrls];
    this.nowMs = options.nowMs ?? (() => Date.now());
    this.codeTtlMs = options.codeTtlMs ?? OAUTH_CODE_TTL_MS;
  }

  /**
   * The tokens issued and still valid, as Slack keeps them: a hash of each token, never the token (for
   * a sandbox that keeps its workspaces installed across restarts).
   */
  snapshot(): SavedToken[] {
    return [
      ...[...this.issued.values()].map(({ token, ...rest }) => ({ ...rest, scopes: [...rest.scopes], tokenHash: tokenHash(token) })),
      ...[...this.restored.values()].map((t) => ({ ...t, scopes: [...t.scopes] })),
    ];
  }

  /** Takes back a snapshot(): each token is valid again, on its workspace, once the app presents it. */
  restore(tokens: readonly SavedToken[]): void {
    for (const t of tokens) {
      if (!this.teams.has(t.hostTeamId)) throw new Error(`emulator: restore: unknown team ${t.hostTeamId}`);
      this.restored.set(t.tokenHash, { ...t, scopes: [...t.scopes] });
    }
  }

  /** Adds a redirect URL to the app's settings (OAuth & Permissions → Redirect URLs). */
  addRedirectUrl(url: string): void {
    if (!this.redirectUrls.includes(url)) this.redirectUrls.push(url);
  }

  register(team: PlatformTeam): void {
    if (this.teams.has(team.teamId)) throw new Error(`emulator: team ${team.teamId} is already on this platform`);
    this.teams.set(team.teamId, team);
  }

  team(id: string): PlatformTeam | undefined {
    return this.teams.get(id);
  }

  /** The token's record, while it is valid. */
  token(token: string): IssuedToken | undefined {
    const known = this.issued.get(token);
    if (known || this.restored.size === 0) return known;
    // A token from before a restart: known by its hash; from now on it is an issued token again.
    const hash = tokenHash(token);
    const saved = this.restored.get(hash);
    if (!saved) return undefined;
    this.restored.delete(hash);
    const { tokenHash: _hash, ...rest } = saved;
    const t: IssuedToken = { ...rest, token };
    this.issued.set(token, t);
    this.teams.get(t.hostTeamId)?.grant(token);
    return t;
  }

  isRevoked(token: string): boolean {
    return this.revokedTokens.has(token);
  }

  /** Tokens currently valid for a team (workspace installs) or an enterprise (org installs). */
  activeTokens(teamOrEnterprise: string): IssuedToken[] {
    return [...this.issued.values()].filter((t) => t.teamId === teamOrEnterprise || (t.isEnterpriseInstall && t.enterpriseId === teamOrEnterprise));
  }

  /** Checks the authorize request as Slack's page does; returns an error code or null. */
  checkAuthorize(q: URLSearchParams): string | null {
    if (q.get('client_id') !== this.clientId) return 'invalid_client_id';
    const scopes = (q.get('scope') ?? '').split(',').filter(Boolean);
    const userScopes = (q.get('user_scope') ?? '').split(',').filter(Boolean);
    if (scopes.length + userScopes.length === 0) return 'invalid_scope';
    if ([...scopes, ...userScopes].some((s) => !SCOPE.test(s))) return 'invalid_scope';
    const redirect = q.get('redirect_uri');
    if (this.redirectUrls.length === 0) return 'no_redirect_url_configured';
    if (redirect && !this.redirectUrls.some((r) => redirectMatches(r, redirect))) return 'bad_redirect_uri';
    return null;
  }

  /** The person approved: a single-use code, and where the browser goes next. */
  approve(teamId: string, userId: string, q: URLSearchParams, org = false): string {
    const error = this.checkAuthorize(q);
    if (error) throw new Error(`emulator: authorize refused: ${error}`);
    const team = this.teams.get(teamId);
    if (!team) throw new Error(`emulator: unknown team ${teamId}`);
    if (!team.approvers().some((u) => u.id === userId)) throw new Error(`emulator: unknown user ${userId}`);
    if (org && !team.enterprise) throw new Error('emulator: an org-wide install needs a team in an Enterprise Grid org');
    const code = `${Date.now()}.${randomBytes(12).toString('hex')}`;
    const redirectUri = q.get('redirect_uri') ?? undefined;
    this.codes.set(code, {
      clientId: this.clientId, redirectUri, teamId, userId, org,
      scopes: (q.get('scope') ?? '').split(',').filter(Boolean),
      expiresAt: this.nowMs() + this.codeTtlMs,
    });
    const target = new URL(redirectUri ?? this.redirectUrls[0]!);
    target.searchParams.set('code', code);
    const state = q.get('state');
    if (state !== null) target.searchParams.set('state', state);
    return target.toString();
  }

  /** Where the browser goes when the person clicks Cancel. */
  deny(q: URLSearchParams): string {
    const target = new URL(q.get('redirect_uri') ?? this.redirectUrls[0]!);
    target.searchParams.set('error', 'access_denied');
    const state = q.get('state');
    if (state !== null) target.searchParams.set('state', state);
    return target.toString();
  }

  private clientAuth(args: Args, authorization: string | undefined): string | null {
    let id = typeof args.client_id === 'string' ? args.client_id : undefined;
    let secret = typeof args.client_secret === 'string' ? args.client_secret : undefined;
    if (authorization?.startsWith('Basic ')) {
      const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i > 0) {
        id = decoded.slice(0, i);
        secret = decoded.slice(i + 1);
      }
    }
    if (!id) return 'invalid_client_id';
    if (id !== this.clientId) return 'invalid_client_id';
    if (!secret || !safeEqual(secret, this.clientSecret)) return 'bad_client_secret';
    return null;
  }

  /** `oauth.v2.access`: a code for a bot token (the same token again on a re-install, its scopes widened). */
  exchange(args: Args, authorization: string | undefined): Reply {
    const authError = this.clientAuth(args, authorization);
    if (authError) return { ok: false, error: authError };
    if (args.grant_type !== undefined && args.grant_type !== 'authorization_code') return { ok: false, error: 'invalid_grant_type' };
    const code = typeof args.code === 'string' ? args.code : '';
    if (code === '') return { ok: false, error: 'invalid_code' };
    const pending = this.codes.get(code);
    // Single use: the first exchange consumes it, whatever its outcome.
    this.codes.delete(code);
    if (!pending || pending.expiresAt <= this.nowMs()) return { ok: false, error: 'invalid_code' };
    const redirect = typeof args.redirect_uri === 'string' && args.redirect_uri !== '' ? args.redirect_uri : undefined;
    if (pending.redirectUri !== undefined && redirect !== pending.redirectUri) return { ok: false, error: 'bad_redirect_uri' };
    if (pending.redirectUri === undefined && redirect !== undefined && !this.redirectUrls.some((r) => redirectMatches(r, redirect))) {
      return { ok: false, error: 'bad_redirect_uri' };
    }
    const team = this.teams.get(pending.teamId)!;
    const t = this.issue(team, pending);
    const enterprise = team.enterprise ?? null;
    return {
      ok: true,
      app_id: t.appId,
      authed_user: { id: pending.userId },
      scope: t.scopes.join(','),
      token_type: 'bot',
      access_token: t.token,
      bot_user_id: t.botUserId,
      team: pending.org ? null : { id: team.teamId, name: team.teamName },
      enterprise: enterprise ? { id: enterprise.id, name: enterprise.name } : null,
      is_enterprise_install: pending.org,
    };
  }

  private issue(team: PlatformTeam, pending: PendingCode): IssuedToken {
    const key = pending.org ? team.enterprise!.id : team.teamId;
    const existing = [...this.issued.values()].find((t) => (pending.org ? t.isEnterpriseInstall && t.enterpriseId === key : !t.isEnterpriseInstall && t.teamId === key));
    if (existing) {
      existing.scopes = [...new Set([...existing.scopes, ...pending.scopes])];
      existing.installerId = pending.userId;
      return existing;
    }
    const token = `xoxb-${team.teamId.toLowerCase()}-${randomBytes(12).toString('hex')}`;
    const t: IssuedToken = {
      token, teamId: pending.org ? null : team.teamId, enterpriseId: team.enterprise?.id ?? null, isEnterpriseInstall: pending.org,
      appId: team.bot.app_id, botUserId: team.bot.user_id, botId: team.bot.bot_id, scopes: [...pending.scopes], installerId: pending.userId, hostTeamId: team.teamId,
    };
    this.issued.set(token, t);
    team.grant(token);
    return t;
  }

  private revokeAll(teamOrEnterprise: string): IssuedToken[] {
    const gone = this.activeTokens(teamOrEnterprise);
    for (const t of gone) {
      this.issued.delete(t.token);
      this.revokedTokens.add(t.token);
      this.teams.get(t.hostTeamId)?.revoke(t.token);
    }
    // Restored tokens the app has not presented since: gone too (a later presentation is invalid_auth).
    for (const [hash, t] of this.restored) if (t.teamId === teamOrEnterprise || (t.isEnterpriseInstall && t.enterpriseId === teamOrEnterprise)) this.restored.delete(hash);
    return gone;
  }

  /** `apps.uninstall` (or an admin removing the app): tokens revoked, then `app_uninstalled` to the app. */
  async uninstall(teamId: string): Promise<{ status: number }> {
    const team = this.teams.get(teamId);
    if (!team) throw new Error(`emulator: unknown team ${teamId}`);
    this.revokeAll(teamId);
    // In an Enterprise Grid org, removing the app removes its org-wide install too.
    if (team.enterprise) this.revokeAll(team.enterprise.id);
    return team.sendEvent({ type: 'app_uninstalled' });
  }

  /** `apps.uninstall` as a Web API method: the token names the workspace; the client credentials must match. */
  async uninstallMethod(args: Args, token: string): Promise<Reply> {
    const authError = this.clientAuth(args, undefined);
    if (authError) return { ok: false, error: authError };
    const t = this.issued.get(token);
    if (!t) return { ok: false, error: 'invalid_auth' };
    await this.uninstall(t.hostTeamId);
    return { ok: true };
  }

  /** The workspace revoked the bot token (not uninstalled): `tokens_revoked` with the bot user. */
  async revokeTokens(teamId: string): Promise<{ status: number }> {
    const team = this.teams.get(teamId);
    if (!team) throw new Error(`emulator: unknown team ${teamId}`);
    const gone = this.revokeAll(teamId);
    return team.sendEvent({ type: 'tokens_revoked', tokens: { oauth: [], bot: [...new Set(gone.map((t) => t.botUserId))] } });
  }

  /** auth.test's answer for a token the platform issued. */
  authTest(t: IssuedToken): Record<string, unknown> {
    const team = this.teams.get(t.hostTeamId)!;
    return {
      url: `https://${team.domain}.slack.com/`,
      team: t.isEnterpriseInstall ? team.enterprise!.name : team.teamName,
      user: 'callbuddy',
      team_id: t.isEnterpriseInstall ? t.enterpriseId : team.teamId,
      user_id: t.botUserId,
      bot_id: t.botId,
      app_id: t.appId,
      enterprise_id: t.enterpriseId ?? undefined,
      is_enterprise_install: t.isEnterpriseInstall,
    };
  }
}

/** GET /oauth/v2/authorize: the "allow this app" page; POST: the person's decision, answered with a redirect. */
export async function handleAuthorize(platform: SlackPlatform, team: PlatformTeam, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let q = url.searchParams;
  if (req.method === 'POST') q = new URLSearchParams(await readBody(req, 64 * 1024));
  const page = (status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Slack</title></head><body>${body}</body></html>`);
  };
  const error = platform.checkAuthorize(q);
  if (error) return page(400, `<h1>Something went wrong</h1><p id="error">${escapeHtml(error)}</p>`);
  if (req.method === 'POST') {
    const location = q.get('decision') === 'deny' ? platform.deny(q) : platform.approve(team.teamId, q.get('user') ?? '', q, q.get('install_on') === 'org');
    res.writeHead(302, { location });
    res.end();
    return;
  }
  if (req.method !== 'GET') return page(405, '<p>Method not allowed</p>');
  const hidden = ['client_id', 'scope', 'user_scope', 'state', 'redirect_uri']
    .filter((k) => q.get(k) !== null)
    .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(q.get(k)!)}">`)
    .join('');
  const users = team.approvers().map((u) => `<option value="${escapeHtml(u.id)}">${escapeHtml(u.name)}</option>`).join('');
  const org = team.enterprise
    ? `<p><label><input type="radio" name="install_on" value="team" checked> ${escapeHtml(team.teamName)}</label>
       <label><input type="radio" name="install_on" value="org"> the whole ${escapeHtml(team.enterprise.name)} organisation</label></p>`
    : '';
  const scopes = (q.get('scope') ?? '').split(',').filter(Boolean).map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  page(200, `<h1>Call Buddy is requesting permission to access the ${escapeHtml(team.teamName)} Slack workspace</h1>
<ul id="scopes">${scopes}</ul>
<form method="post" action="/oauth/v2/authorize">${hidden}
<p><label>Signed in as <select name="user">${users}</select></label></p>${org}
<button name="decision" value="deny">Cancel</button> <button name="decision" value="allow" id="allow">Allow</button>
</form>`);
}
