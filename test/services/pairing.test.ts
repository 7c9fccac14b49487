// src/services/pairing.ts: the answers to the mid-week check.
import { expect, it } from 'vitest';
import { joinCircle } from '../../src/services/circles.js';
import { answerPairCheck } from '../../src/services/pairing.js';
import { updateCircle } from '../../src/store/circles.js';
import { insertPairingGroup, insertPairingOnce } from '../../src/store/pairings.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';

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
      const r = await answerPairCheck(db(), clock, { workspaceId: WS, groupId, slackUserId: a.slack_user_id, answer: 'yes' });
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
});
