// src/services/pairing.ts: the answers to the mid-week check.
import { expect, it } from 'vitest';
import type { Member } from '../../src/db/types.js';
import { logCall } from '../../src/services/checkin.js';
import { joinCircle } from '../../src/services/circles.js';
import { answerPairCheck } from '../../src/services/pairing.js';
import { memberProgress } from '../../src/services/progress.js';
import { updateCircle } from '../../src/store/circles.js';
import { insertPairingGroup, insertPairingOnce } from '../../src/store/pairings.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';
import { renderMessage } from '../../src/slack/views/messages.js';

describeDb('pairing service', (ctx) => {
  const { clock, db, newMember } = serviceFixture(ctx);

  it('a Yes to the mid-week check logs a soundboard call in the pairing\'s week, only when the playbook has one', async () => {
    const pair = async (playbook: string, week: string) => {
      const a = await newMember('UTC');
      const b = await newMember('UTC');
      const { circle } = await joinCircle(db(), clock, { member: a, channelId: `C${a.id}`, channelName: 'pairs' });
      await joinCircle(db(), clock, { member: b, channelId: `C${a.id}` });
      await updateCircle(db(), WS, circle.id, { playbook });
      const pairing = (await insertPairingOnce(db(), { workspaceId: WS, circleId: circle.id, week, seed: 's', at: clock.now() }))!;
      const groupId = await insertPairingGroup(db(), { workspaceId: WS, pairingId: pairing.id, position: 0, memberIds: [a.id, b.id] });
      const r = await answerPairCheck({ db: db(), clock: clock, messages: renderMessage }, { workspaceId: WS, groupId, slackUserId: a.slack_user_id, answer: 'yes' });
      const calls = await db().selectFrom('calls').select(['week', 'call_date', 'category']).where('member_id', '=', a.id).execute();
      return { r, calls };
    };
    // NOW is Wednesday of 2026-W48.
    const same = await pair('five-calls', '2026-W48');
    expect(same.r).toMatchObject({ ok: true, callLogged: true });
    expect(same.calls).toEqual([{ week: '2026-W48', call_date: '2026-11-25', category: 'soundboard' }]);
    const late = await pair('five-calls', '2026-W47');
    expect(late.calls).toEqual([{ week: '2026-W47', call_date: '2026-11-22', category: 'soundboard' }]);
    const tooLate = await pair('five-calls', '2026-W45');
    expect(tooLate.r).toMatchObject({ ok: true, callLogged: false });
    expect(tooLate.calls).toEqual([]);
    const keepInTouch = await pair('keep-in-touch', '2026-W48');
    expect(keepInTouch.r).toMatchObject({ ok: true, callLogged: false });
    expect(keepInTouch.calls).toEqual([]);
  });

  it('a Yes after the member logged their soundboard call for the pairing\'s week records the answer and logs no second one', async () => {
    const a = await newMember('UTC');
    const b = await newMember('UTC');
    const { circle } = await joinCircle(db(), clock, { member: a, channelId: `CSB${a.id}`, channelName: 'sb' });
    await joinCircle(db(), clock, { member: b, channelId: `CSB${a.id}` });
    const pairing = (await insertPairingOnce(db(), { workspaceId: WS, circleId: circle.id, week: '2026-W48', seed: 's', at: clock.now() }))!;
    const groupId = await insertPairingGroup(db(), { workspaceId: WS, pairingId: pairing.id, position: 0, memberIds: [a.id, b.id] });
    const modal = (member: Member, viewId: string, date: string) =>
      logCall({ db: db(), clock: clock, messages: renderMessage }, { workspaceId: WS, slackUserId: member.slack_user_id, viewId, raw: { who: 'Partner', category: 'soundboard', outcome: 'conversation', call_date: date } });
    // a logged this week's soundboard call from the modal; b logged one last week only (another week).
    expect((await modal(a, `SB-A-${a.id}`, '2026-11-23')).ok).toBe(true);
    expect((await modal(b, `SB-B-${b.id}`, '2026-11-20')).ok).toBe(true);
    const soundboard = async (m: Member) =>
      (await db().selectFrom('calls').select(['week', 'source']).where('member_id', '=', m.id).where('category', '=', 'soundboard').orderBy('id').execute());

    const yesA = await answerPairCheck({ db: db(), clock: clock, messages: renderMessage }, { workspaceId: WS, groupId, slackUserId: a.slack_user_id, answer: 'yes' });
    expect(yesA).toMatchObject({ ok: true, callLogged: false, answers: expect.arrayContaining([{ slackUserId: a.slack_user_id, answer: 'yes' }]) });
    expect(await soundboard(a)).toEqual([{ week: '2026-W48', source: 'modal' }]);
    const yesB = await answerPairCheck({ db: db(), clock: clock, messages: renderMessage }, { workspaceId: WS, groupId, slackUserId: b.slack_user_id, answer: 'yes' });
    expect(yesB).toMatchObject({ ok: true, callLogged: true });
    expect(await soundboard(b)).toEqual([{ week: '2026-W47', source: 'modal' }, { week: '2026-W48', source: 'pair_check' }]);
    expect((await memberProgress(db(), clock, a)).weekCalls).toHaveLength(1);
  });
});
