import { describe, expect, it } from 'vitest';
import { leaderboard, recapFigures, tallyCalls } from '../../../src/domain/recap.js';
import { checkInConfirmation, greetingMessage } from '../../../src/slack/views/confirmations.js';
import {
  midweekAnsweredMessage,
  midweekCheckMessage,
  nudgeMessage,
  pairIntroMessage,
  pairingAnnouncement,
  recapMessage,
  streakAtRiskMessage,
} from '../../../src/slack/views/scheduled.js';
import { FIVE_CALLS, LONG_NAME, buttonsOf, userIds } from './fixtures.js';
import { allText, expectMessageWithinLimits } from './limits.js';

const NOTE = 'Secret note about her divorce';
const CONTACT = 'Grace Hopper';

describe('checkInConfirmation', () => {
  it('names the person in the message, never in the notification text, escaped', () => {
    const m = checkInConfirmation({ categoryTitle: 'A past collaborator', personName: `${CONTACT} <b>`, outcome: 'voicemail', logged: 3, goal: 5, streak: 2 });
    expect(allText(m)).toContain(`Logged a voicemail with *${CONTACT} &lt;b&gt;* for`);
    expect(m.text).not.toContain(CONTACT);
  });
  it('confirms the call with progress and streak, never notes or names', () => {
    const m = checkInConfirmation({ categoryTitle: 'A past collaborator', categoryEmoji: ':handshake:', outcome: 'voicemail', logged: 3, goal: 5, streak: 2 });
    expectMessageWithinLimits(m);
    const text = allText(m);
    expect(text).toContain('3/5');
    expect(text).toContain('a voicemail');
    expect(text).toContain(':handshake: *A past collaborator*');
    expect(text).toContain('2 to go');
  });
  it('celebrates a week completed just now', () => {
    const m = checkInConfirmation({ categoryTitle: 'A younger mentor', outcome: 'conversation', logged: 5, goal: 5, streak: 4, completedNow: true });
    expectMessageWithinLimits(m);
    expect(allText(m)).toMatch(/Week complete: 5\/5.*4 weeks/);
  });
  it('is kind about no answer and bonus calls', () => {
    expect(allText(checkInConfirmation({ categoryTitle: 'X', outcome: 'no_answer', logged: 1, goal: 5, streak: 0 }))).toContain('still counts');
    expect(allText(checkInConfirmation({ categoryTitle: 'X', outcome: 'conversation', logged: 6, goal: 5, streak: 1 }))).toContain('bonus');
    expectMessageWithinLimits(checkInConfirmation({ categoryTitle: 'T'.repeat(5000), outcome: 'conversation', logged: 6, goal: 5, streak: 1 }));
  });
});

describe('greetingMessage', () => {
  it('says what the bot does and points to /calls help', () => {
    const m = greetingMessage();
    expectMessageWithinLimits(m);
    expect(allText(m)).toContain('/calls help');
  });
});

describe('pairingAnnouncement', () => {
  it('mentions each pair and trio', () => {
    const m = pairingAnnouncement({ week: '2026-W48', groups: [['U1', 'U2'], ['U3', 'U4', 'U5']], circleName: 'Growth' });
    expectMessageWithinLimits(m);
    const text = allText(m.blocks);
    expect(text).toContain('<@U1> and <@U2>');
    expect(text).toContain('<@U3>, <@U4> and <@U5>');
    expect(text).toContain('within 24 hours');
  });
  it('copes with no groups and with a very large circle', () => {
    expectMessageWithinLimits(pairingAnnouncement({ week: '2026-W48', groups: [], circleName: null }));
    const ids = userIds(2001);
    const groups: string[][] = [];
    for (let i = 0; i + 1 < ids.length; i += 2) groups.push([ids[i]!, ids[i + 1]!]);
    expectMessageWithinLimits(pairingAnnouncement({ week: '2026-W48', groups, circleName: LONG_NAME }));
  });
});

describe('pairIntroMessage', () => {
  it('introduces the pair with the ritual and their plans', () => {
    const m = pairIntroMessage({
      week: '2026-W48',
      memberSlackUserIds: ['U1', 'U2'],
      plans: [
        { slackUserId: 'U1', categoryTitles: FIVE_CALLS.categories.map((c) => c.title) },
        { slackUserId: 'U2', categoryTitles: ['A <b> & c'] },
      ],
    });
    expectMessageWithinLimits(m);
    const text = allText(m.blocks);
    expect(text).toContain("what you're working on");
    expect(text).toContain('within 24 hours');
    expect(text).toContain('Someone who stretches you');
    expect(text).toContain('A &lt;b&gt; &amp; c');
  });
  it('says trio for three', () => {
    expect(allText(pairIntroMessage({ week: '2026-W48', memberSlackUserIds: ['U1', 'U2', 'U3'], plans: [] }).blocks)).toContain('trio');
  });
});

describe('midweekCheckMessage', () => {
  it('asks "you two" with Yes / Not yet / Can\'t buttons carrying the group id', () => {
    const m = midweekCheckMessage({ groupId: 42, memberSlackUserIds: ['U1', 'U2'] });
    expectMessageWithinLimits(m);
    expect(m.text).toContain('Did you two talk?');
    expect(buttonsOf(m.blocks).map((b) => [b.action_id, b.value])).toEqual([
      ['pair_check_yes', '42'],
      ['pair_check_not_yet', '42'],
      ['pair_check_cant', '42'],
    ]);
  });
  it('says "you three" for a trio', () => {
    expect(midweekCheckMessage({ groupId: '7', memberSlackUserIds: ['U1', 'U2', 'U3'] }).text).toContain('you three');
  });
  it('shows each partner\'s answer and keeps the buttons until everyone has said Yes', () => {
    for (const answer of ['yes', 'not_yet', 'cant'] as const) {
      const m = midweekAnsweredMessage({ groupId: 7, answer, answeredBySlackUserId: 'U2', answers: [{ slackUserId: 'U1', answer: null }, { slackUserId: 'U2', answer }], callLogged: answer === 'yes' });
      expectMessageWithinLimits(m);
      expect(buttonsOf(m.blocks).length).toBe(3);
      expect(allText(m.blocks)).toContain('<@U2>');
      expect(allText(m.blocks)).toMatch(/<@U1>: .*no answer yet/);
    }
    const logged = midweekAnsweredMessage({ groupId: 7, answer: 'yes', answeredBySlackUserId: 'U2', answers: [{ slackUserId: 'U1', answer: null }, { slackUserId: 'U2', answer: 'yes' }], callLogged: true });
    expect(allText(logged.blocks)).toMatch(/Logged as <@U2>'s soundboard call\. Partners: tap \*Yes\* to log yours/);
    const done = midweekAnsweredMessage({ groupId: 7, answer: 'yes', answeredBySlackUserId: 'U1', answers: [{ slackUserId: 'U1', answer: 'yes' }, { slackUserId: 'U2', answer: 'yes' }], callLogged: true });
    expect(buttonsOf(done.blocks)).toEqual([]);
  });
});

describe('nudgeMessage and streakAtRiskMessage', () => {
  it('nudges with today\'s call and a log button', () => {
    const c = FIVE_CALLS.categories[1]!;
    const m = nudgeMessage({ suggestion: { title: c.title, why: c.why, emoji: c.emoji, key: c.key }, logged: 2, goal: 5 });
    expectMessageWithinLimits(m);
    expect(allText(m.blocks)).toContain(c.why);
    expect(allText(m.blocks)).toContain('2/5');
    expect(buttonsOf(m.blocks)).toEqual([expect.objectContaining({ action_id: `open_checkin:${c.key}`, value: c.key })]);
    expectMessageWithinLimits(nudgeMessage({ suggestion: null, logged: 5, goal: 5 }));
    expectMessageWithinLimits(nudgeMessage({ suggestion: { title: 'T'.repeat(4000), why: 'W'.repeat(4000) }, logged: 0, goal: 5 }));
  });
  it('warns of a streak at risk', () => {
    const m = streakAtRiskMessage({ streak: 6, logged: 3, goal: 5 });
    expectMessageWithinLimits(m);
    expect(m.text).toBe('Your 6-week streak needs 2 more calls this week.');
    expect(allText(m.blocks)).toContain('3/5');
  });
});

describe('recapMessage', () => {
  const ids = userIds(25);
  const figures = recapFigures({
    tally: tallyCalls(
      ids.flatMap((id, i) =>
        Array.from({ length: i % 7 }, (_, k) => ({
          memberId: id,
          category: 'stretch',
          outcome: (['conversation', 'voicemail', 'no_answer'] as const)[k % 3]!,
          minutes: 10,
          isCallback: k === 0,
          opportunity: k === 1,
        })),
      ),
    ),
    activeMemberIds: ids,
    goal: 5,
    groups: [{ memberIds: ['U1', 'U2'], talked: true }, { memberIds: ['U3', 'U4'], talked: false }],
  });
  const rows = leaderboard({
    entries: ids.map((id, i) => ({ memberId: id, displayName: i === 0 ? 'Hidden Hannah' : `${LONG_NAME}`, boardVisible: i !== 0, currentStreak: 30 - i, callsThisWeek: i === 0 ? 9 : i % 7 })),
  });

  it('shows totals, members complete of active, pairs that talked and the top 10 with anonymous rows', () => {
    const m = recapMessage({ circleName: 'Growth', week: '2026-W48', figures, leaderboard: rows, teamStreak: { current: 3, best: 5 }, teamThreshold: 80 });
    expectMessageWithinLimits(m);
    const text = allText(m.blocks);
    expect(text).toContain(`*${figures.totals.calls}* calls`);
    expect(text).toContain(`*${figures.membersComplete}* of 25 active members`);
    expect(text).toContain('*1* of 2 soundboard pairs talked');
    expect(text).toContain('_anonymous_');
    expect(text).not.toContain('Hidden Hannah');
    expect((text.match(/:fire: \d+ ·/g) ?? []).length).toBe(10);
    expect(text).toContain('Team streak: *3* weeks');
  });

  it('never carries notes or contact names (the inputs cannot hold them, and the output does not invent them)', () => {
    const m = recapMessage({ circleName: null, week: '2026-W48', figures, leaderboard: rows, teamStreak: { current: 0, best: 0 } });
    expectMessageWithinLimits(m);
    expect(allText(m)).not.toContain(NOTE);
    expect(allText(m)).not.toContain(CONTACT);
  });

  it('copes with an empty week', () => {
    const empty = recapFigures({ tally: tallyCalls([]), activeMemberIds: [], goal: 5, groups: [] });
    expectMessageWithinLimits(recapMessage({ circleName: 'C'.repeat(300), week: '2026-W48', figures: empty, leaderboard: [], teamStreak: { current: 0, best: 0 } }));
  });
});
