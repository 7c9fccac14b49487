import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PLAYBOOK_KEY,
  findCategory,
  getPlaybook,
  PLAYBOOKS,
  playbookKeys,
  playbookOrDefault,
  validatePlaybook,
  type Playbook,
} from '../../src/domain/playbooks.js';

describe('built-in playbooks', () => {
  it('lists both, default first', () => {
    expect(DEFAULT_PLAYBOOK_KEY).toBe('five-calls');
    expect(playbookKeys()).toEqual(['five-calls', 'keep-in-touch']);
    expect(getPlaybook('five-calls')?.key).toBe('five-calls');
    expect(getPlaybook('nope')).toBeUndefined();
    expect(getPlaybook('toString')).toBeUndefined();
    expect(playbookOrDefault('nope').key).toBe('five-calls');
    expect(playbookOrDefault(null).key).toBe('five-calls');
    expect(playbookOrDefault('keep-in-touch').key).toBe('keep-in-touch');
  });

  it.each([
    ['five-calls', ['soundboard', 'stretch', 'outside-lane', 'past-collaborator', 'younger-mentor']],
    ['keep-in-touch', ['birthday', 'mentor', 'mentee', 'past-client', 'former-coworker']],
  ])('%s has its categories in order', (key, categories) => {
    expect(getPlaybook(key)?.categories.map((c) => c.key)).toEqual(categories);
  });

  it.each(Object.keys(PLAYBOOKS))('%s passes validation (lengths, emoji, starters)', (key) => {
    const playbook = getPlaybook(key) as Playbook;
    expect(validatePlaybook(playbook)).toEqual([]);
    for (const c of playbook.categories) {
      expect(c.title.length).toBeLessThanOrEqual(60);
      for (const s of [c.why, c.close, c.voicemail, ...c.starters]) expect(s.length).toBeLessThanOrEqual(300);
      expect(c.starters.length).toBeGreaterThanOrEqual(2);
      expect(c.starters.length).toBeLessThanOrEqual(3);
      expect(c.emoji).toMatch(/^:[a-z0-9_+-]+:$/);
    }
  });

  it('finds categories and is frozen', () => {
    const five = getPlaybook('five-calls') as Playbook;
    expect(findCategory(five, 'stretch')?.title).toBeTruthy();
    expect(findCategory(five, 'birthday')).toBeUndefined();
    expect(Object.isFrozen(five.categories[0])).toBe(true);
  });
});

describe('validatePlaybook (custom playbooks)', () => {
  const base = getPlaybook('five-calls') as Playbook;
  const category = base.categories[0]!;
  it.each<[string, Playbook, RegExp]>([
    ['no categories', { key: 'x', title: 'X', categories: [] }, /no categories/],
    ['duplicate keys', { key: 'x', title: 'X', categories: [category, category] }, /appears twice/],
    ['long title', { key: 'x', title: 'X', categories: [{ ...category, title: 'a'.repeat(61) }] }, /longer than 60/],
    ['long why', { key: 'x', title: 'X', categories: [{ ...category, why: 'a'.repeat(301) }] }, /longer than 300/],
    ['one starter', { key: 'x', title: 'X', categories: [{ ...category, starters: ['Hi'] }] }, /two or three/],
    ['bad emoji', { key: 'x', title: 'X', categories: [{ ...category, emoji: 'phone' }] }, /shortcode/],
    ['empty close', { key: 'x', title: 'X', categories: [{ ...category, close: ' ' }] }, /empty/],
  ])('reports %s', (_name, playbook, problem) => {
    expect(validatePlaybook(playbook).join('\n')).toMatch(problem);
  });
});
