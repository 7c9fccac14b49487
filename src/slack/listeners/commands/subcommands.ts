/**
 * One function per `/calls` subcommand (except `log` and `settings`, which open modals):
 * call one service, render one builder. Replies are ephemeral.
 */
import type { WebClient } from '@slack/web-api';
import type { Member } from '../../../services/models.js';
import { circleStanding } from '../../../services/boards.js';
import { circleOf, circleOfChannel, joinCircle, leaveCircle } from '../../../services/circles.js';
import { canAdminister } from '../../../domain/members.js';
import type { PauseRequest } from '../../../domain/pauses.js';
import { pauseMember, resumeMember } from '../../../services/pauses.js';
import { circleCountsExport, memberCallsExport } from '../../../services/export.js';
import { memberProgress } from '../../../services/progress.js';
import { partnersThisWeek } from '../../../services/pairing.js';
import { suggestionsFor } from '../../../services/people.js';
import { listPage } from '../actions/people.js';
import type { SlackDeps } from '../../deps.js';
import { esc, section, type SlackMessage } from '../../views/blocks.js';
import {
  errorMessage,
  exportSentMessage,
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
import { inviteFirstMessage, moveCircleQuestion, type ChannelRef } from '../../views/join.js';
import { openAdmin } from '../modals.js';
import { deliverNow, slackProfile } from '../support.js';
import { requestReview } from '../../../services/review.js';

export interface CommandContext {
  deps: SlackDeps;
  client: WebClient;
  member: Member;
  channelId: string;
  channelName: string;
}

export async function today({ deps, member }: CommandContext): Promise<SlackMessage> {
  const progress = await memberProgress(deps.db, deps.clock, member);
  const suggestions = await suggestionsFor(deps.db, deps.clock, member, progress.playbook, progress.circle?.pairing_enabled === true);
  return todayMessage(progress, suggestions);
}

/** `/calls people` (or `archived`): the first page of the member's list. */
export async function people({ deps, member }: CommandContext, archived: boolean): Promise<SlackMessage> {
  return listPage(deps, member, 0, archived);
}

export async function week({ deps, member }: CommandContext): Promise<SlackMessage> {
  return weekMessage(await memberProgress(deps.db, deps.clock, member));
}

export async function streak({ deps, member }: CommandContext): Promise<SlackMessage> {
  // Side by side: the standing reads the member's own circle, the one memberProgress reads.
  const [progress, circleStandingOrNull] = await Promise.all([
    memberProgress(deps.db, deps.clock, member),
    member.circle_id === null ? null : circleStanding(deps.db, deps.clock, member.workspace_id, member.circle_id),
  ]);
  const standing = progress.circle ? circleStandingOrNull : null;
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

/** Slack lets anyone run a slash command in a channel the bot is not in; posting there would fail later. */
async function botIsInChannel(client: WebClient, channelId: string): Promise<boolean> {
  try {
    const info = await client.conversations.info({ channel: channelId });
    return info.channel?.is_member === true;
  } catch {
    return false; // a private channel the bot was not invited to answers channel_not_found
  }
}

/**
 * `/calls join` in a channel: where the bot is not in it, say how to add it (nothing is created); where
 * the member is in another circle, ask first ("Move to #x" / "Stay in #y", see {@link moveToChannel});
 * otherwise join (or start) the circle of this channel.
 */
export async function join({ deps, client, member, channelId, channelName }: CommandContext): Promise<SlackMessage> {
  if (isDirectMessage(channelId, channelName)) {
    return errorMessage('Circles live in channels. Run `/calls join` in the channel your team uses for Call Buddy (invite me there too).');
  }
  const here: ChannelRef = { channelId, name: channelName || null };
  if (!(await botIsInChannel(client, channelId))) return inviteFirstMessage({ channel: here });
  if (member.circle_id !== null) {
    const [current, target] = await Promise.all([circleOf(deps.db, member), circleOfChannel(deps.db, member.workspace_id, channelId)]);
    if (current && current.id !== target?.id) {
      return moveCircleQuestion({ to: here, from: { channelId: current.channel_id, name: current.name } });
    }
  }
  return joinHere(deps, member, here);
}

/** "Move to #x": joins the circle of that channel (the bot must still be in it). */
export async function moveToChannel(deps: SlackDeps, client: WebClient, member: Member, to: ChannelRef): Promise<SlackMessage> {
  if (!(await botIsInChannel(client, to.channelId))) return inviteFirstMessage({ channel: to });
  return joinHere(deps, member, to);
}

async function joinHere(deps: SlackDeps, member: Member, here: ChannelRef): Promise<SlackMessage> {
  const r = await joinCircle(deps.db, deps.clock, { member, channelId: here.channelId, channelName: here.name });
  const msg = joinedMessage({ channelId: here.channelId, created: r.already ? false : r.created });
  if (r.already || !r.movedFrom) return msg;
  const from = r.movedFrom.name ? `*#${esc(r.movedFrom.name)}*` : `<#${r.movedFrom.channel_id}>`;
  return {
    text: `${msg.text} You left your previous circle.`,
    blocks: [section(`:arrows_counterclockwise: You can be in one circle at a time, so you left ${from} to join this one.`), ...msg.blocks],
  };
}

/**
 * `/calls admin` edits the circle of the channel it is typed in, for that circle's creator or a
 * workspace admin; in a channel that is not a circle it says so (and where the member's circle is).
 * Returns null when the modal opened.
 */
export async function admin({ deps, client, member, channelId }: CommandContext, triggerId: string): Promise<SlackMessage | null> {
  const circle = await circleOfChannel(deps.db, member.workspace_id, channelId);
  if (!circle) {
    const mine = await circleOf(deps.db, member);
    return errorMessage(
      mine
        ? `This channel isn't a circle, so it has no circle settings. To change your circle's, run \`/calls admin\` in <#${mine.channel_id}>.`
        : "This channel isn't a circle, so it has no circle settings. Run `/calls join` in a channel to start one; its creator can then change its settings there with `/calls admin`.",
    );
  }
  if (canAdminister(member, circle, false) || ((await slackProfile(client, member.slack_user_id))?.isAdmin ?? false)) {
    await openAdmin(client, triggerId, circle);
    return null;
  }
  return errorMessage(`Only the person who started the circle of <#${circle.channel_id}> (<@${circle.created_by}>) or a workspace admin can change its settings. Ask them, or see \`/calls settings\` for your own.`);
}

export async function leave({ deps, member }: CommandContext): Promise<SlackMessage> {
  const left = await leaveCircle(deps.db, deps.clock, member);
  if (!left) return errorMessage("You're not in a circle, so there's nothing to leave.");
  return leftMessage({ circleName: left.name });
}

/** `/calls review`: the 30-day review as a DM (once per command: the trigger id keys it). */
export async function review({ deps, member }: CommandContext, requestId: string): Promise<SlackMessage> {
  await requestReview(deps, member, requestId);
  await deliverNow(deps);
  return { text: 'Your 30-day review is in your DM.', blocks: [section(':bar_chart: Your 30-day review is in your DM with me. Only you see it.')] };
}

/**
 * `/calls export [circle]`: the CSV as a file in the member's DM (conversations.open for the DM's id,
 * then filesUploadV2: files.getUploadURLExternal, the upload, files.completeUploadExternal shared there).
 */
export async function exportCsv({ deps, client, member }: CommandContext, scope: 'mine' | 'circle'): Promise<SlackMessage> {
  const r =
    scope === 'mine'
      ? await memberCallsExport(deps.db, deps.clock, member)
      : await circleCountsExport(deps.db, deps.clock, member, (await slackProfile(client, member.slack_user_id))?.isAdmin ?? false);
  if (!r.ok) return errorMessage(r.message);
  const dm = await client.conversations.open({ users: member.slack_user_id });
  const channel = dm.channel?.id;
  if (!channel) throw new Error('conversations.open answered without a channel');
  await client.filesUploadV2({ channel_id: channel, file: Buffer.from(r.csv, 'utf8'), filename: r.filename, title: r.title, initial_comment: `Here is your export: ${r.title}.` });
  return exportSentMessage({ rows: r.rows, scope });
}
