/**
 * Small helpers shared by the builders: text objects, common blocks, truncation to Slack's limits
 * (src/platform/slack-blockkit.ts), and escaping of text we did not write (names, lanes) for mrkdwn.
 */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  PlainTextOption,
  SectionBlock,
} from '@slack/types';
import { BLOCK_KIT_LIMITS } from '../../platform/slack-blockkit.js';

/** A message: `text` is the notification fallback, `blocks` what Slack shows. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export const LIMITS = {
  ...BLOCK_KIT_LIMITS,
  /** Ours, not Slack's: the notification text beside the blocks stays as short as a section. */
  fallbackText: 3000,
} as const;

/**
 * The first `max` UTF-16 code units of `text` (Slack's measure of length), one fewer when the cut
 * would split a surrogate pair, so the result never ends in a lone surrogate.
 */
export function cutUtf16(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  return text.slice(0, end > 0 && last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}

/**
 * `text` cut to at most `max` characters, ending in "…" when cut. Characters are UTF-16 code units,
 * as Slack counts them (an emoji is two); a surrogate pair is never split.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  return `${cutUtf16(text, max - 1)}…`;
}

/** Escapes text we did not write so it cannot form mrkdwn links or mentions. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack user mention. */
export function mention(slackUserId: string): string {
  return `<@${slackUserId}>`;
}

/** "a, b and c". */
export function listJoin(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] as string}`;
}

export function plain(text: string, max: number = LIMITS.sectionText): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

export function md(text: string, max: number = LIMITS.sectionText): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

export function section(text: string, extra: Partial<Omit<SectionBlock, 'type' | 'text'>> = {}): SectionBlock {
  return { type: 'section', text: md(text), ...extra };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

export function context(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((t) => md(t)) };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function button(text: string, actionId: string, value?: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: plain(text, LIMITS.buttonText),
    action_id: actionId,
    ...(value !== undefined ? { value } : {}),
    ...(style ? { style } : {}),
  };
}

export function actions(elements: Button[], blockId?: string): ActionsBlock {
  return {
    type: 'actions',
    ...(blockId ? { block_id: blockId } : {}),
    elements: elements.slice(0, LIMITS.actionsElements),
  };
}

export function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, LIMITS.optionText), value };
}

export function optionWithDescription(text: string, value: string, description: string): PlainTextOption {
  return { text: plain(text, LIMITS.optionText), value, description: plain(description, LIMITS.optionText) };
}

/** Progress written the product's way: "2/5". */
export function progress(logged: number, goal: number): string {
  return `${logged}/${goal}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Week 48" from "2026-W48" (falls back to the key itself). */
export function weekLabel(week: string): string {
  const m = /^\d{4}-W(\d{2})$/.exec(week);
  return m ? `week ${Number(m[1])}` : week;
}

const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_ABBR = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Mon 7 Dec" (with the year when asked) from a `YYYY-MM-DD` calendar date; other input unchanged. */
export function dayDate(date: string, withYear = false): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const weekday = (new Date(Date.UTC(y, mo - 1, d)).getUTCDay() + 6) % 7;
  return `${DAY_ABBR[weekday]} ${d} ${MONTH_ABBR[mo - 1]}${withYear ? ` ${y}` : ''}`;
}

/** "Mon 7 Dec – Sun 20 Dec" (years shown when the two differ). */
export function dateSpan(start: string, end: string): string {
  const years = start.slice(0, 4) !== end.slice(0, 4);
  return `${dayDate(start, years)} – ${dayDate(end, years)}`;
}

export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** Fallback text cut to a sane length. */
export function fallback(text: string): string {
  return truncate(text, LIMITS.fallbackText);
}

/**
 * Lines grouped into chunks whose joined text fits a section (3000 UTF-16 code units), so long lists
 * become several sections instead of one that Slack rejects. Over-long single lines are cut.
 */
export function lines(items: readonly string[], max: number = LIMITS.sectionText): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of items) {
    const line = truncate(raw, max);
    if (current === '') current = line;
    else if (current.length + 1 + line.length <= max) current += `\n${line}`;
    else {
      chunks.push(current);
      current = line;
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}
