// Web API side of the emulator, exercised with the real @slack/web-api WebClient.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, LogLevel, WebClient, type WebAPICallResult } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { allScopes, createEmulator, emptyRequiredInputs, isEmptyStateValue, type Emulator } from '../../src/sandbox/emulator/index.js';

const TOKEN = 'xoxb-test-token';

const silent = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

function client(url: string, token: string | null = TOKEN, extra: Record<string, unknown> = {}): WebClient {
  return new WebClient(token ?? undefined, { slackApiUrl: url, retryConfig: { retries: 0 }, logger: silent, ...extra });
}

async function slackError(p: Promise<WebAPICallResult>): Promise<{ code: string; error?: string; data?: Record<string, unknown>; retryAfter?: number; statusCode?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; data?: Record<string, unknown>; retryAfter?: number; statusCode?: number };
    return { code: err.code, error: err.data?.error as string | undefined, data: err.data, retryAfter: err.retryAfter, statusCode: err.statusCode };
  }
  throw new Error('expected the call to fail');
}

let clock = 1_800_000_000_000;
let emu: Emulator;
let url: string;
let web: WebClient;
let alice: string;
let bob: string;
let carol: string;
let general: string;

async function setup(opts: Parameters<typeof createEmulator>[0] = {}): Promise<void> {
  // Every scope: these tests are about the methods, not the grant (emulator-scopes.test.ts is).
  emu = createEmulator({ botToken: TOKEN, nowMs: () => clock, scopes: allScopes(), ...opts });
  ({ url } = await emu.start());
  web = client(url);
  alice = emu.addUser({ name: 'alice', tz: 'Europe/Paris', tz_offset: 3600 }).id;
  bob = emu.addUser({ name: 'bob' }).id;
  carol = emu.addUser({ name: 'carol' }).id;
  general = emu.addChannel({ name: 'general', members: [alice, bob] }).id;
}

describe('emulator Web API', () => {
  beforeEach(async () => {
    clock = 1_800_000_000_000;
    await setup();
  });
  afterEach(async () => {
    await emu.stop();
  });

  it('answers auth.test with the bot identity', async () => {
    const r = await web.auth.test();
    expect(r).toMatchObject({ ok: true, team_id: emu.team.id, user_id: emu.bot.user_id, bot_id: emu.bot.bot_id });
  });

  it('keeps idle connections open longer than Node\'s agent keeps a free socket (no ECONNRESET race on reuse)', async () => {
    // WebClient posts through http.globalAgent, which drops a free socket after its `timeout`; a server
    // closing at the same moment (Node's default keepAliveTimeout is also 5 s) resets the next request.
    const agentIdleS = Number((http.globalAgent as unknown as { options: { timeout?: number } }).options.timeout ?? 5000) / 1000;
    const r = await fetch(`${url}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    await r.arrayBuffer();
    const keepAlive = /timeout=(\d+)/.exec(r.headers.get('keep-alive') ?? '');
    expect(keepAlive, 'Keep-Alive header').not.toBeNull();
    expect(Number(keepAlive![1])).toBeGreaterThanOrEqual(agentIdleS * 2);
  });

  it('rejects a missing token with not_authed and a wrong one with invalid_auth', async () => {
    expect((await slackError(client(url, null).auth.test())).error).toBe('not_authed');
    expect((await slackError(client(url, 'xoxb-wrong').auth.test())).error).toBe('invalid_auth');
    const res = await fetch(`${url}auth.test`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }) });
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('answers unknown_method for a method it does not know', async () => {
    expect((await slackError(web.apiCall('chat.frobnicate', {}))).error).toBe('unknown_method');
  });

  it('checks required arguments with the error Slack documents', async () => {
    expect((await slackError(web.apiCall('chat.postMessage', { text: 'x' }))).error).toBe('channel_not_found');
    expect((await slackError(web.apiCall('users.info', {}))).error).toBe('user_not_found');
    expect((await slackError(web.apiCall('conversations.open', {}))).error).toBe('users_list_not_supplied');
    const pub = await slackError(web.apiCall('views.publish', { view: { type: 'home', blocks: [] } }));
    expect(pub.error).toBe('invalid_arguments');
    expect(JSON.stringify(pub.data)).toContain('user_id');
    expect((await slackError(web.apiCall('views.open', { view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } }))).error).toBe('invalid_arguments');
    expect((await slackError(web.chat.update({ channel: general, ts: '1.000001', text: 'x' }))).error).toBe('message_not_found');
  });

  it('posts to a user id into the bot DM, and refuses chat.update with the user id', async () => {
    const r = await web.chat.postMessage({ channel: alice, text: 'hello alice' });
    const dm = emu.dmChannelFor(alice);
    expect(r.channel).toBe(dm.id);
    expect(dm.id).toMatch(/^D/);
    expect(emu.messages(dm.id).map((m) => m.text)).toEqual(['hello alice']);
    expect(emu.dmMessages(alice)).toHaveLength(1);
    expect((await slackError(web.chat.update({ channel: alice, ts: r.ts!, text: 'edited' }))).error).toBe('channel_not_found');
    const u = await web.chat.update({ channel: dm.id, ts: r.ts!, text: 'edited' });
    expect(u.ok).toBe(true);
    expect(emu.messages(dm.id)[0]?.text).toBe('edited');
  });

  it('gives unique, increasing ts from the injected clock', async () => {
    const fixed = new Date('2026-03-02T09:00:00Z');
    await emu.stop();
    await setup({ now: () => fixed });
    const a = await web.chat.postMessage({ channel: general, text: 'a' });
    const b = await web.chat.postMessage({ channel: general, text: 'b' });
    expect(a.ts).toBe(`${fixed.getTime() / 1000}.000000`);
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
  });

  it('enforces channel errors: unknown, not_in_channel, is_archived, no_text', async () => {
    expect((await slackError(web.chat.postMessage({ channel: 'C999', text: 'x' }))).error).toBe('channel_not_found');
    expect((await slackError(web.chat.postMessage({ channel: 'U999', text: 'x' }))).error).toBe('channel_not_found');
    const outside = emu.addChannel({ name: 'outside', members: [alice], botMember: false }).id;
    expect((await slackError(web.chat.postMessage({ channel: outside, text: 'x' }))).error).toBe('not_in_channel');
    emu.archiveChannel(general);
    expect((await slackError(web.chat.postMessage({ channel: general, text: 'x' }))).error).toBe('is_archived');
    emu.archiveChannel(general, false);
    expect((await slackError(web.apiCall('chat.postMessage', { channel: general }))).error).toBe('no_text');
  });

  it('refuses to update a message the bot did not post', async () => {
    const m = emu.postAsUser(alice, general, 'mine');
    expect((await slackError(web.chat.update({ channel: general, ts: m.ts, text: 'x' }))).error).toBe('cant_update_message');
    expect((await slackError(web.chat.delete({ channel: general, ts: m.ts }))).error).toBe('cant_delete_message');
  });

  it('keeps ephemerals to their user', async () => {
    await web.chat.postEphemeral({ channel: general, user: alice, text: 'psst' });
    expect(emu.ephemerals(alice, general).map((e) => e.text)).toEqual(['psst']);
    expect(emu.ephemerals(bob, general)).toEqual([]);
    expect(emu.messages(general)).toEqual([]);
    expect((await slackError(web.chat.postEphemeral({ channel: general, user: carol, text: 'x' }))).error).toBe('user_not_in_channel');
  });

  it('opens the same DM and the same MPIM id for the same set of users', async () => {
    const dm = await web.conversations.open({ users: alice });
    expect(dm.channel?.id).toBe(emu.dmChannelFor(alice).id);
    const g1 = await web.conversations.open({ users: `${alice},${bob},${carol}` });
    const g2 = await web.conversations.open({ users: `${carol},${alice},${bob}` });
    expect(g1.channel?.id).toMatch(/^G/);
    expect(g2.channel?.id).toBe(g1.channel?.id);
    const members = await web.conversations.members({ channel: g1.channel!.id! });
    expect(new Set(members.members)).toEqual(new Set([alice, bob, carol, emu.bot.user_id]));
    expect((await slackError(web.conversations.open({ users: `${alice},U404` }))).error).toBe('user_not_found');
    const info = await web.conversations.info({ channel: g1.channel!.id! });
    expect(info.channel).toMatchObject({ is_mpim: true, is_im: false });
  });

  it('serves users, team and conversation lists with pagination', async () => {
    const info = await web.users.info({ user: alice });
    expect(info.user).toMatchObject({ id: alice, name: 'alice', tz: 'Europe/Paris', tz_offset: 3600, is_bot: false, deleted: false });
    expect((await slackError(web.users.info({ user: 'U404' }))).error).toBe('user_not_found');
    const p1 = await web.users.list({ limit: 2 });
    expect(p1.members).toHaveLength(2);
    const p2 = await web.users.list({ limit: 2, cursor: p1.response_metadata!.next_cursor! });
    expect(p2.members).toHaveLength(2);
    expect(p2.response_metadata?.next_cursor).toBe('');
    expect((await web.team.info()).team).toMatchObject({ id: emu.team.id, domain: emu.team.domain });
    const list = await web.conversations.list({ types: 'public_channel' });
    expect(list.channels?.map((c) => c.name)).toEqual(['general']);
  });

  it('rejects blocks over the limits with invalid_blocks and readable errors', async () => {
    const e = await slackError(web.chat.postMessage({ channel: general, text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a'.repeat(3001) } }] }));
    expect(e.error).toBe('invalid_blocks');
    expect(e.data?.errors).toEqual(['must be less than 3001 characters [json-pointer:/blocks/0/text/text]']);
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect((await slackError(web.chat.postMessage({ channel: general, text: 'x', blocks: tooMany }))).error).toBe('invalid_blocks');
    expect((await slackError(web.apiCall('chat.postMessage', { channel: general, text: 'x', blocks: '[not json' }))).error).toBe('invalid_blocks_format');
    expect(emu.messages(general)).toEqual([]);
  });

  it('records every call with parsed args', async () => {
    await web.chat.postMessage({ channel: general, text: 'hi', blocks: [{ type: 'divider' }] });
    await slackError(web.users.info({ user: 'U404' }));
    const posts = emu.calls('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ method: 'chat.postMessage', ok: true, status: 200, args: { channel: general, text: 'hi', blocks: [{ type: 'divider' }] } });
    expect(posts[0]?.args.token).toBeUndefined();
    expect(emu.calls('users.info')[0]).toMatchObject({ ok: false, error: 'user_not_found' });
    emu.clearCalls();
    expect(emu.calls()).toEqual([]);
  });

  it('applies injected faults to the next n calls only', async () => {
    emu.injectFault({ method: 'chat.postMessage', status: 503, times: 1 });
    emu.injectFault({ method: 'users.info', error: 'account_inactive', times: 2 });
    const http = await slackError(web.chat.postMessage({ channel: general, text: 'x' }));
    expect(http.code).toBe(ErrorCode.HTTPError);
    expect(http.statusCode).toBe(503);
    expect((await web.chat.postMessage({ channel: general, text: 'x' })).ok).toBe(true);
    expect((await slackError(web.users.info({ user: alice }))).error).toBe('account_inactive');
    expect((await slackError(web.users.info({ user: alice }))).error).toBe('account_inactive');
    expect((await web.users.info({ user: alice })).ok).toBe(true);
    emu.injectFault({ method: 'users.info', status: 429, retryAfter: 7 });
    const rl = await slackError(client(url, TOKEN, { rejectRateLimitedCalls: true }).users.info({ user: alice }));
    expect(rl.code).toBe(ErrorCode.RateLimitedError);
    expect(rl.retryAfter).toBe(7);
  });

  it('trigger_id: single use, expires 3 s after issue, unknown is invalid', async () => {
    const modal = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Log a call' }, blocks: [] };
    const t1 = emu.issueTriggerId(alice);
    const opened = await web.views.open({ trigger_id: t1, view: modal });
    expect(opened.view?.id).toMatch(/^V/);
    expect(emu.currentModal(alice)?.id).toBe(opened.view?.id);
    expect((await slackError(web.views.open({ trigger_id: t1, view: modal }))).error).toBe('exchanged_trigger_id');
    const t2 = emu.issueTriggerId(alice);
    clock += 3_001;
    expect((await slackError(web.views.open({ trigger_id: t2, view: modal }))).error).toBe('expired_trigger_id');
    expect((await slackError(web.views.open({ trigger_id: '1.2.nope', view: modal }))).error).toBe('invalid_trigger_id');
    const t3 = emu.issueTriggerId(alice);
    clock += 2_999;
    expect((await web.views.open({ trigger_id: t3, view: modal })).ok).toBe(true);
  });

  it('views.push stacks, views.update checks the hash, external_id works', async () => {
    const modal = (t: string, ext?: string) => ({ type: 'modal' as const, title: { type: 'plain_text' as const, text: t }, blocks: [], ...(ext ? { external_id: ext } : {}) });
    const root = await web.views.open({ trigger_id: emu.issueTriggerId(alice), view: modal('One', 'ext-1') });
    const pushed = await web.views.push({ trigger_id: emu.issueTriggerId(alice), view: modal('Two') });
    expect(pushed.view).toMatchObject({ root_view_id: root.view!.id, previous_view_id: root.view!.id });
    expect(emu.modalStack(alice)).toHaveLength(2);
    const stale = root.view!.hash!;
    const upd = await web.views.update({ view_id: root.view!.id!, hash: stale, view: modal('One b', 'ext-1') });
    expect(upd.view?.hash).not.toBe(stale);
    expect((await slackError(web.views.update({ view_id: root.view!.id!, hash: stale, view: modal('x', 'ext-1') }))).error).toBe('hash_conflict');
    const byExt = await web.views.update({ external_id: 'ext-1', view: modal('One c', 'ext-1') });
    expect(byExt.view?.id).toBe(root.view?.id);
    expect((await slackError(web.views.update({ view_id: 'V404', view: modal('x') }))).error).toBe('not_found');
    const tooLong = await slackError(web.views.update({ view_id: root.view!.id!, view: modal('x'.repeat(25)) }));
    expect(tooLong.error).toBe('invalid_arguments');
    expect(JSON.stringify(tooLong.data)).toContain('/view/title/text');
  });

  it('views.publish stores the Home view per user', async () => {
    const view = { type: 'home' as const, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'Your week: 2/5' } }] };
    const r = await web.views.publish({ user_id: alice, view });
    expect(emu.homeView(alice)?.id).toBe(r.view?.id);
    expect(emu.homeView(alice)?.blocks).toEqual(view.blocks);
    expect(emu.homeView(bob)).toBeUndefined();
    const again = await web.views.publish({ user_id: alice, view, hash: r.view!.hash! });
    expect(again.view?.id).toBe(r.view?.id);
    expect((await slackError(web.views.publish({ user_id: alice, view, hash: 'stale' }))).error).toBe('hash_conflict');
    expect((await slackError(web.views.publish({ user_id: alice, view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } as never }))).error).toBe('invalid_arguments');
  });

  it('snapshot / restore round-trips through JSON', async () => {
    await web.chat.postMessage({ channel: alice, text: 'plan' });
    await web.views.publish({ user_id: bob, view: { type: 'home', blocks: [] } });
    const snap = JSON.parse(JSON.stringify(emu.snapshot())) as ReturnType<Emulator['snapshot']>;
    const other = createEmulator({ botToken: TOKEN });
    const { url: url2 } = await other.start();
    try {
      other.restore(snap);
      expect(other.snapshot()).toEqual(emu.snapshot());
      expect(other.dmMessages(alice).map((m) => m.text)).toEqual(['plan']);
      const r = await client(url2).chat.postMessage({ channel: general, text: 'after restore' });
      expect(Number(r.ts)).toBeGreaterThan(Number(other.dmMessages(alice)[0]?.ts));
      expect(other.user(carol)?.name).toBe('carol');
    } finally {
      await other.stop();
    }
  });

  it('notifies onChange listeners', async () => {
    const seen: string[] = [];
    const off = emu.onChange((e) => seen.push(e.kind));
    await web.chat.postMessage({ channel: general, text: 'x' });
    off();
    await web.chat.postMessage({ channel: general, text: 'y' });
    expect(seen).toEqual(['message', 'call']);
  });
});

describe('emulator rate limits', () => {
  afterEach(async () => {
    await emu.stop();
  });

  it('is off by default', async () => {
    clock = 1_800_000_000_000;
    await setup();
    for (let i = 0; i < 25; i++) await web.users.list({});
    for (let i = 0; i < 5; i++) await web.chat.postMessage({ channel: general, text: `m${i}` });
  });

  it('answers 429 with an integer Retry-After per tier', async () => {
    clock = 1_800_000_000_000;
    await setup({ rateLimits: true });
    for (let i = 0; i < 20; i++) await web.users.list({}); // Tier 2: 20 per minute
    const res = await fetch(`${url}users.list`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(429);
    const retryAfter = res.headers.get('retry-after');
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(await res.json()).toEqual({ ok: false, error: 'ratelimited' });
    const strict = client(url, TOKEN, { rejectRateLimitedCalls: true });
    const err = await slackError(strict.users.list({}));
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(Number.isInteger(err.retryAfter)).toBe(true);
    expect(emu.calls('users.list').at(-1)).toMatchObject({ status: 429, error: 'ratelimited' });
    // Other methods have their own budget.
    expect((await web.users.info({ user: alice })).ok).toBe(true);
    clock += 60_000;
    expect((await web.users.list({})).ok).toBe(true);
  });

  it('limits chat.postMessage to about one per second per channel', async () => {
    clock = 1_800_000_000_000;
    await setup({ rateLimits: { postMessagePerMinute: 1000 } });
    const strict = client(url, TOKEN, { rejectRateLimitedCalls: true });
    await strict.chat.postMessage({ channel: general, text: '1' });
    const err = await slackError(strict.chat.postMessage({ channel: general, text: '2' }));
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(err.retryAfter).toBe(1);
    // A different channel (a DM by user id) is not affected.
    await strict.chat.postMessage({ channel: alice, text: 'dm' });
    clock += 1_000;
    await strict.chat.postMessage({ channel: general, text: '2' });
    expect(emu.messages(general)).toHaveLength(2);
  });

  it('caps chat.postMessage workspace-wide, and scales', async () => {
    clock = 1_800_000_000_000;
    await setup({ rateLimits: { postMessagePerMinute: 3, scale: 2 } });
    const users = Array.from({ length: 7 }, (_, i) => emu.addUser({ name: `u${i}` }).id);
    const strict = client(url, TOKEN, { rejectRateLimitedCalls: true });
    for (const u of users.slice(0, 6)) await strict.chat.postMessage({ channel: u, text: 'hi' });
    expect((await slackError(strict.chat.postMessage({ channel: users[6]!, text: 'hi' }))).code).toBe(ErrorCode.RateLimitedError);
  });

  it('lets @slack/web-api wait out the Retry-After and retry', async () => {
    clock = 1_800_000_000_000;
    await setup({ rateLimits: true, nowMs: () => Date.now() });
    const retrying = client(url, TOKEN, { retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 10 } });
    await retrying.chat.postMessage({ channel: general, text: '1' });
    const started = Date.now();
    await retrying.chat.postMessage({ channel: general, text: '2' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(emu.calls('chat.postMessage').map((c) => c.status)).toEqual([200, 429, 200]);
  });
});

describe('emulator Socket Mode', () => {
  const APP_TOKEN = 'xapp-1-test';
  let sockets: WebSocket[] = [];
  beforeEach(async () => {
    await setup({ appToken: APP_TOKEN });
  });
  afterEach(async () => {
    for (const s of sockets) s.terminate();
    sockets = [];
    await emu.stop();
  });

  /** Connects like @slack/socket-mode does and collects what Slack sends. */
  async function connect(): Promise<{ socket: WebSocket; received: Record<string, unknown>[]; wsUrl: string }> {
    const opened = await client(url, APP_TOKEN).apps.connections.open({});
    const wsUrl = String(opened.url);
    const socket = new WebSocket(wsUrl);
    sockets.push(socket);
    const received: Record<string, unknown>[] = [];
    socket.on('message', (d) => received.push(JSON.parse(String(d)) as Record<string, unknown>));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const until = Date.now() + 2000;
    while (!received.some((m) => m.type === 'hello') && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    return { socket, received, wsUrl };
  }

  it('opens connections only with the app-level token, and the app token does nothing else', async () => {
    expect((await slackError(web.apps.connections.open({}))).error).toBe('not_allowed_token_type');
    expect((await slackError(client(url, APP_TOKEN).chat.postMessage({ channel: general, text: 'hi' }))).error).toBe('not_allowed_token_type');
    expect((await slackError(client(url, 'xapp-1-wrong').apps.connections.open({}))).error).toBe('invalid_auth');
    const { received, wsUrl } = await connect();
    expect(received[0]).toMatchObject({ type: 'hello', connection_info: { app_id: emu.bot.app_id } });
    expect(emu.socketConnections).toBe(1);
    // The URL is good for one connection.
    const again = new WebSocket(wsUrl);
    again.on('error', () => {}); // the refused handshake
    const status = await new Promise<number>((resolve) => again.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
  });

  it('sends a slash command as an envelope and takes the ack payload as the response; no ack in 3 s is a timeout', async () => {
    const { socket, received } = await connect();
    socket.on('message', (d) => {
      const m = JSON.parse(String(d)) as { envelope_id?: string; type: string; payload?: { text?: string } };
      if (m.type === 'slash_commands' && m.payload?.text === 'answer') socket.send(JSON.stringify({ envelope_id: m.envelope_id, payload: { text: 'got it' } }));
    });
    const answered = await emu.slashCommand({ user: alice, channel: general, text: 'answer' });
    expect(answered).toMatchObject({ status: 200, body: { text: 'got it' } });
    const envelope = received.find((m) => m.type === 'slash_commands')!;
    expect(envelope).toMatchObject({ accepts_response_payload: true, payload: { command: '/calls', text: 'answer', user_id: alice, channel_id: general } });
    expect(typeof envelope.envelope_id).toBe('string');
    const ignored = await emu.slashCommand({ user: alice, channel: general, text: 'silence' });
    expect(ignored.status).toBe(408);
  });
});

describe('emulator: what Slack itself refuses before the app hears of it', () => {
  const input = (block_id: string, element: Record<string, unknown>, optional?: boolean) => ({ type: 'input', block_id, label: { type: 'plain_text', text: block_id }, element, ...(optional ? { optional } : {}) });
  const options = [{ text: { type: 'plain_text', text: 'A' }, value: 'a' }];

  it('finds empty required inputs: state first, else the initial value; optional inputs never', () => {
    const view = {
      blocks: [
        input('name', { type: 'plain_text_input', action_id: 'name' }),
        input('named', { type: 'plain_text_input', action_id: 'named', initial_value: 'Ada' }),
        input('pick', { type: 'static_select', action_id: 'pick', options }),
        input('picked', { type: 'static_select', action_id: 'picked', options, initial_option: options[0] }),
        input('boxes', { type: 'checkboxes', action_id: 'boxes', options }),
        input('who', { type: 'users_select', action_id: 'who', initial_user: 'U1' }),
        input('when', { type: 'datepicker', action_id: 'when' }),
        input('notes', { type: 'plain_text_input', action_id: 'notes' }, true),
        { type: 'section', block_id: 's', text: { type: 'mrkdwn', text: 'not an input' } },
      ],
      state: {
        values: {
          named: { named: { type: 'plain_text_input', value: '' } }, // cleared by the user
          boxes: { boxes: { type: 'checkboxes', selected_options: [{ value: 'a' }] } },
          when: { when: { type: 'datepicker', selected_date: '2026-11-25' } },
        },
      },
    };
    const required = 'Please complete this required field.';
    expect(emptyRequiredInputs(view)).toEqual({ name: required, named: required, pick: required });
    expect(isEmptyStateValue({ type: 'multi_users_select', selected_users: [] })).toBe(true);
    expect(isEmptyStateValue({ type: 'users_select', selected_user: 'U1' })).toBe(false);
  });

  it('escapes @user and #channel in slash command text as Slack does for a command with should_escape', async () => {
    // A stand-in app that keeps the text it was sent.
    const received: string[] = [];
    const app = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push(new URLSearchParams(body).get('text') ?? '');
        res.end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const emu = createEmulator({ botToken: TOKEN, signingSecret: 's', appUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events` });
    await emu.start();
    try {
      const ada = emu.addUser({ name: 'ada' });
      const general = emu.addChannel({ name: 'general', members: [ada.id] });
      await emu.slashCommand({ user: ada.id, text: 'log @Ada @nobody #general <@U9|x> ada@example.com' });
      expect(received).toEqual([`log <@${ada.id}|ada> @nobody <#${general.id}|general> <@U9|x> ada@example.com`]);
    } finally {
      await emu.stop();
      await new Promise((resolve) => app.close(resolve));
    }
  });
});
