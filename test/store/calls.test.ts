// src/store/calls.ts: check-ins saved once, counted by week, never shared with notes or names.
import { expect, it } from 'vitest';
import { countMemberCallsByWeek, insertCallOnce, listMemberWeekCalls } from '../../src/store/calls.js';
import { readCircleRecap } from '../../src/store/circle-stats.js';
import { ensureCircle } from '../../src/store/circles.js';
import { ensureMember } from '../../src/store/members.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';
import { callRow } from '../helpers/rows.js';

const now = new Date('2026-11-24T12:00:00Z');

describeDb('calls store', (ctx) => {
  it('saves a check-in exactly once per idempotency key and counts by week', async () => {
    const { db } = ctx();
    await upsertWorkspace(db, { id: 'T5', at: now });
    const circle = (await ensureCircle(db, 'T5', { channelId: 'C5', createdBy: 'U1', at: now })).circle;
    const m = (await ensureMember(db, 'T5', { slackUserId: 'U1', at: now })).member;
    const call = callRow({ workspace_id: 'T5', member_id: m.id, circle_id: circle.id, notes: 'secret', idempotency_key: 'view:V1', created_at: now });
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
    // The recap's read of the circle's week counts the calls and carries no notes or contact names.
    const week = await readCircleRecap(db, circle, '2026-W48', '2026-W40', '2026-W37');
    expect(week.tally.totals).toMatchObject({ calls: 2, conversations: 1, voicemails: 1, minutes: 30 });
    expect(JSON.stringify(week)).not.toMatch(/secret|Grace/);
    expect(await listMemberWeekCalls(db, 'T-other', m.id, '2026-W48')).toEqual([]);
  });
});
