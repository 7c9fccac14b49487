// The one copy of Slack's Block Kit facts: limits as Slack documents them, and where each element
// reports its value in view.state.values.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLOCK_KIT_LIMITS as L, elementState } from '../../src/platform/slack-blockkit.js';

const FACTS = new URL('../../../shared/slack/FACTS.md', import.meta.url);
if (!existsSync(FACTS)) console.warn('[call-buddy] ../shared/slack/FACTS.md is absent: the Block Kit limits are not compared with it.');

describe.skipIf(!existsSync(FACTS))('Block Kit limits', () => {
  it("agree with the table of Slack's limits", () => {
    const table = readFileSync(FACTS, 'utf8');
    const row = (what: string) => {
      const line = table.split('\n').find((l) => l.startsWith(`| ${what} |`));
      expect(line, what).toBeDefined();
      return line!.split('|')[2]!.trim();
    };
    expect(row('blocks per message / per modal or Home tab')).toBe(`${L.blocksPerMessage} / ${L.blocksPerView}`);
    expect(row('section text; section fields')).toBe(`${L.sectionText} chars; ${L.sectionFields} fields of ${L.sectionFieldText}`);
    expect(row('header text')).toBe(`${L.headerText}`);
    expect(row('button text / value')).toBe(`${L.buttonText} / ${L.buttonValue}`);
    expect(row('option text / value')).toBe(`${L.optionText} / ${L.optionValue}`);
    expect(row('options in a static_select')).toBe(`${L.staticSelectOptions}`);
    expect(row('elements in an actions block')).toBe(`${L.actionsElements}`);
    expect(row('modal title, submit, close')).toBe(`${L.viewTitle} each`);
    expect(L.viewButton).toBe(L.viewTitle);
    expect(row('private_metadata')).toBe(`${L.privateMetadata}`);
    expect(row('block_id, action_id, callback_id, external_id')).toBe(`${L.id}`);
  });
});

describe('element state', () => {
  it.each([
    ['static_select', 'selected_option', 'initial_option'],
    ['radio_buttons', 'selected_option', 'initial_option'],
    ['overflow', 'selected_option', null],
    ['checkboxes', 'selected_options', 'initial_options'],
    ['multi_static_select', 'selected_options', 'initial_options'],
    ['users_select', 'selected_user', 'initial_user'],
    ['multi_users_select', 'selected_users', 'initial_users'],
    ['conversations_select', 'selected_conversation', 'initial_conversation'],
    ['channels_select', 'selected_channel', 'initial_channel'],
    ['datepicker', 'selected_date', 'initial_date'],
    ['timepicker', 'selected_time', 'initial_time'],
    ['plain_text_input', 'value', 'initial_value'],
    ['number_input', 'value', 'initial_value'],
  ])('%s reports %s, starts from %s', (type, state, initial) => {
    expect(elementState(type)).toEqual({ state, initial });
  });
  it('treats unknown or missing types as text, never as an Object property', () => {
    expect(elementState(undefined).state).toBe('value');
    expect(elementState('toString').state).toBe('value');
  });
});
