import { expect, it } from 'vitest';
import { countMemberCallsByWeek, insertCallOnce, listCircleWeekCalls, listMemberWeekCalls } from '../../src/store/calls.js';
import { ensureCircle, getCircleByChannel, listActiveCircles, updateCircle } from '../../src/store/circles.js';
import { ensureMember, getMemberBySlackId, listCircleMembers, markGreeted, memberTimeZone, setMemberCircle, updateMember } from '../../src/store/members.js';
import { recordEventOnce } from '../../src/store/events.js';
import { markJobOnce } from '../../src/store/job-marks.js';
import { enqueueMessage } from '../../src/store/outbox.js';
import { insertPairingGroup, insertPairingOnce } from '../../src/store/pairings.js';
import { insertPause } from '../../src/store/pauses.js';
import { deleteWorkspace, getWorkspace, upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';

const now = new Date('2026-11-24T12:00:00Z');

describeDb('store', (ctx) => {
  it('upserts workspaces without losing known fields', async () => {
    const { db } = ctx();
    await upsertWorkspace(db, { id: 'T1', name: 'Acme', domain: 'acme', at: now });
    const ws = await upsertWorkspace(db, { id: 'T1', botUserId: 'B1', at: now });
    expect(ws).toMatchObject({ id: 'T1', name: 'Acme', domain: 'acme', bot_user_id: 'B1', status: 'active' });
    expect(await getWorkspace(db, 'nope')).toBeUndefined();
  });

  it('creates a member once and greets once, scoped to the workspace', async () => {
    const { db } = ctx();
    await upsertWorkspace(db, { id: 'T2', at: now });
    await upsertWorkspace(db, { id: 'T3', at: now });
    const first = await ensureMember(db, 'T2', { slackUserId: 'U1', displayName: 'Ada', slackTz: 'Europe/Berlin', at: now });
    const again = await ensureMember(db, 'T2', { slackUserId: 'U1', displayName: 'changed', at: now });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.member.id).toBe(first.member.id);
    expect(again.member.display_name).toBe('Ada');
    expect(await getMemberBySlackId(db, 'T3', 'U1')).toBeUndefined();
    expect(await markGreeted(db, 'T2', first.member.id, now)).toBe(true);
    expect(await markGreeted(db, 'T2', first.member.id, now)).toBe(false);
    expect(memberTimeZone(first.member)).toBe('Europe/Berlin');
    const updated = await updateMember(db, 'T2', first.member.id, { tz_override: 'Asia/Kolkata', lane: 'design' });
    expect(memberTimeZone(updated)).toBe('Asia/Kolkata');
  });

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

  it('saves a check-in exactly once per idempotency key and counts by week', async () => {
    const { db } = ctx();
    await upsertWorkspace(db, { id: 'T5', at: now });
    const circle = (await ensureCircle(db, 'T5', { channelId: 'C5', createdBy: 'U1', at: now })).circle;
    const m = (await ensureMember(db, 'T5', { slackUserId: 'U1', at: now })).member;
    const call = { workspace_id: 'T5', member_id: m.id, circle_id: circle.id, week: '2026-W48', call_date: '2026-11-24', contact_id: null, contact_name: 'Grace', contact_user_id: null, category: 'stretch', outcome: 'conversation' as const, minutes: 15, follow_up_on: null, notes: 'secret', idempotency_key: 'view:V1', created_at: now };
    const a = await insertCallOnce(db, call);
    const b = await insertCallOnce(db, { ...call, minutes: 99 });
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.call.minutes).toBe(15);
    await insertCallOnce(db, { ...call, idempotency_key: 'view:V2', outcome: 'voicemail' });
    await insertCallOnce(db, { ...call, idempotency_key: 'view:V3', week: '2026-W47', call_date: '2026-11-18' });
    expect(await listMemberWeekCalls(db, 'T5', m.id, '2026-W48')).toHaveLength(2);
    expect(await countMemberCallsByWeek(db, 'T5', m.id)).toEqual({ '2026-W47': 1, '2026-W48': 2 });
    expect(await countMemberCallsByWeek(db, 'T5', m.id, '2026-W48')).toEqual({ '2026-W48': 2 });
    const circleCalls = await listCircleWeekCalls(db, 'T5', circle.id, '2026-W48');
    expect(circleCalls).toHaveLength(2);
    expect(Object.keys(circleCalls[0]!)).not.toContain('notes');
    expect(Object.keys(circleCalls[0]!)).not.toContain('contact_name');
    expect(await listMemberWeekCalls(db, 'T-other', m.id, '2026-W48')).toEqual([]);
  });

  it('deletes a workspace with every row that belongs to it, and only those', async () => {
    const { db } = ctx();
    const fill = async (ws: string) => {
      await upsertWorkspace(db, { id: ws, at: now });
      const circle = (await ensureCircle(db, ws, { channelId: 'C1', createdBy: 'U1', at: now })).circle;
      const a = (await ensureMember(db, ws, { slackUserId: 'U1', at: now })).member;
      const b = (await ensureMember(db, ws, { slackUserId: 'U2', at: now })).member;
      await setMemberCircle(db, ws, a.id, circle.id, now);
      await setMemberCircle(db, ws, b.id, circle.id, now);
      await insertPause(db, { workspaceId: ws, memberId: b.id, firstWeek: '2026-W49', lastWeek: '2026-W49', at: now });
      await insertCallOnce(db, { workspace_id: ws, member_id: a.id, circle_id: circle.id, week: '2026-W48', call_date: '2026-11-24', contact_id: null, contact_name: 'Grace', contact_user_id: null, category: 'stretch', outcome: 'conversation', minutes: 5, follow_up_on: null, notes: null, idempotency_key: 'k', created_at: now });
      const pairing = await insertPairingOnce(db, { workspaceId: ws, circleId: circle.id, week: '2026-W48', seed: 's', at: now });
      await insertPairingGroup(db, { workspaceId: ws, pairingId: pairing!.id, position: 0, memberIds: [a.id, b.id] });
      await enqueueMessage(db, { workspaceId: ws, dedupeKey: 'd', kind: 'test', method: 'chat.postMessage', channelKey: 'U1', payload: { channel: 'U1', text: 'hi' }, at: now });
      await markJobOnce(db, ws, 'job', now);
      await recordEventOnce(db, { eventId: `Ev-${ws}`, workspaceId: ws, type: 'app_home_opened', at: now });
    };
    await fill('T-gone');
    await fill('T-kept');
    const counts = async (ws: string) => {
      const out: Record<string, number> = {};
      for (const t of ['circles', 'members', 'pauses', 'calls', 'pairings', 'pairing_groups', 'pairing_members', 'outbox', 'job_marks', 'slack_events'] as const) {
        const row = await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws).executeTakeFirstOrThrow();
        out[t] = Number(row.n);
      }
      return out;
    };
    const before = await counts('T-kept');
    expect(Object.values(before).every((n) => n > 0)).toBe(true);
    await deleteWorkspace(db, 'T-gone');
    expect(Object.values(await counts('T-gone')).every((n) => n === 0)).toBe(true);
    expect(await getWorkspace(db, 'T-gone')).toBeUndefined();
    expect(await counts('T-kept')).toEqual(before);
  });
});
