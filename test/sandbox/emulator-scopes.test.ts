// Per-method scope checks in the emulator, through the real WebClient: a token lacking the scope a
// method (or the conversation's type) needs gets Slack's missing_scope with needed and provided; a
// botToken carries the manifest's scopes unless told otherwise, a platform token its install's
// scopes (widened by a re-install). The table covers every emulated method and agrees with Slack's
// method reference when ../shared/slack is at hand.
import fs from 'node:fs';
import path from 'node:path';
import { LogLevel, WebClient, type WebAPICallResult } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../src/platform/scopes.js';
import { createEmulator, METHOD_SCOPES, SlackPlatform, type Emulator } from '../../src/sandbox/emulator/index.js';
import { FILE_METHODS } from '../../src/sandbox/emulator/file-methods.js';
import { METHODS } from '../../src/sandbox/emulator/web-api.js';

const silent = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };
const TOKEN = 'xoxb-scopes';
const root = path.resolve(import.meta.dirname, '../..');
const refFile = path.resolve(root, '../shared/slack/slack-api-ref.methods-subset.json');
const haveRef = fs.existsSync(refFile);
if (!haveRef) console.warn(`\n[call-buddy] ${refFile} is absent: the comparison of the emulator's scope table with Slack's method reference is SKIPPED.\n`);

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

async function start(options: Parameters<typeof createEmulator>[0]): Promise<{ emu: Emulator; url: string }> {
  const emu = createEmulator(options);
  const { url } = await emu.start();
  stops.push(() => emu.stop());
  return { emu, url };
}

const web = (url: string, token = TOKEN) => new WebClient(token, { slackApiUrl: url, retryConfig: { retries: 0 }, logger: silent });

async function refused(p: Promise<WebAPICallResult>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return (e as { data: Record<string, unknown> }).data;
  }
  throw new Error('expected the call to fail');
}

describe('scope checks', () => {
  it('a token lacking the scope gets missing_scope with needed and provided, per conversation type', async () => {
    const { emu, url } = await start({ botToken: TOKEN, scopes: ['commands', 'channels:read'] });
    const alice = emu.addUser({ name: 'alice' }).id;
    const bob = emu.addUser({ name: 'bob' }).id;
    const general = emu.addChannel({ name: 'general', members: [alice] }).id;
    const w = web(url);
    expect(await refused(w.chat.postMessage({ channel: general, text: 'hi' }))).toMatchObject({ ok: false, error: 'missing_scope', needed: 'chat:write', provided: 'commands,channels:read' });
    expect((await refused(w.users.info({ user: alice }))).needed).toBe('users:read');
    // conversations.open: a DM needs im:write, a group DM mpim:write.
    expect((await refused(w.conversations.open({ users: alice }))).needed).toBe('im:write');
    expect((await refused(w.conversations.open({ users: `${alice},${bob}` }))).needed).toBe('mpim:write');
    // Reading a public channel is granted; its history and a DM's are not.
    expect((await w.conversations.info({ channel: general })).ok).toBe(true);
    expect((await refused(w.conversations.history({ channel: general }))).needed).toBe('channels:history');
    const dm = emu.dmChannelFor(alice).id;
    expect((await refused(w.conversations.info({ channel: dm }))).needed).toBe('im:read');
    expect((await refused(w.conversations.list({ types: 'public_channel,im' }))).needed).toBe('im:read');
    expect((await w.conversations.list({ types: 'public_channel' })).ok).toBe(true);
    // Methods that need no scope, and the method's own errors where no type can be told.
    expect((await w.auth.test()).ok).toBe(true);
    expect((await refused(w.conversations.info({ channel: 'C0NOPE' }))).error).toBe('channel_not_found');
    // Nothing happened: refused calls leave no message behind, and are in the call log as refused.
    expect(emu.messages(general)).toEqual([]);
    expect(emu.calls('chat.postMessage')[0]).toMatchObject({ ok: false, error: 'missing_scope' });
  });

  it("a botToken carries the manifest's bot scopes by default: what the app calls works, the rest is refused", async () => {
    const { emu, url } = await start({ botToken: TOKEN });
    const alice = emu.addUser({ name: 'alice' }).id;
    const bob = emu.addUser({ name: 'bob' }).id;
    const w = web(url);
    expect((await w.chat.postMessage({ channel: alice, text: 'hi' })).ok).toBe(true);
    const g = (await w.conversations.open({ users: `${alice},${bob}` })).channel!.id!;
    expect((await w.conversations.history({ channel: g })).ok).toBe(true);
    expect((await w.files.getUploadURLExternal({ filename: 'a.csv', length: 3 })).ok).toBe(true);
    expect(await refused(w.team.info())).toMatchObject({ ok: false, error: 'missing_scope', needed: 'team:read', provided: BOT_SCOPES.join(',') });
    expect((await refused(w.conversations.members({ channel: g }))).needed).toBe('mpim:read');
  });

  it('a platform token carries the scopes granted at install, and a re-install with more scopes widens them', async () => {
    const redirect = 'https://app.example/slack/oauth_redirect';
    const platform = new SlackPlatform({ clientId: '1.2', clientSecret: 'secret', redirectUrls: [redirect] });
    const { emu, url } = await start({ platform, team: { id: 'T0SCOPE', name: 'Scope', domain: 'scope' } });
    const admin = emu.addUser({ name: 'admin', is_admin: true }).id;
    const install = async (scope: string): Promise<string> => {
      const q = new URLSearchParams({ client_id: '1.2', scope, redirect_uri: redirect });
      const res = await fetch(emu.authorizeUrl, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...Object.fromEntries(q), user: admin, decision: 'allow' }) });
      const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
      const r = await new WebClient(undefined, { slackApiUrl: url, logger: silent }).oauth.v2.access({ client_id: '1.2', client_secret: 'secret', code, redirect_uri: redirect });
      return r.access_token!;
    };
    const token = await install('commands,chat:write');
    const w = web(url, token);
    expect((await w.chat.postMessage({ channel: admin, text: 'hi' })).ok).toBe(true);
    expect(await refused(w.users.info({ user: admin }))).toMatchObject({ error: 'missing_scope', needed: 'users:read', provided: 'commands,chat:write' });
    expect(await install('users:read')).toBe(token);
    expect((await w.users.info({ user: admin })).ok).toBe(true);
  });

  it('names a rule (or none) for every method the emulator answers', () => {
    const implemented = [...Object.keys(METHODS), ...Object.keys(FILE_METHODS), 'apps.connections.open', 'apps.uninstall', 'oauth.v2.access'];
    expect(implemented.filter((m) => !(m in METHOD_SCOPES))).toEqual([]);
    expect(Object.keys(METHOD_SCOPES).filter((m) => !implemented.includes(m))).toEqual([]);
  });

  it.skipIf(!haveRef)("agrees with Slack's method reference (bot scopes) for every method both list", () => {
    const ref = JSON.parse(fs.readFileSync(refFile, 'utf8')) as { methods: Record<string, { scope?: { bot?: string[] } }> };
    const compared: string[] = [];
    for (const [method, rule] of Object.entries(METHOD_SCOPES)) {
      const info = ref.methods[method];
      if (!info) continue;
      compared.push(method);
      const ours = rule === null ? [] : typeof rule === 'string' ? [rule] : Object.values(rule);
      expect([...new Set(ours)].sort(), method).toEqual([...new Set(info.scope?.bot ?? [])].sort());
    }
    // The reference subset holds most of them (not files.info, apps.uninstall, oauth.v2.access).
    expect(compared.length).toBeGreaterThanOrEqual(20);
  });
});
