// src/domain/pauses.ts: which weeks a pause covers.
import { describe, expect, it } from 'vitest';
import { membersPausedIn, pauseWeeks } from '../../src/domain/pauses.js';

describe('pauseWeeks (pure)', () => {
  const today = '2026-11-25';
  const week = '2026-W48';
  it('plain pause is next week; N weeks start next week', () => {
    expect(pauseWeeks({ kind: 'next' }, today, week)).toEqual({ ok: true, firstWeek: '2026-W49', lastWeek: '2026-W49', weeks: 1 });
    expect(pauseWeeks({ kind: 'weeks', weeks: 3 }, today, week)).toEqual({ ok: true, firstWeek: '2026-W49', lastWeek: '2026-W51', weeks: 3 });
    expect(pauseWeeks({ kind: 'weeks', weeks: 12 }, today, week)).toMatchObject({ ok: true, lastWeek: '2027-W07' });
  });
  it('until a date runs through the week holding it, across the ISO year (2026 has a W53)', () => {
    expect(pauseWeeks({ kind: 'until', date: '2026-12-31' }, today, week)).toEqual({ ok: true, firstWeek: '2026-W49', lastWeek: '2026-W53', weeks: 5 });
    expect(pauseWeeks({ kind: 'until', date: '2026-11-30' }, today, week)).toMatchObject({ ok: true, firstWeek: '2026-W49', lastWeek: '2026-W49' });
  });
  it('rejects the past, this week, beyond six months and bad week counts', () => {
    expect(pauseWeeks({ kind: 'until', date: '2026-11-24' }, today, week)).toMatchObject({ ok: false, message: expect.stringMatching(/past/) });
    expect(pauseWeeks({ kind: 'until', date: '2026-11-29' }, today, week)).toMatchObject({ ok: false, message: expect.stringMatching(/this week/) });
    expect(pauseWeeks({ kind: 'until', date: '2027-06-30' }, today, week)).toMatchObject({ ok: false, message: expect.stringMatching(/six months/) });
    expect(pauseWeeks({ kind: 'weeks', weeks: 0 }, today, week).ok).toBe(false);
    expect(pauseWeeks({ kind: 'weeks', weeks: 13 }, today, week).ok).toBe(false);
  });
});

describe('membersPausedIn', () => {
  it('names the members whose inclusive week range covers the week', () => {
    const pauses = [
      { member_id: 1, first_week: '2026-W48', last_week: '2026-W49' },
      { member_id: 2, first_week: '2026-W50', last_week: '2026-W50' },
      { member_id: 3, first_week: '2025-W52', last_week: '2026-W01' },
    ];
    expect([...membersPausedIn(pauses, '2026-W48')]).toEqual([1]);
    expect([...membersPausedIn(pauses, '2026-W49')]).toEqual([1]);
    expect([...membersPausedIn(pauses, '2026-W50')]).toEqual([2]);
    expect([...membersPausedIn(pauses, '2026-W01')]).toEqual([3]);
    expect(membersPausedIn(pauses, '2026-W47').size).toBe(0);
  });
});
