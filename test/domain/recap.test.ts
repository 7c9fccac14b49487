import { describe, expect, it } from 'vitest';
import { leaderboard, recapFigures, tallyCalls, type RecapCall } from '../../src/domain/recap.js';

const call = (memberId: string, over: Partial<RecapCall> = {}): RecapCall => ({
  memberId,
  category: 'stretch',
  outcome: 'conversation',
  minutes: 10,
  isCallback: false,
  opportunity: false,
  ...over,
});

describe('recapFigures', () => {
  it('adds up the week', () => {
    const calls = [
      ...Array.from({ length: 5 }, () => call('a')),
      call('b', { outcome: 'voicemail', minutes: null }),
      call('b', { outcome: 'no_answer', minutes: 0 }),
      call('b', { isCallback: true, opportunity: true, minutes: 25, category: 'soundboard' }),
      ...Array.from({ length: 5 }, () => call('gone')),
    ];
    const r = recapFigures({
      tally: tallyCalls(calls),
      activeMemberIds: ['a', 'b', 'c'],
      goal: 5,
      groups: [
        { memberIds: ['a', 'b'], talked: true },
        { memberIds: ['c', 'd', 'e'], talked: false },
      ],
    });
    expect(r.totals).toEqual({ calls: 13, conversations: 11, voicemails: 1, noAnswers: 1, callbacks: 1, opportunities: 1, minutes: 125 });
    expect(r.membersComplete).toBe(1);
    expect(r.activeMembers).toBe(3);
    expect(r.pairsTalked).toBe(1);
    expect(r.pairs).toBe(2);
    expect(r.byCategory).toEqual({ stretch: 12, soundboard: 1 });
  });

  it('handles an empty week', () => {
    const r = recapFigures({ tally: tallyCalls([]), activeMemberIds: [], goal: 5, groups: [] });
    expect(r).toMatchObject({ membersComplete: 0, activeMembers: 0, pairs: 0, pairsTalked: 0 });
    expect(r.totals.calls).toBe(0);
  });
});

describe('tallyCalls', () => {
  it('counts per member and per category in first-seen order', () => {
    const t = tallyCalls([call('b', { category: 'soundboard' }), call('a'), call('b'), call('b', { category: 'soundboard', minutes: -3 })]);
    expect(t.perMember).toEqual([
      { memberId: 'b', calls: 3 },
      { memberId: 'a', calls: 1 },
    ]);
    expect(Object.keys(t.byCategory)).toEqual(['soundboard', 'stretch']);
    expect(t.totals.minutes).toBe(30);
  });
});

describe('leaderboard', () => {
  const e = (memberId: string, currentStreak: number, callsThisWeek: number, boardVisible = true) => ({
    memberId,
    displayName: `Name ${memberId}`,
    boardVisible,
    currentStreak,
    callsThisWeek,
  });

  it('ranks the week by what was done: calls this week, then streak, then member id, hiding the hidden', () => {
    const rows = leaderboard({ entries: [e('c', 2, 5), e('b', 3, 1), e('a', 2, 5), e('d', 2, 7, false), e('e', 0, 0)] });
    expect(rows.map((r) => [r.rank, r.memberId, r.displayName])).toEqual([
      [1, null, 'anonymous'],
      [2, 'a', 'Name a'],
      [2, 'c', 'Name c'],
      [4, 'b', 'Name b'],
      [5, 'e', 'Name e'],
    ]);
    expect(rows[0]).toMatchObject({ anonymous: true, currentStreak: 2, callsThisWeek: 7, paused: false });
    expect(JSON.stringify(rows)).not.toContain('"d"');
  });

  it('puts members paused this week after everyone else, whatever their streak, and marks them paused', () => {
    const rows = leaderboard({ entries: [{ ...e('p', 9, 0), paused: true }, e('a', 1, 2), e('z', 0, 0)] });
    expect(rows.map((r) => [r.memberId, r.paused])).toEqual([['a', false], ['z', false], ['p', true]]);
  });

  it('does not depend on input order and honours a limit', () => {
    const entries = [e('x', 1, 1), e('y', 1, 1), e('z', 1, 1)];
    const a = leaderboard({ entries });
    const b = leaderboard({ entries: [...entries].reverse() });
    expect(a).toEqual(b);
    expect(leaderboard({ entries, limit: 2 })).toHaveLength(2);
  });
});
