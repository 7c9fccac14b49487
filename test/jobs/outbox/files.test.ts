// The recap's chart through the outbox: rendered from the row's `_file` model by the injected renderer,
// uploaded with filesUploadV2 (files.getUploadURLExternal, the upload, files.completeUploadExternal) and
// shown with slack_file; whatever fails on the file's side, the recap's text goes out once.
import { expect, it } from 'vitest';
import { createOutboxWorker } from '../../../src/jobs/outbox-worker.js';
import { ensureCircle } from '../../../src/store/circles.js';
import { enqueueMessage, getOutboxMessage } from '../../../src/store/outbox.js';
import { messageFiles } from '../../../src/slack/views/recap-chart.js';
import type { MessageFileModel } from '../../../src/services/messages.js';
import { describeDb } from '../../helpers/db.js';
import { OUTBOX_WS, outboxHarness } from '../../helpers/outbox.js';
import { silentLogger } from '../../helpers/logger.js';

const WS = OUTBOX_WS;
const blocksOf = (b: unknown): unknown => (typeof b === 'string' ? JSON.parse(b) : b);
const CHART: MessageFileModel = {
  kind: 'recapChart', title: '#five-calls: calls per week',
  weeks: [
    { week: '2026-W47', conversations: 3, voicemails: 1, noAnswer: 2, goal: 9, activeMembers: 3, membersReached: 1 },
    { week: '2026-W48', conversations: 5, voicemails: 2, noAnswer: 1, goal: 9, activeMembers: 3, membersReached: 2 },
  ],
};

describeDb('outbox: files a message carries', (ctx, kind) => {
  const h = outboxHarness(ctx, kind);
  const { clock } = h;
  let n = 0;

  async function recapRow() {
    const { db } = ctx();
    n++;
    const channel = h.env.emu.addChannel({ name: `recap-${n}-${kind}`, members: [] });
    const circle = (await ensureCircle(db, WS, { channelId: channel.id, createdBy: 'U0CREATOR', at: clock.now() })).circle;
    const key = `recap:${circle.id}:2026-W48`;
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Weekly recap' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'intro' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'figures' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'footer' }] },
    ];
    await enqueueMessage(db, {
      workspaceId: WS, at: clock.now(), dedupeKey: key, kind: 'recap', method: 'chat.postMessage', channelKey: channel.id,
      payload: { channel: channel.id, text: `recap ${n}`, blocks, _file: CHART }, circleId: circle.id, notBefore: clock.now(),
    });
    return { key, channel: channel.id };
  }

  const posted = (channel: string) => h.env.emu.calls('chat.postMessage').filter((c) => c.args.channel === channel);

  it('uploads the chart without a channel, then posts the recap with an image block showing it (slack_file), once', async () => {
    const { db } = ctx();
    const { key, channel } = await recapRow();
    const w = createOutboxWorker({ db, dbKind: kind, clientFor: h.env.clientFor, clock, logger: silentLogger, files: messageFiles });
    expect(await w.drain()).toEqual({ sent: 1, failed: 0, retried: 0 });
    const calls = posted(channel);
    expect(calls).toHaveLength(1);
    expect('_file' in calls[0]!.args).toBe(false);
    const blocks = blocksOf(calls[0]!.args.blocks) as { type: string; slack_file?: { id: string }; alt_text?: string }[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'image', 'context']);
    const image = blocks[3]!;
    const file = h.env.emu.files().find((f) => f.id === image.slack_file?.id);
    expect(file?.mimetype).toBe('image/png');
    expect(Buffer.from(file!.content_base64, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(file?.channels).toEqual([]);
    expect(image.alt_text).toContain('In all 14 calls: 8 conversations, 3 voicemails, 3 no answer');
    expect(image.alt_text).toContain('W48 8 (5/2/1), goal 9, 2 of 3 (67%)');
    expect((await getOutboxMessage(db, WS, key))?.result).toMatchObject({ file: image.slack_file?.id });
    // A second drain sends nothing more.
    expect(await w.drain()).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(posted(channel)).toHaveLength(1);
  });

  it('after a crash that may have posted the recap, the channel is checked first: no second recap, no second upload', async () => {
    const { db } = ctx();
    const { key, channel } = await recapRow();
    const w = createOutboxWorker({ db, dbKind: kind, clientFor: h.env.clientFor, clock, logger: silentLogger, files: messageFiles });
    expect(await w.drain()).toEqual({ sent: 1, failed: 0, retried: 0 });
    const uploads = h.env.emu.calls('files.completeUploadExternal').length;
    // As if the worker had died after Slack took the message but before it recorded it.
    await db.updateTable('outbox').set({ status: 'pending', sent_at: null, not_before: clock.now(), result: JSON.stringify({ maybe_sent_since: clock.now().toISOString() }) })
      .where('workspace_id', '=', WS).where('dedupe_key', '=', key).execute();
    expect(await w.drain()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(posted(channel)).toHaveLength(1);
    expect(h.env.emu.messages(channel)).toHaveLength(1);
    expect(h.env.emu.calls('files.completeUploadExternal')).toHaveLength(uploads);
    expect((await getOutboxMessage(db, WS, key))?.result).toMatchObject({ recovered: true });
  });

  it('a chart that cannot be drawn costs the picture only: the text goes out', async () => {
    const { db } = ctx();
    const { channel } = await recapRow();
    const broken = { render: () => { throw new Error('no fonts'); }, show: messageFiles.show };
    const w = createOutboxWorker({ db, dbKind: kind, clientFor: h.env.clientFor, clock, logger: silentLogger, files: broken });
    expect(await w.drain()).toEqual({ sent: 1, failed: 0, retried: 0 });
    const blocks = blocksOf(posted(channel)[0]!.args.blocks) as { type: string }[];
    expect(blocks.map((b) => b.type)).not.toContain('image');
  });

  it('an upload Slack refuses (files.getUploadURLExternal down) costs the picture only, and the row is not retried', async () => {
    const { db } = ctx();
    const { channel } = await recapRow();
    h.env.emu.setFaultMode('files.getUploadURLExternal', { status: 500 });
    try {
      const w = createOutboxWorker({ db, dbKind: kind, clientFor: h.env.clientFor, clock, logger: silentLogger, files: messageFiles });
      expect(await w.drain()).toEqual({ sent: 1, failed: 0, retried: 0 });
    } finally {
      h.env.emu.setFaultMode('files.getUploadURLExternal', null);
    }
    expect(posted(channel)).toHaveLength(1);
    expect(JSON.stringify(posted(channel)[0]!.args.blocks)).not.toContain('slack_file');
  });

  it('an image block Slack refuses (the file is not ready) falls back to the text: one message', async () => {
    const { db } = ctx();
    const { channel } = await recapRow();
    h.env.emu.injectFault({ method: 'chat.postMessage', error: 'invalid_blocks' });
    const w = createOutboxWorker({ db, dbKind: kind, clientFor: h.env.clientFor, clock, logger: silentLogger, files: messageFiles });
    expect(await w.drain()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(h.env.emu.messages(channel)).toHaveLength(1);
    expect(JSON.stringify(posted(channel).at(-1)!.args.blocks)).not.toContain('slack_file');
  });

  it('without a renderer (no files injected) the text goes alone and the model never reaches Slack', async () => {
    const { db } = ctx();
    const { channel } = await recapRow();
    const w = createOutboxWorker({ db, dbKind: kind, clientFor: h.env.clientFor, clock, logger: silentLogger });
    expect(await w.drain()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect('_file' in posted(channel)[0]!.args).toBe(false);
  });
});
