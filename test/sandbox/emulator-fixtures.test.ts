// Compares what the emulator sends with real payload examples in ../shared/slack/fixtures (when present).
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/sandbox/emulator/index.js';

const FIXTURES = fileURLToPath(new URL('../../../shared/slack/fixtures/', import.meta.url));
const present = existsSync(FIXTURES);
if (!present) console.warn(`[emulator fixtures] ${FIXTURES} not found: skipping the fixture comparison tests`);

describe.skipIf(!present)('emulator payloads match Slack fixtures', () => {
  let emu: Emulator;
  let server: Server;
  const received: { contentType: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ contentType: String(req.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    emu = createEmulator({ appUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events` });
    await emu.start();
  });
  afterAll(async () => {
    await emu.stop();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('slash command has every field of the fixtures (bar enterprise ones) and nothing unknown', async () => {
    const fixtureKeys = new Set<string>();
    for (const f of ['slash_command.form-urlencoded.txt', 'slash_command.slack-docs-example.txt']) {
      for (const k of new URLSearchParams(readFileSync(FIXTURES + f, 'utf8').trim()).keys()) fixtureKeys.add(k);
    }
    const user = emu.addUser({ name: 'alice' }).id;
    const r = await emu.slashCommand({ user, text: 'today' });
    const last = received.at(-1)!;
    expect(last.contentType).toBe('application/x-www-form-urlencoded');
    const sent = new Set(new URLSearchParams(last.body).keys());
    const optional = new Set(['enterprise_id', 'enterprise_name']);
    for (const k of fixtureKeys) if (!optional.has(k)) expect(sent, `missing ${k}`).toContain(k);
    const documentedExtras = new Set(['api_app_id', 'is_enterprise_install']);
    for (const k of sent) expect(fixtureKeys.has(k) || documentedExtras.has(k), `unexpected ${k}`).toBe(true);
    expect(r.status).toBe(200);
  });

  it('block_actions payload has the fixture keys at each level', async () => {
    const fixture = JSON.parse(readFileSync(FIXTURES + 'block_actions.payload.json', 'utf8')) as Record<string, Record<string, unknown>>;
    const user = emu.addUser({ name: 'bob' }).id;
    const channel = emu.addChannel({ name: 'general', members: [user] }).id;
    const web = await fetch(`${emu.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel, text: 't', blocks: [{ type: 'actions', block_id: 'b', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'Button', emoji: true }, value: 'click_me_123' }] }] }),
    });
    const { ts } = (await web.json()) as { ts: string };
    await emu.blockAction({ user, channel, message: ts, actionId: 'a' });
    const last = received.at(-1)!;
    expect(last.contentType).toBe('application/x-www-form-urlencoded');
    const payload = JSON.parse(new URLSearchParams(last.body).get('payload')!) as Record<string, Record<string, unknown>>;
    const keys = (o: unknown) => Object.keys(o as object).sort();
    const withoutEnterprise = (ks: string[]) => ks.filter((k) => !k.startsWith('enterprise_'));
    for (const k of Object.keys(fixture)) expect(payload, `payload.${k}`).toHaveProperty(k);
    expect(keys(payload.user)).toEqual(keys(fixture.user));
    expect(keys(payload.container)).toEqual(keys(fixture.container));
    expect(keys(payload.channel)).toEqual(keys(fixture.channel));
    expect(withoutEnterprise(keys(payload.team))).toEqual(withoutEnterprise(keys(fixture.team)));
    const action = (payload.actions as unknown as Record<string, unknown>[])[0];
    const fixtureAction = (fixture.actions as unknown as Record<string, unknown>[])[0];
    expect(keys(action)).toEqual(keys(fixtureAction));
  });

  it('view_submission payload has the fixture keys', async () => {
    const fixture = JSON.parse(readFileSync(FIXTURES + 'view_submission.payload.json', 'utf8')) as Record<string, Record<string, unknown>>;
    const user = emu.addUser({ name: 'carol' }).id;
    const trigger = emu.issueTriggerId(user);
    const res = await fetch(`${emu.url}views.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ trigger_id: trigger, view: { type: 'modal', title: { type: 'plain_text', text: 'My App' }, submit: { type: 'plain_text', text: 'Submit' }, blocks: fixture.view!.blocks } }),
    });
    const opened = (await res.json()) as { view: { id: string } };
    await emu.submitView({ user, viewId: opened.view.id, values: { hspI: { maBWU: { type: 'plain_text_input', value: 'test' } } } });
    const payload = JSON.parse(new URLSearchParams(received.at(-1)!.body).get('payload')!) as Record<string, Record<string, unknown>>;
    for (const k of Object.keys(fixture)) expect(payload, `payload.${k}`).toHaveProperty(k);
    for (const k of Object.keys(fixture.view!)) expect(payload.view, `view.${k}`).toHaveProperty(k);
    expect(payload.view!.state).toEqual(fixture.view!.state);
  });
});
