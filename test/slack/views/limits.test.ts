import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCheckInValues } from '../../../src/slack/views/checkin.js';
import type { ViewStateValues } from '../../../src/slack/views/state.js';
import { blockProblems, expectMessageWithinLimits, expectViewWithinLimits } from './limits.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('the limits helper', () => {
  it('passes a small valid message', () => {
    expectMessageWithinLimits({ text: 'hi', blocks: [section('hello')] });
  });

  it.each([
    ['too many blocks', Array.from({ length: 51 }, () => section('x')), /51 blocks/],
    ['long section text', [section('x'.repeat(3001))], /section text/],
    ['long header', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }], /header text/],
    [
      'long button text',
      [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } }] }],
      /button text/,
    ],
    [
      'long button value',
      [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', value: 'v'.repeat(2001), text: { type: 'plain_text', text: 'b' } }] }],
      /button value/,
    ],
    [
      'duplicate action ids in one actions block',
      [{ type: 'actions', elements: [1, 2].map(() => ({ type: 'button', action_id: 'same', text: { type: 'plain_text', text: 'b' } })) }],
      /duplicate action_id/,
    ],
    ['long block id', [{ ...section('x'), block_id: 'i'.repeat(256) }], /block_id/],
    ['duplicate block ids', [{ ...section('x'), block_id: 'a' }, { ...section('y'), block_id: 'a' }], /duplicate block_id/],
  ])('catches %s', (_name, blocks, message) => {
    expect(blockProblems(blocks, 'message').join('\n')).toMatch(message);
  });

  it('catches long option text and oversized modal titles', () => {
    const select = {
      type: 'input',
      block_id: 's',
      label: { type: 'plain_text', text: 'S' },
      element: { type: 'static_select', action_id: 's', options: [{ text: { type: 'plain_text', text: 'o'.repeat(76) }, value: 'v' }] },
    };
    expect(blockProblems([select], 'modal').join('\n')).toMatch(/option text/);
    expect(() =>
      expectViewWithinLimits({ type: 'modal', title: { type: 'plain_text', text: 't'.repeat(25) }, blocks: [section('x')] } as never),
    ).toThrow();
    expect(() => expectMessageWithinLimits({ text: '', blocks: [section('x')] })).toThrow();
  });
});

const FIXTURE = '/work/shared/slack/fixtures/view_submission.payload.json';

describe.skipIf(!existsSync(FIXTURE))('Slack fixture view_submission', () => {
  it('parses a state shaped like the real payload', () => {
    const payload = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { view: { state: { values: ViewStateValues } } };
    const real = payload.view.state.values;
    const [blockId, actions] = Object.entries(real)[0]!;
    const [, value] = Object.entries(actions!)[0]!;
    // The fixture's field moved under our block id, keeping Slack's own action id and shape.
    const raw = parseCheckInValues({ ...real, who: { [`${blockId}-action`]: value } });
    expect(raw.who).toBe(value?.value);
  });
});
