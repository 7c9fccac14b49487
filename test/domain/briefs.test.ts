// src/domain/briefs.ts: the brief's validation and the proposed call time.
import { describe, expect, it } from 'vitest';
import { proposeCallTime, validateBrief, validateWorkHours, type Partner } from '../../src/domain/briefs.js';
import { localTimeOf, utcOffsetMinutes, isoWeekdayOf } from '../../src/domain/weeks.js';

const partner = (id: string, tz: string, workStart = '09:00', workEnd = '18:00'): Partner & { tz: string } => ({ id, tz, workStart, workEnd, offsetAt: (at) => utcOffsetMinutes(at, tz) });

describe('validateBrief', () => {
  it('needs what you work on and the ideas; "unsure" is optional', () => {
    expect(validateBrief({ working_on: ' Pricing page ', ideas: 'Drop the free tier?', unsure: ' ' })).toEqual({ ok: true, value: { workingOn: 'Pricing page', ideas: 'Drop the free tier?', unsure: null } });
    const r = validateBrief({ working_on: '  ', ideas: '' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['ideas', 'working_on']);
    const long = validateBrief({ working_on: 'a', ideas: 'b', unsure: 'x'.repeat(1001) });
    expect(long.ok === false && long.errors.unsure).toMatch(/1000 characters \(this is 1001\)/);
  });
});

describe('validateWorkHours', () => {
  it('wants the end an hour or more after the start', () => {
    expect(validateWorkHours('09:00', '18:00')).toEqual({});
    expect(validateWorkHours('09:00', '09:59').work_end).toMatch(/an hour/);
    expect(validateWorkHours('x', '18:00').work_start).toBeDefined();
  });
});

describe('proposeCallTime', () => {
  // Wednesday 2026-11-25 12:00 UTC.
  const from = new Date('2026-11-25T12:00:00Z');

  it('finds the first half hour inside everyone\'s working hours, on a weekday', () => {
    const ny = partner('ny', 'America/New_York');
    const berlin = partner('be', 'Europe/Berlin');
    const p = proposeCallTime([ny, berlin], from);
    expect(p.overlap).toBe(true);
    // 12:00 UTC + an hour's lead = 13:00 UTC = 14:00 Berlin, but 08:00 New York: the first fit is 09:00 New York = 15:00 Berlin.
    expect(localTimeOf(p.at, 'America/New_York')).toBe('09:00');
    expect(localTimeOf(p.at, 'Europe/Berlin')).toBe('15:00');
    expect(p.outside).toEqual({ ny: 0, be: 0 });
  });

  it('respects each person\'s own hours and skips weekends', () => {
    // Friday 16:00 UTC: Berlin's day ends at 17:00 local, so the next fit is Monday 09:00 Berlin.
    const friday = new Date('2026-11-27T15:00:00Z');
    const berlin = partner('be', 'Europe/Berlin', '09:00', '17:00');
    const p = proposeCallTime([berlin, partner('lo', 'Europe/London')], friday);
    expect(p.overlap).toBe(true);
    expect(isoWeekdayOf(p.at, 'Europe/Berlin')).toBe(1);
    expect(localTimeOf(p.at, 'Europe/Berlin')).toBe('10:00'); // 09:00 London
  });

  it('with no overlap, offers the least-bad hour within a day', () => {
    const sydney = partner('sy', 'Australia/Sydney', '09:00', '12:00');
    const ny = partner('ny', 'America/New_York', '09:00', '12:00');
    const p = proposeCallTime([sydney, ny], from);
    expect(p.overlap).toBe(false);
    expect(p.at.getTime() - from.getTime()).toBeLessThanOrEqual(25 * 3_600_000);
    const total = Object.values(p.outside).reduce((a, b) => a + b, 0);
    // Any other slot of the day is no better.
    for (let t = Math.ceil((from.getTime() + 3_600_000) / 1_800_000) * 1_800_000; t < from.getTime() + 24 * 3_600_000; t += 1_800_000) {
      const other = proposeCallTime([sydney, ny], new Date(t - 3_600_000), { horizonHours: 0 });
      expect(Object.values(other.outside).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(total);
    }
  });
});
