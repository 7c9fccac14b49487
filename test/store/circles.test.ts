// src/store/circles.ts (and the circle's members).
import { expect, it } from 'vitest';
import { ensureCircle, getCircleByChannel, listActiveCircles, updateCircle } from '../../src/store/circles.js';
import { ensureMember, listCircleMembers, setMemberCircle } from '../../src/store/members.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';

const now = new Date('2026-11-24T12:00:00Z');

describeDb('circles store', (ctx) => {
  it('creates a circle per channel once and lists its members', async () => {
    const { db } = ctx();
    await upsertWorkspace(db, { id: 'T4', at: now });
    const a = await ensureCircle(db, 'T4', { channelId: 'C1', name: 'five-calls', createdBy: 'U1', tz: 'America/New_York', at: now });
    const b = await ensureCircle(db, 'T4', { channelId: 'C1', createdBy: 'U2', at: now });
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.circle).toMatchObject({ id: a.circle.id, created_by: 'U1', goal: 5, plan_day: 1, plan_time: '09:00', recap_day: 5, recap_time: '16:00', team_threshold: 80, pairing_enabled: true, playbook: 'five-calls' });
    const m1 = (await ensureMember(db, 'T4', { slackUserId: 'U1', at: now })).member;
    const m2 = (await ensureMember(db, 'T4', { slackUserId: 'U2', at: now })).member;
    await setMemberCircle(db, 'T4', m1.id, a.circle.id, now);
    await setMemberCircle(db, 'T4', m2.id, a.circle.id, now);
    expect((await listCircleMembers(db, 'T4', a.circle.id)).map((m) => m.slack_user_id)).toEqual(['U1', 'U2']);
    await setMemberCircle(db, 'T4', m2.id, null, now);
    expect((await listCircleMembers(db, 'T4', a.circle.id)).map((m) => m.slack_user_id)).toEqual(['U1']);
    await updateCircle(db, 'T4', a.circle.id, { status: 'inactive' });
    expect(await listActiveCircles(db, 'T4')).toEqual([]);
    const revived = await ensureCircle(db, 'T4', { channelId: 'C1', createdBy: 'U1', at: now });
    expect(revived.circle.status).toBe('active');
    expect((await getCircleByChannel(db, 'T4', 'C1'))?.id).toBe(a.circle.id);
  });
});
