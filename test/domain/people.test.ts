// src/domain/people.ts: names, birthdays, the overdue order, suggestions per category, asking first.
import { describe, expect, it } from 'vitest';
import {
  askForTimeText,
  birthdayInWeek,
  compareOverdue,
  parseBirthday,
  parseNames,
  shouldAskFirst,
  sinceLabel,
  suggestPeople,
  validatePerson,
  type PersonSummary,
} from '../../src/domain/people.js';
import { getPlaybook } from '../../src/domain/playbooks.js';

const person = (id: number, over: Partial<PersonSummary> = {}): PersonSummary => ({
  id, name: `P${id}`, categories: ['stretch'], lastCalledOn: null, lastOutcome: null, birthdayMonth: null, birthdayDay: null, ...over,
});

describe('parseNames', () => {
  it('takes one name a line or comma separated, trims and drops repeats in any case', () => {
    expect(parseNames(' Dana  Lee \nSam, dana lee;Priya\n\n')).toEqual({ ok: true, names: ['Dana Lee', 'Sam', 'Priya'] });
  });
  it('says what is wrong', () => {
    expect(parseNames('')).toMatchObject({ ok: false, error: /at least one/ });
    expect(parseNames('ok\nbad\u0007')).toMatchObject({ ok: false, error: /ordinary characters/ });
    expect(parseNames(Array.from({ length: 26 }, (_, i) => `n${i}`).join('\n'))).toMatchObject({ ok: false, error: /Up to 25.*26/ });
  });
});

describe('parseBirthday', () => {
  it('needs both or neither, and a real day of that month (29 February allowed)', () => {
    expect(parseBirthday('', '')).toEqual({ ok: true, value: null });
    expect(parseBirthday('2', '29')).toEqual({ ok: true, value: { month: 2, day: 29 } });
    expect(parseBirthday('4', '31')).toMatchObject({ ok: false, errors: { birthday_day: 'April has no day 31.' } });
    expect(parseBirthday('4', '')).toMatchObject({ ok: false, errors: { birthday_day: /day too/ } });
    expect(parseBirthday('', '3')).toMatchObject({ ok: false, errors: { birthday_month: /month too/ } });
    expect(parseBirthday('13', '1')).toMatchObject({ ok: false, errors: { birthday_month: /from the list/ } });
  });
});

describe('validatePerson', () => {
  it('checks every field and keeps the valid ones', () => {
    expect(validatePerson({ name: ' Ann  Lee ', categories: ['stretch', 'stretch'], how_we_know: ' Acme ', notes: '' }, ['stretch'])).toEqual({
      ok: true, value: { name: 'Ann Lee', categories: ['stretch'], birthday: null, howWeKnow: 'Acme', notes: null },
    });
    const bad = validatePerson({ name: '', categories: ['x'], how_we_know: 'h'.repeat(201), notes: 'n'.repeat(2001) }, ['stretch']);
    expect(bad).toMatchObject({ ok: false, errors: { name: /Type a name/, categories: /from the list/, how_we_know: /200/, notes: /2,000/ } });
  });
});

describe('the overdue order and suggestions', () => {
  it('puts never-called first, then the oldest call, then the older entry', () => {
    const list = [person(3, { lastCalledOn: '2026-11-01' }), person(2), person(1, { lastCalledOn: '2026-10-01' }), person(4)];
    expect([...list].sort(compareOverdue).map((p) => p.id)).toEqual([2, 4, 1, 3]);
  });
  it('names per category its most overdue person, each person once while another is left', () => {
    const pb = getPlaybook('five-calls')!;
    const both = person(1, { categories: ['stretch', 'outside-lane'] });
    const stretchOnly = person(2, { categories: ['stretch'], lastCalledOn: '2026-11-20' });
    const s = suggestPeople(pb.categories, [stretchOnly, both], '2026-11-25', '2026-11-23');
    const by = Object.fromEntries(s.map((x) => [x.category.key, x.person?.id ?? null]));
    expect(by.soundboard).toBeNull();
    expect(by.stretch).toBe(1);
    // outside-lane has only person 1, who is already used: still named (nobody else fits).
    expect(by['outside-lane']).toBe(1);
  });
  it('a birthday category names whoever has a birthday in the week, with the date', () => {
    const pb = getPlaybook('keep-in-touch')!;
    const s = suggestPeople(pb.categories, [person(1, { categories: [], birthdayMonth: 11, birthdayDay: 27 })], '2026-11-25', '2026-11-23');
    expect(s[0]).toMatchObject({ person: { id: 1 }, birthdayOn: '2026-11-27', askFirst: false });
    expect(birthdayInWeek({ birthdayMonth: 2, birthdayDay: 29 }, '2027-02-22')).toBe('2027-02-28');
    expect(birthdayInWeek({ birthdayMonth: 2, birthdayDay: 29 }, '2028-02-28')).toBe('2028-02-29');
  });
  it('offers to ask for a time after 90 days without a call, or never', () => {
    expect(shouldAskFirst(null, '2026-11-25')).toBe(true);
    expect(shouldAskFirst('2026-08-27', '2026-11-25')).toBe(false);
    expect(shouldAskFirst('2026-08-26', '2026-11-25')).toBe(true);
    expect(sinceLabel('2026-11-13', '2026-11-25')).toBe('called 12 days ago');
    expect(askForTimeText('past-client', 'Maria Gomez')).toMatch(/^Hi Maria,.*Nothing to sell/);
    expect(askForTimeText('no-such-category', '')).toMatch(/^Hi there/);
  });
});
