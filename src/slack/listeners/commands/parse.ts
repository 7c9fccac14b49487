/**
 * `/calls` text -> what the member asked for. Pure and lenient: case and extra spaces do not matter;
 * an invalid argument yields `invalid` with a message that says what is valid; anything unknown
 * yields `unknown` with the nearest subcommand, when one is close ("did you mean …").
 * Range checks that need today's date (a pause date) belong to the service, not here.
 */
import { isLocalDate } from '../../../domain/weeks.js';
import { PAUSE_MAX_WEEKS, type PauseRequest } from '../../../domain/pauses.js';
import { cutUtf16 } from '../../views/blocks.js';

export const SUBCOMMANDS = [
  'today',
  'log',
  'week',
  'streak',
  'leaderboard',
  'partner',
  'people',
  'pause',
  'resume',
  'join',
  'leave',
  'settings',
  'admin',
  'schedule',
  'review',
  'export',
  'delete-my-data',
  'help',
] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

/** Other words people type for the same thing. */
const ALIASES: Readonly<Record<string, Subcommand>> = {
  '': 'today',
  next: 'today',
  add: 'log',
  checkin: 'log',
  'check-in': 'log',
  plan: 'week',
  progress: 'week',
  streaks: 'streak',
  board: 'leaderboard',
  leaders: 'leaderboard',
  partners: 'partner',
  buddy: 'partner',
  person: 'people',
  contacts: 'people',
  list: 'people',
  unpause: 'resume',
  setting: 'settings',
  preferences: 'settings',
  prefs: 'settings',
  '?': 'help',
  remind: 'schedule',
  reviews: 'review',
  csv: 'export',
  'delete-me': 'delete-my-data',
  'delete-data': 'delete-my-data',
};

export type PauseSpec = PauseRequest;

export type ParsedCommand =
  | { name: 'log'; who: string | null; mentions: string[] }
  | { name: 'pause'; spec: PauseSpec }
  | { name: 'schedule'; who: string }
  | { name: 'export'; scope: 'mine' | 'circle' }
  | { name: 'people'; action: 'list' | 'archived' | 'add'; names: string | null }
  | { name: Exclude<Subcommand, 'log' | 'pause' | 'export' | 'people' | 'schedule'> }
  | { name: 'invalid'; subcommand: Subcommand; message: string }
  | { name: 'unknown'; input: string; suggestion: Subcommand | null };

/** The subcommands that change state and take no argument, with what to type instead. */
const STRICT_USAGE: Partial<Record<Subcommand, string>> = {
  join: "`/calls join` takes nothing after it: type it in the channel whose circle you want to join (invite me there first with `/invite @callbuddy`).",
  leave: "`/calls leave` takes nothing after it: it takes you out of the circle you're in.",
  resume: '`/calls resume` takes nothing after it: it ends your pause now. To pause again later, use `/calls pause …`.',
  settings: '`/calls settings` takes nothing after it: it opens your settings.',
  admin: "`/calls admin` takes nothing after it: type it in any channel to change your circle's settings.",
  'delete-my-data': '`/calls delete-my-data` takes nothing after it: it opens a form that asks you to confirm.',
};

export const SCHEDULE_USAGE = 'Say who to schedule a call with: `/calls schedule Dana Whitfield`. I\'ll ask for a day this week and a time.';
export const EXPORT_USAGE = '`/calls export` (your own calls) or `/calls export circle` (your circle\'s weekly counts, for its admin)';

export const PAUSE_USAGE = '`/calls pause` (next week), `/calls pause 3 weeks` (1 to 12), or `/calls pause until 2026-12-24`';

export function parseCommand(text: string | undefined | null): ParsedCommand {
  const trimmed = (text ?? '').replace(/\s+/g, ' ').trim();
  const space = trimmed.indexOf(' ');
  const head = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const rest = space < 0 ? '' : trimmed.slice(space + 1);
  const name = (SUBCOMMANDS as readonly string[]).includes(head) ? (head as Subcommand) : ALIASES[head];
  if (name === undefined) return { name: 'unknown', input: trimmed, suggestion: closestSubcommand(head) };
  switch (name) {
    case 'log': {
      const { mentions, rest: name } = takeMentions(rest);
      return { name: 'log', who: name === '' ? null : cutUtf16(name, 80), mentions };
    }
    case 'schedule': {
      const who = takeMentions(rest).rest;
      if (who === '') return { name: 'invalid', subcommand: 'schedule', message: SCHEDULE_USAGE };
      return { name: 'schedule', who: cutUtf16(who, 80) };
    }
    case 'export': {
      const scope = rest.toLowerCase();
      if (scope === '' || scope === 'mine' || scope === 'me') return { name: 'export', scope: 'mine' };
      if (scope === 'circle' || scope === 'team') return { name: 'export', scope: 'circle' };
      return { name: 'invalid', subcommand: 'export', message: `I couldn't read that. Try ${EXPORT_USAGE}.` };
    }
    case 'people':
      return parsePeople(rest);
    case 'pause': {
      const spec = parsePause(rest);
      return typeof spec === 'string' ? { name: 'invalid', subcommand: 'pause', message: spec } : { name: 'pause', spec };
    }
    default: {
      // Subcommands that change something take nothing: a word after them may mean something else
      // ("/calls join #growth" typed in #general), so it changes nothing and says how to use them.
      const usage = STRICT_USAGE[name];
      if (usage && rest !== '') return { name: 'invalid', subcommand: name, message: usage };
      // Subcommands that only show something ignore harmless trailing words ("/calls week please").
      return { name };
    }
  }
}

export const PEOPLE_USAGE = '`/calls people` (your list), `/calls people add` (or `/calls people add Dana Lee, Sam Ortiz`) or `/calls people archived`';

/** `/calls people [add [names] | archived]`. */
export function parsePeople(rest: string): ParsedCommand {
  const space = rest.indexOf(' ');
  const word = (space < 0 ? rest : rest.slice(0, space)).toLowerCase();
  const after = space < 0 ? '' : rest.slice(space + 1).trim();
  if (word === '' || word === 'list') return after === '' ? { name: 'people', action: 'list', names: null } : { name: 'invalid', subcommand: 'people', message: `I couldn't read that. Try ${PEOPLE_USAGE}.` };
  if (word === 'add' || word === 'new') return { name: 'people', action: 'add', names: after === '' ? null : after.split(/\s*[,;]\s*/).filter(Boolean).join('\n') };
  if (word === 'archived' || word === 'archive') return after === '' ? { name: 'people', action: 'archived', names: null } : { name: 'invalid', subcommand: 'people', message: `I couldn't read that. Try ${PEOPLE_USAGE}.` };
  return { name: 'invalid', subcommand: 'people', message: `I couldn't read that. Try ${PEOPLE_USAGE}.` };
}

/** A user mention as Slack escapes it in a command's text: `<@U123>` or `<@U123|name>`. */
const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

/** The user ids mentioned in `text` (first occurrence order, no repeats) and the text without them. */
export function takeMentions(text: string): { mentions: string[]; rest: string } {
  const mentions = [...new Set([...text.matchAll(MENTION)].map((m) => m[1]!))];
  return { mentions, rest: text.replace(MENTION, ' ').replace(/\s+/g, ' ').trim() };
}

/** A pause spec, or a message saying what is valid. */
export function parsePause(rest: string): PauseSpec | string {
  const words = rest.toLowerCase().split(' ').filter(Boolean);
  if (words.length === 0) return { kind: 'next' };
  if (words[0] === 'next' && (words.length === 1 || (words.length === 2 && /^weeks?$/.test(words[1]!)))) return { kind: 'next' };
  const first = words[0]!;
  // "until 2026-12-24", "till …", or a bare date.
  const dateWord = ['until', 'till', 'til', 'to'].includes(first) ? words[1] : first;
  if (dateWord !== undefined && /^\d{4}-\d{1,2}-\d{1,2}$/.test(dateWord)) {
    if (words.length > (dateWord === first ? 1 : 2)) return `I couldn't read that. Try ${PAUSE_USAGE}.`;
    const [y, m, d] = dateWord.split('-');
    const date = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    if (!isLocalDate(date)) return `${dateWord} isn't a real date. Use YYYY-MM-DD, e.g. ${PAUSE_USAGE}.`;
    return { kind: 'until', date };
  }
  if (['until', 'till', 'til', 'to'].includes(first)) return `Give the last day as YYYY-MM-DD: ${PAUSE_USAGE}.`;
  // "3", "3 weeks", "3w", "3 wks"
  const m = /^(\d+)\s*(w|wk|wks|week|weeks)?$/.exec(words.join(' '));
  if (m) {
    const n = Number(m[1]);
    if (n >= 1 && n <= PAUSE_MAX_WEEKS) return { kind: 'weeks', weeks: n };
    return `You can pause for 1 to ${PAUSE_MAX_WEEKS} weeks at a time. Try ${PAUSE_USAGE}.`;
  }
  return `I couldn't read that. Try ${PAUSE_USAGE}.`;
}

/** Levenshtein distance (small strings only). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The subcommand the member most likely meant: a unique prefix, else the nearest within a small distance. */
export function closestSubcommand(word: string): Subcommand | null {
  const w = word.toLowerCase();
  if (w === '') return null;
  const candidates = [...SUBCOMMANDS, ...Object.keys(ALIASES).filter((k) => k.length > 2)];
  if (w.length >= 3) {
    const prefixed = [...new Set(candidates.filter((c) => c.startsWith(w)).map(resolve))];
    if (prefixed.length === 1) return prefixed[0]!;
  }
  const limit = w.length <= 4 ? 1 : 2;
  let best: { name: Subcommand; d: number } | null = null;
  for (const c of candidates) {
    const d = editDistance(w, c);
    if (d <= limit && (best === null || d < best.d)) best = { name: resolve(c), d };
  }
  return best?.name ?? null;
}

function resolve(word: string): Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(word) ? (word as Subcommand) : ALIASES[word]!;
}
