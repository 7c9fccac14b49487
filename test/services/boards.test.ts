// src/services/boards.ts: a circle's standing read from the database.
import { expect, it } from 'vitest';
import { addWeeks, weekKeyOf } from '../../src/domain/weeks.js';
import { circleStanding } from '../../src/services/boards.js';
import { joinCircle } from '../../src/services/circles.js';
import { describeDb } from '../helpers/db.js';
import { callRow, serviceFixture, SVC_NOW as NOW, SVC_WS as WS } from '../helpers/rows.js';

describeDb('boards service', (ctx) => {
  const { clock, db, newMember } = serviceFixture(ctx);

  it('circleStanding reads counts from the database', async () => {
    const a = await newMember('UTC');
    await db().updateTable('members').set({ created_at: new Date('2026-10-01T00:00:00Z') }).where('id', '=', a.id).execute();
    const { circle } = await joinCircle(db(), clock, { member: a, channelId: 'CSTAND' });
    const week = weekKeyOf(NOW, 'UTC');
    for (let i = 0; i < 5; i++) {
      await db().insertInto('calls').values(callRow({ workspace_id: WS, member_id: a.id, circle_id: circle.id, week: addWeeks(week, -1), call_date: '2026-11-18', contact_name: 'x', minutes: null, idempotency_key: `s${i}`, created_at: clock.now() })).execute();
    }
    const s = await circleStanding(db(), clock, WS, circle.id);
    expect(s?.rows).toHaveLength(1);
    expect(s?.rows[0]).toMatchObject({ currentStreak: 1, callsThisWeek: 0 });
  });
});
