import { describe, expect, it } from 'vitest';
import {
  addDays,
  addWeeks,
  addYears,
  compareWeeks,
  daysBetween,
  instantAt,
  isHHMM,
  isLocalDate,
  isoWeekdayOf,
  isValidTimeZone,
  isWeekKey,
  localDateOf,
  localTimeOf,
  nextWeek,
  parseHHMM,
  parseWeekKey,
  prevWeek,
  utcOffsetMinutes,
  weekDistance,
  weekKeyOf,
  weekIndex,
  weekIndexAt,
  weekKeyOfDate,
  weekKeyOfIndex,
  weeksBetween,
  weeksInIsoYear,
  weekStartDate,
} from '../../src/domain/weeks.js';

const at = (iso: string): Date => new Date(iso);

describe('weekKeyOfDate', () => {
  it.each([
    ['2025-12-28', '2025-W52'],
    ['2025-12-29', '2026-W01'],
    ['2026-01-01', '2026-W01'],
    ['2026-01-04', '2026-W01'],
    ['2026-01-05', '2026-W02'],
    ['2026-11-23', '2026-W48'],
    ['2026-12-28', '2026-W53'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2020-12-31', '2020-W53'],
    ['2021-01-03', '2020-W53'],
    ['2024-02-29', '2024-W09'],
  ])('%s is in %s', (date, week) => {
    expect(weekKeyOfDate(date)).toBe(week);
  });

  it('rejects a date that is not real', () => {
    expect(() => weekKeyOfDate('2026-02-30')).toThrow(RangeError);
    expect(() => weekKeyOfDate('26-1-1')).toThrow(RangeError);
  });
});

describe('week keys', () => {
  it.each([
    ['2026-W53', true],
    ['2027-W53', false],
    ['2020-W53', true],
    ['2026-W00', false],
    ['2026-W5', false],
    ['2026-w05', false],
    ['2026-W54', false],
    [' 2026-W05', false],
    ['2026-W01', true],
  ])('isWeekKey(%s) is %s', (key, ok) => {
    expect(isWeekKey(key)).toBe(ok);
  });

  it('parses', () => {
    expect(parseWeekKey('2026-W48')).toEqual({ year: 2026, week: 48 });
    expect(parseWeekKey('nope')).toBeNull();
  });

  it.each([
    [2026, 53],
    [2027, 52],
    [2020, 53],
    [2025, 52],
    [2032, 53],
  ])('%i has %i weeks', (year, n) => {
    expect(weeksInIsoYear(year)).toBe(n);
  });

  it.each([
    ['2026-W01', '2025-12-29'],
    ['2026-W48', '2026-11-23'],
    ['2026-W53', '2026-12-28'],
    ['2027-W01', '2027-01-04'],
  ])('%s starts on %s', (week, monday) => {
    expect(weekStartDate(week)).toBe(monday);
  });

  it.each([
    ['2026-W52', 1, '2026-W53'],
    ['2026-W53', 1, '2027-W01'],
    ['2027-W01', -1, '2026-W53'],
    ['2025-W52', 1, '2026-W01'],
    ['2026-W10', 52, '2027-W09'],
    ['2026-W10', 0, '2026-W10'],
    ['2027-W02', -3, '2026-W52'],
  ])('addWeeks(%s, %i) is %s', (week, n, expected) => {
    expect(addWeeks(week, n)).toBe(expected);
  });

  it('steps and compares across the year boundary', () => {
    expect(nextWeek('2026-W53')).toBe('2027-W01');
    expect(prevWeek('2027-W01')).toBe('2026-W53');
    expect(compareWeeks('2026-W53', '2027-W01')).toBe(-1);
    expect(compareWeeks('2027-W01', '2026-W53')).toBe(1);
    expect(compareWeeks('2026-W05', '2026-W05')).toBe(0);
    expect(weekDistance('2026-W52', '2027-W02')).toBe(3);
    expect(weeksBetween('2026-W52', '2027-W02')).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
    expect(weeksBetween('2026-W05', '2026-W05')).toEqual(['2026-W05']);
    expect(weeksBetween('2026-W06', '2026-W05')).toEqual([]);
    expect(() => addWeeks('2027-W53', 1)).toThrow(RangeError);
  });
});

describe('week indices', () => {
  it('numbers consecutive weeks with consecutive integers across 53-week years', () => {
    expect(weekIndex('1970-W02')).toBe(0);
    expect(weekIndex('2027-W01') - weekIndex('2026-W53')).toBe(1);
    expect(weekIndex('2026-W53') - weekIndex('2026-W01')).toBe(52);
    expect(weekKeyOfIndex(weekIndex('2026-W48'))).toBe('2026-W48');
    expect(weekKeyOfIndex(weekIndex('2026-W53') + 1)).toBe('2027-W01');
    expect(weekKeyOfIndex(weekIndex('0001-W01'))).toBe('0001-W01');
  });

  it('agrees with weeksBetween, addWeeks and compareWeeks over many years', () => {
    const weeks = weeksBetween('1998-W01', '2032-W52');
    weeks.forEach((w, i) => {
      expect(weekIndex(w)).toBe(weekIndex('1998-W01') + i);
      expect(weekKeyOfIndex(weekIndex(w))).toBe(w);
    });
    expect(weekIndex(addWeeks('2020-W53', 1))).toBe(weekIndex('2020-W53') + 1);
    expect(Math.sign(weekIndex('2026-W10') - weekIndex('2025-W52'))).toBe(compareWeeks('2026-W10', '2025-W52'));
  });

  it('rejects keys that are not real weeks, and indices outside the years 1 to 9999', () => {
    expect(() => weekIndex('2027-W53')).toThrow(RangeError);
    expect(() => weekIndex('2026-W1')).toThrow(RangeError);
    expect(() => weekKeyOfIndex(0.5)).toThrow(RangeError);
    expect(() => weekKeyOfIndex(weekIndex('9999-W52') + 1)).toThrow(RangeError);
    expect(() => addWeeks('0001-W01', -1)).toThrow(RangeError);
  });
});

describe('weekIndexAt', () => {
  it('is the index of weekKeyOf in the zone, every 7 minutes around Monday midnights and DST changes', () => {
    const zones = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/London'];
    // Mondays (and the Sunday/Monday of a DST change) in 2024-2027, from 20 hours before to 20 hours after.
    const starts = ['2024-03-11', '2024-10-28', '2025-03-31', '2025-10-06', '2026-03-09', '2026-11-02', '2026-12-28', '2027-01-04'];
    for (const zone of zones) {
      for (const day of starts) {
        const monday = Date.parse(`${day}T00:00:00Z`);
        for (let ms = monday - 20 * 3_600_000; ms <= monday + 20 * 3_600_000; ms += 7 * 60_000) {
          expect(weekIndexAt(new Date(ms), zone), `${zone} ${new Date(ms).toISOString()}`).toBe(weekIndex(weekKeyOf(new Date(ms), zone)));
        }
      }
    }
    expect(() => weekIndexAt(new Date(NaN), 'UTC')).toThrow(RangeError);
    expect(() => weekIndexAt(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('dates', () => {
  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-01-01', -14, '2025-12-18'],
  ])('addDays(%s, %i) is %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('adds years, clamping 29 February', () => {
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2026-11-23', 1)).toBe('2027-11-23');
  });

  it('counts days and validates dates', () => {
    expect(daysBetween('2026-12-25', '2027-01-08')).toBe(14);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-1-01')).toBe(false);
  });
});

describe('instants seen in a zone', () => {
  it.each([
    // Sunday 23:30 UTC is already Monday in Auckland and still Sunday in New York.
    ['2027-01-03T23:30:00Z', 'UTC', '2027-01-03', 7, '2026-W53', '23:30'],
    ['2027-01-03T23:30:00Z', 'Pacific/Auckland', '2027-01-04', 1, '2027-W01', '12:30'],
    ['2027-01-04T03:00:00Z', 'America/New_York', '2027-01-03', 7, '2026-W53', '22:00'],
    ['2026-11-22T19:00:00Z', 'Asia/Kolkata', '2026-11-23', 1, '2026-W48', '00:30'],
    ['2026-11-22T10:15:00Z', 'Pacific/Chatham', '2026-11-23', 1, '2026-W48', '00:00'],
    ['2026-11-22T10:14:00Z', 'Pacific/Chatham', '2026-11-22', 7, '2026-W47', '23:59'],
    ['2026-12-31T12:00:00Z', 'Pacific/Kiritimati', '2027-01-01', 5, '2026-W53', '02:00'],
  ])('%s in %s is %s (weekday %i, %s) at %s', (iso, zone, date, weekday, week, time) => {
    expect(localDateOf(at(iso), zone)).toBe(date);
    expect(isoWeekdayOf(at(iso), zone)).toBe(weekday);
    expect(weekKeyOf(at(iso), zone)).toBe(week);
    expect(localTimeOf(at(iso), zone)).toBe(time);
  });

  it.each([
    ['2026-01-15T12:00:00Z', 'America/New_York', -300],
    ['2026-07-15T12:00:00Z', 'America/New_York', -240],
    ['2026-01-15T12:00:00Z', 'Europe/Berlin', 60],
    ['2026-07-15T12:00:00Z', 'Europe/Berlin', 120],
    ['2026-01-15T12:00:00Z', 'Australia/Sydney', 660],
    ['2026-07-15T12:00:00Z', 'Australia/Sydney', 600],
    ['2026-07-15T12:00:00Z', 'Asia/Kolkata', 330],
    ['2026-01-15T12:00:00Z', 'Pacific/Chatham', 825],
    ['2026-07-15T12:00:00Z', 'Pacific/Chatham', 765],
    ['2026-07-15T12:00:00Z', 'UTC', 0],
  ])('utcOffsetMinutes(%s, %s) is %i', (iso, zone, offset) => {
    expect(utcOffsetMinutes(at(iso), zone)).toBe(offset);
  });

  it.each([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['Pacific/Chatham', true],
    ['Mars/Olympus', false],
    ['', false],
    [' UTC', false],
  ])('isValidTimeZone(%j) is %s', (zone, ok) => {
    expect(isValidTimeZone(zone)).toBe(ok);
  });

  it('throws on an unknown zone', () => {
    expect(() => localDateOf(at('2026-01-01T00:00:00Z'), 'Nowhere/Land')).toThrow(RangeError);
  });
});

describe('instantAt', () => {
  it.each([
    // ordinary times
    ['2026-W48', 1, '09:00', 'UTC', '2026-11-23T09:00:00.000Z'],
    ['2026-W48', 1, '09:00', 'Asia/Kolkata', '2026-11-23T03:30:00.000Z'],
    ['2026-W48', 5, '16:00', 'Europe/Berlin', '2026-11-27T15:00:00.000Z'],
    ['2026-W48', 1, '09:00', 'Pacific/Chatham', '2026-11-22T19:15:00.000Z'],
    ['2026-W28', 1, '09:00', 'Pacific/Chatham', '2026-07-05T20:15:00.000Z'],
    ['2026-W53', 5, '09:00', 'America/New_York', '2027-01-01T14:00:00.000Z'],
    ['2027-W01', 1, '00:00', 'Pacific/Auckland', '2027-01-03T11:00:00.000Z'],
    // America/New_York: spring forward Sun 2026-03-08 02:00 -> 03:00
    ['2026-W10', 7, '01:59', 'America/New_York', '2026-03-08T06:59:00.000Z'],
    ['2026-W10', 7, '02:00', 'America/New_York', '2026-03-08T07:00:00.000Z'],
    ['2026-W10', 7, '02:30', 'America/New_York', '2026-03-08T07:00:00.000Z'],
    ['2026-W10', 7, '03:00', 'America/New_York', '2026-03-08T07:00:00.000Z'],
    ['2026-W10', 7, '09:00', 'America/New_York', '2026-03-08T13:00:00.000Z'],
    // America/New_York: fall back Sun 2026-11-01 02:00 -> 01:00 (01:30 happens twice; first is EDT)
    ['2026-W44', 7, '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['2026-W44', 7, '02:00', 'America/New_York', '2026-11-01T07:00:00.000Z'],
    ['2026-W44', 7, '00:59', 'America/New_York', '2026-11-01T04:59:00.000Z'],
    // Europe/Berlin: spring forward Sun 2026-03-29 02:00 -> 03:00; fall back Sun 2026-10-25 03:00 -> 02:00
    ['2026-W13', 7, '02:30', 'Europe/Berlin', '2026-03-29T01:00:00.000Z'],
    ['2026-W13', 1, '09:00', 'Europe/Berlin', '2026-03-23T08:00:00.000Z'],
    ['2026-W14', 1, '09:00', 'Europe/Berlin', '2026-03-30T07:00:00.000Z'],
    ['2026-W43', 7, '02:30', 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    ['2026-W43', 7, '03:00', 'Europe/Berlin', '2026-10-25T02:00:00.000Z'],
    // Australia/Sydney: fall back Sun 2026-04-05 03:00 -> 02:00; spring forward Sun 2026-10-04 02:00 -> 03:00
    ['2026-W14', 7, '02:30', 'Australia/Sydney', '2026-04-04T15:30:00.000Z'],
    ['2026-W14', 7, '03:00', 'Australia/Sydney', '2026-04-04T17:00:00.000Z'],
    ['2026-W40', 7, '02:30', 'Australia/Sydney', '2026-10-03T16:00:00.000Z'],
    ['2026-W40', 7, '02:00', 'Australia/Sydney', '2026-10-03T16:00:00.000Z'],
    ['2026-W40', 7, '01:59', 'Australia/Sydney', '2026-10-03T15:59:00.000Z'],
    // Pacific/Chatham: fall back Sun 2026-04-05 03:45 -> 02:45; spring forward Sun 2026-09-27 02:45 -> 03:45
    ['2026-W14', 7, '03:00', 'Pacific/Chatham', '2026-04-04T13:15:00.000Z'],
    ['2026-W39', 7, '03:00', 'Pacific/Chatham', '2026-09-26T14:00:00.000Z'],
    ['2026-W39', 7, '03:45', 'Pacific/Chatham', '2026-09-26T14:00:00.000Z'],
    ['2026-W39', 7, '02:44', 'Pacific/Chatham', '2026-09-26T13:59:00.000Z'],
  ])('instantAt(%s, %i, %s, %s) is %s', (week, weekday, time, zone, iso) => {
    expect(instantAt(week, weekday, time, zone).toISOString()).toBe(iso);
  });

  it('round-trips every hour of a DST week in each zone', () => {
    for (const zone of ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham']) {
      for (const week of ['2026-W10', '2026-W13', '2026-W14', '2026-W39', '2026-W40', '2026-W43', '2026-W44', '2026-W53']) {
        for (let day = 1; day <= 7; day++) {
          for (let hour = 0; hour < 24; hour++) {
            const time = `${String(hour).padStart(2, '0')}:15`;
            const instant = instantAt(week, day, time, zone);
            expect(weekKeyOf(instant, zone)).toBe(week);
            expect(isoWeekdayOf(instant, zone)).toBe(day);
            const shown = localTimeOf(instant, zone);
            // Either the requested time, or (inside a gap) a later time on the same day.
            expect(shown >= time).toBe(true);
          }
        }
      }
    }
  });

  it('rejects bad input', () => {
    expect(() => instantAt('2026-W48', 0, '09:00', 'UTC')).toThrow(RangeError);
    expect(() => instantAt('2026-W48', 8, '09:00', 'UTC')).toThrow(RangeError);
    expect(() => instantAt('2026-W48', 1, '24:00', 'UTC')).toThrow(RangeError);
    expect(() => instantAt('2027-W53', 1, '09:00', 'UTC')).toThrow(RangeError);
    expect(() => instantAt('2026-W48', 1, '09:00', 'Nowhere/Land')).toThrow(RangeError);
  });
});

describe('HH:MM', () => {
  it.each([
    ['09:00', { hours: 9, minutes: 0 }],
    ['00:00', { hours: 0, minutes: 0 }],
    ['23:59', { hours: 23, minutes: 59 }],
    ['24:00', null],
    ['9:00', null],
    ['09:60', null],
    ['09:00:00', null],
    ['', null],
  ])('parseHHMM(%j)', (text, expected) => {
    expect(parseHHMM(text)).toEqual(expected);
    expect(isHHMM(text)).toBe(expected !== null);
  });
});
