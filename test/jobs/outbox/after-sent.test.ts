import { expect, it } from 'vitest';
import { createOutboxWorker, type SentMessage } from '../../../src/jobs/outbox-worker.js';
import { pairIntroSent } from '../../../src/services/pairing.js';
import { ensureCircle } from '../../../src/store/circles.js';
import { ensureMember } from '../../../src/store/members.js';
import { enqueueMessage, getOutboxMessage } from '../../../src/store/outbox.js';
import { getPairingGroup, insertPairingGroup, insertPairingOnce } from '../../../src/store/pairings.js';
import { describeDb } from '../../helpers/db.js';
import { OUTBOX_WS, outboxHarness } from '../../helpers/outbox.js';
import { silentLogger } from '../../helpers/logger.js';

const WS = OUTBOX_WS;

describeDb('outbox afterSent hooks', (ctx, kind) => {
  const h = outboxHarness(ctx, kind);
  const { clock } = h;

  async function pairIntro(week: string) {
    const { db } = ctx();
    const a = h.env.emu.addUser({ name: `a${week}`, tz: 'Europe/Paris' });
    const b = h.env.emu.addUser({ name: `b${week}`, tz: 'Europe/Paris' });
    const channel = h.env.emu.addChannel({ name: `c${week.toLowerCase()}`, members: [a.id, b.id] });
    const circle = (await ensureCircle(db, WS, { channelId: channel.id, createdBy: a.id, at: clock.now() })).circle;
    const ids = [];
    for (const u of [a, b]) ids.push((await ensureMember(db, WS, { slackUserId: u.id, displayName: u.name, at: clock.now() })).member.id);
    const pairing = (await insertPairingOnce(db, { workspaceId: WS, circleId: circle.id, week, seed: 's', at: clock.now() }))!;
    const groupId = await insertPairingGroup(db, { workspaceId: WS, pairingId: pairing.id, position: 0, memberIds: ids });
    const key = `pair-intro:${circle.id}:${week}:0`;
    await enqueueMessage(db, {
      workspaceId: WS, at: clock.now(), dedupeKey: key, kind: 'pair-intro', method: 'conversations.open+chat.postMessage',
      channelKey: [a.id, b.id].sort().join(','), payload: { users: `${a.id},${b.id}`, text: `intro ${week}`, _meta: { groupId } }, circleId: circle.id, notBefore: clock.now(),
    });
    return { groupId, key };
  }

  it("the pairing service's hook, registered for pair-intro, remembers the group DM's channel once the intro is sent", async () => {
    const { db } = ctx();
    const { groupId, key } = await pairIntro('2026-W48');
    const w = createOutboxWorker({ db, dbKind: kind, clientFor: h.env.clientFor, clock, logger: silentLogger, afterSent: { 'pair-intro': pairIntroSent } });
    expect(await w.drain()).toEqual({ sent: 1, failed: 0, retried: 0 });
    const channel = String((await getOutboxMessage(db, WS, key))?.result?.channel);
    expect(h.env.emu.conversation(channel)?.is_mpim).toBe(true);
    expect((await getPairingGroup(db, WS, groupId))?.dmChannelId).toBe(channel);
    // Our bookkeeping never reaches Slack.
    expect(h.env.emu.calls('chat.postMessage').every((c) => !('_meta' in c.args))).toBe(true);
  });

  it('a worker without hooks knows no feature: the row is sent and nothing else is written', async () => {
    const { db } = ctx();
    const { groupId } = await pairIntro('2026-W49');
    const w = createOutboxWorker({ db, dbKind: kind, clientFor: h.env.clientFor, clock, logger: silentLogger });
    expect(await w.drain()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect((await getPairingGroup(db, WS, groupId))?.dmChannelId).toBeNull();
  });

  it('a hook runs only for its own kind, once, with the channel Slack answered', async () => {
    const { db } = ctx();
    const u = h.env.emu.addUser({ name: 'hooked', tz: 'Europe/Paris' });
    const m = (await ensureMember(db, WS, { slackUserId: u.id, displayName: 'hooked', at: clock.now() })).member;
    for (const k of ['plan', 'nudge']) {
      await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: `hook:${k}`, kind: k, method: 'chat.postMessage', channelKey: u.id, payload: { channel: u.id, text: k }, memberId: m.id, notBefore: clock.now() });
    }
    const seen: SentMessage[] = [];
    const w = createOutboxWorker({ db, dbKind: kind, clientFor: h.env.clientFor, clock, logger: silentLogger, afterSent: { plan: async (_db, sent) => void seen.push(sent) } });
    expect(await w.drain()).toEqual({ sent: 2, failed: 0, retried: 0 });
    expect(seen).toEqual([{ workspaceId: WS, kind: 'plan', method: 'chat.postMessage', payload: { channel: u.id, text: 'plan' }, channel: h.env.emu.dmChannelFor(u.id).id }]);
  });
});
