import { describe, expect, it } from 'vitest';
import { homeView } from '../../../src/slack/views/home.js';
import { weeklyPlanMessage } from '../../../src/slack/views/plan.js';
import { FIVE_CALLS, KEEP_IN_TOUCH, LONG_NAME, buttonsOf, longPlaybook, progressOf } from './fixtures.js';
import { allText, expectMessageWithinLimits, expectViewWithinLimits } from './limits.js';

describe('weeklyPlanMessage', () => {
  const base = { displayName: 'Ada', week: '2026-W48', playbook: FIVE_CALLS, goal: 5, partnerSlackUserIds: ['U0PARTNER'], dates: { start: '2026-11-23', end: '2026-11-29' } };

  it('greets, lists every call with emoji, title, why, starters, close and voicemail tip', () => {
    const m = weeklyPlanMessage(base);
    expectMessageWithinLimits(m);
    const text = allText(m.blocks);
    expect(text).toContain('Good morning, Ada');
    expect(text).toContain('23 Nov – 29 Nov');
    expect(text).toContain('0/5');
    for (const c of FIVE_CALLS.categories) {
      for (const s of [c.emoji, c.title, c.why, c.close, c.voicemail, ...c.starters]) expect(text).toContain(s);
    }
    expect(text).toContain('<@U0PARTNER>');
    expect(m.text).toContain('week 48');
  });

  it('has a Log a call button and a button per category that opens the modal with it chosen', () => {
    const buttons = buttonsOf(weeklyPlanMessage(base).blocks);
    expect(buttons.find((b) => b.text.text === 'Log a call')).toMatchObject({ action_id: 'open_checkin', value: '' });
    for (const c of FIVE_CALLS.categories) {
      expect(buttons).toContainEqual(expect.objectContaining({ action_id: `open_checkin:${c.key}`, value: c.key }));
    }
    const ids = buttons.map((b) => b.action_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('says "no partner this week" without one, and handles a trio', () => {
    expect(allText(weeklyPlanMessage({ ...base, partnerSlackUserIds: [] }).blocks)).toMatch(/No partner this week/);
    const trio = weeklyPlanMessage({ ...base, partnerSlackUserIds: ['U1', 'U2'] });
    expect(allText(trio.blocks)).toContain('<@U1> and <@U2>');
    expect(allText(trio.blocks)).toContain('partners');
  });

  it('works for the other playbook and escapes the name', () => {
    const m = weeklyPlanMessage({ ...base, playbook: KEEP_IN_TOUCH, displayName: LONG_NAME });
    expectMessageWithinLimits(m);
    expect(allText(m.blocks)).toContain('&lt;Alexander&gt;');
  });

  it('a plan made late in the week counts the calls already logged, ticks their categories and greets for the hour', () => {
    const [first, second] = FIVE_CALLS.categories;
    const late = weeklyPlanMessage({ ...base, localTime: '14:09', loggedCategories: [first!.key, first!.key], suggestions: [], today: '2026-11-26' });
    expectMessageWithinLimits(late);
    const text = allText(late.blocks);
    expect(text).toContain('Good afternoon, Ada');
    expect(text).toContain("You're at *2/5* already");
    expect(text).not.toContain('*0/5*');
    expect(text).toContain(`:white_check_mark: ${first!.emoji} *${first!.title}*`);
    expect(text).not.toContain(`:white_check_mark: ${second!.emoji}`);
    expect(allText(weeklyPlanMessage({ ...base, localTime: '19:30' }).blocks)).toContain('Good evening, Ada');
    // Monday morning, nothing logged: as before.
    const monday = allText(weeklyPlanMessage({ ...base, localTime: '08:00', loggedCategories: [] }).blocks);
    expect(monday).toContain('Good morning, Ada');
    expect(monday).toContain('Your goal: *0/5* calls.');
    // Over the goal: never more than the goal.
    expect(allText(weeklyPlanMessage({ ...base, loggedCategories: Array(7).fill(second!.key) }).blocks)).toContain("You're at *5/5* already");
  });

  it('stays within 50 blocks with a long playbook', () => {
    for (const n of [12, 30, 60]) {
      const m = weeklyPlanMessage({ ...base, playbook: longPlaybook(n), displayName: LONG_NAME, partnerSlackUserIds: ['U1', 'U2'] });
      expectMessageWithinLimits(m);
      expect(m.blocks.length).toBeLessThanOrEqual(50);
    }
  });
});

describe('homeView', () => {
  it('shows the week with each category done or not, progress, streak, squares with legend and buttons', () => {
    const view = homeView({ progress: progressOf({ done: ['soundboard', 'stretch'], conversations: 1 }), circle: { name: 'Growth', channelId: 'C1' } });
    expectViewWithinLimits(view);
    expect(view.type).toBe('home');
    const text = allText(view.blocks);
    expect(text).toContain('2/5');
    expect(text).toContain(':white_check_mark: :rocket: ~Someone who stretches you~');
    expect(text).toContain(':radio_button: :compass: *Someone outside your lane*');
    expect(text).toContain('2 weeks');
    expect(text).toContain('best 4 weeks');
    expect(text).toContain(
      ':large_green_square: :large_yellow_square: :white_large_square: :double_vertical_bar: :large_green_square: :large_green_square: :large_green_square: :large_blue_square:',
    );
    for (const legend of ['complete', 'partial', 'missed', 'paused', 'this week']) expect(text).toContain(legend);
    expect(text).toContain('<#C1>');
    const buttons = buttonsOf(view.blocks);
    expect(buttons.map((b) => b.action_id)).toEqual(
      expect.arrayContaining(['open_checkin', 'pause_next_week', 'open_settings', 'open_checkin:outside-lane']),
    );
    expect(buttons.find((b) => b.action_id === 'open_checkin:soundboard')).toBeUndefined();
    expect(text).not.toContain('paused this week');
  });

  it('shows a paused banner', () => {
    const view = homeView({ progress: progressOf({ paused: true }), circle: { name: null } });
    expectViewWithinLimits(view);
    expect(allText(view.blocks)).toContain("You're paused this week");
  });

  it('shows a booked pause and drops "Pause next week" once next week is paused', () => {
    const base = progressOf({});
    const next = homeView({ progress: { ...base, upcomingPause: { firstWeek: '2026-W49', lastWeek: '2026-W49' } }, circle: { name: null } });
    expectViewWithinLimits(next);
    expect(allText(next.blocks)).toContain('Pause booked for Mon 30 Nov – Sun 6 Dec.');
    expect(JSON.stringify(next.blocks)).not.toContain('Pause next week');
    const later = homeView({ progress: { ...base, upcomingPause: { firstWeek: '2026-W50', lastWeek: '2026-W52' } }, circle: { name: null } });
    expect(allText(later.blocks)).toContain('Pause booked for Mon 7 Dec – Sun 27 Dec.');
    expect(JSON.stringify(later.blocks)).toContain('Pause next week');
    expect(JSON.stringify(homeView({ progress: base, circle: null }).blocks)).toContain('Pause next week');
  });

  it('has an intro for a member without a circle', () => {
    const view = homeView({ progress: progressOf({ squares: [] }), circle: null });
    expectViewWithinLimits(view);
    expect(allText(view.blocks)).toContain('`/calls join` in a channel');
  });

  const reminder = (id: number, kind: 'follow_up' | 'retry' | 'scheduled', due_on: string, contact_name = 'Dana <Whitfield>') =>
    ({ id, kind, contact_name, category: FIVE_CALLS.categories[0]!.key, due_on, due_time: '09:00' });

  it('shows "Coming up": the soonest reminders with "Log it", how many more, nothing when there are none', () => {
    const progress = progressOf({});
    const today = '2026-11-25';
    const view = homeView({
      progress,
      circle: null,
      reminders: { total: 5, today, soonest: [reminder(7, 'follow_up', '2026-11-24'), reminder(8, 'retry', today, 'Luis'), reminder(9, 'scheduled', '2026-11-27', 'Hannah')] },
    });
    expectViewWithinLimits(view);
    const text = allText(view.blocks);
    expect(text).toContain('*Coming up* · 5 reminders');
    expect(text).toContain(`Follow up with *Dana &lt;Whitfield&gt;* (${FIVE_CALLS.categories[0]!.title}) · due since Tue 24 Nov`);
    expect(text).toContain('Try *Luis* again');
    expect(text).toContain('today, 09:00');
    expect(text).toContain('Call *Hannah*');
    expect(text).toContain('Fri 27 Nov, 09:00');
    expect(text).toContain('and 2 more');
    expect(buttonsOf(view.blocks).filter((b) => b.action_id === 'reminder_log').map((b) => b.value)).toEqual(['7', '8', '9']);
    const none = homeView({ progress, circle: null, reminders: { total: 0, today, soonest: [] } });
    expect(allText(none.blocks)).not.toContain('Coming up');
    const one = homeView({ progress, circle: null, reminders: { total: 1, today, soonest: [reminder(7, 'follow_up', today)] } });
    expect(allText(one.blocks)).toContain('*Coming up* · 1 reminder');
    expect(allText(one.blocks)).not.toContain('more:');
  });

  it('stays within 100 blocks with a long playbook and a long circle name', () => {
    for (const n of [12, 60, 120]) {
      expectViewWithinLimits(homeView({ progress: progressOf({ playbook: longPlaybook(n), paused: true }), circle: { name: LONG_NAME.repeat(10) } }));
    }
    // The domain's longest playbook, not paused: a suggestion under every category, people and reminders.
    const playbook = longPlaybook(12);
    const today = '2026-11-25';
    const person = { id: 1, name: LONG_NAME, categories: [playbook.categories[0]!.key], lastCalledOn: null, lastOutcome: null, birthdayMonth: null, birthdayDay: null };
    const contact = { id: 1, name: LONG_NAME, categories: [playbook.categories[0]!.key], last_called_on: null } as never;
    const full = homeView({
      progress: progressOf({ playbook }),
      circle: { name: LONG_NAME },
      suggestions: playbook.categories.map((category) => ({ category, person, birthdayOn: null, askFirst: true })),
      people: { total: 40, overdue: [contact, contact, contact], today },
      reminders: { total: 9, today, soonest: [1, 2, 3].map((id) => reminder(id, 'scheduled', today, LONG_NAME.repeat(3))) },
    });
    expectViewWithinLimits(full);
    expect(full.blocks.length).toBeLessThanOrEqual(100);
    // "Coming up" comes after the streak and before the People section.
    const fullText = allText(full.blocks);
    expect(fullText.indexOf('Coming up')).toBeGreaterThan(fullText.indexOf('streak'));
    expect(fullText.indexOf('Coming up')).toBeLessThan(fullText.indexOf('*People*'));
  });
});
