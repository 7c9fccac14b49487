// The pure Block Kit validator, one case per limit in FACTS.md.
import { describe, expect, it } from 'vitest';
import { validateBlocks, validateView } from '../../src/sandbox/emulator/index.js';

const pt = (text: string) => ({ type: 'plain_text', text });
const md = (text: string) => ({ type: 'mrkdwn', text });
const button = (action_id: string, text = 'Go', value?: string) => ({ type: 'button', action_id, text: pt(text), ...(value !== undefined ? { value } : {}) });
const option = (text: string, value: string) => ({ text: pt(text), value });
const modal = (extra: Record<string, unknown> = {}) => ({ type: 'modal', title: pt('Log a call'), blocks: [], ...extra });

describe('validateBlocks', () => {
  it('accepts a typical message', () => {
    expect(validateBlocks([
      { type: 'header', text: pt('This week') },
      { type: 'section', text: md('*Soundboard*'), accessory: button('done', 'Done', 'x') },
      { type: 'section', fields: [md('a'), md('b')] },
      { type: 'context', elements: [md('tip')] },
      { type: 'divider' },
      { type: 'actions', elements: [button('a'), { type: 'static_select', action_id: 's', options: [option('One', '1')] }, { type: 'datepicker', action_id: 'd', initial_date: '2026-03-02' }] },
    ], 'message')).toEqual([]);
  });

  const cases: [string, unknown[], 'message' | 'modal' | 'home', string][] = [
    ['51 blocks in a message', Array.from({ length: 51 }, () => ({ type: 'divider' })), 'message', 'no more than 50 items'],
    ['101 blocks in a modal', Array.from({ length: 101 }, () => ({ type: 'divider' })), 'modal', 'no more than 100 items'],
    ['101 blocks on Home', Array.from({ length: 101 }, () => ({ type: 'divider' })), 'home', 'no more than 100 items'],
    ['section text 3001', [{ type: 'section', text: md('x'.repeat(3001)) }], 'message', '/blocks/0/text/text'],
    ['11 section fields', [{ type: 'section', fields: Array.from({ length: 11 }, () => md('f')) }], 'message', '/blocks/0/fields'],
    ['section field 2001', [{ type: 'section', fields: [md('x'.repeat(2001))] }], 'message', '/blocks/0/fields/0/text'],
    ['header 151', [{ type: 'header', text: pt('x'.repeat(151)) }], 'message', '/blocks/0/text/text'],
    ['header mrkdwn', [{ type: 'header', text: md('x') }], 'message', 'must be plain_text'],
    ['button text 76', [{ type: 'actions', elements: [button('a', 'x'.repeat(76))] }], 'message', '/blocks/0/elements/0/text/text'],
    ['button value 2001', [{ type: 'actions', elements: [button('a', 'Go', 'x'.repeat(2001))] }], 'message', '/blocks/0/elements/0/value'],
    ['option text 76', [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: [option('x'.repeat(76), '1')] }] }], 'message', '/options/0/text/text'],
    ['option value 76', [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: [option('a', 'x'.repeat(76))] }] }], 'message', '/options/0/value'],
    ['101 select options', [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: Array.from({ length: 101 }, (_, i) => option(`o${i}`, `${i}`)) }] }], 'message', 'at most 100'],
    ['26 action elements', [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`a${i}`)) }], 'message', 'at most 25'],
    ['block_id 256', [{ type: 'divider', block_id: 'b'.repeat(256) }], 'message', '/blocks/0/block_id'],
    ['action_id 256', [{ type: 'actions', elements: [button('a'.repeat(256))] }], 'message', '/blocks/0/elements/0/action_id'],
    ['duplicate block_id', [{ type: 'divider', block_id: 'x' }, { type: 'divider', block_id: 'x' }], 'message', 'duplicate block_id'],
    ['duplicate action_id', [{ type: 'actions', elements: [button('a'), button('a')] }], 'message', 'duplicate action_id'],
    ['unknown block type', [{ type: 'carousel' }], 'message', 'unsupported block type'],
    ['section without text or fields', [{ type: 'section' }], 'message', 'either text or fields'],
    ['button without text', [{ type: 'actions', elements: [{ type: 'button', action_id: 'a' }] }], 'message', 'missing required field: text'],
    ['input in a message', [{ type: 'input', label: pt('L'), element: { type: 'plain_text_input', action_id: 'a' } }], 'message', 'only allowed in modals'],
    ['input without element', [{ type: 'input', label: pt('L') }], 'modal', 'missing required field: element'],
    ['empty text', [{ type: 'section', text: md('') }], 'message', 'more than 0 characters'],
    ['bad datepicker date', [{ type: 'actions', elements: [{ type: 'datepicker', action_id: 'd', initial_date: '02/03/2026' }] }], 'message', 'YYYY-MM-DD'],
  ];
  it.each(cases)('rejects %s', (_name, blocks, surface, expected) => {
    const errors = validateBlocks(blocks, surface);
    expect(errors.join('\n')).toContain(expected);
  });

  it('accepts exactly-at-limit values', () => {
    expect(validateBlocks([
      { type: 'section', text: md('x'.repeat(3000)), fields: Array.from({ length: 10 }, () => md('y'.repeat(2000))) },
      { type: 'header', text: pt('h'.repeat(150)) },
      { type: 'actions', block_id: 'b'.repeat(255), elements: [button('a'.repeat(255), 't'.repeat(75), 'v'.repeat(2000)), ...Array.from({ length: 24 }, (_, i) => button(`x${i}`))] },
      { type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: Array.from({ length: 100 }, (_, i) => option('o'.repeat(75), `${i}`.padEnd(75, 'v'))) }] },
      ...Array.from({ length: 46 }, () => ({ type: 'divider' })),
    ], 'message')).toEqual([]);
  });
});

describe('validateView', () => {
  it('accepts a modal with inputs and a submit button', () => {
    expect(validateView(modal({
      submit: pt('Save'), close: pt('Cancel'), callback_id: 'check_in', private_metadata: 'x'.repeat(3000),
      blocks: [{ type: 'input', block_id: 'who', label: pt('Who'), element: { type: 'plain_text_input', action_id: 'name' } }],
    }))).toEqual([]);
  });
  it.each([
    ['title 25', modal({ title: pt('x'.repeat(25)) }), '/view/title/text'],
    ['submit 25', modal({ submit: pt('x'.repeat(25)) }), '/view/submit/text'],
    ['close 25', modal({ close: pt('x'.repeat(25)) }), '/view/close/text'],
    ['mrkdwn title', modal({ title: md('x') }), 'must be plain_text'],
    ['no title', { type: 'modal', blocks: [] }, 'missing required field: title'],
    ['private_metadata 3001', modal({ private_metadata: 'x'.repeat(3001) }), '/view/private_metadata'],
    ['callback_id 256', modal({ callback_id: 'c'.repeat(256) }), '/view/callback_id'],
    ['external_id 256', modal({ external_id: 'e'.repeat(256) }), '/view/external_id'],
    ['inputs without submit', modal({ blocks: [{ type: 'input', label: pt('L'), element: { type: 'plain_text_input', action_id: 'a' } }] }), 'submit is required'],
    ['unknown type', { type: 'workflow_step', blocks: [] }, '/view/type'],
    ['101 home blocks', { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }, 'no more than 100'],
  ] as [string, unknown, string][])('rejects %s', (_name, view, expected) => {
    expect(validateView(view).join('\n')).toContain(expected);
  });
});
