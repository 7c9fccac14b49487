import { describe, expect, it } from 'vitest';
import { getPlaybook, type Playbook } from '../../src/domain/playbooks.js';
import { suggestToday } from '../../src/domain/today.js';

const five = getPlaybook('five-calls') as Playbook;
const keep = getPlaybook('keep-in-touch') as Playbook;
const calls = (...keys: string[]) => keys.map((category) => ({ category }));

describe('suggestToday', () => {
  it.each<[string, Playbook, string[], number, string | null]>([
    ['Monday, nothing done: soundboard', five, [], 1, 'soundboard'],
    ['Tuesday, nothing done: soundboard', five, [], 2, 'soundboard'],
    ['Wednesday, nothing done: the next one after soundboard', five, [], 3, 'stretch'],
    ['Monday, soundboard done: stretch', five, ['soundboard'], 1, 'stretch'],
    ['Thursday, soundboard and stretch done', five, ['soundboard', 'stretch'], 4, 'outside-lane'],
    ['Friday, all but soundboard done: soundboard', five, ['stretch', 'outside-lane', 'past-collaborator', 'younger-mentor'], 5, 'soundboard'],
    ['Sunday, only younger-mentor done', five, ['younger-mentor'], 7, 'stretch'],
    ['Tuesday, out of order', five, ['stretch', 'soundboard'], 2, 'outside-lane'],
    ['everything done: null', five, ['soundboard', 'stretch', 'outside-lane', 'past-collaborator', 'younger-mentor'], 3, null],
    ['keep-in-touch Monday: birthday', keep, [], 1, 'birthday'],
    ['keep-in-touch Wednesday: mentor', keep, [], 3, 'mentor'],
    ['unknown category marks nothing done', five, ['retired-category', 'retired-category'], 1, 'soundboard'],
  ])('%s', (_name, playbook, done, weekday, expected) => {
    const s = suggestToday({ playbook, calls: calls(...done), isoWeekday: weekday, goal: 5 });
    expect(s.category?.key ?? null).toBe(expected);
  });

  it('reports progress, counting calls in unknown categories', () => {
    const s = suggestToday({ playbook: five, calls: calls('soundboard', 'soundboard', 'gone'), isoWeekday: 3, goal: 5 });
    expect(s).toMatchObject({ doneKeys: ['soundboard'], logged: 3, goal: 5, remaining: 2, complete: false });
  });

  it('is complete at the goal and never negative', () => {
    const s = suggestToday({ playbook: five, calls: calls('a', 'b', 'c', 'd', 'e', 'f'), isoWeekday: 5, goal: 5 });
    expect(s).toMatchObject({ logged: 6, remaining: 0, complete: true, doneKeys: [] });
    expect(s.category?.key).toBe('stretch');
  });

  it('lists done keys in playbook order', () => {
    const s = suggestToday({ playbook: five, calls: calls('younger-mentor', 'soundboard'), isoWeekday: 1, goal: 5 });
    expect(s.doneKeys).toEqual(['soundboard', 'younger-mentor']);
  });

  it('rejects a bad weekday or goal', () => {
    expect(() => suggestToday({ playbook: five, calls: [], isoWeekday: 0, goal: 5 })).toThrow(RangeError);
    expect(() => suggestToday({ playbook: five, calls: [], isoWeekday: 8, goal: 5 })).toThrow(RangeError);
    expect(() => suggestToday({ playbook: five, calls: [], isoWeekday: 1, goal: -1 })).toThrow(RangeError);
  });

  it('handles an empty custom playbook', () => {
    const s = suggestToday({ playbook: { key: 'x', title: 'X', categories: [] }, calls: [], isoWeekday: 1, goal: 5 });
    expect(s.category).toBeNull();
  });
});
