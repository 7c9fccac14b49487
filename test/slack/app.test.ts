// The app's shell: health routes beside /slack/events, first contact from the Home tab, an apology
// (not Slack's silent timeout) when a listener fails, and Socket Mode: the app token opens the socket.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { createSlackApp } from '../../src/slack/app.js';
import { describeDb } from '../helpers/db.js';
import { createEmulator } from '../../src/sandbox/emulator/index.js';
import { memoryLogger } from '../helpers/logger.js';
import { until } from '../helpers/wait.js';
import { blockKitProblems, SECRET, startHarness, TOKEN, type Harness } from './harness.js';

describeDb('Slack app shell', (ctx) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(ctx());
  });
  afterAll(async () => {
    await h?.stop();
  });
  const base = () => `http://127.0.0.1:${h.slack.port()}`;

  it('serves /healthz and /readyz beside /slack/events', async () => {
    const health = await fetch(`${base()}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, database: true, migrations: true });
  });

  it("an unknown user's first Home visit creates the member, greets them and publishes the Home", async () => {
    const eve = h.emu.addUser({ name: 'eve', tz: 'Australia/Sydney' }).id;
    const r = await h.emu.appHomeOpened(eve);
    expect(r.status).toBe(200);
    await until(() => h.emu.homeView(eve) !== undefined);
    await until(() => h.emu.dmMessages(eve).length === 1);
    const m = await ctx().db.selectFrom('members').selectAll().where('slack_user_id', '=', eve).executeTakeFirstOrThrow();
    expect(m.slack_tz).toBe('Australia/Sydney');
    // The Messages tab publishes nothing.
    const publishes = h.emu.calls('views.publish').length;
    await h.emu.appHomeOpened(eve, { tab: 'messages' });
    await new Promise((res) => setTimeout(res, 100));
    expect(h.emu.calls('views.publish').length).toBe(publishes);
  });

  it('app_home_opened is retried in-process when it fails (Slack never retries an acknowledged event), then shows an apology Home', async () => {
    const hal = h.emu.addUser({ name: 'hal' }).id;
    h.emu.injectFault({ method: 'views.publish', error: 'internal_error', times: 1 });
    expect((await h.emu.appHomeOpened(hal)).status).toBe(200);
    await until(() => JSON.stringify(h.emu.homeView(hal)?.blocks ?? []).includes('This week'), 8000);

    const ida = h.emu.addUser({ name: 'ida' }).id;
    h.emu.injectFault({ method: 'views.publish', error: 'internal_error', times: 3 });
    expect((await h.emu.appHomeOpened(ida)).status).toBe(200);
    await until(() => JSON.stringify(h.emu.homeView(ida)?.blocks ?? []).includes("couldn't load your week"), 8000);
    expect(h.logs.some((l) => l.includes('listener failed') && l.includes('app_home_opened'))).toBe(true);
  });

  it('a failing Slack call gets a short apology, logged with context and no notes', async () => {
    const fay = h.emu.addUser({ name: 'fay' }).id;
    await h.emu.slashCommand({ user: fay, text: 'today' });
    await until(() => h.emu.ephemerals(fay).length === 1);
    h.emu.injectFault({ method: 'views.open', error: 'internal_error' });
    await h.emu.slashCommand({ user: fay, text: 'log someone' });
    await until(() => h.emu.ephemerals(fay).length === 2);
    expect(h.emu.ephemerals(fay).at(-1)!.text).toMatch(/Sorry, something went wrong/);
    const line = h.logs.find((l) => l.includes('listener failed') && l.includes(fay));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ where: '/calls log', userId: fay, teamId: 'T0E2E' });
  });

  it('a failure while saving a check-in keeps the modal open with an inline apology', async () => {
    const gus = h.emu.addUser({ name: 'gus' }).id;
    await h.emu.slashCommand({ user: gus, text: 'log' });
    await until(() => h.emu.currentModal(gus) !== undefined);
    const modal = h.emu.currentModal(gus)!;
    // Pull the member out from under the submit, so saving fails after validation would pass.
    await ctx().db.deleteFrom('members').where('slack_user_id', '=', gus).execute();
    const r = await h.emu.submitView({
      user: gus,
      viewId: modal.id,
      values: {
        who: { who: { type: 'plain_text_input', value: 'Kim' } },
        category: { category: { type: 'static_select', selected_option: { value: 'stretch' } } },
        outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'no_answer' } } },
        notes: { notes: { type: 'plain_text_input', value: 'PRIVATE-NOTE' } },
      },
    });
    expect(r.outcome).toBe('errors');
    expect(r.errors!.who).toMatch(/couldn't save/);
    expect(h.logs.join('')).not.toContain('PRIVATE-NOTE');
  });

  it('every payload the app sent is within Block Kit limits', () => {
    expect(blockKitProblems(h.emu)).toEqual([]);
  });
});

describeDb('Socket Mode', (ctx) => {
  const socketConfig = (appToken: string, apiUrl: string): Config => ({
    mode: 'socket',
    slack: { botToken: TOKEN, appToken, apiUrl },
    dataDir: './data',
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
  });

  it('with SLACK_APP_TOKEN connects to Slack over Socket Mode with that token and serves commands there; a wrong app token fails start', async () => {
    const emu = createEmulator({ botToken: TOKEN, appToken: 'xapp-1-right', signingSecret: SECRET, team: { id: 'T0SOCK', name: 'Sock', domain: 'sock' } });
    const { url } = await emu.start();
    const { logger } = memoryLogger('silent');
    const app = createSlackApp({ config: socketConfig('xapp-1-right', url), db: ctx().db, clock: { now: () => new Date() }, logger });
    try {
      expect(emu.socketConnections).toBe(0);
      await app.start();
      // It asked for a WebSocket URL with the app-level token and holds one connection.
      expect(emu.calls('apps.connections.open').map((c) => c.ok)).toEqual([true]);
      expect(emu.socketConnections).toBe(1);
      // A slash command reaches it over that socket (no HTTP endpoint is listening for Slack).
      const sam = emu.addUser({ name: 'sam' }).id;
      expect((await emu.slashCommand({ user: sam, text: 'help' })).status).toBe(200);
      await until(() => /\/calls log/.test(JSON.stringify(emu.ephemerals(sam).at(-1)?.blocks ?? [])));
    } finally {
      await app.stop();
    }
    await until(() => emu.socketConnections === 0);

    const wrong = createSlackApp({ config: socketConfig('xapp-1-wrong', url), db: ctx().db, clock: { now: () => new Date() }, logger });
    try {
      await expect(wrong.start()).rejects.toThrow();
      expect(emu.calls('apps.connections.open').at(-1)).toMatchObject({ ok: false, error: 'invalid_auth' });
      expect(emu.socketConnections).toBe(0);
    } finally {
      await wrong.stop().catch(() => undefined);
      await emu.stop();
    }
  });
});
