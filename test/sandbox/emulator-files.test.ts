// File uploads against the emulator with the real @slack/web-api WebClient (filesUploadV2 end to end),
// the raw three steps, and image blocks that show an upload with slack_file.
import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../src/platform/scopes.js';
import { createEmulator, validateBlocks, type Emulator } from '../../src/sandbox/emulator/index.js';
import { sniffType } from '../../src/sandbox/emulator/files.js';

const TOKEN = 'xoxb-files-token';
const silent = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };
// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

let emu: Emulator;
let url: string;
let origin: string;
let web: WebClient;
let alice: string;
let general: string;
let outside: string;

beforeEach(async () => {
  // The manifest's scopes and files:read, which files.info needs (the app itself never calls it).
  emu = createEmulator({ botToken: TOKEN, scopes: [...BOT_SCOPES, 'files:read'] });
  ({ url, origin } = await emu.start());
  web = new WebClient(TOKEN, { slackApiUrl: url, retryConfig: { retries: 0 }, logger: silent });
  alice = emu.addUser({ name: 'alice' }).id;
  general = emu.addChannel({ name: 'general', members: [alice] }).id;
  outside = emu.addChannel({ name: 'outside', members: [alice], botMember: false }).id;
});
afterEach(async () => {
  await emu.stop();
});

async function slackError(p: Promise<unknown>): Promise<{ error?: string; messages?: string[] }> {
  try {
    await p;
  } catch (e) {
    const data = (e as { data?: { error?: string; response_metadata?: { messages?: string[] } } }).data;
    return { error: data?.error, messages: data?.response_metadata?.messages };
  }
  throw new Error('expected the call to fail');
}

const imageBlock = (slackFile: Record<string, string>) => [{ type: 'image', slack_file: slackFile, alt_text: 'chart' }];

describe('filesUploadV2 against the emulator', () => {
  it('uploads a private file the bot can then show in an image block', async () => {
    const res = await web.filesUploadV2({ file: PNG, filename: 'recap.png', title: 'Recap', alt_text: 'Calls per week' });
    const done = (res.files[0] as unknown as { files: { id: string; title: string }[] }).files[0]!;
    expect(done.title).toBe('Recap');
    const [file] = emu.files();
    expect(file).toMatchObject({ id: done.id, name: 'recap.png', mimetype: 'image/png', filetype: 'png', size: PNG.length, channels: [], alt_txt: 'Calls per week' });
    expect(emu.fileContent(done.id)?.data.equals(PNG)).toBe(true);
    expect(emu.calls().map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);

    const posted = await web.chat.postMessage({ channel: general, text: 'Recap', blocks: imageBlock({ id: done.id }) });
    expect(posted.ok).toBe(true);
    expect(emu.messages(general).at(-1)?.blocks).toEqual(imageBlock({ id: done.id }));

    const info = await web.files.info({ file: done.id });
    const urlPrivate = (info.file as { url_private: string }).url_private;
    expect(urlPrivate.startsWith(origin)).toBe(true);
    expect((await web.chat.postMessage({ channel: general, text: 'by url', blocks: imageBlock({ url: urlPrivate }) })).ok).toBe(true);
    // url_private needs the bot's token, as Slack's does.
    expect((await fetch(urlPrivate)).status).toBe(404);
    const got = await fetch(urlPrivate, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('shares a file in a conversation with an initial comment: one file-share message', async () => {
    const dm = emu.dmChannelFor(alice).id;
    await web.filesUploadV2({ content: 'date,week\n2026-03-02,2026-W10\n', filename: 'calls.csv', channel_id: dm, initial_comment: 'Your calls' });
    const msg = emu.messages(dm).at(-1)!;
    expect(msg.text).toBe('Your calls');
    expect(msg.files).toHaveLength(1);
    const file = emu.files()[0]!;
    expect(file).toMatchObject({ name: 'calls.csv', mimetype: 'text/csv', channels: [dm] });
    const history = await web.conversations.history({ channel: dm });
    const shared = (history.messages?.[0] as { files?: { id: string; name: string }[] }).files;
    expect(shared?.[0]).toMatchObject({ id: file.id, name: 'calls.csv' });
  });

  it('refuses a channel the bot is not in, an unknown one, and a user id in channel_id', async () => {
    expect((await slackError(web.filesUploadV2({ file: PNG, filename: 'a.png', channel_id: outside }))).error).toBe('not_in_channel');
    expect((await slackError(web.filesUploadV2({ file: PNG, filename: 'a.png', channel_id: 'C0NOTHERE1' }))).error).toBe('channel_not_found');
    const byUser = await slackError(web.filesUploadV2({ file: PNG, filename: 'a.png', channel_id: alice }));
    expect(byUser.error).toBe('invalid_arguments');
    expect(byUser.messages?.[0]).toContain('json-pointer:/channel_id');
    // Nothing was completed or posted.
    expect(emu.files()).toEqual([]);
    expect(emu.messages(outside)).toEqual([]);
  });
});

describe('files.getUploadURLExternal and the upload', () => {
  it('checks length, filename and alt_txt', async () => {
    expect((await slackError(web.files.getUploadURLExternal({ filename: 'a.png', length: 0 }))).error).toBe('missing_argument');
    expect((await slackError(web.apiCall('files.getUploadURLExternal', { length: 10 }))).error).toBe('invalid_arguments');
    expect((await slackError(web.files.getUploadURLExternal({ filename: 'a.png', length: 2 * 1024 ** 3 }))).error).toBe('file_upload_size_restricted');
    expect((await slackError(web.apiCall('files.getUploadURLExternal', { filename: 'a.png', length: 5, alt_txt: 'x'.repeat(1001) }))).error).toBe('alt_txt_too_large');
  });

  it('takes exactly `length` bytes, raw or multipart, once', async () => {
    const open = (await web.files.getUploadURLExternal({ filename: 'a.png', length: PNG.length })) as unknown as { upload_url: string; file_id: string };
    const short = await fetch(open.upload_url, { method: 'POST', body: new Uint8Array(PNG.subarray(1)) });
    expect(short.status).toBe(400);
    const long = await fetch(open.upload_url, { method: 'POST', body: new Uint8Array(Buffer.concat([PNG, Buffer.alloc(70 * 1024)])) });
    expect(long.status).toBe(413);
    expect((await slackError(web.files.completeUploadExternal({ files: [{ id: open.file_id }] }))).error).toBe('file_not_found');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG)]), 'a.png');
    const ok = await fetch(open.upload_url, { method: 'POST', body: form });
    expect([ok.status, await ok.text()]).toEqual([200, `OK - ${PNG.length}`]);
    expect((await fetch(open.upload_url, { method: 'POST', body: new Uint8Array(PNG) })).status).toBe(409);
    expect((await fetch(`${origin}/upload/v1/deadbeef`, { method: 'POST', body: 'x' })).status).toBe(404);
    const done = await web.files.completeUploadExternal({ files: [{ id: open.file_id, title: 'A' }] });
    expect(done.files?.[0]).toMatchObject({ id: open.file_id, title: 'A' });
    // The upload ticket is spent: completing again finds nothing.
    expect((await slackError(web.files.completeUploadExternal({ files: [{ id: open.file_id }] }))).error).toBe('file_not_found');
  });

  it('validates blocks given to completeUploadExternal and ignores them beside initial_comment', async () => {
    const open = (await web.files.getUploadURLExternal({ filename: 'a.png', length: PNG.length })) as unknown as { upload_url: string; file_id: string };
    await fetch(open.upload_url, { method: 'POST', body: new Uint8Array(PNG) });
    const bad = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    expect((await slackError(web.apiCall('files.completeUploadExternal', { files: [{ id: open.file_id }], channel_id: general, blocks: bad }))).error).toBe('invalid_blocks');
    expect(emu.files()).toEqual([]);
    await web.apiCall('files.completeUploadExternal', { files: [{ id: open.file_id }], channel_id: general, blocks: bad, initial_comment: 'hi' });
    expect(emu.messages(general).at(-1)).toMatchObject({ text: 'hi', files: [open.file_id] });
    expect(emu.messages(general).at(-1)?.blocks).toBeUndefined();
  });
});

describe('image blocks with slack_file', () => {
  async function upload(data: Buffer, filename: string): Promise<string> {
    const res = await web.filesUploadV2({ file: data, filename });
    return (res.files[0] as unknown as { files: { id: string }[] }).files[0]!.id;
  }

  it('refuses an unknown file, a file that is not an image, and an upload not yet completed', async () => {
    const err = await slackError(web.chat.postMessage({ channel: general, text: 'x', blocks: imageBlock({ id: 'F0NOPE' }) }));
    expect(err.error).toBe('invalid_blocks');
    expect(err.messages).toEqual(['[ERROR] invalid slack file [json-pointer:/blocks/0/slack_file]']);
    const csv = await upload(Buffer.from('a,b\n1,2\n'), 'x.csv');
    expect((await slackError(web.chat.postMessage({ channel: general, text: 'x', blocks: imageBlock({ id: csv }) }))).error).toBe('invalid_blocks');
    const open = (await web.files.getUploadURLExternal({ filename: 'a.png', length: PNG.length })) as unknown as { upload_url: string; file_id: string };
    await fetch(open.upload_url, { method: 'POST', body: new Uint8Array(PNG) });
    expect((await slackError(web.chat.postMessage({ channel: general, text: 'x', blocks: imageBlock({ id: open.file_id }) }))).error).toBe('invalid_blocks');
    expect(emu.messages(general)).toEqual([]);
  });

  it('checks slack_file in views and the Home tab too', async () => {
    const id = await upload(PNG, 'chart.png');
    expect((await web.views.publish({ user_id: alice, view: { type: 'home', blocks: imageBlock({ id }) as never } })).ok).toBe(true);
    const err = await slackError(web.views.publish({ user_id: alice, view: { type: 'home', blocks: imageBlock({ id: 'F0NOPE' }) as never } }));
    expect(err.error).toBe('invalid_arguments');
  });

  it('the pure validator checks the shape: exactly one of image_url / slack_file, and id or url', () => {
    expect(validateBlocks(imageBlock({ id: 'F1' }), 'message')).toEqual([]);
    expect(validateBlocks(imageBlock({}), 'message')).toEqual(['must provide either id or url [json-pointer:/blocks/0/slack_file]']);
    expect(validateBlocks([{ type: 'image', image_url: 'https://x/y.png', slack_file: { id: 'F1' }, alt_text: 'a' }], 'message'))
      .toEqual(['must provide either image_url or slack_file [json-pointer:/blocks/0]']);
  });

  it('keeps completed files in the snapshot, so a restored workspace still shows them', async () => {
    const id = await upload(PNG, 'chart.png');
    const snap = emu.snapshot();
    emu.restore(JSON.parse(JSON.stringify(snap)));
    expect(emu.fileContent(id)?.data.equals(PNG)).toBe(true);
    expect((await web.chat.postMessage({ channel: general, text: 'x', blocks: imageBlock({ id }) })).ok).toBe(true);
  });
});

describe('sniffType', () => {
  it('reads the content, not only the name', () => {
    expect(sniffType(PNG, 'not-an-image.csv').mimetype).toBe('image/png');
    expect(sniffType(Buffer.from('a,b'), 'x.png').mimetype).toBe('application/octet-stream');
    expect(sniffType(Buffer.from('a,b'), 'x.csv').mimetype).toBe('text/csv');
  });
});
