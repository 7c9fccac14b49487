/** `npm start` as a newcomer runs it: a real child process, its HTTP port, its signals. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator } from '../src/sandbox/emulator/index.js';
import { freePort } from './helpers/ports.js';
import { poll, until } from './helpers/wait.js';

const root = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLACK_') && k !== 'DATABASE_URL'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...clean, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** The first answer from `url` (the process may not be listening yet). */
async function waitFor(url: string, timeoutMs: number): Promise<Response> {
  return poll(() => fetch(url).catch(() => undefined), { ms: timeoutMs, every: 200, what: url });
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('npm start', () => {
  it('migrates the embedded database, answers /healthz and /readyz, and stops within 5 s on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-start-'));
    const port = await freePort();
    const app = start({ DATA_DIR: dataDir, PORT: String(port) });
    const ready = await waitFor(`http://127.0.0.1:${port}/readyz`, 75_000);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, database: true, migrations: true });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(app.output()).toMatch(/No Slack credentials are set.*README/);

    // A second process may not open the same PGlite directory.
    const second = start({ DATA_DIR: dataDir, PORT: String(await freePort()) });
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toMatch(/in use by another Call Buddy process/);

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0); // a clean exit on SIGTERM (a hang fails the test by its timeout)
    expect(fs.existsSync(path.join(dataDir, 'call-buddy.lock'))).toBe(false);
  }, 90_000);

  it('stops with one line naming the variable when a value is bad', async () => {
    const app = start({ PORT: 'abc', DATA_DIR: path.join(os.tmpdir(), 'cb-never') });
    expect(await app.exited).toBe(1);
    const lines = app.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT must be a whole number/);
  }, 30_000);

  it('serves Slack over HTTP with SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (signed commands answered, Web API at SLACK_API_URL)', async () => {
    const signingSecret = 'main-test-signing-secret';
    const botToken = 'xoxb-main-test-token';
    const emu = createEmulator({ botToken, signingSecret });
    const { url } = await emu.start();
    try {
      const ann = emu.addUser({ name: 'ann', tz: 'Europe/Berlin' }).id;
      const port = await freePort();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-slack-'));
      const app = start({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: url });
      expect((await waitFor(`http://127.0.0.1:${port}/readyz`, 75_000)).status).toBe(200);
      emu.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
      const reply = await emu.slashCommand({ user: ann, text: 'help' });
      expect(reply.status).toBe(200);
      const forged = await emu.slashCommand({ user: ann, text: 'help' }, { signature: 'v0=forged' });
      expect(forged.status).toBe(401);
      // The greeting for a first contact goes out through the outbox worker started by main.
      const deadline = Date.now() + 15_000;
      while (emu.dmMessages(ann).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(emu.dmMessages(ann).length).toBeGreaterThan(0);
      expect(app.output()).toMatch(/serving Slack on \/slack\/events/);
      expect(app.output()).not.toContain(botToken);
      expect(app.output()).not.toContain(signingSecret);
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    } finally {
      await emu.stop();
    }
  }, 90_000);

  it('serves Slack over Socket Mode with SLACK_APP_TOKEN: commands, a button, a modal with inline errors, a saved call', async () => {
    const botToken = 'xoxb-main-socket-token';
    const appToken = 'xapp-1-main-socket-token';
    const emu = createEmulator({ botToken, appToken });
    const { url } = await emu.start();
    try {
      const ann = emu.addUser({ name: 'ann', tz: 'Europe/Berlin' }).id;
      const port = await freePort();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-socket-'));
      // No signing secret: Socket Mode does not need one.
      const app = start({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SLACK_BOT_TOKEN: botToken, SLACK_APP_TOKEN: appToken, SLACK_API_URL: url });
      expect((await waitFor(`http://127.0.0.1:${port}/readyz`, 75_000)).status).toBe(200);
      const waitUntil = (what: string, ok: () => boolean) => until(ok, { ms: 15_000, every: 100, what: () => `${what}\n${app.output()}` });
      await waitUntil('the Socket Mode connection', () => emu.socketConnections > 0);
      // apps.connections.open went out with the app-level token, everything else with the bot token.
      expect(emu.calls('apps.connections.open').every((c) => c.ok)).toBe(true);

      const today = await emu.slashCommand({ user: ann, text: 'today' });
      expect(today.status).toBe(200);
      await waitUntil('the /calls today reply', () => emu.ephemerals(ann).some((e) => /Log this call/.test(JSON.stringify(e.blocks ?? []))));
      const reply = emu.ephemerals(ann).find((e) => /Log this call/.test(JSON.stringify(e.blocks ?? [])))!;

      // The reply's "Log a different call" button arrives as an `interactive` envelope and opens the modal.
      expect((await emu.blockAction({ user: ann, channel: reply.channel, message: reply.ts, actionId: 'open_checkin' })).status).toBe(200);
      await waitUntil('the check-in modal', () => emu.currentModal(ann) !== undefined);
      const modal = emu.currentModal(ann)!;
      // The ack's payload carries response_action: errors, as an HTTP response body would.
      const chosen = {
        category: { category: { type: 'static_select', selected_option: { value: 'stretch' } } },
        outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'conversation' } } },
      };
      const bad = await emu.submitView({ user: ann, viewId: modal.id, values: { ...chosen, who: { who: { type: 'plain_text_input', value: 'Grace' } }, minutes: { minutes: { type: 'plain_text_input', value: 'lots' } } } });
      expect(bad.outcome).toBe('errors');
      expect(Object.keys(bad.errors!)).toEqual(['minutes']);
      const good = await emu.submitView({
        user: ann,
        viewId: modal.id,
        values: {
          ...chosen,
          who: { who: { type: 'plain_text_input', value: 'Grace' } },
          minutes: { minutes: { type: 'plain_text_input', value: '12' } },
        },
      });
      expect(good.outcome).toBe('closed');
      await waitUntil('the confirmation DM', () => emu.dmMessages(ann).some((m) => /Logged a conversation/.test(m.text ?? '')));
      // app_home_opened arrives as an `events_api` envelope; the app publishes the Home.
      await emu.appHomeOpened(ann);
      await waitUntil('the App Home', () => emu.homeView(ann) !== undefined);

      expect(app.output()).toMatch(/connected to Slack over Socket Mode/);
      expect(app.output()).not.toContain(botToken);
      expect(app.output()).not.toContain(appToken);
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    } finally {
      await emu.stop();
    }
  }, 90_000);
});
