// src/domain/reminders.ts: first lines of notes, the days of "this week", the Schedule modal's rules.
import { describe, expect, it } from 'vitest';
import { firstLine, scheduleDays, validateSchedule } from '../../src/domain/reminders.js';

describe('firstLine', () => {
  it('takes the first non-empty line, trimmed, and cuts a long one', () => {
    expect(firstLine('\n  Ask about the move to Lisbon  \nsecond line')).toBe('Ask about the move to Lisbon');
    expect(firstLine('')).toBeNull();
    expect(firstLine(null)).toBeNull();
    expect(firstLine(' \n \n')).toBeNull();
    const long = firstLine('x'.repeat(500), 10)!;
    expect([...long]).toHaveLength(10);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('scheduleDays', () => {
  it('runs from today to the Sunday of its ISO week', () => {
    expect(scheduleDays('2026-11-25')).toEqual(['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    expect(scheduleDays('2026-11-29')).toEqual(['2026-11-29']);
    expect(scheduleDays('2026-11-23')).toHaveLength(7);
    // Across a year end: Monday 28 Dec 2026 is in 2026-W53.
    expect(scheduleDays('2026-12-31')).toEqual(['2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
  });
});

describe('validateSchedule', () => {
  const ctx = { today: '2026-11-25', nowTime: '14:10' };
  it('accepts a day of this week and a time', () => {
    expect(validateSchedule({ day: '2026-11-27', time: '09:30' }, ctx)).toEqual({ ok: true, value: { day: '2026-11-27', time: '09:30' } });
    expect(validateSchedule({ day: '2026-11-25', time: '14:11' }, ctx)).toMatchObject({ ok: true });
  });
  it('says what is wrong, per field', () => {
    expect(validateSchedule({}, ctx)).toEqual({ ok: false, errors: { day: 'Pick a day.', time: 'Pick a time.' } });
    const nextWeek = validateSchedule({ day: '2026-11-30', time: '10:00' }, ctx);
    expect(nextWeek.ok === false && nextWeek.errors.day).toMatch(/this week/);
    const past = validateSchedule({ day: '2026-11-24', time: '10:00' }, ctx);
    expect(past.ok === false && past.errors.day).toMatch(/today to Sunday/);
    const gone = validateSchedule({ day: '2026-11-25', time: '14:10' }, ctx);
    expect(gone.ok === false && gone.errors.time).toMatch(/passed today \(it is 14:10 now\)/);
    const bad = validateSchedule({ day: '2026-11-26', time: '25:00' }, ctx);
    expect(bad.ok === false && bad.errors.time).toMatch(/HH:MM/);
  });
});
