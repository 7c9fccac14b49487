// src/domain/standing.ts: a circle's standing from its counts.
import { describe, expect, it } from 'vitest';
import type { Circle, Member } from '../../src/db/types.js';
import { standingFrom } from '../../src/domain/standing.js';

const WS = 'T0SVC';

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
