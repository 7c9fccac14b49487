// The sandbox's JSON API against the real app (src/sandbox-runtime.ts: emulator + Bolt app + scheduler
// on a PGlite database in a temp DATA_DIR): the seeded demo team, acting as members, modals with
// inline errors, the clock, input validation, and state that survives a restart (and --reset).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDb, type DbHandle } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { addWeeks, instantAtDate, isoWeekdayOfDate, localDateOf, localTimeOf, weekKeyOf } from '../../src/domain/weeks.js';
import { createLogger } from '../../src/logger.js';
import { DEMO_MEMBERS, SECOND_TEAM_MEMBERS } from '../../src/sandbox/seed.js';
import { SANDBOX_TEAM_ID, SECOND_TEAM_ID, startSandboxRuntime, type SandboxRuntime } from '../../src/sandbox-runtime.js';
import { HELP_LINES } from '../../src/slack/views/commands.js';
import { poll } from '../helpers/wait.js';

interface Conv { id: string; name: string; kind: string; unread: number; members: { id: string; name: string }[] }
interface Msg { ts: string; text: string; ephemeral: boolean; bot: boolean; blocks: unknown[] | null }

let dataDir: string;
let handle: DbHandle;
let runtime: SandboxRuntime;
let base: string;
let seededLogged = 0;
let seededPairings = 0;

async function start(reset = false): Promise<void> {
  // Port 0: the sandbox listens on a port the system picks (runtime.url names it). A port probed free
  // beforehand can be taken by another test file's server before the sandbox binds it (EADDRINUSE).
  const config = { ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), port: 0 };
  handle = await createDb({ dataDir });
  await migrateToLatest(handle.db);
  runtime = await startSandboxRuntime({ config, logger: createLogger('silent'), db: handle.db, dbKind: handle.kind, reset });
  base = `${runtime.url}sandbox/api`;
}

async function stop(): Promise<void> {
  await runtime?.stop();
  await handle?.close();
}

async function get<T = Record<string, unknown>>(p: string): Promise<{ status: number; body: T }> {
  const r = await fetch(`${base}${p}`);
  return { status: r.status, body: (await r.json()) as T };
}
async function post<T = Record<string, unknown>>(p: string, body: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as T };
}

let users: { id: string; realName: string; tz: string }[];
let ava: string;
let jonas: string;
let fiveCalls: Conv;
const messages = async (conv: string, as: string) => (await get<{ messages: Msg[] }>(`/conversations/${conv}/messages?as=${as}&read=0`)).body.messages;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-sandbox-api-'));
  await start();
  users = (await get<{ users: typeof users }>('/users')).body.users;
  ava = users[0]!.id;
  jonas = users[1]!.id;
  const convs = (await get<{ conversations: Conv[] }>(`/conversations?as=${ava}`)).body.conversations;
  fiveCalls = convs.find((c) => c.name === 'five-calls')!;
  // What the first seed made, for the --reset test to compare with (read here, not in another test).
  const dm = convs.find((c) => c.kind === 'app')!;
  seededLogged = (await messages(dm.id, ava)).filter((m) => /Logged/.test(m.text)).length;
  seededPairings = (await messages(fiveCalls.id, ava)).filter((m) => /Soundboard partners/.test(m.text)).length;
}, 120_000);

afterAll(async () => {
  await stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the seeded demo workspace', () => {
  // How long the seed takes is measured by bench/memory.ts (first start), not asserted in a test.
  it('seeds 8 members in 4 time zones in #five-calls', () => {
    expect(runtime.seeded).toBe(true);
    expect(users).toHaveLength(8);
    expect(new Set(users.map((u) => u.tz))).toEqual(new Set(['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Sydney']));
    expect(fiveCalls.kind).toBe('channel');
    expect(fiveCalls.members.map((m) => m.id).sort()).toEqual(users.map((u) => u.id).sort());
  });

  it('has weeks of history made by the real scheduler: pairings in the channel, plans and check-ins in DMs', async () => {
    const channel = await messages(fiveCalls.id, ava);
    expect(channel.filter((m) => /Soundboard partners/.test(m.text)).length).toBeGreaterThanOrEqual(3);
    const dm = (await get<{ conversations: Conv[] }>(`/conversations?as=${ava}`)).body.conversations.find((c) => c.kind === 'app')!;
    const dmMessages = await messages(dm.id, ava);
    expect(dmMessages.filter((m) => /Logged/.test(m.text)).length).toBeGreaterThanOrEqual(12);
    expect(dmMessages.filter((m) => /Your 5 calls/.test(m.text)).length).toBeGreaterThanOrEqual(3);
    // The clock ends at (real) now.
    const clock = (await get<{ now: string; next: { at: string; label: string } | null }>('/clock')).body;
    expect(Math.abs(Date.parse(clock.now) - Date.now())).toBeLessThan(120_000);
    expect(clock.next).not.toBeNull();
  });

  it('logs one soundboard call per member and week, and whole past weeks hold exactly the calls each member made', async () => {
    const calls = await handle.db
      .selectFrom('calls')
      .innerJoin('members', 'members.id', 'calls.member_id')
      .select(['members.slack_user_id as user', 'calls.week', 'calls.category', 'calls.source'])
      .execute();
    const soundboards = new Map<string, number>();
    for (const c of calls) if (c.category === 'soundboard') soundboards.set(`${c.user}/${c.week}`, (soundboards.get(`${c.user}/${c.week}`) ?? 0) + 1);
    expect(soundboards.size).toBeGreaterThan(10);
    expect([...soundboards].filter(([, n]) => n > 1)).toEqual([]);
    // The seed starts three weeks before the clock's week (circle zone); weeks 1 and 2 are whole for every zone.
    const now = new Date((await get<{ now: string }>('/clock')).body.now);
    const firstWeek = addWeeks(weekKeyOf(now, DEMO_MEMBERS[0]!.tz), -3);
    for (const w of [1, 2]) {
      const week = addWeeks(firstWeek, w);
      const counted = users.map((u) => calls.filter((c) => c.user === u.id && c.week === week).length);
      expect(counted, week).toEqual(DEMO_MEMBERS.map((m) => m.calls[w]));
    }
  });

  it('lists group DMs of the soundboard pairs for their members only', async () => {
    const mine = (await get<{ conversations: Conv[] }>(`/conversations?as=${ava}`)).body.conversations.filter((c) => c.kind === 'group');
    expect(mine.length).toBeGreaterThan(0);
    for (const g of mine) expect(g.members.some((m) => m.id === ava)).toBe(true);
  });
});

describe('acting as a member', () => {
  it('/calls today answers with a message only that member sees', async () => {
    const r = await post('/command', { as: ava, channel: fiveCalls.id, text: '/calls today' });
    expect(r.status).toBe(200);
    const eph = await poll(async () => (await messages(fiveCalls.id, ava)).filter((m) => m.ephemeral && /today/i.test(m.text)).at(-1));
    expect(eph.bot).toBe(true);
    expect((await messages(fiveCalls.id, jonas)).some((m) => m.ts === eph.ts)).toBe(false);
  });

  it('counts unread messages per member and clears them when read', async () => {
    const dm = (await get<{ conversations: Conv[] }>(`/conversations?as=${jonas}`)).body.conversations.find((c) => c.kind === 'app')!;
    await get(`/conversations/${dm.id}/messages?as=${jonas}`);
    await post('/command', { as: jonas, channel: fiveCalls.id, text: '/calls log Luis Ortega' });
    const modal = await poll(async () => (await get<{ view: { id: string } | null }>(`/modal?as=${jonas}`)).body.view ?? undefined);
    const category = 'soundboard';
    const r = await post<{ outcome: string }>('/submit', { as: jonas, viewId: modal.id, values: { category: { category }, outcome: { outcome: 'conversation' } } });
    if (r.body.outcome !== 'closed') {
      // The playbook's first key may differ: pick the first option the modal offers.
      const view = (await get<{ view: { blocks: { block_id?: string; element?: { options?: { value: string }[] } }[] } }>(`/modal?as=${jonas}`)).body.view;
      const first = view.blocks.find((b) => b.block_id === 'category')!.element!.options![0]!.value;
      expect((await post<{ outcome: string }>('/submit', { as: jonas, viewId: modal.id, values: { category: { category: first }, outcome: { outcome: 'conversation' } } })).body.outcome).toBe('closed');
    }
    const unread = await poll(async () => {
      const c = (await get<{ conversations: Conv[] }>(`/conversations?as=${jonas}`)).body.conversations.find((x) => x.id === dm.id)!;
      return c.unread > 0 ? c.unread : undefined;
    });
    expect(unread).toBeGreaterThan(0);
    await get(`/conversations/${dm.id}/messages?as=${jonas}`);
    const after = (await get<{ conversations: Conv[] }>(`/conversations?as=${jonas}`)).body.conversations.find((x) => x.id === dm.id)!;
    expect(after.unread).toBe(0);
  });

  it('check-in modal: invalid minutes come back as an inline error under the minutes block; a valid submit closes it', async () => {
    await post('/command', { as: ava, channel: fiveCalls.id, text: '/calls log Dana Whitfield' });
    const modal = await poll(async () => (await get<{ view: { id: string; callbackId: string; blocks: { block_id?: string; element?: { options?: { value: string }[] } }[] } | null }>(`/modal?as=${ava}`)).body.view ?? undefined);
    expect(modal.callbackId).toBe('checkin');
    const category = modal.blocks.find((b) => b.block_id === 'category')!.element!.options![0]!.value;
    const bad = await post<{ outcome: string; errors: Record<string, string> }>('/submit', {
      as: ava, viewId: modal.id, values: { category: { category }, outcome: { outcome: 'conversation' }, minutes: { minutes: 'lots' } },
    });
    expect(bad.status).toBe(200);
    expect(bad.body.outcome).toBe('errors');
    expect(bad.body.errors.minutes).toMatch(/minutes/i);
    const shown = (await get<{ view: { id: string }; errors: Record<string, string> }>(`/modal?as=${ava}`)).body;
    expect(shown.view.id).toBe(modal.id);
    expect(shown.errors.minutes).toBe(bad.body.errors.minutes);

    const ok = await post<{ outcome: string }>('/submit', { as: ava, viewId: modal.id, values: { category: { category }, outcome: { outcome: 'conversation' }, minutes: { minutes: '20' } } });
    expect(ok.body.outcome).toBe('closed');
    expect((await get<{ view: unknown }>(`/modal?as=${ava}`)).body.view).toBeNull();
  });

  it('check-in modal: an empty required input is refused as Slack\'s client does (outcome "required", nothing sent to the app)', async () => {
    await post('/command', { as: ava, channel: fiveCalls.id, text: '/calls log Dana Whitfield' });
    const modal = await poll(async () => (await get<{ view: { id: string } | null }>(`/modal?as=${ava}`)).body.view ?? undefined);
    const rows = async () => (await handle.db.selectFrom('calls').select('id').execute()).length;
    const before = await rows();
    const r = await post<{ outcome: string; errors: Record<string, string>; status: number }>('/submit', { as: ava, viewId: modal.id, values: { minutes: { minutes: '20' } } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ outcome: 'required', status: 0, errors: { category: 'Please complete this required field.', outcome: 'Please complete this required field.' } });
    const shown = (await get<{ view: { id: string }; errors: Record<string, string> }>(`/modal?as=${ava}`)).body;
    expect(shown.view.id).toBe(modal.id);
    expect(shown.errors).toEqual(r.body.errors);
    expect(await rows()).toBe(before);
    expect((await post('/close', { as: ava, viewId: modal.id })).status).toBe(200);
  });

  it('/calls log @Jonas preselects Jonas in the person picker (Slack escapes the mention), with no name typed', async () => {
    await post('/command', { as: ava, channel: fiveCalls.id, text: '/calls log @Jonas' });
    type Block = { block_id?: string; element?: { initial_user?: string; initial_value?: string; options?: { value: string }[] } };
    const modal = await poll(async () => (await get<{ view: { id: string; blocks: Block[] } | null }>(`/modal?as=${ava}`)).body.view ?? undefined);
    expect(modal.blocks.find((b) => b.block_id === 'who_user')?.element?.initial_user).toBe(jonas);
    expect(modal.blocks.find((b) => b.block_id === 'who')?.element?.initial_value).toBeUndefined();
    const category = modal.blocks.find((b) => b.block_id === 'category')!.element!.options![1]!.value;
    const ok = await post<{ outcome: string }>('/submit', { as: ava, viewId: modal.id, values: { category: { category }, outcome: { outcome: 'voicemail' } } });
    expect(ok.body.outcome).toBe('closed');
    const last = await handle.db.selectFrom('calls').select(['contact_name', 'contact_user_id']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last).toEqual({ contact_name: 'Jonas', contact_user_id: jonas });
  });

  it('App Home: published when opened, and its buttons act (Log a call opens the modal, Close closes it)', async () => {
    expect((await post('/home', { as: ava })).status).toBe(200);
    const home = await poll(async () => (await get<{ view: { id: string; blocks: { type: string; elements?: { action_id: string }[] }[] } | null }>(`/home?as=${ava}`)).body.view ?? undefined);
    const actions = home.blocks.find((b) => b.type === 'actions' && b.elements?.some((e) => e.action_id === 'open_checkin'));
    expect(actions).toBeDefined();
    expect((await post('/action', { as: ava, viewId: home.id, actionId: 'open_checkin' })).status).toBe(200);
    const modal = await poll(async () => (await get<{ view: { id: string } | null }>(`/modal?as=${ava}`)).body.view ?? undefined);
    expect((await post('/close', { as: ava, viewId: modal.id })).body).toMatchObject({ closed: true });
    expect((await get<{ view: unknown }>(`/modal?as=${ava}`)).body.view).toBeNull();
  });

  it('message buttons act through the emulator (a button on an ephemeral reply)', async () => {
    await post('/command', { as: ava, channel: fiveCalls.id, text: '/calls today' });
    const eph = await poll(async () => (await messages(fiveCalls.id, ava)).filter((m) => m.ephemeral && JSON.stringify(m.blocks ?? []).includes('open_checkin')).at(-1));
    const r = await post('/action', { as: ava, channel: fiveCalls.id, ts: eph.ts, actionId: 'open_checkin' });
    if (r.status === 400) {
      // The "Log this call" button carries a category: find its exact action id.
      const id = /"action_id":"(open_checkin[^"]*)"/.exec(JSON.stringify(eph.blocks))![1]!;
      expect((await post('/action', { as: ava, channel: fiveCalls.id, ts: eph.ts, actionId: id })).status).toBe(200);
    }
    const modal = await poll(async () => (await get<{ view: { id: string } | null }>(`/modal?as=${ava}`)).body.view ?? undefined);
    await post('/close', { as: ava, viewId: modal.id });
  });
});

describe('/invite', () => {
  it('adds the app to a channel as Slack does, so /calls join can start a circle there', async () => {
    const general = (await get<{ conversations: Conv[] }>(`/conversations?as=${ava}`)).body.conversations.find((c) => c.name === 'general')!;
    expect((await post<{ error: string }>('/command', { as: ava, channel: general.id, text: '/invite @someone' })).body.error).toMatch(/invite @callbuddy/);
    expect((await post('/command', { as: ava, channel: general.id, text: '/invite @callbuddy' })).status).toBe(200);
    const msgs = await messages(general.id, ava);
    expect(msgs.at(-1)!.text).toMatch(/joined #general/);
  });
});

describe('the clock', () => {
  it('advances by hours and jumps to the next scheduled event', async () => {
    const before = Date.parse((await get<{ now: string }>('/clock')).body.now);
    const adv = await post<{ now: string }>('/clock', { action: 'advance', hours: 2 });
    expect(adv.status).toBe(200);
    expect(Date.parse(adv.body.now) - before).toBe(2 * 3_600_000);
    const { next } = (await get<{ next: { at: string; label: string } }>('/clock')).body;
    const jump = await post<{ now: string; event: { at: string; label: string } }>('/clock', { action: 'next-event' });
    expect(jump.status).toBe(200);
    expect(jump.body.event).toEqual(next);
    expect(jump.body.now).toBe(next.at);
  });

  it('"Next event" follows the app\'s own schedule: an admin\'s new recap time is the next event', async () => {
    const now = new Date((await get<{ now: string }>('/clock')).body.now);
    // One minute from now (whole minutes), in the circle's zone (Ava started it in New York).
    const soon = new Date(now.getTime() + 60_000);
    const tz = 'America/New_York';
    const day = String(isoWeekdayOfDate(localDateOf(soon, tz)));
    const time = localTimeOf(soon, tz);
    await post('/command', { as: ava, channel: fiveCalls.id, text: '/calls admin' });
    const modal = await poll(async () => (await get<{ view: { id: string; callbackId: string } | null }>(`/modal?as=${ava}`)).body.view ?? undefined);
    expect(modal.callbackId).toBe('admin');
    const saved = await post<{ outcome: string }>('/submit', { as: ava, viewId: modal.id, values: { recap_day: { recap_day: day }, recap_time: { recap_time: time } } });
    expect(saved.body.outcome).toBe('closed');
    const { next } = (await get<{ next: { at: string; label: string } }>('/clock')).body;
    expect(next.at).toBe(instantAtDate(localDateOf(soon, tz), time, tz).toISOString());
    expect(next.label).toContain('Weekly recap');
  });
});

describe('input validation', () => {
  it.each([
    ['/command', {}, 400, /as/],
    ['/command', { as: 'U_NOBODY', channel: 'C1', text: '/calls today' }, 400, /no active member/],
    ['/command', { as: 'ME', channel: 'C_NOPE', text: '/calls today' }, 404, /no conversation/],
    ['/command', { as: 'ME', channel: 'FIVE', text: '/nope' }, 400, /not a valid command/],
    ['/command', { as: 'ME', channel: 'FIVE' }, 400, /text is required/],
    ['/action', { as: 'ME', actionId: 'x' }, 400, /viewId, or channel and ts/],
    ['/action', { as: 'ME', channel: 'FIVE', ts: '1.000001', actionId: 'x' }, 400, /no message/],
    ['/action', { as: 'ME', viewId: 'V1', actionId: 'x', selectedDate: 'tomorrow' }, 400, /YYYY-MM-DD/],
    ['/submit', { as: 'ME', viewId: 'V_NONE', values: {} }, 404, /no open modal/],
    ['/close', { as: 'ME' }, 400, /viewId is required/],
    ['/clock', { action: 'rewind' }, 400, /next-event/],
    ['/clock', { action: 'advance', days: -1 }, 400, /days must be/],
    ['/clock', { action: 'advance', days: 400 }, 400, /at most/],
    ['/clock', { action: 'advance' }, 400, /give days/],
  ])('POST %s %j → %i', async (p, body, status, message) => {
    const b = JSON.parse(JSON.stringify(body).replace(/"ME"/g, JSON.stringify(ava)).replace(/"FIVE"/g, JSON.stringify(fiveCalls.id))) as unknown;
    const r = await post<{ error: string }>(p, b);
    expect(r.status).toBe(status);
    expect(r.body.error).toMatch(message);
  });

  it('refuses other content types and other host names (cross-site requests, DNS rebinding)', async () => {
    const form = await fetch(`${base}/command`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ as: ava, channel: fiveCalls.id, text: '/calls today' }) });
    expect(form.status).toBe(415);
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(`${base}/users`);
      request({ host: u.hostname, port: u.port, path: u.pathname, headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject).end();
    });
    expect(status).toBe(403);
  });

  it('rejects a body that is not JSON, unknown endpoints, and GETs without a member', async () => {
    expect((await post('/command', 'not json')).status).toBe(400);
    expect((await get('/nope')).status).toBe(404);
    expect((await get('/modal')).status).toBe(400);
    expect((await get(`/conversations/${fiveCalls.id}/messages?as=U_NOBODY`)).status).toBe(400);
  });

  it('submit values are checked against the modal', async () => {
    await post('/command', { as: ava, channel: fiveCalls.id, text: '/calls log Someone' });
    const modal = await poll(async () => (await get<{ view: { id: string } | null }>(`/modal?as=${ava}`)).body.view ?? undefined);
    const r = await post<{ error: string }>('/submit', { as: ava, viewId: modal.id, values: { nope: { nope: 'x' } } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/no such input/);
    const r2 = await post<{ error: string }>('/submit', { as: ava, viewId: modal.id, values: { outcome: { outcome: 'maybe' } } });
    expect(r2.status).toBe(400);
    expect(r2.body.error).toMatch(/not one of/);
    await post('/close', { as: ava, viewId: modal.id });
  });
});

describe('health and the page', () => {
  it('serves /, /healthz and /readyz (proxied to the app)', async () => {
    const page = await fetch(runtime.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Call Buddy');
    expect((await fetch(`${runtime.url}healthz`)).status).toBe(200);
    const ready = await fetch(`${runtime.url}readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, outbox: true, scheduler: true });
    expect((await fetch(`${runtime.url}..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it('serves /metrics (proxied to the app): the seeded demo shows sends, ticks and recaps', async () => {
    const r = await fetch(`${runtime.url}metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await r.text();
    expect(body).toMatch(/callbuddy_outbox_messages\{status="sent"\} [1-9]/);
    expect(body).toMatch(/callbuddy_slack_send_seconds_count\{method="chat\.postMessage",result="ok"\} [1-9]/);
    expect(body).toMatch(/process_resident_memory_bytes/);
  });

  it("gives the page's composer the subcommands `/calls help` lists", async () => {
    const body = (await get<{ command: string; subcommands: { name: string; usage: string; what: string; takesArgs: boolean }[] }>('/users')).body;
    expect(body.command).toBe('/calls');
    expect(body.subcommands.map((s) => [s.usage, s.what])).toEqual(HELP_LINES);
    expect(body.subcommands.filter((s) => s.takesArgs).map((s) => s.name)).toEqual(['log', 'people', 'pause', 'schedule', 'export']);
  });
});

describe('two workspaces (Acme and Globex)', () => {
  const G = SECOND_TEAM_ID;
  const inG = (p: string) => `${p}${p.includes('?') ? '&' : '?'}workspace=${G}`;
  const textOf = (ms: Msg[]) => ms.map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`).join('\n');
  let gUsers: { id: string; realName: string; tz: string }[];
  let gChannel: Conv;

  beforeAll(async () => {
    gUsers = (await get<{ users: typeof gUsers }>(inG('/users'))).body.users;
    gChannel = (await get<{ conversations: Conv[] }>(inG(`/conversations?as=${gUsers[0]!.id}`))).body.conversations.find((c) => c.name === 'standup-calls')!;
  });

  it('lists both workspaces; the first is the default, the second its own team with its own members and circle', async () => {
    const { body } = await get<{ workspaces: { id: string; name: string; members: number; channel: string | null }[] }>('/workspaces');
    expect(body.workspaces.map((w) => [w.id, w.name, w.members])).toEqual([[SANDBOX_TEAM_ID, 'Acme', 8], [G, 'Globex', 4]]);
    expect((await get<{ team: { id: string } }>('/users')).body.team.id).toBe(SANDBOX_TEAM_ID);
    expect((await get<{ team: { id: string } }>(inG('/users'))).body.team.id).toBe(G);
    expect(gUsers.map((u) => u.realName)).toEqual(SECOND_TEAM_MEMBERS.map((m) => m.realName));
    expect(gUsers.filter((u) => users.some((a) => a.id === u.id))).toEqual([]);
    expect(gChannel.members.map((m) => m.id).sort()).toEqual(gUsers.map((u) => u.id).sort());
    // Nobody acts across: an Acme member is unknown in Globex, an unknown workspace is refused.
    expect((await get(inG(`/conversations?as=${ava}`))).status).toBe(400);
    expect((await post('/command', { as: gUsers[0]!.id, channel: fiveCalls.id, text: '/calls today' })).status).toBe(400);
    expect((await get('/users?workspace=T0NOPE')).status).toBe(400);
  });

  it('both were installed through "Add to Slack" (OAuth): an installation each, its token sealed, a welcome DM to the installer', async () => {
    const rows = await handle.db.selectFrom('installations').select(['workspace_id', 'team_name', 'installed_by', 'bot_token_enc', 'scopes', 'revoked_at']).orderBy('workspace_id').execute();
    expect(rows.map((r) => [r.workspace_id, r.team_name, r.revoked_at])).toEqual([[SANDBOX_TEAM_ID, 'Acme', null], [G, 'Globex', null]]);
    expect(rows.map((r) => r.installed_by)).toEqual([ava, gUsers[0]!.id]);
    for (const r of rows) {
      expect(r.bot_token_enc).toBeTruthy();
      expect(r.bot_token_enc).not.toMatch(/xox/);
      expect(r.scopes).toContain('files:write');
    }
    const gDm = (await get<{ conversations: Conv[] }>(inG(`/conversations?as=${gUsers[0]!.id}`))).body.conversations.find((c) => c.kind === 'app')!;
    const welcome = (await get<{ messages: Msg[] }>(inG(`/conversations/${gDm.id}/messages?as=${gUsers[0]!.id}&read=0`))).body.messages;
    expect(textOf(welcome)).toMatch(/Globex/);
  });

  it('a call logged in Globex counts there only; boards and messages never cross', async () => {
    const hana = gUsers[0]!.id;
    const callsOf = async (ws: string) => Number((await handle.db.selectFrom('calls').innerJoin('members', 'members.id', 'calls.member_id').where('members.workspace_id', '=', ws).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const [acmeBefore, globexBefore] = [await callsOf(SANDBOX_TEAM_ID), await callsOf(G)];
    expect(globexBefore).toBe(SECOND_TEAM_MEMBERS.reduce((n, m) => n + (m.calls[0] ?? 0), 0));
    expect((await post('/command', { as: hana, workspace: G, channel: gChannel.id, text: '/calls log Rosa Delgado' })).body).toMatchObject({ ok: true });
    const view = await poll(async () => (await get<{ view: { id: string } | null }>(inG(`/modal?as=${hana}`))).body.view ?? undefined);
    const r = await post<{ outcome: string }>('/submit', { as: hana, workspace: G, viewId: view.id, values: { category: { category: 'soundboard' }, outcome: { outcome: 'conversation' }, minutes: { minutes: '20' } } });
    expect(r.body.outcome).toBe('closed');
    expect(await callsOf(G)).toBe(globexBefore + 1);
    expect(await callsOf(SANDBOX_TEAM_ID)).toBe(acmeBefore);

    // Each circle's board names its own members only.
    await post('/command', { as: hana, workspace: G, channel: gChannel.id, text: '/calls leaderboard' });
    await post('/command', { as: ava, channel: fiveCalls.id, text: '/calls leaderboard' });
    const gText = textOf((await get<{ messages: Msg[] }>(inG(`/conversations/${gChannel.id}/messages?as=${hana}&read=0`))).body.messages);
    const aText = textOf(await messages(fiveCalls.id, ava));
    expect(gText).toMatch(/Hana/);
    expect(aText).toMatch(/Ava/);
    for (const m of DEMO_MEMBERS) expect(gText).not.toContain(m.realName);
    for (const m of SECOND_TEAM_MEMBERS) expect(aText).not.toContain(m.realName);
    for (const u of users) expect(gText).not.toContain(u.id);
    // The database agrees: every member row of a workspace is one of its people.
    const members = await handle.db.selectFrom('members').select(['workspace_id', 'slack_user_id']).execute();
    expect(members.filter((m) => m.workspace_id === G).map((m) => m.slack_user_id).sort()).toEqual(gUsers.map((u) => u.id).sort());
    expect(members.filter((m) => m.workspace_id === SANDBOX_TEAM_ID).every((m) => users.some((u) => u.id === m.slack_user_id))).toBe(true);
  });

  it("one clock for both; Next event is the shown workspace's own", async () => {
    const acme = (await get<{ now: string; next: { at: string; label: string } | null }>('/clock')).body;
    const globex = (await get<{ now: string; next: { at: string; label: string } | null }>(inG('/clock'))).body;
    expect(globex.now).toBe(acme.now);
    expect(globex.next).not.toBeNull();
    expect(Date.parse(globex.next!.at)).toBeGreaterThan(Date.parse(globex.now));
  });
});

describe('no token leaves the app', () => {
  it('no answer of the sandbox API and nothing in sandbox.json holds a Slack token', async () => {
    const TOKEN = /xox[abpr]-|xapp-/;
    const seen: string[] = [];
    const read = async (p: string) => {
      const r = await fetch(`${base}${p}`);
      const text = await r.text();
      seen.push(text);
      return JSON.parse(text) as Record<string, unknown>;
    };
    await read('/users');
    await read('/clock');
    for (const u of users) {
      const convs = (await read(`/conversations?as=${u.id}`)).conversations as Conv[];
      for (const c of convs) await read(`/conversations/${c.id}/messages?as=${u.id}&read=0`);
      await read(`/home?as=${u.id}`);
      await read(`/modal?as=${u.id}`);
    }
    await read(`/workspaces`);
    const gUsers = (await read(`/users?workspace=${SECOND_TEAM_ID}`)).users as { id: string }[];
    for (const u of gUsers) {
      const convs = (await read(`/conversations?as=${u.id}&workspace=${SECOND_TEAM_ID}`)).conversations as Conv[];
      for (const c of convs) await read(`/conversations/${c.id}/messages?as=${u.id}&read=0&workspace=${SECOND_TEAM_ID}`);
    }
    // An error answer too.
    seen.push(await (await fetch(`${base}/conversations/CNOPE/messages?as=${ava}`)).text());
    expect(seen.length).toBeGreaterThan(20);
    for (const text of seen) expect(TOKEN.test(text), text.slice(0, 200)).toBe(false);
    const saved = fs.existsSync(path.join(dataDir, 'sandbox.json')) ? fs.readFileSync(path.join(dataDir, 'sandbox.json'), 'utf8') : '';
    expect(TOKEN.test(saved)).toBe(false);
  });
});

describe('persistence', () => {
  it('a restart keeps the clock and the workspace; --reset starts a fresh one', async () => {
    const clock = (await get<{ now: string }>('/clock')).body.now;
    const before = await messages(fiveCalls.id, ava);
    await stop();
    expect(fs.existsSync(path.join(dataDir, 'sandbox.json'))).toBe(true);

    await start();
    expect(runtime.seeded).toBe(false);
    expect((await get<{ now: string }>('/clock')).body.now).toBe(clock);
    expect((await messages(fiveCalls.id, ava)).map((m) => m.ts)).toEqual(before.map((m) => m.ts));
    // The restored workspaces still talk to the app, each with its installation's token (the emulated
    // Slack kept only the tokens' hashes).
    expect((await post('/command', { as: ava, channel: fiveCalls.id, text: '/calls today' })).status).toBe(200);
    const g = (await get<{ users: { id: string }[] }>(`/users?workspace=${SECOND_TEAM_ID}`)).body.users[0]!.id;
    const gChannel = (await get<{ conversations: Conv[] }>(`/conversations?as=${g}&workspace=${SECOND_TEAM_ID}`)).body.conversations.find((c) => c.name === 'standup-calls')!;
    const gBefore = (await get<{ messages: Msg[] }>(`/conversations/${gChannel.id}/messages?as=${g}&read=0&workspace=${SECOND_TEAM_ID}`)).body.messages.length;
    expect((await post('/command', { as: g, workspace: SECOND_TEAM_ID, channel: gChannel.id, text: '/calls leaderboard' })).body).toMatchObject({ ok: true });
    await poll(async () => ((await get<{ messages: Msg[] }>(`/conversations/${gChannel.id}/messages?as=${g}&read=0&workspace=${SECOND_TEAM_ID}`)).body.messages.length > gBefore ? true : undefined));
    await stop();

    // --reset: sandbox.json and the sandbox team's rows go; the same seed runs again on the same database.
    await start(true);
    expect(runtime.seeded).toBe(true);
    const dm = (await get<{ conversations: Conv[] }>(`/conversations?as=${ava}`)).body.conversations.find((c) => c.kind === 'app')!;
    const logged = (await messages(dm.id, ava)).filter((m) => /Logged/.test(m.text)).length;
    expect(logged).toBe(seededLogged);
    expect((await messages(fiveCalls.id, ava)).filter((m) => /Soundboard partners/.test(m.text)).length).toBe(seededPairings);
  }, 120_000);
});
