// src/domain/standing.ts: a circle's standing from its counts.
import { describe, expect, it } from 'vitest';
import type { Circle, Member } from '../../src/db/types.js';
import { seededRandom } from '../../src/domain/pairing.js';
import { seriesFromCounts, seriesSince, standingFrom, STANDING_HORIZON_WEEKS } from '../../src/domain/standing.js';
import { memberStreak, teamStreak } from '../../src/domain/streaks.js';
import { addWeeks, weekIndex, weekKeyOf, weekKeyOfIndex, weeksBetween } from '../../src/domain/weeks.js';

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
    const s = standingFrom({ circle, members: [m(1), m(2), m(3, false)], week, series: seriesFromCounts(counts), pauses: [{ member_id: 2, first_week: '2026-W46', last_week: '2026-W46' }] });
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

describe('member series', () => {
  it('hold the same weeks and counts as the rows they come from, and cut to a week', () => {
    const counts = [
      { member_id: 1, week: '2026-W51', n: 3 },
      { member_id: 1, week: '2027-W01', n: 2 },
      { member_id: 2, week: '2026-W53', n: 1 },
      { member_id: 1, week: '2026-W52', n: 4 },
    ];
    // 2026 has 53 ISO weeks: W51, W52, W53 and 2027-W01 are consecutive.
    expect(seriesFromCounts(counts)).toEqual([
      { member_id: 1, from: '2026-W51', calls: [3, 4, 0, 2] },
      { member_id: 2, from: '2026-W53', calls: [1] },
    ]);
    expect(seriesSince(seriesFromCounts(counts), '2026-W53')).toEqual([
      { member_id: 1, from: '2026-W53', calls: [0, 2] },
      { member_id: 2, from: '2026-W53', calls: [1] },
    ]);
  });
});

describe('standingFrom against memberStreak and teamStreak (randomised)', () => {
  const seed = Date.now() % 1_000_000;

  it(`gives each member's current streak and the team streak as the step-by-step rules do (seed ${seed})`, () => {
    const random = seededRandom(`standing:${seed}`); // the pairing's mulberry32: a failure replays from its seed
    const int = (n: number) => Math.floor(random() * n);
    for (let round = 0; round < 40; round++) {
      const week = addWeeks('2026-W48', int(60) - 30);
      const circle = { id: 1, workspace_id: WS, tz: 'UTC', goal: 1 + int(4), team_threshold: 30 + int(71), created_at: new Date('2020-01-01') } as Circle;
      const members: Member[] = Array.from({ length: 1 + int(12) }, (_, i) => {
        const joined = new Date(Date.UTC(2026, 10, 25) + (int(140) - 110) * 7 * 86_400_000);
        return { id: i + 1, workspace_id: WS, display_name: `m${i + 1}`, board_visible: random() < 0.8, created_at: joined, joined_circle_at: random() < 0.5 ? null : joined } as Member;
      });
      const counts: { member_id: number; week: string; n: number }[] = [];
      const pauses: { member_id: number; first_week: string; last_week: string }[] = [];
      for (const m of members) {
        // Mostly complete weeks, so streaks run long and cross pauses, missed and partial weeks.
        for (let w = -110; w <= 1; w++) if (random() < 0.95) counts.push({ member_id: m.id, week: addWeeks(week, w), n: random() < 0.93 ? circle.goal! + int(2) : int(circle.goal!) });
        for (let p = int(3); p > 0; p--) {
          const first = addWeeks(week, -int(p === 1 ? 120 : 25));
          pauses.push({ member_id: m.id, first_week: first, last_week: addWeeks(first, int(6)) });
        }
      }
      const s = standingFrom({ circle, members, week, series: seriesFromCounts(counts), pauses });

      const current = weekIndex(week);
      const clamp = (at: Date) => Math.min(current, Math.max(current - STANDING_HORIZON_WEEKS, weekIndex(weekKeyOf(at, 'UTC'))));
      const pausedWeeks = (id: number) => pauses.filter((p) => p.member_id === id).flatMap((p) => weeksBetween(p.first_week, p.last_week));
      const callsOf = (id: number) => Object.fromEntries(counts.filter((c) => c.member_id === id).map((c) => [c.week, c.n]));
      for (const m of members) {
        const expected = memberStreak({ callsByWeek: callsOf(m.id), goal: circle.goal!, pausedWeeks: pausedWeeks(m.id), currentWeek: week, firstWeek: weekKeyOfIndex(clamp(m.created_at)) });
        if (m.board_visible) expect(s.rows.find((r) => r.memberId === String(m.id))!.currentStreak, `member ${m.id}, round ${round}`).toBe(expected.current);
      }
      const hidden = members.filter((m) => !m.board_visible);
      const hiddenExpected = hidden
        .map((m) => memberStreak({ callsByWeek: callsOf(m.id), goal: circle.goal!, pausedWeeks: pausedWeeks(m.id), currentWeek: week, firstWeek: weekKeyOfIndex(clamp(m.created_at)) }).current)
        .sort((a, b) => a - b);
      expect(s.rows.filter((r) => r.anonymous).map((r) => r.currentStreak).sort((a, b) => a - b)).toEqual(hiddenExpected);

      // Team weeks, one week key at a time.
      const firstTeam = Math.min(current, ...members.map((m) => clamp(m.joined_circle_at ?? m.created_at)));
      const teamWeeks = weeksBetween(weekKeyOfIndex(firstTeam), week).map((w) => {
        const inWeek = members.filter((m) => weekIndex(w) >= clamp(m.joined_circle_at ?? m.created_at) && !pausedWeeks(m.id).includes(w));
        return { week: w, active: inWeek.length, completed: inWeek.filter((m) => (callsOf(m.id)[w] ?? 0) >= circle.goal!).length };
      });
      expect(s.team, `round ${round}`).toEqual(teamStreak({ weeks: teamWeeks, threshold: circle.team_threshold, currentWeek: week }));
    }
  });
});
