// src/services/briefs.ts: sharing the week into the group DM, the proposed call time once everyone
// shared (each in their own time), the one gentle nudge, and the mid-week check naming the time.
import { expect, it } from 'vitest';
import type { Member } from '../../src/db/types.js';
import { joinCircle } from '../../src/services/circles.js';
import type { ServiceContext } from '../../src/services/messages.js';
import { sendDueBriefNudges, shareBrief } from '../../src/services/briefs.js';
import { sendDuePairChecks } from '../../src/services/pairing.js';
import { insertPairingGroup, insertPairingOnce } from '../../src/store/pairings.js';
import { lockGroup } from '../../src/store/briefs.js';
import { renderMessage } from '../../src/slack/views/messages.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';

describeDb('briefs service', (ctx) => {
  const { clock, db, newMember } = serviceFixture(ctx);
  const svc = (): ServiceContext => ({ db: db(), clock, messages: renderMessage });
  const brief = { working_on: 'The pricing page', ideas: 'Drop the free tier?', unsure: 'Whether sales agrees' };

  /** A pair (New York and Berlin) paired on Monday 23 Nov 2026 08:00 UTC (2026-W48). */
  async function pair(): Promise<{ a: Member; b: Member; groupId: number }> {
    clock.set(new Date('2026-11-23T08:00:00Z'));
    const a = await newMember('America/New_York');
    const b = await newMember('Europe/Berlin');
    const { circle } = await joinCircle(db(), clock, { member: a, channelId: `CB${a.id}`, channelName: 'pairs' });
    await joinCircle(db(), clock, { member: b, channelId: `CB${a.id}` });
    await db().updateTable('circles').set({ tz: 'UTC' }).where('id', '=', circle.id).execute();
    const pairing = (await insertPairingOnce(db(), { workspaceId: WS, circleId: circle.id, week: '2026-W48', seed: 's', at: clock.now() }))!;
    const groupId = await insertPairingGroup(db(), { workspaceId: WS, pairingId: pairing.id, position: 0, memberIds: [a.id, b.id] });
    return { a, b, groupId };
  }
  const groupMessages = (groupId: number) =>
    db()
      .selectFrom('outbox')
      .select(['kind', 'dedupe_key', 'payload', 'method'])
      .where((eb) => eb.or([eb('dedupe_key', 'like', `brief:${groupId}:%`), eb('dedupe_key', '=', `brief-proposal:${groupId}`)]))
      .orderBy('id')
      .execute();

  it('posts each brief into the group DM; the last share proposes a time inside both working days, once', async () => {
    const { a, b, groupId } = await pair();
    clock.set(new Date('2026-11-23T10:00:00Z'));
    const bad = await shareBrief(svc(), { workspaceId: WS, slackUserId: a.slack_user_id, groupId, raw: { working_on: ' ', ideas: '' } });
    expect(bad).toMatchObject({ ok: false, errors: { working_on: expect.any(String), ideas: expect.any(String) } });
    expect(await groupMessages(groupId)).toHaveLength(0);

    const first = await shareBrief(svc(), { workspaceId: WS, slackUserId: a.slack_user_id, groupId, raw: brief });
    expect(first).toMatchObject({ ok: true, proposed: false });
    let posted = await groupMessages(groupId);
    expect(posted.map((p) => p.kind)).toEqual(['brief']);
    expect(posted[0]!.method).toBe('conversations.open+chat.postMessage');
    expect((posted[0]!.payload as { users: string }).users.split(',').sort()).toEqual([a.slack_user_id, b.slack_user_id].sort());
    expect(JSON.stringify(posted[0]!.payload)).toContain('The pricing page');
    expect(JSON.stringify(posted[0]!.payload)).toContain(`Waiting for <@${b.slack_user_id}>`);

    // Someone outside the group cannot share into it.
    const outsider = await newMember();
    expect(await shareBrief(svc(), { workspaceId: WS, slackUserId: outsider.slack_user_id, groupId, raw: brief })).toEqual({ ok: false, refused: true });

    clock.set(new Date('2026-11-23T11:00:00Z'));
    const results = await Promise.all([
      shareBrief(svc(), { workspaceId: WS, slackUserId: b.slack_user_id, groupId, raw: brief }),
    ]);
    expect(results[0]).toMatchObject({ ok: true, proposed: true });
    posted = await groupMessages(groupId);
    expect(posted.map((p) => p.kind)).toEqual(['brief', 'brief', 'brief-proposal']);
    const proposal = JSON.stringify(posted[2]!.payload);
    // 11:00 UTC + an hour = 12:00 UTC is 07:00 in New York: the first fit is 09:00 New York = 15:00 Berlin.
    expect(proposal).toContain(`<@${a.slack_user_id}>: *Mon 23 Nov, 09:00* (New York)`);
    expect(proposal).toContain(`<@${b.slack_user_id}>: *Mon 23 Nov, 15:00* (Berlin)`);
    const group = await db().selectFrom('pairing_groups').select(['proposed_call_at', 'proposal_overlap']).where('id', '=', groupId).executeTakeFirstOrThrow();
    expect(new Date(group.proposed_call_at!).toISOString()).toBe('2026-11-23T14:00:00.000Z');
    expect(group.proposal_overlap).toBe(true);

    // Sharing again updates the brief (version 2) but proposes nothing new.
    const again = await shareBrief(svc(), { workspaceId: WS, slackUserId: a.slack_user_id, groupId, raw: { ...brief, ideas: 'Keep the free tier' } });
    expect(again).toMatchObject({ ok: true, proposed: false, brief: { version: 2, ideas: 'Keep the free tier' } });
    expect((await groupMessages(groupId)).map((p) => p.kind)).toEqual(['brief', 'brief', 'brief-proposal', 'brief']);

    // Thursday's mid-week check names the time, for each of them.
    clock.set(new Date('2026-11-26T10:00:00Z'));
    expect(await sendDuePairChecks(svc(), WS)).toBeGreaterThanOrEqual(1);
    const check = await db().selectFrom('outbox').select('payload').where('dedupe_key', '=', `pair-check:${groupId}`).executeTakeFirstOrThrow();
    expect(JSON.stringify(check.payload)).toContain('The proposed call time');
    expect(JSON.stringify(check.payload)).toContain('Mon 23 Nov, 15:00');
  });

  it('two partners sharing at the same moment still get the proposal, once', async () => {
    const { a, b, groupId } = await pair();
    clock.set(new Date('2026-11-23T10:00:00Z'));
    const both = await Promise.all([a, b].map((m) => shareBrief(svc(), { workspaceId: WS, slackUserId: m.slack_user_id, groupId, raw: brief })));
    expect(both.filter((r) => r.ok && r.proposed)).toHaveLength(1);
    expect((await groupMessages(groupId)).map((p) => p.kind).sort()).toEqual(['brief', 'brief', 'brief-proposal']);
    // Sharing waits while another share holds the group (on PostgreSQL the row lock; PGlite has one connection).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const holder = db().transaction().execute(async (trx) => {
      await lockGroup(trx, WS, groupId);
      await held;
    });
    await new Promise((r) => setTimeout(r, 50));
    let done = false;
    const sharing = shareBrief(svc(), { workspaceId: WS, slackUserId: a.slack_user_id, groupId, raw: brief }).then((r) => ((done = true), r));
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    release();
    await holder;
    expect(await sharing).toMatchObject({ ok: true, proposed: false });
    // A group id that does not exist is refused.
    expect(await shareBrief(svc(), { workspaceId: WS, slackUserId: a.slack_user_id, groupId: 999_999, raw: brief })).toEqual({ ok: false, refused: true });
  });

  it('with no overlap it says so and offers the least-bad hour', async () => {
    const { a, b, groupId } = await pair();
    await db().updateTable('members').set({ work_start: '09:00', work_end: '11:00' }).where('id', 'in', [a.id, b.id]).execute();
    await db().updateTable('members').set({ tz_override: 'Australia/Sydney' }).where('id', '=', b.id).execute();
    clock.set(new Date('2026-11-23T10:00:00Z'));
    await shareBrief(svc(), { workspaceId: WS, slackUserId: a.slack_user_id, groupId, raw: brief });
    const r = await shareBrief(svc(), { workspaceId: WS, slackUserId: b.slack_user_id, groupId, raw: brief });
    expect(r).toMatchObject({ ok: true, proposed: true });
    const proposal = (await groupMessages(groupId)).find((p) => p.kind === 'brief-proposal')!;
    expect(JSON.stringify(proposal.payload)).toContain("working hours don't overlap");
    expect(JSON.stringify(proposal.payload)).toContain('(Sydney)');
  });

  it('nudges a partner who has not shared a day after the pairing, once, and not after the mid-week check', async () => {
    const { a, b, groupId } = await pair();
    clock.set(new Date('2026-11-23T12:00:00Z'));
    await shareBrief(svc(), { workspaceId: WS, slackUserId: a.slack_user_id, groupId, raw: brief });
    clock.set(new Date('2026-11-24T07:59:00Z'));
    expect(await sendDueBriefNudges(svc(), WS)).toBe(0);
    clock.set(new Date('2026-11-24T08:00:00Z'));
    const sent = await Promise.all([sendDueBriefNudges(svc(), WS), sendDueBriefNudges(svc(), WS)]);
    expect(sent.reduce((x, y) => x + y, 0)).toBe(1);
    clock.set(new Date('2026-11-24T09:00:00Z'));
    expect(await sendDueBriefNudges(svc(), WS)).toBe(0);
    const nudges = await db().selectFrom('outbox').select(['member_id', 'payload']).where('kind', '=', 'brief-nudge').where('dedupe_key', 'like', `brief-nudge:${groupId}:%`).execute();
    expect(nudges.map((n) => n.member_id)).toEqual([b.id]);
    expect(JSON.stringify(nudges[0]!.payload)).toContain(`<@${a.slack_user_id}> already shared their week`);
    expect(JSON.stringify(nudges[0]!.payload)).toContain('brief_open');

    // A group paired later in the week gets no nudge after Thursday's check.
    const late = await pair();
    void late;
    clock.set(new Date('2026-11-26T10:00:00Z'));
    const before = (await db().selectFrom('outbox').select('id').where('kind', '=', 'brief-nudge').execute()).length;
    await sendDueBriefNudges(svc(), WS);
    expect((await db().selectFrom('outbox').select('id').where('kind', '=', 'brief-nudge').execute()).length).toBe(before);
  });
});
