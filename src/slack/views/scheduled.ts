/**
 * Messages the scheduler sends: pairing announcements (channel), pair intros (group DM), the
 * mid-week "did you talk?" check, weekday nudges, streak-at-risk reminders and the weekly recap
 * (channel). Channel messages carry counts and mentions only: never notes or contact names.
 */
import type { KnownBlock } from '@slack/types';
import type { LeaderboardRow, RecapFigures } from '../../domain/recap.js';
import { LIMITS, actions, button, context, divider, esc, fallback, header, lines, listJoin, mention, progress, section, weekLabel, type SlackMessage } from './blocks.js';
import { ACTION } from './ids.js';
import { boardLines } from './progress.js';

/** Blocks for a list of lines, chunked into sections, within `maxBlocks`. */
function listSections(items: readonly string[], maxBlocks: number): KnownBlock[] {
  const chunks = lines(items);
  const out: KnownBlock[] = chunks.slice(0, maxBlocks).map((t) => section(t));
  if (chunks.length > maxBlocks) {
    out[out.length - 1] = context('…and more.');
  }
  return out;
}

export function pairingAnnouncement(args: { week: string; groups: string[][]; circleName: string | null }): SlackMessage {
  const where = args.circleName ? ` in ${esc(args.circleName)}` : '';
  const groups = args.groups.filter((g) => g.length > 0);
  const blocks: KnownBlock[] = [header(`:telephone_receiver: Soundboard partners for ${weekLabel(args.week)}`)];
  if (groups.length === 0) {
    blocks.push(section(`No pairs${where} this week: too few members are around. Back next Monday!`));
  } else {
    blocks.push(section(`Here are this week's soundboard pairs${where}:`));
    blocks.push(...listSections(groups.map((g) => `• ${listJoin(g.map(mention))}`), 40));
    blocks.push(context("Share what you're working on today, then talk it through on a call within 24 hours. Check your DMs for the intro."));
  }
  return { text: fallback(`Soundboard partners for ${weekLabel(args.week)}${args.circleName ? ` in ${args.circleName}` : ''}`), blocks };
}

export interface PairIntroInput {
  week: string;
  /** The pairing group: "Share my week" carries it. */
  groupId?: number;
  memberSlackUserIds: string[];
  /** Each member's calls for the week (category titles), to help the first message along. */
  plans: { slackUserId: string; categoryTitles: string[] }[];
}

export function pairIntroMessage(args: PairIntroInput): SlackMessage {
  const who = listJoin(args.memberSlackUserIds.map(mention));
  const trio = args.memberSlackUserIds.length > 2;
  const blocks: KnownBlock[] = [
    section(
      `:wave: Hi ${who}! You're ${trio ? 'soundboard partners (a trio)' : 'soundboard partners'} for ${weekLabel(args.week)}.`,
    ),
    section(
      [
        '*How it works*',
        "1. *Today:* share here what you're working on this week: the tasks and the ideas.",
        '2. *Then talk it through on a call within 24 hours.* Which of it is worth the time? What is missing?',
        '3. Log it as your soundboard call with the button on your weekly plan.',
      ].join('\n'),
    ),
  ];
  const planLines = args.plans
    .filter((p) => p.categoryTitles.length > 0)
    .map((p) => `${mention(p.slackUserId)}: ${p.categoryTitles.map(esc).join(' · ')}`);
  if (planLines.length > 0) blocks.push(section('*This week\'s calls*'), ...listSections(planLines, 10));
  if (args.groupId !== undefined) {
    blocks.push(actions([button('Share my week', ACTION.briefOpen, String(args.groupId), 'primary')], 'brief_share'));
    blocks.push(context("Share your week with the button: once you've all shared I'll propose a call time inside your working hours. I'll check in mid-week to see whether you talked."));
  } else blocks.push(context("I'll check in mid-week to see whether you talked."));
  return { text: fallback(`You're soundboard partners for ${weekLabel(args.week)}: ${args.memberSlackUserIds.map(mention).join(', ')}`), blocks };
}

const PAIR_CHECK_BLOCK = 'pair_check';

function youAll(count: number): string {
  if (count === 3) return 'you three';
  if (count === 2) return 'you two';
  return 'you all';
}

function pairCheckButtons(groupId: number | string): KnownBlock {
  const value = String(groupId);
  return actions(
    [
      button('Yes, we talked', ACTION.pairCheck.yes, value, 'primary'),
      button('Not yet', ACTION.pairCheck.notYet, value),
      button("Can't this week", ACTION.pairCheck.cant, value),
    ],
    PAIR_CHECK_BLOCK,
  );
}

export function midweekCheckMessage(args: { groupId: number | string; memberSlackUserIds: string[]; proposalLine?: string | null }): SlackMessage {
  const question = `Did ${youAll(args.memberSlackUserIds.length)} talk?`;
  return {
    text: `Mid-week check: ${question}`,
    blocks: [
      section(`:wave: ${listJoin(args.memberSlackUserIds.map(mention))}, mid-week check: *${question}*`),
      ...(args.proposalLine ? [context(args.proposalLine)] : []),
      pairCheckButtons(args.groupId),
    ],
  };
}

export type PairAnswer = 'yes' | 'not_yet' | 'cant';

const ANSWER_LINE: Record<PairAnswer | 'none', string> = {
  yes: ':white_check_mark: talked',
  not_yet: ':hourglass_flowing_sand: not yet',
  cant: ":ok_hand: can't this week",
  none: ':grey_question: no answer yet',
};

/**
 * What the mid-week check becomes after a click: each partner's answer so far. The buttons stay
 * until everyone has said Yes, because each partner's own Yes logs their own soundboard call.
 */
export function midweekAnsweredMessage(args: {
  groupId: number | string;
  answer: PairAnswer;
  answeredBySlackUserId: string;
  answers: { slackUserId: string; answer: PairAnswer | null }[];
  /** The click logged a soundboard call for the person who clicked. */
  callLogged: boolean;
}): SlackMessage {
  const by = mention(args.answeredBySlackUserId);
  const headline: Record<PairAnswer, string> = {
    yes: `${by} says you talked. Nicely done!`,
    not_yet: `${by} says not yet. There's still time: find fifteen minutes before Friday.`,
    cant: `${by} says it can't happen this week. No worries, there's always next week.`,
  };
  const plain: Record<PairAnswer, string> = {
    yes: 'You talked. Nicely done!',
    not_yet: 'Not yet: there is still time this week.',
    cant: "Can't this week: no worries.",
  };
  const blocks: KnownBlock[] = [
    section(headline[args.answer]),
    section(args.answers.map((a) => `${mention(a.slackUserId)}: ${ANSWER_LINE[a.answer ?? 'none']}`).join('\n')),
  ];
  const waiting = args.answers.some((a) => a.answer !== 'yes');
  if (args.callLogged) blocks.push(context(`Logged as ${by}'s soundboard call.${waiting ? ' Partners: tap *Yes* to log yours.' : ''}`));
  if (waiting) blocks.push(pairCheckButtons(args.groupId));
  return { text: plain[args.answer], blocks };
}

export function nudgeMessage(args: {
  suggestion: { title: string; why: string; emoji?: string; key?: string } | null;
  logged: number;
  goal: number;
}): SlackMessage {
  const tally = progress(args.logged, args.goal);
  const s = args.suggestion;
  if (s === null) {
    return {
      text: `Today: any call you like (${tally} this week).`,
      blocks: [section(`:telephone_receiver: Every call on this week's list is done (${tally}). Fancy a bonus call today?`)],
    };
  }
  const value = s.key ?? '';
  return {
    text: fallback(`Today's call: ${s.title} (${tally} this week)`),
    blocks: [
      section(`${s.emoji ?? ':telephone_receiver:'} *Today's call: ${esc(s.title)}*\n${esc(s.why)}`),
      actions([button('Log this call', s.key ? `${ACTION.openCheckIn}:${s.key}` : ACTION.openCheckIn, value, 'primary')]),
      context(`${tally} this week · \`/calls today\` for starters and tips`),
    ],
  };
}

export function streakAtRiskMessage(args: { streak: number; logged: number; goal: number }): SlackMessage {
  const left = Math.max(0, args.goal - args.logged);
  const weeks = `${args.streak}-week`;
  const calls = `${left} more ${left === 1 ? 'call' : 'calls'}`;
  return {
    text: `Your ${weeks} streak needs ${calls} this week.`,
    blocks: [
      section(`:fire: Your *${weeks} streak* needs ${calls} this week (you're at ${progress(args.logged, args.goal)}). A quick voicemail counts too!`),
      actions([button('Log a call', ACTION.openCheckIn, '', 'primary')]),
      context('Need a break instead? `/calls pause` keeps your streak safe.'),
    ],
  };
}

export interface RecapInput {
  circleName: string | null;
  week: string;
  figures: RecapFigures;
  /** Rows from the domain's `leaderboard()`; the top 10 are shown. */
  leaderboard: readonly LeaderboardRow[];
  teamStreak: { current: number; best: number };
  /** Percent needed for a team week (shown when given). */
  teamThreshold?: number;
}

export function recapMessage(args: RecapInput): SlackMessage {
  const f = args.figures;
  const t = f.totals;
  const name = args.circleName ? esc(args.circleName) : 'the circle';
  const stat = (n: number, one: string, many = `${one}s`): string => `*${n}* ${n === 1 ? one : many}`;
  const blocks: KnownBlock[] = [
    header(`:bar_chart: Weekly recap: ${weekLabel(args.week)}`),
    section(`Here's how ${name} did this week.`),
    section(
      [
        `:telephone_receiver: ${stat(t.calls, 'call')} · ${stat(t.conversations, 'conversation')} · ${stat(t.voicemails, 'voicemail')} · ${stat(t.noAnswers, 'no answer', 'no answers')}`,
        `:leftwards_arrow_with_hook: ${stat(t.callbacks, 'callback')} · :sparkles: ${stat(t.opportunities, 'opportunity', 'opportunities')}${t.minutes > 0 ? ` · :stopwatch: ${stat(t.minutes, 'minute')}` : ''}`,
        `:white_check_mark: *${f.membersComplete}* of ${f.activeMembers} active ${f.activeMembers === 1 ? 'member' : 'members'} reached the goal`,
        ...(f.pairs > 0 ? [`:handshake: *${f.pairsTalked}* of ${f.pairs} soundboard ${f.pairs === 1 ? 'pair' : 'pairs'} talked`] : []),
        `:fire: Team streak: ${stat(args.teamStreak.current, 'week')} (best ${args.teamStreak.best})${args.teamThreshold !== undefined ? ` · a team week needs ${args.teamThreshold}% of active members` : ''}`,
      ].join('\n'),
    ),
  ];
  const top = args.leaderboard.slice(0, 10);
  if (top.length > 0) {
    blocks.push(divider(), section('*Leaderboard*'), ...listSections(boardLines(top), 3));
  }
  blocks.push(context('Hidden members show as "anonymous". Call notes and names never leave their author.'));
  const text = `Weekly recap for ${args.circleName ?? 'the circle'}: ${t.calls} calls, ${f.membersComplete}/${f.activeMembers} members reached the goal.`;
  if (blocks.length > LIMITS.blocksPerMessage) blocks.length = LIMITS.blocksPerMessage;
  return { text: fallback(text), blocks };
}
