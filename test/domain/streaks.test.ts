import { describe, expect, it } from 'vitest';
import { memberStreak, teamStreak, teamWeekMet, weekSquares } from '../../src/domain/streaks.js';

describe('memberStreak', () => {
  it.each<[string, Record<string, number>, string[], string, string | undefined, { current: number; best: number; completedWeeks: number }]>([
    ['no calls at all', {}, [], '2026-W10', undefined, { current: 0, best: 0, completedWeeks: 0 }],
    ['current week complete', { '2026-W10': 5 }, [], '2026-W10', undefined, { current: 1, best: 1, completedWeeks: 1 }],
    ['current week incomplete does not break', { '2026-W08': 5, '2026-W09': 6, '2026-W10': 2 }, [], '2026-W10', undefined, { current: 2, best: 2, completedWeeks: 2 }],
    ['current week counts once complete', { '2026-W08': 5, '2026-W09': 5, '2026-W10': 5 }, [], '2026-W10', undefined, { current: 3, best: 3, completedWeeks: 3 }],
    ['a missed week breaks', { '2026-W07': 5, '2026-W08': 5, '2026-W09': 4, '2026-W10': 5 }, [], '2026-W10', undefined, { current: 1, best: 2, completedWeeks: 3 }],
    ['an empty week in between breaks', { '2026-W07': 5, '2026-W09': 5 }, [], '2026-W09', undefined, { current: 1, best: 1, completedWeeks: 2 }],
    ['a paused week neither counts nor breaks', { '2026-W07': 5, '2026-W09': 5 }, ['2026-W08'], '2026-W09', undefined, { current: 2, best: 2, completedWeeks: 2 }],
    ['a paused complete week does not count', { '2026-W08': 5, '2026-W09': 5 }, ['2026-W08'], '2026-W09', undefined, { current: 1, best: 1, completedWeeks: 1 }],
    ['paused current week keeps the run', { '2026-W08': 5, '2026-W09': 5 }, ['2026-W10'], '2026-W10', undefined, { current: 2, best: 2, completedWeeks: 2 }],
    ['across the ISO year boundary', { '2026-W52': 5, '2026-W53': 5, '2027-W01': 5 }, [], '2027-W01', undefined, { current: 3, best: 3, completedWeeks: 3 }],
    ['W53 missed breaks', { '2026-W52': 5, '2027-W01': 5 }, [], '2027-W01', undefined, { current: 1, best: 1, completedWeeks: 2 }],
    ['future weeks are ignored', { '2026-W10': 5, '2026-W11': 5 }, [], '2026-W10', undefined, { current: 1, best: 1, completedWeeks: 1 }],
    ['calls before firstWeek (backdated) still count', { '2026-W01': 5, '2026-W02': 5, '2026-W05': 5 }, [], '2026-W05', '2026-W05', { current: 1, best: 2, completedWeeks: 3 }],
    ['a backdated complete week before firstWeek joins the run', { '2026-W04': 5, '2026-W05': 2 }, [], '2026-W05', '2026-W05', { current: 1, best: 1, completedWeeks: 1 }],
    ['firstWeek after the current week changes nothing', { '2026-W05': 5 }, [], '2026-W05', '2026-W07', { current: 1, best: 1, completedWeeks: 1 }],
    ['firstWeek before any calls counts missed weeks', { '2026-W05': 5 }, [], '2026-W06', '2026-W03', { current: 1, best: 1, completedWeeks: 1 }],
    ['best remembers an older run', { '2026-W01': 5, '2026-W02': 5, '2026-W03': 5, '2026-W04': 0, '2026-W05': 5 }, [], '2026-W06', undefined, { current: 1, best: 3, completedWeeks: 4 }],
  ])('%s', (_name, calls, paused, currentWeek, firstWeek, expected) => {
    expect(memberStreak({ callsByWeek: calls, goal: 5, pausedWeeks: paused, currentWeek, firstWeek })).toEqual(expected);
  });

  it('takes a Map and a custom goal', () => {
    const callsByWeek = new Map([
      ['2026-W09', 3],
      ['2026-W10', 3],
    ]);
    expect(memberStreak({ callsByWeek, goal: 3, pausedWeeks: new Set<string>(), currentWeek: '2026-W10' })).toEqual({ current: 2, best: 2, completedWeeks: 2 });
  });

  it('rejects a bad goal or week', () => {
    expect(() => memberStreak({ callsByWeek: {}, goal: 0, pausedWeeks: [], currentWeek: '2026-W10' })).toThrow(RangeError);
    expect(() => memberStreak({ callsByWeek: {}, goal: 5, pausedWeeks: [], currentWeek: '2027-W53' })).toThrow(RangeError);
  });
});

describe('weekSquares', () => {
  it('shows the last N weeks oldest first', () => {
    const squares = weekSquares({
      callsByWeek: { '2026-W52': 5, '2026-W53': 2, '2027-W02': 1 },
      goal: 5,
      pausedWeeks: ['2027-W01'],
      currentWeek: '2027-W02',
      count: 5,
    });
    expect(squares).toEqual([
      { week: '2026-W51', calls: 0, state: 'missed' },
      { week: '2026-W52', calls: 5, state: 'complete' },
      { week: '2026-W53', calls: 2, state: 'partial' },
      { week: '2027-W01', calls: 0, state: 'paused' },
      { week: '2027-W02', calls: 1, state: 'current' },
    ]);
  });

  it('marks a complete current week complete and starts at firstWeek', () => {
    const squares = weekSquares({ callsByWeek: { '2026-W10': 6 }, goal: 5, currentWeek: '2026-W10', count: 8, firstWeek: '2026-W09' });
    expect(squares.map((s) => s.state)).toEqual(['missed', 'complete']);
    expect(weekSquares({ callsByWeek: {}, goal: 5, currentWeek: '2026-W10', count: 0 })).toEqual([]);
  });
});

describe('teamStreak', () => {
  const w = (week: string, active: number, completed: number) => ({ week, active, completed });
  it.each<[string, ReturnType<typeof w>[], number | undefined, string, { current: number; best: number }]>([
    ['nothing yet', [], undefined, '2026-W10', { current: 0, best: 0 }],
    ['exactly 80% counts', [w('2026-W09', 5, 4), w('2026-W10', 10, 8)], undefined, '2026-W10', { current: 2, best: 2 }],
    ['just under 80% breaks', [w('2026-W08', 5, 5), w('2026-W09', 10, 7), w('2026-W10', 5, 4)], undefined, '2026-W10', { current: 1, best: 1 }],
    ['incomplete current week does not break', [w('2026-W08', 5, 5), w('2026-W09', 5, 4), w('2026-W10', 5, 1)], undefined, '2026-W10', { current: 2, best: 2 }],
    ['week with no active members is neutral', [w('2026-W08', 5, 5), w('2026-W09', 0, 0), w('2026-W10', 5, 5)], undefined, '2026-W10', { current: 2, best: 2 }],
    ['missing weeks are neutral', [w('2026-W05', 5, 5), w('2026-W10', 5, 5)], undefined, '2026-W10', { current: 2, best: 2 }],
    ['custom threshold', [w('2026-W09', 4, 2), w('2026-W10', 4, 2)], 50, '2026-W10', { current: 2, best: 2 }],
    ['unsorted input and future weeks', [w('2026-W11', 5, 0), w('2026-W10', 5, 5), w('2026-W09', 5, 5)], undefined, '2026-W10', { current: 2, best: 2 }],
    ['across W53', [w('2026-W52', 3, 3), w('2026-W53', 3, 3), w('2027-W01', 3, 3)], undefined, '2027-W01', { current: 3, best: 3 }],
    ['best run earlier', [w('2026-W01', 2, 2), w('2026-W02', 2, 2), w('2026-W03', 2, 0), w('2026-W04', 2, 2)], undefined, '2026-W05', { current: 1, best: 2 }],
  ])('%s', (_name, weeks, threshold, currentWeek, expected) => {
    expect(teamStreak({ weeks, threshold, currentWeek })).toEqual(expected);
  });

  it('uses exact integer maths at the threshold', () => {
    expect(teamWeekMet(3, 2, 66)).toBe(true);
    expect(teamWeekMet(3, 2, 67)).toBe(false);
    expect(teamWeekMet(0, 0)).toBe(false);
    expect(() => teamStreak({ weeks: [], threshold: 120, currentWeek: '2026-W10' })).toThrow(RangeError);
  });
});
