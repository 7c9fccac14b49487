import { describe, expect, it } from 'vitest';
import { validateCircleSettings, validateMemberSettings, type RawCircleSettings, type RawMemberSettings } from '../../src/domain/settings.js';

describe('validateMemberSettings', () => {
  it('accepts a full, valid set and cleans it', () => {
    expect(
      validateMemberSettings({ tz_override: ' Europe/Berlin ', nudge_enabled: true, nudge_time: '08:30', lane: '  Design ', board_visible: 'hide' }),
    ).toEqual({ ok: true, value: { tzOverride: 'Europe/Berlin', nudgeEnabled: true, nudgeTime: '08:30', lane: 'Design', boardVisible: false, workStart: '09:00', workEnd: '18:00' } });
  });

  it('uses defaults for empty values', () => {
    expect(validateMemberSettings({})).toEqual({
      ok: true,
      value: { tzOverride: null, nudgeEnabled: false, nudgeTime: '09:00', lane: null, boardVisible: true, workStart: '09:00', workEnd: '18:00' },
    });
  });

  const bad: [string, RawMemberSettings, string, RegExp][] = [
    ['unknown zone', { tz_override: 'Mars/Olympus' }, 'tz_override', /Europe\/Berlin/],
    ['abbreviation zone', { tz_override: 'Moon/Base' }, 'tz_override', /empty to use your Slack/],
    ['malformed time', { nudge_time: '9am' }, 'nudge_time', /09:30/],
    ['out of range time', { nudge_time: '24:00' }, 'nudge_time', /24-hour/],
    ['nudge on without time', { nudge_enabled: 'true', nudge_time: '' }, 'nudge_time', /Pick a time/],
    ['bad nudge flag', { nudge_enabled: 'maybe' }, 'nudge_enabled', /yes or no/],
    ['long lane', { lane: 'x'.repeat(81) }, 'lane', /80 characters/],
    ['control characters in lane', { lane: 'a\u0007b' }, 'lane', /ordinary characters/],
    ['bad visibility', { board_visible: 'sometimes' }, 'board_visible', /show or hide/],
    ['working day ending before it starts', { work_start: '17:00', work_end: '09:00' }, 'work_end', /at least an hour after/],
    ['working day under an hour', { work_start: '09:00', work_end: '09:30' }, 'work_end', /at least an hour after/],
    ['malformed working start', { work_start: '9' }, 'work_start', /starts/],
  ];
  it.each(bad)('rejects %s', (_name, raw, field, message) => {
    const result = validateMemberSettings(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual([field]);
    expect(result.errors[field as keyof typeof result.errors]).toMatch(message);
  });

  it('accepts exactly 80 characters of lane (counted as characters, not UTF-16 units)', () => {
    expect(validateMemberSettings({ lane: 'é'.repeat(80) }).ok).toBe(true);
    expect(validateMemberSettings({ lane: '😀'.repeat(80) }).ok).toBe(true);
  });

  it('reports several fields at once', () => {
    const result = validateMemberSettings({ tz_override: 'Nowhere', nudge_time: 'x', lane: 'y'.repeat(100) });
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(['lane', 'nudge_time', 'tz_override']);
  });
});

const circle: RawCircleSettings = {
  name: ' Growth team ',
  playbook: 'keep-in-touch',
  goal: '5',
  plan_day: '1',
  plan_time: '09:00',
  recap_day: '5',
  recap_time: '16:00',
  tz: 'America/New_York',
  pairing_enabled: true,
  team_threshold: '80',
};

describe('validateCircleSettings', () => {
  it('accepts a full, valid set', () => {
    expect(validateCircleSettings(circle)).toEqual({
      ok: true,
      value: {
        name: 'Growth team',
        playbook: 'keep-in-touch',
        goal: 5,
        planDay: 1,
        planTime: '09:00',
        recapDay: 5,
        recapTime: '16:00',
        tz: 'America/New_York',
        pairingEnabled: true,
        teamThreshold: 80,
      },
    });
  });

  it('takes numbers as numbers and an empty name as null', () => {
    const result = validateCircleSettings({ ...circle, name: '', goal: 20, team_threshold: 100, plan_day: 3, recap_day: 7, pairing_enabled: false });
    expect(result.ok && result.value).toMatchObject({ name: null, goal: 20, teamThreshold: 100, planDay: 3, recapDay: 7, pairingEnabled: false });
  });

  const cases: [string, Partial<RawCircleSettings>, string, RegExp][] = [
    ['goal 0', { goal: '0' }, 'goal', /1 to 20/],
    ['goal 21', { goal: '21' }, 'goal', /1 to 20/],
    ['goal 2.5', { goal: '2.5' }, 'goal', /whole number/],
    ['goal -1 as a number', { goal: -1 }, 'goal', /1 to 20/],
    ['goal empty', { goal: '' }, 'goal', /weekly goal/],
    ['plan day 0', { plan_day: '0' }, 'plan_day', /Monday to Wednesday/],
    ['plan day Thursday', { plan_day: '4' }, 'plan_day', /^Plans go out Monday to Wednesday, so the week has room for five calls\.$/],
    ['plan day Friday', { plan_day: 5 }, 'plan_day', /Monday to Wednesday/],
    ['plan day Sunday', { plan_day: '7' }, 'plan_day', /Monday to Wednesday/],
    ['plan day 8', { plan_day: '8' }, 'plan_day', /Monday to Wednesday/],
    ['recap day 0', { recap_day: '0' }, 'recap_day', /Monday to Sunday/],
    ['recap day 8', { recap_day: '8' }, 'recap_day', /Monday to Sunday/],
    ['plan day missing', { plan_day: null }, 'plan_day', /weekly plan/],
    ['plan time 9:00', { plan_time: '9:00' }, 'plan_time', /09:00/],
    ['recap time missing', { recap_time: undefined }, 'recap_time', /recap/],
    ['unknown zone', { tz: 'Europe/Atlantis' }, 'tz', /Europe\/Berlin/],
    ['empty zone', { tz: ' ' }, 'tz', /time zone/],
    ['threshold 0', { team_threshold: '0' }, 'team_threshold', /1 to 100/],
    ['threshold 101', { team_threshold: '101' }, 'team_threshold', /1 to 100/],
    ['threshold empty', { team_threshold: '' }, 'team_threshold', /share of members/],
    ['unknown playbook', { playbook: 'cold-calls' }, 'playbook', /from the list/],
    ['no playbook', { playbook: null }, 'playbook', /Choose a playbook/],
    ['playbook from the prototype chain', { playbook: 'toString' }, 'playbook', /from the list/],
    ['long name', { name: 'n'.repeat(81) }, 'name', /80 characters/],
    ['bad pairing flag', { pairing_enabled: 'perhaps' }, 'pairing_enabled', /yes or no/],
  ];
  it.each(cases)('rejects %s', (_name, change, field, message) => {
    const result = validateCircleSettings({ ...circle, ...change });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual([field]);
    expect(result.errors[field as keyof typeof result.errors]).toMatch(message);
  });

  it('accepts the boundaries', () => {
    for (const change of [{ goal: '1' }, { goal: '20' }, { team_threshold: '1' }, { team_threshold: '100' }, { plan_day: '1' }, { plan_day: '3' }, { recap_day: '1' }, { recap_day: '7' }, { recap_time: '23:59' }, { tz: 'UTC' }]) {
      expect(validateCircleSettings({ ...circle, ...change }).ok, JSON.stringify(change)).toBe(true);
    }
  });
});
