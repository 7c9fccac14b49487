/**
 * One function per `/calls` subcommand (except `log`, `settings` and `admin`, which open modals):
 * call one service, render one builder. Replies are ephemeral.
 */
import type { WebClient } from '@slack/web-api';
import type { Member } from '../../../db/types.js';
import { circleStanding } from '../../../services/boards.js';
import { joinCircle, leaveCircle } from '../../../services/circles.js';
import { pauseMember, resumeMember, type PauseRequest } from '../../../services/pauses.js';
import { memberProgress } from '../../../services/progress.js';
import { partnersThisWeek } from '../../../services/pairing.js';
import type { SlackDeps } from '../../deps.js';
import { esc, section, type SlackMessage } from '../../views/blocks.js';
import {
  errorMessage,
  joinedMessage,
  leaderboardMessage,
  leftMessage,
  partnerMessage,
  pausedMessage,
  resumedMessage,
  streakMessage,
  todayMessage,
  weekMessage,
} from '../../views/commands.js';

export interface CommandContext {
  deps: SlackDeps;
  client: WebClient;
  member: Member;
  channelId: string;
  channelName: string;
}

export async function today({ deps, member }: CommandContext): Promise<SlackMessage> {
  return todayMessage(await memberProgress(deps.db, deps.clock, member));
}

export async function week({ deps, member }: CommandContext): Promise<SlackMessage> {
  return weekMessage(await memberProgress(deps.db, deps.clock, member));
}

export async function streak({ deps, member }: CommandContext): Promise<SlackMessage> {
  const progress = await memberProgress(deps.db, deps.clock, member);
  const standing = progress.circle ? await circleStanding(deps.db, deps.clock, member.workspace_id, progress.circle.id) : null;
  return streakMessage({
    streak: progress.streak,
    teamStreak: standing?.team ?? null,
    circleName: progress.circle?.name ?? null,
    ...(standing ? { teamThreshold: standing.circle.team_threshold } : {}),
  });
}

const NO_CIRCLE = "You're not in a circle yet. Run `/calls join` in a channel to start or join one.";

export async function leaderboard({ deps, member }: CommandContext): Promise<SlackMessage> {
  if (member.circle_id === null) return errorMessage(`${NO_CIRCLE} Boards are per circle.`);
  const standing = await circleStanding(deps.db, deps.clock, member.workspace_id, member.circle_id);
  if (!standing) return errorMessage(NO_CIRCLE);
  return leaderboardMessage({ rows: standing.rows, circleName: standing.circle.name, week: standing.week });
}

export async function partner({ deps, member }: CommandContext): Promise<SlackMessage> {
  const { week, partners } = await partnersThisWeek(deps.db, deps.clock, member);
  return partnerMessage({ partners: partners.map((slackUserId) => ({ slackUserId })), week });
}

export async function pause({ deps, member }: CommandContext, request: PauseRequest): Promise<SlackMessage> {
  const r = await pauseMember(deps.db, deps.clock, member, request);
  if (!r.ok) return errorMessage(r.message);
  return pausedMessage({ firstWeek: r.firstWeek, lastWeek: r.lastWeek, untilDate: request.kind === 'until' ? request.date : null });
}

export async function resume({ deps, member }: CommandContext): Promise<SlackMessage> {
  const changed = await resumeMember(deps.db, deps.clock, member);
  if (changed === 0) return errorMessage("You're not paused, so there's nothing to resume. `/calls today` shows today's call.");
  return resumedMessage();
}

/** Direct messages and group DMs cannot be circles. */
export function isDirectMessage(channelId: string, channelName: string): boolean {
  return channelId.startsWith('D') || channelName === 'directmessage' || channelName.startsWith('mpdm-');
}

export const INVITE_ME =
  ":wave: I'm not in this channel yet, so I can't post the weekly pairs or the recap here. Invite me with `/invite @Call Buddy`.";

/** Slack lets anyone run a slash command in a channel the bot is not in; posting there would fail later. */
async function botIsInChannel(client: WebClient, channelId: string): Promise<boolean> {
  try {
    const info = await client.conversations.info({ channel: channelId });
    return info.channel?.is_member !== false;
  } catch {
    return false; // a private channel the bot was not invited to answers channel_not_found
  }
}

export async function join({ deps, client, member, channelId, channelName }: CommandContext): Promise<SlackMessage> {
  if (isDirectMessage(channelId, channelName)) {
    return errorMessage('Circles live in channels. Run `/calls join` in the channel your team uses for Call Buddy (invite me there too).');
  }
  const r = await joinCircle(deps.db, deps.clock, { member, channelId, channelName });
  const msg = joinedMessage({ channelId, created: r.already ? false : r.created });
  const notes: string[] = [];
  if (!r.already && r.movedFrom) {
    const from = r.movedFrom.name ? `*#${esc(r.movedFrom.name)}*` : `<#${r.movedFrom.channel_id}>`;
    notes.push(`:arrows_counterclockwise: You can be in one circle at a time, so you left ${from} to join this one.`);
  }
  const invite = !(await botIsInChannel(client, channelId));
  if (notes.length === 0 && !invite) return msg;
  return {
    text: [msg.text, ...(notes.length ? ['You left your previous circle.'] : []), ...(invite ? [INVITE_ME] : [])].join(' '),
    blocks: [...notes.map((n) => section(n)), ...msg.blocks, ...(invite ? [section(INVITE_ME)] : [])],
  };
}

export async function leave({ deps, member }: CommandContext): Promise<SlackMessage> {
  const left = await leaveCircle(deps.db, deps.clock, member);
  if (!left) return errorMessage("You're not in a circle, so there's nothing to leave.");
  return leftMessage({ circleName: left.name });
}
