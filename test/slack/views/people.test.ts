// src/slack/views/people.ts: the people list, its modals and the suggestion lines stay within Block Kit's
// limits with the longest names and fullest rows, escape what members typed, and carry the contract values.
import { describe, expect, it } from 'vitest';
import { suggestPeople } from '../../../src/domain/people.js';
import type { Contact } from '../../../src/services/models.js';
import { whoContactOptionsAnswer } from '../../../src/slack/views/checkin.js';
import { weeklyPlanMessage } from '../../../src/slack/views/plan.js';
import { addPeopleModal, askForTimeModal, birthdayNoteMessage, editPersonModal, parsePersonValues, peopleListMessage, suggestionBlocks } from '../../../src/slack/views/people.js';
import { checkOptionsAnswer } from '../../../src/sandbox/emulator/index.js';
import { FIVE_CALLS, KEEP_IN_TOUCH, longPlaybook } from './fixtures.js';
import { expectMessageWithinLimits, expectViewWithinLimits } from './limits.js';

const contact = (id: number, over: Partial<Contact> = {}): Contact => ({
  id, workspace_id: 'T1', member_id: 1, name: `${'Ñ'.repeat(70)} <b>${id}`.slice(0, 80), slack_user_id: null, last_called_on: '2026-09-01', created_at: new Date(0),
  categories: FIVE_CALLS.categories.map((c) => c.key), birthday_month: 2, birthday_day: 29, how_we_know: 'h'.repeat(200), notes: 'n'.repeat(2000),
  archived_at: null, last_outcome: 'voicemail', calls_count: 999, conversations_count: 500, asked_for_time_on: null, updated_at: null, ...over,
});

describe('people views', () => {
  it('a full page of the list fits a message, escapes names, and every row has Log a call, Schedule and a menu', () => {
    const people = Array.from({ length: 10 }, (_, i) => contact(i + 1));
    const msg = peopleListMessage({ people, total: 1000, page: 3, pages: 100, archived: false, playbook: FIVE_CALLS, today: '2026-11-25', notice: 'x'.repeat(5000) });
    expectMessageWithinLimits(msg);
    const json = JSON.stringify(msg.blocks);
    expect(json).not.toContain('<b>');
    expect(json).toContain('&lt;b&gt;');
    expect(json.match(/"reminder_schedule_open"/g)).toHaveLength(10);
    expect(json).toContain('{\\"contactId\\":1,\\"category\\":\\"soundboard\\"}');
    expect(json).toContain('Previous');
    expect(json).toContain('Next');
    expect(json).toContain('Page 4 of 100');
  });

  it('the modals fit Slack and the edit modal reads back what it shows', () => {
    expectViewWithinLimits(addPeopleModal({ playbook: longPlaybook(12), names: 'x'.repeat(4000) }));
    const edit = editPersonModal({ person: contact(7), playbook: FIVE_CALLS });
    expectViewWithinLimits(edit);
    expectViewWithinLimits(askForTimeModal({ name: 'n'.repeat(80), categoryTitle: 't'.repeat(60), text: 'm'.repeat(1000), contactId: 1 }));
    expect(parsePersonValues({ birthday_month: { birthday_month: { type: 'static_select', selected_option: { value: 'none' } } } })).toMatchObject({ birthday_month: null });
  });

  it('the plan with a suggestion for every category stays within 50 blocks, even with a long playbook', () => {
    for (const playbook of [FIVE_CALLS, KEEP_IN_TOUCH, longPlaybook(20)]) {
      const people = playbook.categories.map((c, i) => ({ id: i + 1, name: `Person ${i}`, categories: [c.key], lastCalledOn: null, lastOutcome: null, birthdayMonth: 11, birthdayDay: 27 }));
      const suggestions = suggestPeople(playbook.categories, people, '2026-11-25', '2026-11-23');
      const msg = weeklyPlanMessage({ displayName: 'Ann', week: '2026-W48', playbook, goal: 5, partnerSlackUserIds: [], suggestions, today: '2026-11-25' });
      expectMessageWithinLimits(msg);
    }
    const none = suggestPeople(FIVE_CALLS.categories, [], '2026-11-25', '2026-11-23');
    expect(JSON.stringify(suggestionBlocks(none[1], '2026-11-25'))).toMatch(/Nobody on your list for this yet.*senior leader/);
  });

  it('the options answer stays within what the emulator (as Slack) accepts, and the birthday note fits', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ id: i + 1, name: 'L'.repeat(80) }));
    const answer = whoContactOptionsAnswer(many, 'x'.repeat(80));
    expect(checkOptionsAnswer(answer).problems).toEqual([]);
    expect(checkOptionsAnswer(whoContactOptionsAnswer([], '')).problems).toEqual([]);
    expect(whoContactOptionsAnswer([{ id: 1, name: 'Dana' }], 'dana')).toEqual({ option_groups: [{ label: { type: 'plain_text', text: 'Your people', emoji: true }, options: [{ text: { type: 'plain_text', text: 'Dana', emoji: true }, value: 'c:1' }] }] });
    expectMessageWithinLimits(birthdayNoteMessage({ people: many, category: 'birthday' }));
  });
});
