// The sandbox page's side of file uploads: a message's shared files are listed, and the page fetches
// the bytes of an uploaded file (slack_file images, file shares) from GET /sandbox/api/files/<id>.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/sandbox/emulator/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { imageSrc } from '../../src/sandbox/public/blocks.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const silent = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

let emu: Emulator;
let sandbox: Sandbox;
let dataDir: string;
let web: WebClient;
let alice: string;
let channel: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-sandbox-files-'));
  emu = createEmulator({ botToken: 'xoxb-sandbox-files' });
  const { url } = await emu.start();
  web = new WebClient('xoxb-sandbox-files', { slackApiUrl: url, retryConfig: { retries: 0 }, logger: silent });
  alice = emu.addUser({ name: 'alice', real_name: 'Alice' }).id;
  channel = emu.addChannel({ name: 'five-calls', members: [alice] }).id;
  let now = new Date('2026-03-06T15:00:00Z');
  sandbox = await startSandbox({
    port: 0, dataDir, emulator: emu, appUrl: 'http://127.0.0.1:9/slack/events', tick: async () => {},
    reset: true, seed: false, logger: { info() {}, warn() {}, error() {} },
    clock: { now: () => now, set: (d: Date) => { now = d; } },
  });
});
afterAll(async () => {
  await sandbox?.stop();
  await emu?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('uploaded files on the sandbox page', () => {
  it('serves an image shown with slack_file, and lists files shared with a message', async () => {
    const up = await web.filesUploadV2({ file: PNG, filename: 'recap.png', title: 'Recap chart' });
    const id = (up.files[0] as unknown as { files: { id: string }[] }).files[0]!.id;
    await web.chat.postMessage({ channel, text: 'Recap', blocks: [{ type: 'image', slack_file: { id }, alt_text: 'chart' }] });
    await web.filesUploadV2({ content: 'a,b\n', filename: 'calls.csv', channel_id: channel, initial_comment: 'CSV' });

    const src = imageSrc({ slack_file: { id } });
    expect(src).toBe(`/sandbox/api/files/${id}`);
    const img = await fetch(new URL(src, sandbox.url));
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer()).equals(PNG)).toBe(true);

    const r = await fetch(`${sandbox.url}sandbox/api/conversations/${channel}/messages?as=${alice}`);
    const body = (await r.json()) as { messages: { text: string; files: { name: string; mimetype: string }[] }[] };
    expect(body.messages.map((m) => [m.text, m.files.map((f) => f.name)])).toEqual([['Recap', []], ['CSV', ['calls.csv']]]);
    expect((await fetch(`${sandbox.url}sandbox/api/files/F0NOPE`)).status).toBe(404);
  });

  it('finds the file behind a slack_file url too', async () => {
    expect(imageSrc({ slack_file: { url: 'http://127.0.0.1:5/files-pri/T0EMULATOR-F0000000A/recap.png' } })).toBe('/sandbox/api/files/F0000000A');
    expect(imageSrc({ image_url: 'https://example.com/x.png' })).toBe('https://example.com/x.png');
  });
});
