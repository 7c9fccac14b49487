/**
 * Asserts Slack's Block Kit limits on a builder's output (src/platform/slack-blockkit.ts), and
 * cross-checks with the sandbox emulator's validator, which Slack-like rejects what Slack would.
 */
import { expect } from 'vitest';
import { BLOCK_KIT_LIMITS } from '../../../src/platform/slack-blockkit.js';
import { validateBlocks, validateView } from '../../../src/sandbox/emulator/blockkit.js';

type Obj = Record<string, unknown>;

/** Slack's limits: the one copy in src/platform, which the builders and the emulator use too. */
export const SLACK_LIMITS = BLOCK_KIT_LIMITS;

/** Slack counts UTF-16 code units (an emoji is two), as JavaScript's `.length` does. */
const len = (s: string): number => s.length;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (t: unknown): string => (isObj(t) && typeof t.text === 'string' ? t.text : '');

function walk(node: unknown, path: string, problems: string[], seenIds: { blocks: Set<string>; actions: Set<string> }): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => walk(n, `${path}/${i}`, problems, seenIds));
    return;
  }
  if (!isObj(node)) return;
  const at = (what: string): void => {
    problems.push(`${what} at ${path}`);
  };
  const max = (value: string, limit: number, what: string): void => {
    if (len(value) > limit) at(`${what} is ${len(value)} characters (max ${limit})`);
  };
  for (const key of ['block_id', 'action_id', 'callback_id', 'external_id'] as const) {
    const id = node[key];
    if (typeof id === 'string') {
      max(id, SLACK_LIMITS.id, key);
      if (id === '') at(`${key} is empty`);
    }
  }
  switch (node.type) {
    case 'section':
      if (node.text !== undefined) max(textOf(node.text), SLACK_LIMITS.sectionText, 'section text');
      if (Array.isArray(node.fields)) {
        if (node.fields.length > SLACK_LIMITS.sectionFields) at('too many section fields');
        for (const f of node.fields) max(textOf(f), SLACK_LIMITS.sectionFieldText, 'section field');
      }
      if (node.text === undefined && node.fields === undefined) at('section without text or fields');
      break;
    case 'header':
      max(textOf(node.text), SLACK_LIMITS.headerText, 'header text');
      if (isObj(node.text) && node.text.type !== 'plain_text') at('header text must be plain_text');
      break;
    case 'button':
      max(textOf(node.text), SLACK_LIMITS.buttonText, 'button text');
      if (typeof node.value === 'string') max(node.value, SLACK_LIMITS.buttonValue, 'button value');
      break;
    case 'actions':
      if (!Array.isArray(node.elements) || node.elements.length === 0) at('actions block without elements');
      else if (node.elements.length > SLACK_LIMITS.actionsElements) at('too many elements in an actions block');
      if (Array.isArray(node.elements)) {
        const ids = node.elements.map((e) => (isObj(e) ? e.action_id : undefined)).filter((x) => typeof x === 'string');
        if (new Set(ids).size !== ids.length) at('duplicate action_id in one actions block');
      }
      break;
    case 'context':
      if (!Array.isArray(node.elements) || node.elements.length === 0) at('context block without elements');
      else if (node.elements.length > SLACK_LIMITS.contextElements) at('too many context elements');
      break;
    case 'static_select':
      if (Array.isArray(node.options) && node.options.length > SLACK_LIMITS.staticSelectOptions) at('too many options');
      if (Array.isArray(node.options) && node.options.length === 0) at('static_select without options');
      break;
    default:
      break;
  }
  if ('value' in node && 'text' in node && !('type' in node)) {
    // An option object.
    max(textOf(node.text), SLACK_LIMITS.optionText, 'option text');
    if (typeof node.value === 'string') max(node.value, SLACK_LIMITS.optionValue, 'option value');
    if (node.description !== undefined) max(textOf(node.description), SLACK_LIMITS.optionText, 'option description');
  }
  if (typeof node.block_id === 'string') {
    if (seenIds.blocks.has(node.block_id)) at(`duplicate block_id ${node.block_id}`);
    seenIds.blocks.add(node.block_id);
  }
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'object' && value !== null) walk(value, `${path}/${key}`, problems, seenIds);
  }
}

/** Problems with a list of blocks on a surface; [] when within every limit. */
export function blockProblems(blocks: unknown[], surface: 'message' | 'modal' | 'home'): string[] {
  const problems: string[] = [];
  const maxBlocks = surface === 'message' ? SLACK_LIMITS.blocksPerMessage : SLACK_LIMITS.blocksPerView;
  if (blocks.length === 0) problems.push('no blocks');
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks (max ${maxBlocks})`);
  walk(blocks, '/blocks', problems, { blocks: new Set(), actions: new Set() });
  problems.push(...validateBlocks(blocks, surface));
  return problems;
}

/** Asserts a message (`{ text, blocks }`) is within Slack's limits and has fallback text. */
export function expectMessageWithinLimits(message: { text: string; blocks: unknown[] }): void {
  expect(typeof message.text).toBe('string');
  expect(message.text.trim().length).toBeGreaterThan(0);
  expect(len(message.text)).toBeLessThanOrEqual(3000);
  expect(blockProblems(message.blocks, 'message')).toEqual([]);
}

/** Asserts a modal or Home view is within Slack's limits. */
export function expectViewWithinLimits(input: { type: string; blocks: unknown[] }): void {
  const view = input as unknown as Obj & { type: string; blocks: unknown[] };
  const problems: string[] = [];
  if (view.type === 'modal') {
    for (const key of ['title', 'submit', 'close'] as const) {
      if (view[key] !== undefined) {
        const t = textOf(view[key]);
        if (len(t) > SLACK_LIMITS.viewTitle) problems.push(`${key} is ${len(t)} characters (max ${SLACK_LIMITS.viewTitle})`);
        if (isObj(view[key]) && view[key].type !== 'plain_text') problems.push(`${key} must be plain_text`);
      }
    }
    if (view.title === undefined) problems.push('modal without title');
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > SLACK_LIMITS.privateMetadata) {
    problems.push('private_metadata too long');
  }
  problems.push(...blockProblems(view.blocks, view.type === 'home' ? 'home' : 'modal'));
  problems.push(...validateView(view));
  expect(problems).toEqual([]);
}

/** Every string reachable in a value (for "never contains" checks). */
export function allText(value: unknown): string {
  return JSON.stringify(value);
}
