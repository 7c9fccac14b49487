// src/services/circles.ts: joining, moving and leaving circles.
import { expect, it } from 'vitest';
import { joinCircle, leaveCircle, leaveCircleOfChannel } from '../../src/services/circles.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';

describeDb('circles service', (ctx) => {
  const { clock, db, newMember } = serviceFixture(ctx);

  it('joinCircle creates with the creator, moves between circles, leave and channel-leave take the member out', async () => {
    const a = await newMember('Asia/Tokyo');
    const first = await joinCircle(db(), clock, { member: a, channelId: 'C1', channelName: 'one' });
    expect(first).toMatchObject({ created: true, already: false, movedFrom: null });
    expect(first.circle).toMatchObject({ created_by: a.slack_user_id, tz: 'Asia/Tokyo' });
    const again = await joinCircle(db(), clock, { member: first.member, channelId: 'C1' });
    expect(again.already).toBe(true);
    const moved = await joinCircle(db(), clock, { member: first.member, channelId: 'C2', channelName: 'two' });
    expect(moved.movedFrom?.id).toBe(first.circle.id);
    expect(await leaveCircleOfChannel(db(), clock, { workspaceId: WS, slackUserId: a.slack_user_id, channelId: 'C1' })).toBe(false);
    expect(await leaveCircleOfChannel(db(), clock, { workspaceId: WS, slackUserId: a.slack_user_id, channelId: 'C2' })).toBe(true);
    expect(await leaveCircle(db(), clock, { ...moved.member, circle_id: null })).toBeNull();
  });
});
