// The emulator's distribution side, through the real WebClient and plain HTTP: the authorize page,
// oauth.v2.access (client checks, single-use codes that expire, redirect_uri), auth.test per token,
// tokens answered by their own workspace, org-wide installs, apps.uninstall and the signed events.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, signature, SlackPlatform, type Emulator } from '../../src/sandbox/emulator/index.js';

const silent = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };
const REDIRECT = 'https://app.example/slack/oauth_redirect';
const SECRET = 'shared-signing-secret';

let clock = 1_800_000_000_000;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

/** A stand-in app endpoint that records the events Slack sends and checks their signatures. */
async function eventSink() {
  const got: { body: Record<string, unknown>; signed: boolean }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const ts = Number(req.headers['x-slack-request-timestamp']);
      got.push({ body: JSON.parse(raw) as Record<string, unknown>, signed: req.headers['x-slack-signature'] === signature(SECRET, ts, raw) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  stops.push(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, got };
}

async function setup() {
  const platform = new SlackPlatform({ clientId: '111.222', clientSecret: 'client-secret', redirectUrls: [REDIRECT], nowMs: () => clock });
  const sink = await eventSink();
  const start = async (team: { id: string; name: string; domain: string }, enterprise?: { id: string; name: string }): Promise<{ emu: Emulator; url: string; admin: string }> => {
    const emu = createEmulator({ platform, team, signingSecret: SECRET, appUrl: sink.url, nowMs: () => clock, ...(enterprise ? { enterprise } : {}) });
    const { url } = await emu.start();
    stops.push(() => emu.stop());
    const admin = emu.addUser({ name: `admin-${team.domain}`, is_admin: true }).id;
    return { emu, url, admin };
  };
  return { platform, sink, start };
}

function authorizeQuery(extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({ client_id: '111.222', scope: 'commands,chat:write', state: 'st-1', redirect_uri: REDIRECT, ...extra });
}

/** Approves on the workspace's authorize page as `user`; returns the redirect's code and state. */
async function approve(emu: Emulator, user: string, q = authorizeQuery(), extra: Record<string, string> = {}): Promise<{ code: string; state: string | null; location: string }> {
  const page = await fetch(`${emu.authorizeUrl}?${q}`);
  expect(page.status).toBe(200);
  const res = await fetch(emu.authorizeUrl, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...Object.fromEntries(q), user, decision: 'allow', ...extra }) });
  expect(res.status).toBe(302);
  const location = res.headers.get('location')!;
  const u = new URL(location);
  return { code: u.searchParams.get('code') ?? '', state: u.searchParams.get('state'), location };
}

const noToken = (url: string) => new WebClient(undefined, { slackApiUrl: url, retryConfig: { retries: 0 }, logger: silent });
const withToken = (url: string, token: string) => new WebClient(token, { slackApiUrl: url, retryConfig: { retries: 0 }, logger: silent });
const errorOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    return String((e as { data?: { error?: string } }).data?.error);
  }
  return 'ok';
};

describe('emulator OAuth', () => {
  it('the authorize page checks client_id, scope and redirect_uri, and Cancel redirects with access_denied', async () => {
    const { start } = await setup();
    const { emu } = await start({ id: 'T0AAA', name: 'Acme', domain: 'acme' });
    const page = await (await fetch(`${emu.authorizeUrl}?${authorizeQuery()}`)).text();
    expect(page).toContain('Acme');
    expect(page).toContain('chat:write');
    for (const [q, error] of [
      [authorizeQuery({ client_id: '999' }), 'invalid_client_id'],
      [authorizeQuery({ scope: '' }), 'invalid_scope'],
      [authorizeQuery({ scope: 'chat:write,NOT A SCOPE' }), 'invalid_scope'],
      [authorizeQuery({ redirect_uri: 'https://evil.example/slack/oauth_redirect' }), 'bad_redirect_uri'],
      [authorizeQuery({ redirect_uri: 'https://app.example/elsewhere' }), 'bad_redirect_uri'],
    ] as const) {
      const res = await fetch(`${emu.authorizeUrl}?${q}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(error);
    }
    const deny = await fetch(emu.authorizeUrl, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...Object.fromEntries(authorizeQuery()), decision: 'deny' }) });
    expect(deny.status).toBe(302);
    expect(deny.headers.get('location')).toBe(`${REDIRECT}?error=access_denied&state=st-1`);
  });

  it('oauth.v2.access: client checks, a code once and within 10 minutes, the same redirect_uri; then auth.test for the token', async () => {
    const { start } = await setup();
    const { emu, url, admin } = await start({ id: 'T0AAA', name: 'Acme', domain: 'acme' });
    const web = noToken(url);
    const { code, state, location } = await approve(emu, admin);
    expect(location.startsWith(`${REDIRECT}?code=`)).toBe(true);
    expect(state).toBe('st-1');
    expect(await errorOf(web.oauth.v2.access({ client_id: '999', client_secret: 'client-secret', code, redirect_uri: REDIRECT }))).toBe('invalid_client_id');
    expect(await errorOf(web.oauth.v2.access({ client_id: '111.222', client_secret: 'wrong', code, redirect_uri: REDIRECT }))).toBe('bad_client_secret');
    const fresh = await approve(emu, admin);
    expect(await errorOf(web.oauth.v2.access({ client_id: '111.222', client_secret: 'client-secret', code: fresh.code, redirect_uri: 'https://app.example/slack/oauth_redirect/other' }))).toBe('bad_redirect_uri');
    const good = await approve(emu, admin);
    const r = await web.oauth.v2.access({ client_id: '111.222', client_secret: 'client-secret', code: good.code, redirect_uri: REDIRECT });
    expect(r).toMatchObject({ ok: true, token_type: 'bot', scope: 'commands,chat:write', bot_user_id: emu.bot.user_id, team: { id: 'T0AAA', name: 'Acme' }, enterprise: null, is_enterprise_install: false, authed_user: { id: admin } });
    const token = String(r.access_token);
    expect(token).toMatch(/^xoxb-/);
    expect(await errorOf(web.oauth.v2.access({ client_id: '111.222', client_secret: 'client-secret', code: good.code, redirect_uri: REDIRECT }))).toBe('invalid_code');
    const late = await approve(emu, admin);
    clock += 10 * 60_000 + 1;
    expect(await errorOf(web.oauth.v2.access({ client_id: '111.222', client_secret: 'client-secret', code: late.code, redirect_uri: REDIRECT }))).toBe('invalid_code');
    const me = await withToken(url, token).auth.test();
    expect(me).toMatchObject({ ok: true, team_id: 'T0AAA', user_id: emu.bot.user_id, bot_id: emu.bot.bot_id, is_enterprise_install: false });
    expect(await errorOf(withToken(url, 'xoxb-made-up').auth.test())).toBe('invalid_auth');
  });

  it('a re-install keeps the token and widens its scopes; each token is answered by its own workspace', async () => {
    const { start } = await setup();
    const a = await start({ id: 'T0AAA', name: 'Acme', domain: 'acme' });
    const b = await start({ id: 'T0BBB', name: 'Bolt', domain: 'bolt' });
    const exchange = async (w: typeof a, scope = 'commands,chat:write') => {
      const { code } = await approve(w.emu, w.admin, authorizeQuery({ scope }));
      return noToken(a.url).oauth.v2.access({ client_id: '111.222', client_secret: 'client-secret', code, redirect_uri: REDIRECT });
    };
    const first = await exchange(a);
    const again = await exchange(a, 'commands,chat:write,users:read');
    expect(again.access_token).toBe(first.access_token);
    expect(again.scope).toBe('commands,chat:write,users:read');
    const tb = String((await exchange(b)).access_token);
    // B's token sent to A's address still reaches B's workspace.
    expect(await withToken(a.url, tb).auth.test()).toMatchObject({ team_id: 'T0BBB' });
    const bobOfB = b.emu.addUser({ name: 'bob' }).id;
    await withToken(a.url, tb).chat.postMessage({ channel: bobOfB, text: 'hello B' });
    expect(b.emu.dmMessages(bobOfB).map((m) => m.text)).toEqual(['hello B']);
    expect(a.emu.conversations().filter((c) => c.is_im)).toEqual([]);
  });

  it('a snapshot keeps hashes, never tokens; after a restore the old token works again, with its scopes, until uninstalled', async () => {
    const first = await setup();
    const a = await first.start({ id: 'T0AAA', name: 'Acme', domain: 'acme' });
    const { code } = await approve(a.emu, a.admin, authorizeQuery({ scope: 'commands,chat:write' }));
    const token = String((await noToken(a.url).oauth.v2.access({ client_id: '111.222', client_secret: 'client-secret', code, redirect_uri: REDIRECT })).access_token);
    const saved = first.platform.snapshot();
    expect(JSON.stringify(saved)).not.toContain(token);
    expect(saved).toMatchObject([{ teamId: 'T0AAA', scopes: ['commands', 'chat:write'] }]);

    // A new Slack (a restart): the same workspace data, the tokens taken back.
    const second = await setup();
    const emu = createEmulator({ platform: second.platform, team: { id: 'T0AAA', name: 'Acme', domain: 'acme' }, signingSecret: SECRET, appUrl: second.sink.url, data: a.emu.snapshot() });
    const { url } = await emu.start();
    stops.push(() => emu.stop());
    expect(await errorOf(withToken(url, token).auth.test())).toBe('invalid_auth');
    second.platform.restore(saved);
    expect(await withToken(url, token).auth.test()).toMatchObject({ ok: true, team_id: 'T0AAA' });
    expect(await errorOf(withToken(url, token).users.info({ user: a.admin }))).toBe('missing_scope');
    expect(second.platform.snapshot().map((t) => t.tokenHash)).toEqual(saved.map((t) => t.tokenHash));
    await emu.uninstallApp();
    expect(await errorOf(withToken(url, token).auth.test())).toBe('token_revoked');
  });

  it('an org-wide install answers with the enterprise and no team', async () => {
    const { start } = await setup();
    const w = await start({ id: 'T0ORG1', name: 'Org team', domain: 'orgteam' }, { id: 'E0GRID', name: 'Grid Co' });
    const page = await (await fetch(`${w.emu.authorizeUrl}?${authorizeQuery()}`)).text();
    expect(page).toContain('Grid Co');
    const { code } = await approve(w.emu, w.admin, authorizeQuery(), { install_on: 'org' });
    const r = await noToken(w.url).oauth.v2.access({ client_id: '111.222', client_secret: 'client-secret', code, redirect_uri: REDIRECT });
    expect(r).toMatchObject({ ok: true, team: null, enterprise: { id: 'E0GRID', name: 'Grid Co' }, is_enterprise_install: true });
    expect(await withToken(w.url, String(r.access_token)).auth.test()).toMatchObject({ enterprise_id: 'E0GRID', is_enterprise_install: true });
  });

  it('apps.uninstall revokes the tokens and sends app_uninstalled; a revoke sends tokens_revoked; both signed', async () => {
    const { start, sink } = await setup();
    const w = await start({ id: 'T0AAA', name: 'Acme', domain: 'acme' });
    const get = async () => {
      const { code } = await approve(w.emu, w.admin);
      return String((await noToken(w.url).oauth.v2.access({ client_id: '111.222', client_secret: 'client-secret', code, redirect_uri: REDIRECT })).access_token);
    };
    const token = await get();
    expect(await errorOf(withToken(w.url, token).apps.uninstall({ client_id: '111.222', client_secret: 'nope' }))).toBe('bad_client_secret');
    await withToken(w.url, token).apps.uninstall({ client_id: '111.222', client_secret: 'client-secret' });
    expect(await errorOf(withToken(w.url, token).auth.test())).toBe('token_revoked');
    expect(sink.got).toHaveLength(1);
    expect(sink.got[0]).toMatchObject({ signed: true, body: { type: 'event_callback', team_id: 'T0AAA', event: { type: 'app_uninstalled' } } });
    const second = await get();
    expect(second).not.toBe(token);
    await w.emu.revokeTokens();
    expect(await errorOf(withToken(w.url, second).auth.test())).toBe('token_revoked');
    expect(sink.got[1]).toMatchObject({ signed: true, body: { team_id: 'T0AAA', event: { type: 'tokens_revoked', tokens: { oauth: [], bot: [w.emu.bot.user_id] } } } });
    expect(w.emu.validTokens()).toEqual([]);
  });
});
