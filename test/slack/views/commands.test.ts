import { describe, expect, expectTypeOf, it } from 'vitest';
import { leaderboard } from '../../../src/domain/recap.js';
import type { MemberProgress } from '../../../src/services/progress.js';
import {
  HELP_LINES,
  apologyMessage,
  errorMessage,
  helpMessage,
  joinedMessage,
  leaderboardMessage,
  leftMessage,
  partnerMessage,
  pausedMessage,
  resumedMessage,
  streakMessage,
  todayMessage,
  weekMessage,
} from '../../../src/slack/views/commands.js';
import type { ProgressView } from '../../../src/slack/views/progress.js';
import { SUBCOMMANDS } from '../../../src/slack/listeners/commands/parse.js';
import { LONG_NAME, buttonsOf, longPlaybook, progressOf, userIds } from './fixtures.js';
import { allText, expectMessageWithinLimits } from './limits.js';

describe('view models', () => {
  it('accepts MemberProgress as it is', () => {
    expectTypeOf<MemberProgress>().toMatchTypeOf<ProgressView>();
  });
});

describe('todayMessage', () => {
  it("shows today's call with why, starters, close, a Log this call button, progress and streak", () => {
    const p = progressOf({ done: ['soundboard', 'stretch'], conversations: 1, isoWeekday: 3 });
    const m = todayMessage(p);
    expectMessageWithinLimits(m);
    const text = allText(m.blocks);
    const c = p.suggestion.category!;
    expect(c.key).toBe('outside-lane');
    for (const s of [c.emoji, c.title, c.why, c.close, ...c.starters]) expect(text).toContain(s.replace(/'/g, "'"));
    expect(text).toContain('2/5');
    expect(text).toContain('1 conversation');
    expect(text).toContain('2 weeks');
    const log = buttonsOf(m.blocks).find((b) => b.text.text === 'Log this call');
    expect(log).toMatchObject({ action_id: 'open_checkin:outside-lane', value: 'outside-lane' });
    expect(buttonsOf(m.blocks).every((b) => /^open_checkin/.test(b.action_id))).toBe(true);
    expect(m.text).toContain('2/5');
  });

  it('says so kindly when paused', () => {
    const m = todayMessage(progressOf({ paused: true }));
    expectMessageWithinLimits(m);
    expect(m.text).toMatch(/paused/);
    expect(allText(m.blocks)).toContain('/calls resume');
  });

  it('celebrates when every call is done, and mentions any remaining goal', () => {
    const all = progressOf({ done: ['soundboard', 'stretch', 'outside-lane', 'past-collaborator', 'younger-mentor'] });
    const m = todayMessage(all);
    expectMessageWithinLimits(m);
    expect(m.text).toMatch(/All done/);
    expect(allText(m.blocks)).toContain('5/5');
    const short = todayMessage(progressOf({ done: ['soundboard', 'stretch', 'outside-lane', 'past-collaborator', 'younger-mentor'], goal: 7 }));
    expect(allText(short.blocks)).toMatch(/2 more calls/);
  });

  it('stays within limits with a long playbook', () => {
    expectMessageWithinLimits(todayMessage(progressOf({ playbook: longPlaybook() })));
  });
});

describe('weekMessage', () => {
  it('marks each category done or not and shows 1/5', () => {
    const m = weekMessage(progressOf({ done: ['stretch'] }));
    expectMessageWithinLimits(m);
    const text = allText(m.blocks);
    expect(text).toContain(':white_check_mark: :rocket: ~Someone who stretches you~');
    expect(text).toContain(':radio_button: :seedling: A younger mentor');
    expect(text).toContain('1/5');
    expect(buttonsOf(m.blocks)).toEqual([expect.objectContaining({ action_id: 'open_checkin', value: '' })]);
  });

  it('stays within limits with a long playbook, paused', () => {
    expectMessageWithinLimits(weekMessage(progressOf({ playbook: longPlaybook(40), paused: true })));
  });
});

describe('streakMessage', () => {
  it('shows current, best and the team streak', () => {
    const m = streakMessage({ streak: { current: 3, best: 5 }, teamStreak: { current: 1, best: 2 }, circleName: 'Growth', teamThreshold: 80 });
    expectMessageWithinLimits(m);
    expect(allText(m.blocks)).toMatch(/3 weeks.*best 5 weeks/);
    expect(allText(m.blocks)).toMatch(/Team streak in Growth/);
    expect(allText(m.blocks)).toContain('80%');
  });
  it('says solo without a circle', () => {
    const m = streakMessage({ streak: { current: 1, best: 1 }, teamStreak: null });
    expectMessageWithinLimits(m);
    expect(allText(m.blocks)).toContain('solo');
    expect(allText(m.blocks)).toContain('1 week ');
  });
});

describe('leaderboardMessage', () => {
  const entries = userIds(25).map((id, i) => ({
    memberId: id,
    displayName: i === 0 ? 'Secret Sam' : `${LONG_NAME}${i}`.slice(0, 50),
    boardVisible: i !== 0,
    currentStreak: 25 - i,
    callsThisWeek: i === 0 ? 9 : i % 6,
  }));
  const rows = leaderboard({ entries });

  it('ranks members, shows hidden ones as anonymous, escapes names', () => {
    const m = leaderboardMessage({ rows, circleName: 'Growth', week: '2026-W48' });
    expectMessageWithinLimits(m);
    const text = allText(m.blocks);
    expect(text).not.toContain('Secret Sam');
    expect(text).toContain(':first_place_medal: _anonymous_');
    expect(text).toContain('&lt;Alexander&gt; &amp;');
    expect(text).not.toContain('<Alexander>');
    expect(text).toContain('week 48');
  });

  it('handles an empty board and a huge one', () => {
    expectMessageWithinLimits(leaderboardMessage({ rows: [], circleName: null, week: '2026-W48' }));
    const big = leaderboard({ entries: Array.from({ length: 500 }, (_, i) => ({ memberId: `M${i}`, displayName: 'N'.repeat(50), boardVisible: true, currentStreak: i, callsThisWeek: 3 })) });
    expectMessageWithinLimits(leaderboardMessage({ rows: big, circleName: 'C'.repeat(200), week: '2026-W48' }));
  });

  it('keeps a board of 120 emoji-named members within Slack\'s limits (UTF-16 code units)', () => {
    const emojiRows = leaderboard({
      entries: Array.from({ length: 120 }, (_, i) => ({
        memberId: `M${i}`,
        displayName: `🦄🚀🎉🔥 ${'😀'.repeat(20)}${i}`.slice(0, 50),
        boardVisible: true,
        currentStreak: i,
        callsThisWeek: 3,
      })),
    });
    const m = leaderboardMessage({ rows: emojiRows, circleName: '🏆'.repeat(100), week: '2026-W48' });
    expectMessageWithinLimits(m);
    // JSON.stringify escapes only lone surrogates.
    expect(allText(m.blocks)).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
  });
});

describe('partnerMessage', () => {
  it('mentions the partner(s)', () => {
    const m = partnerMessage({ partners: [{ slackUserId: 'U1' }, { slackUserId: 'U2' }], week: '2026-W48' });
    expectMessageWithinLimits(m);
    expect(allText(m.blocks)).toContain('<@U1> and <@U2>');
    expect(m.text).toMatch(/partners/);
  });
  it('says none kindly', () => {
    for (const partners of [null, []]) {
      const m = partnerMessage({ partners, week: '2026-W48' });
      expectMessageWithinLimits(m);
      expect(m.text).toMatch(/No soundboard partner/);
    }
  });
});

describe('helpMessage', () => {
  it('lists every subcommand with usage', () => {
    const m = helpMessage();
    expectMessageWithinLimits(m);
    const text = allText(m.blocks);
    for (const sub of SUBCOMMANDS) expect(text).toContain(`/calls ${sub}`);
    for (const usage of ['/calls log [name]', '/calls pause [N weeks | until YYYY-MM-DD]']) expect(text).toContain(usage);
    expect(HELP_LINES).toHaveLength(SUBCOMMANDS.length);
  });
  it('suggests the nearest command for an unknown one, escaping what was typed', () => {
    const m = helpMessage({ unknown: 'strek <!channel>', didYouMean: 'streak' });
    expectMessageWithinLimits(m);
    expect(m.text).toBe('Did you mean /calls streak?');
    expect(allText(m.blocks)).toContain('&lt;!channel&gt;');
    expect(allText(m.blocks)).not.toContain('<!channel>');
    expectMessageWithinLimits(helpMessage({ unknown: 'x'.repeat(5000) }));
    expectMessageWithinLimits(helpMessage({ unknown: '' }));
  });
});

describe('simple replies', () => {
  it('are within limits and say the right thing', () => {
    const cases = [
      [errorMessage('Try `/calls pause 2 weeks`.'), /pause 2 weeks/],
      [errorMessage('x'.repeat(4000)), /x/],
      [apologyMessage(), /Sorry/],
      [joinedMessage({ channelId: 'C123', created: true }), /started a new circle/],
      [joinedMessage({ circleName: LONG_NAME }), /You're in/],
      [joinedMessage(), /You're in/],
      [leftMessage({ circleName: 'Growth' }), /left/],
      [pausedMessage({ firstWeek: '2026-W49', lastWeek: '2026-W49' }), /Paused Mon 30 Nov – Sun 6 Dec\./],
      [pausedMessage({ firstWeek: '2026-W53', lastWeek: '2027-W01' }), /Paused Mon 28 Dec 2026 – Sun 10 Jan 2027\./],
      [pausedMessage({ firstWeek: '2026-W49', lastWeek: '2026-W51' }), /Paused Mon 30 Nov – Sun 20 Dec\./],
      [pausedMessage({ firstWeek: '2026-W49', lastWeek: '2026-W52', untilDate: '2026-12-24' }), /Paused Mon 30 Nov – Sun 27 Dec\./],
      [resumedMessage(), /Welcome back/],
    ] as const;
    for (const [m, re] of cases) {
      expectMessageWithinLimits(m);
      expect(allText(m)).toMatch(re);
    }
    expect(allText(joinedMessage({ channelId: 'C123' }))).toContain('<#C123>');
  });
});
