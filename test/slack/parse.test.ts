import { describe, expect, it } from 'vitest';
import { closestSubcommand, editDistance, parseCommand, parsePause } from '../../src/slack/listeners/commands/parse.js';

describe('parseCommand', () => {
  it.each([
    ['', { name: 'today' }],
    ['   ', { name: 'today' }],
    ['review', { name: 'review' }],
    ['schedule  Dana   Whitfield', { name: 'schedule', who: 'Dana Whitfield' }],
    ['remind Dana', { name: 'schedule', who: 'Dana' }],
    ['today', { name: 'today' }],
    ['  TODAY  ', { name: 'today' }],
    ['Week', { name: 'week' }],
    ['streak', { name: 'streak' }],
    ['leaderboard', { name: 'leaderboard' }],
    ['board', { name: 'leaderboard' }],
    ['partner', { name: 'partner' }],
    ['resume', { name: 'resume' }],
    ['join', { name: 'join' }],
    ['leave', { name: 'leave' }],
    ['settings', { name: 'settings' }],
    ['admin', { name: 'admin' }],
    ['help', { name: 'help' }],
    ['week please', { name: 'week' }],
    ['log', { name: 'log', who: null, mentions: [] }],
    ['log   Grace    Hopper ', { name: 'log', who: 'Grace Hopper', mentions: [] }],
    ['LOG Ada', { name: 'log', who: 'Ada', mentions: [] }],
    ['log <@U0ADA|ada>', { name: 'log', who: null, mentions: ['U0ADA'] }],
    ['log <@W0ADA>', { name: 'log', who: null, mentions: ['W0ADA'] }],
    ['log <@U0ADA|ada> <@U0BEN> <@U0ADA>', { name: 'log', who: null, mentions: ['U0ADA', 'U0BEN'] }],
    ['log <@U0ADA|ada> from the launch', { name: 'log', who: 'from the launch', mentions: ['U0ADA'] }],
    ['log @ada', { name: 'log', who: '@ada', mentions: [] }],
    ['pause', { name: 'pause', spec: { kind: 'next' } }],
    ['pause next week', { name: 'pause', spec: { kind: 'next' } }],
    ['pause 3', { name: 'pause', spec: { kind: 'weeks', weeks: 3 } }],
    ['pause 3 weeks', { name: 'pause', spec: { kind: 'weeks', weeks: 3 } }],
    ['Pause 1 Week', { name: 'pause', spec: { kind: 'weeks', weeks: 1 } }],
    ['pause 12w', { name: 'pause', spec: { kind: 'weeks', weeks: 12 } }],
    ['pause until 2026-12-24', { name: 'pause', spec: { kind: 'until', date: '2026-12-24' } }],
    ['pause until 2026-1-5', { name: 'pause', spec: { kind: 'until', date: '2026-01-05' } }],
    ['pause 2026-12-24', { name: 'pause', spec: { kind: 'until', date: '2026-12-24' } }],
    ['export', { name: 'export', scope: 'mine' }],
    ['Export Circle', { name: 'export', scope: 'circle' }],
    ['csv', { name: 'export', scope: 'mine' }],
    ['delete-my-data', { name: 'delete-my-data' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each([
    ['join #growth', 'join', /type it in the channel/],
    ['leave now', 'leave', /takes nothing after it/],
    ['resume 2026-01-01', 'resume', /ends your pause now/],
    ['settings tz', 'settings', /opens your settings/],
    ['admin goal 3', 'admin', /takes nothing after it/],
    ['export everything', 'export', /`\/calls export circle`/],
    ['delete-my-data now', 'delete-my-data', /asks you to confirm/],
  ])('%j changes nothing and says how to use it', (text, subcommand, message) => {
    const r = parseCommand(text);
    expect(r).toMatchObject({ name: 'invalid', subcommand });
    expect(r.name === 'invalid' && r.message).toMatch(message);
  });

  it.each([
    ['pause 0', /1 to 12 weeks/],
    ['pause 13 weeks', /1 to 12 weeks/],
    ['pause -2', /couldn't read/],
    ['pause until', /YYYY-MM-DD/],
    ['pause until tomorrow', /YYYY-MM-DD/],
    ['pause until 2026-02-30', /isn't a real date/],
    ['pause a while', /couldn't read/],
    ['pause until 2026-12-24 please', /couldn't read/],
  ])('%j is invalid and says what is valid', (text, message) => {
    const r = parseCommand(text);
    expect(r.name).toBe('invalid');
    if (r.name === 'invalid') {
      expect(r.subcommand).toBe('pause');
      expect(r.message).toMatch(message);
      expect(r.message).toMatch(/\/calls pause/);
    }
  });

  it.each([
    ['leaderbord', 'leaderboard'],
    ['lead', 'leaderboard'],
    ['todya', 'today'],
    ['stats', null],
    ['wek', 'week'],
    ['setings', 'settings'],
    ['resum', 'resume'],
    ['parnter', 'partner'],
    ['xyzzy', null],
  ])('unknown %j suggests %j', (text, suggestion) => {
    expect(parseCommand(text)).toEqual({ name: 'unknown', input: text, suggestion });
  });

  it('schedule without a name says what to type', () => {
    const r = parseCommand('schedule');
    expect(r).toMatchObject({ name: 'invalid', subcommand: 'schedule' });
    expect(r.name === 'invalid' && r.message).toContain('/calls schedule Dana Whitfield');
  });

  it('truncates a very long name to 80 characters', () => {
    const r = parseCommand(`log ${'x'.repeat(200)}`);
    expect(r.name === 'log' && r.who?.length).toBe(80);
  });

  it('cuts an emoji name to 80 UTF-16 code units without splitting a surrogate pair', () => {
    const r = parseCommand(`log x${'😀'.repeat(60)}`);
    const who = r.name === 'log' ? (r.who ?? '') : '';
    expect(who.length).toBeLessThanOrEqual(80);
    expect(who).toBe(`x${'😀'.repeat(39)}`);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(who)).toBe(false);
  });
});

describe('helpers', () => {
  it('editDistance', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('week', 'week')).toBe(0);
    expect(editDistance('wek', 'week')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('closestSubcommand ignores empty input and ambiguous prefixes', () => {
    expect(closestSubcommand('')).toBeNull();
    expect(closestSubcommand('p')).toBeNull();
    expect(closestSubcommand('pa')).toBeNull();
  });
  it('parsePause', () => {
    expect(parsePause('')).toEqual({ kind: 'next' });
    expect(parsePause('till 2027-01-31')).toEqual({ kind: 'until', date: '2027-01-31' });
  });
});
