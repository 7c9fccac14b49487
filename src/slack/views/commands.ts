/**
 * Ephemeral replies to `/calls` subcommands. Pure: data in, `{ text, blocks }` out.
 */
import type { KnownBlock } from '@slack/types';
import { SUBCOMMAND_HELP, usageOf } from '../../platform/commands.js';
import type { Category } from '../../domain/playbooks.js';
import type { LeaderboardRow } from '../../domain/recap.js';
import { dateInWeek, weekStartDate } from '../../domain/weeks.js';
import {
  actions,
  button,
  context,
  dateSpan,
  esc,
  fallback,
  header,
  lines,
  listJoin,
  mention,
  progress,
  section,
  weekLabel,
  type SlackMessage,
} from './blocks.js';
import { ACTION, openCheckInActionId } from './ids.js';
import type { CategorySuggestion } from '../../domain/people.js';
import { suggestionBlocks, suggestionOf } from './people.js';
import { DONE, NOT_DONE, boardLines, progressLine, streakLine, type ProgressView } from './progress.js';

export type { ProgressView } from './progress.js';

/** The call card: emoji + title, why, starters and how to close. */
export function categoryText(c: Category, options: { starters?: number; voicemail?: boolean } = {}): string {
  const starters = c.starters.slice(0, options.starters ?? 3).map((s) => `• _${s}_`);
  return [
    `${c.emoji} *${esc(c.title)}*`,
    esc(c.why),
    ...starters,
    `*Close:* ${esc(c.close)}`,
    ...(options.voicemail ? [`:mailbox_with_mail: *Voicemail:* ${esc(c.voicemail)}`] : []),
  ].join('\n');
}

/** `/calls today`: the call that fits today, this week's progress and the streak. */
export function todayMessage(p: ProgressView, suggestions?: readonly CategorySuggestion[]): SlackMessage {
  const s = p.suggestion;
  const status = `${progressLine(s.logged, p.goal, p.conversations)}\n${streakLine(p.streak)}`;
  const logAny = button('Log a call', ACTION.openCheckIn, '');
  if (p.pausedThisWeek) {
    return {
      text: "You're paused this week. Enjoy the break.",
      blocks: [
        section(":double_vertical_bar: *You're paused this week.* Enjoy the break: your streak is safe.\nBack early? `/calls resume` picks things up again."),
        context(status),
      ],
    };
  }
  if (s.category === null) {
    const short = s.remaining > 0;
    const head = short
      ? `:tada: Every call on this week's list is done. ${s.remaining} more ${s.remaining === 1 ? 'call' : 'calls'} of any kind reach your goal.`
      : ":tada: *All done for the week.* Every call on the list is made. Take the rest of the week off, or make a bonus call.";
    return {
      text: short ? `Every call on this week's list is done. ${progress(s.logged, p.goal)}` : `All done for the week: ${progress(s.logged, p.goal)}`,
      blocks: [section(head), section(status), actions([logAny])],
    };
  }
  const c = s.category;
  const done = s.complete ? "\n:white_check_mark: You've reached this week's goal; anything more is a bonus." : '';
  return {
    text: fallback(`Today's call: ${c.title} (${progress(s.logged, p.goal)} this week)`),
    blocks: [
      section(`*Today's call*${done}`),
      section(categoryText(c)),
      ...(p.today ? suggestionBlocks(suggestionOf(suggestions, c), p.today) : []),
      actions([
        button('Log this call', openCheckInActionId(c.key), c.key, 'primary'),
        button('Log a different call', openCheckInActionId(), ''),
      ]),
      context(status),
    ],
  };
}

/** `/calls week`: each category done or not, calls logged of the goal. */
export function weekMessage(p: ProgressView): SlackMessage {
  const done = new Set(p.suggestion.doneKeys);
  const items = p.playbook.categories.map((c) => `${done.has(c.key) ? DONE : NOT_DONE} ${c.emoji} ${done.has(c.key) ? `~${esc(c.title)}~` : esc(c.title)}`);
  const blocks: KnownBlock[] = [
    section(`*Your ${weekLabel(p.week)}* · ${progressLine(p.suggestion.logged, p.goal, p.conversations)}`),
    ...lines(items).slice(0, 40).map((t) => section(t)),
  ];
  if (p.pausedThisWeek) blocks.push(context(":double_vertical_bar: You're paused this week: nothing is expected of you."));
  else if (p.suggestion.complete) blocks.push(context(':tada: Week complete. Nice work.'));
  blocks.push(context(streakLine(p.streak)), actions([button('Log a call', ACTION.openCheckIn, '')]));
  return { text: fallback(`This week: ${progress(p.suggestion.logged, p.goal)} calls`), blocks };
}

export interface StreakView {
  streak: { current: number; best: number };
  /** The circle's team streak; `null` for a member without a circle (solo). */
  teamStreak: { current: number; best: number } | null;
  circleName?: string | null;
  /** Percent of active members who must finish for a team week. */
  teamThreshold?: number;
}

const weeks = (n: number): string => `${n} ${n === 1 ? 'week' : 'weeks'}`;

/** `/calls streak`: current, best, and the team streak (or "solo"). */
export function streakMessage(v: StreakView): SlackMessage {
  const mine = `:fire: *Your streak:* ${weeks(v.streak.current)} (best ${weeks(v.streak.best)})`;
  const team =
    v.teamStreak === null
      ? ':bust_in_silhouette: *Team streak:* solo. Join a circle with `/calls join` in a channel to build one together.'
      : `:busts_in_silhouette: *Team streak${v.circleName ? ` in ${esc(v.circleName)}` : ''}:* ${weeks(v.teamStreak.current)} (best ${weeks(v.teamStreak.best)})` +
        (v.teamThreshold !== undefined ? `\nA week counts for the team when ${v.teamThreshold}% of active members reach the goal.` : '');
  const tip = v.streak.current === 0 ? 'A week counts once your calls reach the goal. Paused weeks never break a streak.' : 'Paused weeks never break a streak.';
  return {
    text: `Your streak: ${weeks(v.streak.current)}, best ${weeks(v.streak.best)}`,
    blocks: [section(mine), section(team), context(tip)],
  };
}

/** `/calls leaderboard`: ranked rows from the domain's `leaderboard()` (hidden members are "anonymous"). */
export function leaderboardMessage(args: { rows: readonly LeaderboardRow[]; circleName: string | null; week: string }): SlackMessage {
  const title = `Leaderboard${args.circleName ? `: ${args.circleName}` : ''}`;
  const shown = args.rows.slice(0, 100);
  const blocks: KnownBlock[] = [header(`:trophy: ${title}`), context(`${weekLabel(args.week)} · ranked by calls this week, then streak`)];
  if (shown.length === 0) blocks.push(section('Nobody is on the board yet. Log a call to get things going!'));
  else blocks.push(...lines(boardLines(shown)).slice(0, 40).map((t) => section(t)));
  if (args.rows.length > shown.length) blocks.push(context(`…and ${args.rows.length - shown.length} more.`));
  blocks.push(context('Prefer not to appear by name? Choose "Hide me" in `/calls settings`.'));
  return { text: fallback(title), blocks };
}

/** `/calls partner`: this week's soundboard partner(s), or none. */
export function partnerMessage(args: { partners: readonly { slackUserId: string }[] | null; week: string }): SlackMessage {
  const partners = args.partners ?? [];
  if (partners.length === 0) {
    return {
      text: 'No soundboard partner this week.',
      blocks: [
        section(
          `:telephone_receiver: *No soundboard partner for ${weekLabel(args.week)}.*\nPairing happens on Mondays for circle members who aren't paused. Meanwhile, any trusted colleague makes a fine soundboard.`,
        ),
      ],
    };
  }
  const who = listJoin(partners.map((p) => mention(p.slackUserId)));
  const plural = partners.length > 1;
  return {
    text: `Your soundboard ${plural ? 'partners' : 'partner'} this week: ${who}`,
    blocks: [
      section(`:telephone_receiver: Your soundboard ${plural ? 'partners' : 'partner'} for ${weekLabel(args.week)}: ${who}`),
      context("Share what you're working on today, then talk it through on a call within 24 hours."),
    ],
  };
}

/** Every subcommand with a one-line usage (the list itself is src/platform/commands.ts). */
export const HELP_LINES: readonly [usage: string, what: string][] = SUBCOMMAND_HELP.map((sub) => [usageOf(sub), sub.what]);

/** `/calls help`, also the reply to an unknown subcommand ("did you mean …"). */
export function helpMessage(args: { didYouMean?: string; unknown?: string } = {}): SlackMessage {
  const blocks: KnownBlock[] = [];
  let text = 'Call Buddy commands';
  if (args.unknown !== undefined) {
    const shown = esc([...args.unknown].slice(0, 40).join(''));
    const guess = args.didYouMean ? ` Did you mean \`/calls ${esc(args.didYouMean)}\`?` : '';
    const line = `:thinking_face: I don't know \`${shown || ' '}\`.${guess}`;
    blocks.push(section(line));
    text = args.didYouMean ? `Did you mean /calls ${args.didYouMean}?` : "I don't know that command.";
  } else if (args.didYouMean) {
    blocks.push(section(`:thinking_face: Did you mean \`/calls ${esc(args.didYouMean)}\`?`));
    text = `Did you mean /calls ${args.didYouMean}?`;
  }
  blocks.push(
    section(':telephone_receiver: *Call Buddy* keeps you making five networking calls a week, one a day.'),
    section(HELP_LINES.map(([usage, what]) => `\`${usage}\` ${what}`).join('\n')),
  );
  return { text, blocks };
}

/** A gentle "here is what to type instead". */
export function errorMessage(text: string): SlackMessage {
  return { text: fallback(text), blocks: [section(`:warning: ${text}`)] };
}

/** `/calls log` named several people: the check-in open is for the first; how to log the others. */
export function oneCallPerCheckInMessage(args: { picked: string; others: readonly string[] }): SlackMessage {
  const next = args.others.map((id) => `\`/calls log\` ${mention(id)}`);
  const text = `One call per check-in: this one is for ${mention(args.picked)}. Then log the next with ${listJoin(next)}.`;
  return { text: fallback(text), blocks: [section(`:information_source: ${text}`)] };
}

/** For unexpected failures. */
export function apologyMessage(): SlackMessage {
  const text = "Sorry, something went wrong on our side. Nothing was lost; please try again in a minute.";
  return { text, blocks: [section(`:face_with_head_bandage: ${text}`)] };
}

export function joinedMessage(args: { circleName?: string | null; channelId?: string; created?: boolean } = {}): SlackMessage {
  const where = args.channelId ? `<#${args.channelId}>` : args.circleName ? `*${esc(args.circleName)}*` : 'the circle';
  const head = args.created ? `:seedling: You started a new circle in ${where} and you're its first member.` : `:wave: You're in! Welcome to ${where}.`;
  return {
    text: args.created ? 'You started a new circle.' : "You're in the circle.",
    blocks: [
      section(head),
      section("Every Monday you'll get this week's five calls by DM, and a soundboard partner from the circle.\nTry `/calls today` to start right away."),
    ],
  };
}

export function leftMessage(args: { circleName?: string | null } = {}): SlackMessage {
  const name = args.circleName ? ` *${esc(args.circleName)}*` : ' the circle';
  return {
    text: 'You left the circle.',
    blocks: [
      section(`:door: You left${name}. Your calls and streak stay with you, and you'll keep getting your weekly plan solo.`),
      context('Changed your mind? `/calls join` in a circle channel brings you back.'),
    ],
  };
}

export interface PausedView {
  /** First and last paused week (ISO keys). */
  firstWeek: string;
  lastWeek: string;
  /** The date given with `pause until …`, if any. */
  untilDate?: string | null;
}

export function pausedMessage(p: PausedView): SlackMessage {
  // Weeks are the member's own; their Monday and Sunday are the dates they live by.
  const span = dateSpan(weekStartDate(p.firstWeek), dateInWeek(p.lastWeek, 7));
  return {
    text: `Paused ${span}.`,
    blocks: [
      section(`:double_vertical_bar: Paused ${span}. No plans, nudges or pairing meanwhile, and your streak is safe.`),
      context('Back sooner? `/calls resume`.'),
    ],
  };
}

export function resumedMessage(): SlackMessage {
  return {
    text: "Welcome back! You're no longer paused.",
    blocks: [section(":arrow_forward: Welcome back! You're no longer paused. `/calls today` shows the call that fits today.")],
  };
}

/** `/calls export`: the CSV is in the member's DM. */
export function exportSentMessage(args: { rows: number; scope: 'mine' | 'circle' }): SlackMessage {
  const what = args.scope === 'mine' ? `your ${args.rows === 1 ? 'call' : `${args.rows} calls`}` : `${args.rows} member-${args.rows === 1 ? 'week' : 'weeks'} of counts (no names of contacts, no notes)`;
  const text = `Sent: a CSV of ${what}, in your direct messages with me (Call Buddy, under Apps).`;
  return { text: fallback(text), blocks: [section(`:page_facing_up: ${text}`)] };
}
