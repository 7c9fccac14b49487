// src/services/boards.ts: a circle's standing (pure), and read from the database.
import { describe, expect, it } from 'vitest';
import type { Circle, Member } from '../../src/db/types.js';
import { addWeeks, weekKeyOf } from '../../src/domain/weeks.js';
import { standingFrom } from '../../src/domain/standing.js';
import { circleStanding } from '../../src/services/boards.js';
import { joinCircle } from '../../src/services/circles.js';
import { describeDb } from '../helpers/db.js';
import { callRow, serviceFixture, SVC_NOW as NOW, SVC_WS as WS } from '../helpers/rows.js';

describe('standingFrom (pure)', () => {
  const circle = { id: 1, workspace_id: WS, tz: 'UTC', goal: 2, team_threshold: 50, created_at: new Date('2026-01-01') } as Circle;
  const m = (id: number, visible = true): Member =>
    ({ id, workspace_id: WS, display_name: `m${id}`, board_visible: visible, created_at: new Date('2026-10-01T00:00:00Z'), joined_circle_at: new Date('2026-10-01T00:00:00Z') }) as Member;
  it('ranks by streak, hides hidden members, and counts team weeks with pauses excluded', () => {
    const week = '2026-W48';
    const counts = [
      { member_id: 1, week: '2026-W46', n: 2 },
      { member_id: 1, week: '2026-W47', n: 2 },
      { member_id: 2, week: '2026-W47', n: 3 },
      { member_id: 3, week: '2026-W46', n: 2 },
      { member_id: 3, week: '2026-W47', n: 2 },
    ];
    const s = standingFrom({ circle, members: [m(1), m(2), m(3, false)], week, counts, pauses: [{ member_id: 2, first_week: '2026-W46', last_week: '2026-W46' }] });
    expect(s.rows.map((r) => [r.rank, r.displayName, r.currentStreak])).toEqual([
      [1, 'm1', 2],
      [1, 'anonymous', 2],
      [3, 'm2', 1],
    ]);
    // W46: members 1 and 3 active (2 paused), both complete; W47: all three complete -> team streak 2.
    expect(s.team).toEqual({ current: 2, best: 2 });
    expect(s.activeThisWeek).toBe(3);
    expect(s.completedThisWeek).toBe(0);
  });
});

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
