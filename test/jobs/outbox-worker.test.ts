import { expect, it } from 'vitest';
import { setTimeout as delay } from 'node:timers/promises';
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../../src/clock.js';
import { createWorkerClient } from '../../src/jobs/outbox-worker.js';
import { ensureCircle } from '../../src/store/circles.js';
import { ensureMember, getMember } from '../../src/store/members.js';
import { enqueueMessage, getOutboxMessage, listFailedMessages } from '../../src/store/outbox.js';
import { getCircle } from '../../src/store/circles.js';
import { describeDb } from '../helpers/db.js';
import { OUTBOX_WS, outboxHarness } from '../helpers/outbox.js';

const WS = OUTBOX_WS;

describeDb('outbox worker', (ctx, kind) => {
  const h = outboxHarness(ctx, kind);
  const { clock } = h;
  const worker = h.worker;

  async function member(name: string) {
    const u = h.env.emu.addUser({ name, tz: 'Europe/Paris' });
    const m = (await ensureMember(ctx().db, WS, { slackUserId: u.id, displayName: name, at: clock.now() })).member;
    return { u, m };
  }

  it('delivers a DM once, records ts and the DM channel, and a second drain sends nothing', async () => {
    const { db } = ctx();
    const { u, m } = await member('ada');
    expect(await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `t1:${m.id}`, kind: 'plan', method: 'chat.postMessage', channelKey: u.id, payload: { channel: u.id, text: 'hello ada' }, memberId: m.id, notBefore: clock.now() })).toBe(true);
    expect(await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `t1:${m.id}`, kind: 'plan', method: 'chat.postMessage', channelKey: u.id, payload: { channel: u.id, text: 'hello ada' }, memberId: m.id, notBefore: clock.now() })).toBe(false);
    const w = worker();
    expect(await w.drain()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(await w.drain()).toEqual({ sent: 0, failed: 0, retried: 0 });
    const dm = h.env.emu.dmMessages(u.id);
    expect(dm.map((x) => x.text)).toEqual(['hello ada']);
    const row = await getOutboxMessage(db, WS, `t1:${m.id}`);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(row?.result).toMatchObject({ ts: dm[0]!.ts, channel: h.env.emu.dmChannelFor(u.id).id });
  });

  it('does not send before not_before', async () => {
    const { db } = ctx();
    const { u, m } = await member('later');
    await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `t2:${m.id}`, kind: 'nudge', method: 'chat.postMessage', channelKey: u.id, payload: { channel: u.id, text: 'later' }, notBefore: new Date(clock.now().getTime() + 60_000) });
    expect((await worker().drain()).sent).toBe(0);
    clock.advance(60_000);
    expect((await worker().drain()).sent).toBe(1);
  });

  it('waits out a 429 (Retry-After) and still sends exactly once', async () => {
    const { db } = ctx();
    const { u, m } = await member('grace');
    h.env.emu.injectFault({ method: 'chat.postMessage', status: 429, retryAfter: 1, times: 1 });
    await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `t3:${m.id}`, kind: 'plan', method: 'chat.postMessage', channelKey: u.id, payload: { channel: u.id, text: 'rate limited once' }, notBefore: clock.now() });
    const t0 = Date.now();
    expect(await worker().drain()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(h.env.emu.dmMessages(u.id)).toHaveLength(1);
  });

  it('retries a transient error later with backoff, then delivers', async () => {
    const { db } = ctx();
    const { u, m } = await member('linus');
    h.env.emu.injectFault({ method: 'chat.postMessage', status: 503, times: 1 });
    await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `t4:${m.id}`, kind: 'plan', method: 'chat.postMessage', channelKey: u.id, payload: { channel: u.id, text: 'after a 503' }, notBefore: clock.now() });
    const w = worker({ random: () => 0.5 });
    expect(await w.drain()).toEqual({ sent: 0, failed: 0, retried: 1 });
    const row = await getOutboxMessage(db, WS, `t4:${m.id}`);
    expect(row?.status).toBe('pending');
    expect(new Date(row!.not_before).getTime()).toBeGreaterThan(clock.now().getTime());
    expect(row?.last_error).toBe('http_503');
    clock.advance(5_000);
    expect(await w.drain()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(h.env.emu.dmMessages(u.id).map((x) => x.text)).toEqual(['after a 503']);
  });

  it('marks permanent errors failed, never retries them, and deactivates the member or circle', async () => {
    const { db } = ctx();
    const { u, m } = await member('gone');
    h.env.emu.deactivateUser(u.id);
    const channel = h.env.emu.addChannel({ name: 'archived-circle' });
    const circle = (await ensureCircle(db, WS, { channelId: channel.id, createdBy: u.id, at: clock.now() })).circle;
    h.env.emu.archiveChannel(channel.id);
    await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `t5:${m.id}`, kind: 'plan', method: 'chat.postMessage', channelKey: u.id, payload: { channel: u.id, text: 'to nobody' }, memberId: m.id, notBefore: clock.now() });
    await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `t5:c${circle.id}`, kind: 'recap', method: 'chat.postMessage', channelKey: channel.id, payload: { channel: channel.id, text: 'recap' }, circleId: circle.id, notBefore: clock.now() });
    const w = worker();
    expect(await w.drain()).toEqual({ sent: 0, failed: 2, retried: 0 });
    clock.advance(3_600_000);
    expect(await w.drain()).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect((await getMember(db, WS, m.id))?.status).toBe('inactive');
    expect((await getCircle(db, WS, circle.id))?.status).toBe('inactive');
    const failed = await listFailedMessages(db, { workspaceId: WS });
    expect(failed.map((r) => [r.dedupe_key, r.last_error])).toEqual(
      expect.arrayContaining([
        [`t5:${m.id}`, 'channel_not_found'],
        [`t5:c${circle.id}`, 'is_archived'],
      ]),
    );
  });

  it('after a crash mid-send, finds the delivered message in the channel instead of sending it again', async () => {
    const { db } = ctx();
    const { u, m } = await member('crash');
    await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `t6:${m.id}`, kind: 'plan', method: 'chat.postMessage', channelKey: u.id, payload: { channel: u.id, text: 'sent just before the crash' }, notBefore: clock.now() });
    // A worker claimed it, Slack got it, and the worker died before recording it.
    await db.updateTable('outbox').set({ locked_until: new Date(clock.now().getTime() + 1000), attempts: 1 }).where('dedupe_key', '=', `t6:${m.id}`).execute();
    await h.env.client.chat.postMessage({ channel: u.id, text: 'sent just before the crash' });
    // A second interrupted row that never reached Slack.
    await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `t6b:${m.id}`, kind: 'nudge', method: 'chat.postMessage', channelKey: u.id, payload: { channel: u.id, text: 'never reached Slack' }, notBefore: clock.now() });
    await db.updateTable('outbox').set({ locked_until: new Date(clock.now().getTime() + 1000), attempts: 1 }).where('dedupe_key', '=', `t6b:${m.id}`).execute();
    const w = worker();
    expect(await w.drain()).toEqual({ sent: 0, failed: 0, retried: 0 }); // leases still held
    clock.advance(2_000);
    expect(await w.drain()).toEqual({ sent: 2, failed: 0, retried: 0 });
    expect(h.env.emu.dmMessages(u.id).map((x) => x.text)).toEqual(['sent just before the crash', 'never reached Slack']);
    expect((await getOutboxMessage(db, WS, `t6:${m.id}`))?.result).toMatchObject({ recovered: true });
  });

  it('opens a group DM and posts into it; keeps one message per second per channel under real limits', async () => {
    const { db } = ctx();
    const a = await member('pa');
    const b = await member('pb');
    h.env.emu.setRateLimits({ postMessagePerChannelPerSecond: 1 });
    h.env.emu.clearCalls();
    for (let i = 0; i < 3; i++) {
      await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `t7:${i}`, kind: 'pair-intro', method: 'conversations.open+chat.postMessage', channelKey: [a.u.id, b.u.id].sort().join(','), payload: { users: [a.u.id, b.u.id].join(','), text: `group ${i}` }, notBefore: clock.now() });
    }
    expect(await worker().drain()).toEqual({ sent: 3, failed: 0, retried: 0 });
    h.env.emu.setRateLimits(false);
    const posts = h.env.emu.calls('chat.postMessage');
    expect(posts.filter((c) => c.status === 429)).toEqual([]);
    const ok = posts.filter((c) => c.ok).map((c) => c.at);
    expect(ok).toHaveLength(3);
    for (let i = 1; i < ok.length; i++) expect(ok[i]! - ok[i - 1]!).toBeGreaterThanOrEqual(1000);
    const row = await getOutboxMessage(db, WS, 't7:0');
    const mpim = h.env.emu.conversation(String((row?.result as { channel: string }).channel));
    expect(mpim?.is_mpim).toBe(true);
    expect(h.env.emu.messages(mpim!.id).map((x) => x.text)).toEqual(['group 0', 'group 1', 'group 2']);
  });
  /** A clock that starts at the test clock's time and runs with real time (for lease timing). */
  function liveClock(): Clock {
    const base = clock.now().getTime();
    const t0 = Date.now();
    return { now: () => new Date(base + (Date.now() - t0)) };
  }

  /** A worker client pointed at the emulator whose calls of `method` start slowly (`onStart` runs first). */
  function slowClient(method: string, ms: number, onStart: () => void = () => {}): WebClient {
    const client = createWorkerClient(h.env.emu.token, { slackApiUrl: h.env.url, logLevel: 'error' as never });
    const apiCall = client.apiCall.bind(client);
    client.apiCall = async (m: string, args?: Record<string, unknown>) => {
      if (m === method) {
        onStart();
        await delay(ms);
      }
      return apiCall(m, args);
    };
    return client;
  }

  it('renews its lease while Slack is slow, so a second worker does not send the row again', async () => {
    const { db } = ctx();
    const { u, m } = await member('slowpoke');
    await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `t8:${m.id}`, kind: 'plan', method: 'chat.postMessage', channelKey: u.id, payload: { channel: u.id, text: 'slow slack' }, memberId: m.id, notBefore: clock.now() });
    const live = liveClock();
    let started!: () => void;
    const posting = new Promise<void>((resolve) => (started = resolve));
    const a = worker({ clock: live, leaseMs: 400, clientFor: () => slowClient('chat.postMessage', 600, started) });
    const b = worker({ clock: live, leaseMs: 400 });
    const first = a.drain();
    await posting;
    await delay(450); // past the initial lease, before Slack answers
    const second = await b.drain();
    const r = await first;
    expect(r.sent + second.sent).toBe(1);
    expect(second).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(h.env.emu.dmMessages(u.id).map((x) => x.text)).toEqual(['slow slack']);
    expect(await getOutboxMessage(db, WS, `t8:${m.id}`)).toMatchObject({ status: 'sent', attempts: 1, locked_until: null });
  });

  it('a worker that lost its lease stops before the next Slack call and leaves the row to its new owner', async () => {
    const { db } = ctx();
    const a = await member('lost1');
    const b = await member('lost2');
    const key = `t9:${a.m.id}`;
    await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: key, kind: 'pair-intro', method: 'conversations.open+chat.postMessage', channelKey: [a.u.id, b.u.id].sort().join(','), payload: { users: `${a.u.id},${b.u.id}`, text: 'lost lease' }, notBefore: clock.now() });
    const live = liveClock();
    let started!: () => void;
    const opening = new Promise<void>((resolve) => (started = resolve));
    h.env.emu.clearCalls();
    const w = worker({ clock: live, leaseMs: 300, clientFor: () => slowClient('conversations.open', 500, started) });
    const run = w.drain();
    await opening;
    // Another worker takes the row over (as a claim after an expired lease would).
    const theirs = new Date(live.now().getTime() + 3_600_000);
    await db.updateTable('outbox').set({ locked_until: theirs, attempts: 2 }).where('workspace_id', '=', WS).where('dedupe_key', '=', key).execute();
    expect(await run).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(h.env.emu.calls('chat.postMessage')).toEqual([]);
    const row = await getOutboxMessage(db, WS, key);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, last_error: null });
    expect(new Date(row!.locked_until!).getTime()).toBe(theirs.getTime());
    await db.deleteFrom('outbox').where('workspace_id', '=', WS).where('dedupe_key', '=', key).execute();
  });

  it('keeps retrying transient errors for 16 attempts by default before giving up', async () => {
    const { db } = ctx();
    const { u, m } = await member('outage');
    const key = `t10:${m.id}`;
    h.env.emu.injectFault({ method: 'chat.postMessage', status: 503, times: 16 });
    await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: key, kind: 'plan', method: 'chat.postMessage', channelKey: u.id, payload: { channel: u.id, text: 'after the outage' }, memberId: m.id, notBefore: clock.now() });
    const w = () => worker({ random: () => 1 }); // a fresh limiter each time: no per-channel wait in real time
    try {
      for (let attempt = 1; attempt <= 15; attempt++) {
        expect(await w().drain(), `attempt ${attempt}`).toEqual({ sent: 0, failed: 0, retried: 1 });
        clock.advance(600_000);
      }
      expect(await w().drain()).toEqual({ sent: 0, failed: 1, retried: 0 });
      expect(await getOutboxMessage(db, WS, key)).toMatchObject({ status: 'failed', attempts: 16, last_error: 'gave up after 16 attempts: http_503' });
    } finally {
      h.env.emu.clearFaults();
    }
    expect(h.env.emu.dmMessages(u.id)).toEqual([]);
  });

  it('answers to a person go first: a priority drain sends only them, a normal drain sends them before scheduled rows', async () => {
    const { db } = ctx();
    const N = 12;
    const people: Awaited<ReturnType<typeof member>>[] = [];
    for (let i = 0; i < N; i++) people.push(await member(`fan${i}`));
    const asker = await member('asker');
    const scheduled = async (round: string) => {
      for (const p of people) {
        await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `t11:${round}:${p.m.id}`, kind: 'plan', method: 'chat.postMessage', channelKey: p.u.id, payload: { channel: p.u.id, text: `plan ${round}` }, memberId: p.m.id, notBefore: new Date(clock.now().getTime() - 60_000) });
      }
    };
    const reply = (round: string) =>
      enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `t11:${round}:confirm`, kind: 'confirmation', method: 'chat.postMessage', channelKey: asker.u.id, payload: { channel: asker.u.id, text: `confirmed ${round}` }, memberId: asker.m.id, notBefore: clock.now(), priority: 1 });

    await scheduled('a');
    await reply('a');
    const w = worker({ concurrency: 1 });
    expect(await w.drain({ minPriority: 1 })).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(h.env.emu.dmMessages(asker.u.id).map((x) => x.text)).toEqual(['confirmed a']);
    for (const p of people) expect(h.env.emu.dmMessages(p.u.id)).toEqual([]);
    expect((await getOutboxMessage(db, WS, `t11:a:${people[0]!.m.id}`))?.status).toBe('pending');

    await reply('b');
    h.env.emu.clearCalls();
    expect(await w.drain()).toEqual({ sent: N + 1, failed: 0, retried: 0 });
    const order = h.env.emu.calls('chat.postMessage').filter((c) => c.ok);
    expect(order).toHaveLength(N + 1);
    expect(order.map((c) => c.args.text)).toEqual(['confirmed b', ...people.map(() => 'plan a')]);
    expect(h.env.emu.dmMessages(asker.u.id).map((x) => x.text)).toEqual(['confirmed a', 'confirmed b']);
  });
});
