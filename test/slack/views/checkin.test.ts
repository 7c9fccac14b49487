import type { InputBlock, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { validateCheckIn } from '../../../src/domain/checkin.js';
import { checkInErrors, checkInModal, parseCheckInValues, WHO_SECTION_BLOCK } from '../../../src/slack/views/checkin.js';
import { CALLBACK, CHECK_IN_BLOCK } from '../../../src/slack/views/ids.js';
import type { ViewStateValues } from '../../../src/slack/views/state.js';
import { FIVE_CALLS, LONG_NAME, longPlaybook } from './fixtures.js';
import { expectViewWithinLimits } from './limits.js';

const inputs = (blocks: KnownBlock[]): InputBlock[] => blocks.filter((b): b is InputBlock => b.type === 'input');
const byId = (blocks: KnownBlock[], id: string): InputBlock => {
  const b = inputs(blocks).find((x) => x.block_id === id);
  if (!b) throw new Error(`no block ${id}`);
  return b;
};

describe('checkInModal', () => {
  it('is the "Log a call" modal with every field, action id = block id', () => {
    const view = checkInModal({ playbook: FIVE_CALLS, today: '2026-11-25' });
    expectViewWithinLimits(view);
    expect(view.callback_id).toBe(CALLBACK.checkIn);
    expect(view.title.text).toBe('Log a call');
    expect(view.submit?.text).toBe('Save');
    expect(view.close?.text).toBe('Cancel');
    const ids = inputs(view.blocks as KnownBlock[]).map((b) => b.block_id);
    expect(ids).toEqual(['who_contact', 'who', 'who_user', 'category', 'outcome', 'minutes', 'callback', 'opportunity', 'follow_up', 'call_date', 'notes']);
    for (const b of inputs(view.blocks as KnownBlock[])) expect((b.element as { action_id: string }).action_id).toBe(b.block_id);
  });

  it('asks who in one section: one of your people, a name or a person in Slack, one needed, as each hint says (Slack marks the inputs optional)', () => {
    const view = checkInModal({ playbook: FIVE_CALLS, today: '2026-11-25' });
    const blocks = view.blocks as KnownBlock[];
    const question = blocks[0] as { type: string; block_id?: string; text?: { text: string } };
    expect(question).toMatchObject({ type: 'section', block_id: WHO_SECTION_BLOCK });
    expect(question.text?.text).toMatch(/Who did you call\?/);
    expect(question.text?.text).toMatch(/Pick them from your people, type their name, or pick them in Slack: one is needed/);
    expect(byId(blocks, 'who_contact').label.text).toBe('Your people');
    expect(byId(blocks, 'who_contact').element).toMatchObject({ type: 'external_select', action_id: 'who_contact', min_query_length: 0 });
    expect(byId(blocks, 'who').label.text).toBe('Or type their name');
    expect(byId(blocks, 'who').hint?.text).toMatch(/Needed unless you pick them/);
    expect(byId(blocks, 'who_user').label.text).toBe('Or pick them in Slack');
    expect(byId(blocks, 'who_user').hint?.text).toMatch(/Needed unless you pick them from your people or type their name/);
  });

  it('preselects a person in the picker and leaves the name empty', () => {
    const blocks = checkInModal({ playbook: FIVE_CALLS, today: '2026-11-25', whoUser: 'U0ADA' }).blocks as KnownBlock[];
    expect(byId(blocks, 'who_user').element).toMatchObject({ type: 'users_select', initial_user: 'U0ADA' });
    expect(byId(blocks, 'who').element).not.toHaveProperty('initial_value');
  });

  it('marks optional inputs optional and keeps category and outcome required', () => {
    const blocks = checkInModal({ playbook: FIVE_CALLS, today: '2026-11-25' }).blocks as KnownBlock[];
    for (const id of ['who_contact', 'who', 'who_user', 'minutes', 'callback', 'opportunity', 'follow_up', 'call_date', 'notes']) {
      expect(byId(blocks, id).optional, id).toBe(true);
    }
    expect(byId(blocks, 'category').optional).toBeFalsy();
    expect(byId(blocks, 'outcome').optional).toBeFalsy();
  });

  it('uses the right elements: text for minutes, users_select, radio outcomes, datepicker with today, private notes', () => {
    const blocks = checkInModal({ playbook: FIVE_CALLS, today: '2026-11-25' }).blocks as KnownBlock[];
    expect(byId(blocks, 'minutes').element.type).toBe('plain_text_input');
    expect(byId(blocks, 'who_user').element.type).toBe('users_select');
    const outcome = byId(blocks, 'outcome').element as { type: string; options: { value: string }[] };
    expect(outcome.type).toBe('radio_buttons');
    expect(outcome.options.map((o) => o.value)).toEqual(['conversation', 'voicemail', 'no_answer']);
    expect(byId(blocks, 'call_date').element).toMatchObject({ type: 'datepicker', initial_date: '2026-11-25' });
    expect(byId(blocks, 'follow_up').element).toMatchObject({ type: 'datepicker' });
    expect(byId(blocks, 'follow_up').element).not.toHaveProperty('initial_date');
    const notes = byId(blocks, 'notes');
    expect(notes.element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 2000 });
    expect(notes.hint?.text).toBe('Private: only you see this');
    expect(byId(blocks, 'callback').element.type).toBe('checkboxes');
    expect(byId(blocks, 'opportunity').element.type).toBe('checkboxes');
  });

  it('lists the playbook categories and preselects the given one', () => {
    const blocks = checkInModal({ playbook: FIVE_CALLS, today: '2026-11-25', category: 'stretch' }).blocks as KnownBlock[];
    const el = byId(blocks, 'category').element as { options: { value: string }[]; initial_option?: { value: string } };
    expect(el.options.map((o) => o.value)).toEqual(FIVE_CALLS.categories.map((c) => c.key));
    expect(el.initial_option?.value).toBe('stretch');
  });

  it('ignores an unknown category and prefills who, carrying private metadata', () => {
    const view = checkInModal({ playbook: FIVE_CALLS, today: '2026-11-25', category: 'nope', who: '  Ada Lovelace ', privateMetadata: '{"c":"C1"}' });
    const blocks = view.blocks as KnownBlock[];
    expect(byId(blocks, 'category').element).not.toHaveProperty('initial_option');
    expect(byId(blocks, 'who').element).toMatchObject({ initial_value: 'Ada Lovelace' });
    expect(view.private_metadata).toBe('{"c":"C1"}');
  });

  it('stays within limits with a long playbook and a long name; refuses oversized metadata', () => {
    expectViewWithinLimits(checkInModal({ playbook: longPlaybook(), today: '2026-11-25', who: LONG_NAME.repeat(3), category: longPlaybook().categories[3]?.key }));
    expect(() => checkInModal({ playbook: FIVE_CALLS, today: '2026-11-25', privateMetadata: 'x'.repeat(3001) })).toThrow(RangeError);
  });
});

describe('parseCheckInValues', () => {
  const state: ViewStateValues = {
    who: { who: { type: 'plain_text_input', value: 'Grace Hopper' } },
    who_user: { who_user: { type: 'users_select', selected_user: null } },
    category: { category: { type: 'static_select', selected_option: { value: 'past-collaborator' } } },
    outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'voicemail' } } },
    minutes: { minutes: { type: 'plain_text_input', value: '12' } },
    callback: { callback: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } },
    opportunity: { opportunity: { type: 'checkboxes', selected_options: [] } },
    follow_up: { follow_up: { type: 'datepicker', selected_date: '2026-12-01' } },
    call_date: { call_date: { type: 'datepicker', selected_date: '2026-11-24' } },
    notes: { notes: { type: 'plain_text_input', value: 'Talked about her new team' } },
  };

  it('reads every field into the domain raw check-in, which validates', () => {
    const raw = parseCheckInValues(state);
    expect(raw).toEqual({
      who: 'Grace Hopper',
      who_user_id: null,
      who_contact: null,
      category: 'past-collaborator',
      outcome: 'voicemail',
      minutes: '12',
      callback: true,
      opportunity: false,
      follow_up: '2026-12-01',
      notes: 'Talked about her new team',
      call_date: '2026-11-24',
    });
    const result = validateCheckIn(raw, { playbook: FIVE_CALLS, today: '2026-11-25' });
    expect(result).toEqual({
      ok: true,
      value: {
        who: 'Grace Hopper',
        whoUserId: null,
        contactId: null,
        category: 'past-collaborator',
        outcome: 'voicemail',
        minutes: 12,
        callback: true,
        opportunity: false,
        followUp: '2026-12-01',
        notes: 'Talked about her new team',
        callDate: '2026-11-24',
      },
    });
  });

  it('takes a picked user instead of a typed name, and empty optional fields', () => {
    const raw = parseCheckInValues({
      who: { who: { type: 'plain_text_input', value: null } },
      who_user: { who_user: { type: 'users_select', selected_user: 'U0123ABC' } },
      category: { category: { type: 'static_select', selected_option: { value: 'stretch' } } },
      outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'conversation' } } },
      follow_up: { follow_up: { type: 'datepicker', selected_date: null } },
    });
    expect(raw.who_user_id).toBe('U0123ABC');
    expect(raw.callback).toBe(false);
    expect(raw.minutes).toBeNull();
    const result = validateCheckIn(raw, { playbook: FIVE_CALLS, today: '2026-11-25' });
    expect(result.ok && result.value).toMatchObject({ who: null, whoUserId: 'U0123ABC', callDate: '2026-11-25' });
  });

  it('reads a block whose action id differs from its block id', () => {
    expect(parseCheckInValues({ who: { other: { type: 'plain_text_input', value: 'Ada' } } }).who).toBe('Ada');
  });

  it('round-trips through the modal: the modal block ids are the ones parsed', () => {
    const blocks = checkInModal({ playbook: FIVE_CALLS, today: '2026-11-25' }).blocks as KnownBlock[];
    const ids = inputs(blocks).map((b) => b.block_id);
    expect(new Set(ids)).toEqual(new Set(Object.values(CHECK_IN_BLOCK)));
  });
});

describe('checkInErrors', () => {
  it('keys domain errors by block id, for response_action errors', () => {
    const result = validateCheckIn({ minutes: 'lots' }, { playbook: FIVE_CALLS, today: '2026-11-25' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const errors = checkInErrors(result.errors);
    expect(Object.keys(errors).sort()).toEqual(['category', 'minutes', 'outcome', 'who']);
    const blockIds = new Set(inputs(checkInModal({ playbook: FIVE_CALLS, today: '2026-11-25' }).blocks as KnownBlock[]).map((b) => b.block_id));
    for (const key of Object.keys(errors)) expect(blockIds.has(key)).toBe(true);
    expect(checkInErrors({ who: undefined as unknown as string, notes: 'Too long' })).toEqual({ notes: 'Too long' });
    // A bad person id is shown on the picker, a block of the modal too.
    const picked = validateCheckIn({ who: '', who_user_id: 'nobody', category: 'stretch', outcome: 'conversation' }, { playbook: FIVE_CALLS, today: '2026-11-25' });
    expect(!picked.ok && Object.keys(checkInErrors(picked.errors))).toEqual(['who_user']);
    expect(blockIds.has('who_user')).toBe(true);
  });
});
