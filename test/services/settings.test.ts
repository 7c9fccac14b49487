// src/services/settings.ts: member and circle settings.
import { expect, it } from 'vitest';
import { joinCircle } from '../../src/services/circles.js';
import { canAdminister } from '../../src/domain/members.js';
import { saveCircleSettings, saveMemberSettings } from '../../src/services/settings.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';

describeDb('settings service', (ctx) => {
  const { clock, db, newMember } = serviceFixture(ctx);

  it('settings: member settings validate and save; circle settings only for the creator or an admin', async () => {
    const owner = await newMember();
    const other = await newMember();
    const { circle } = await joinCircle(db(), clock, { member: owner, channelId: 'CSET' });
    const badMember = await saveMemberSettings(db(), { workspaceId: WS, slackUserId: owner.slack_user_id, raw: { tz_override: 'Nowhere/Land' }, at: clock.now() });
    expect(badMember.ok).toBe(false);
    const okMember = await saveMemberSettings(db(), { workspaceId: WS, slackUserId: owner.slack_user_id, raw: { lane: 'Sales', board_visible: 'hide' }, at: clock.now() });
    expect(okMember.ok && okMember.value).toMatchObject({ lane: 'Sales', board_visible: false });

    const raw = { playbook: 'keep-in-touch', goal: '3', plan_day: '1', plan_time: '08:30', recap_day: '5', recap_time: '16:00', tz: 'Europe/Berlin', pairing_enabled: false, team_threshold: '70' };
    expect(canAdminister(other, circle, false)).toBe(false);
    expect(await saveCircleSettings(db(), { workspaceId: WS, circleId: circle.id, slackUserId: other.slack_user_id, isWorkspaceAdmin: false, raw })).toEqual({ ok: false, refused: true });
    const byAdmin = await saveCircleSettings(db(), { workspaceId: WS, circleId: circle.id, slackUserId: other.slack_user_id, isWorkspaceAdmin: true, raw });
    expect(byAdmin.ok && byAdmin.value).toMatchObject({ playbook: 'keep-in-touch', goal: 3, plan_time: '08:30', pairing_enabled: false, team_threshold: 70 });
    const invalid = await saveCircleSettings(db(), { workspaceId: WS, circleId: circle.id, slackUserId: owner.slack_user_id, isWorkspaceAdmin: false, raw: { ...raw, goal: '0' } });
    expect(invalid.ok).toBe(false);
  });
});
