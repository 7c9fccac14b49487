/**
 * `/calls join` typed in another circle's channel: ask before moving (a member is in one circle at a
 * time, and their board and pairing follow them), and the answers to that question.
 */
import { actions, button, context, esc, section, type SlackMessage } from './blocks.js';
import { ACTION } from './ids.js';

export interface ChannelRef {
  channelId: string;
  /** The channel's name without '#', when known. */
  name: string | null;
}

/** "#five-calls" (or Slack's channel link when the name is unknown), for buttons and fallback text. */
const hashName = (c: ChannelRef): string => (c.name ? `#${c.name}` : 'this channel');
/** A channel link in mrkdwn: Slack renders `<#C…>` as the channel's current name. */
const link = (c: ChannelRef): string => `<#${c.channelId}>`;

/** The question: move to `to` (the channel where the command was typed) or stay in `from`. */
export function moveCircleQuestion(args: { to: ChannelRef; from: ChannelRef }): SlackMessage {
  const { to, from } = args;
  return {
    text: `You're in the circle of ${hashName(from)}. Move to ${hashName(to)}?`,
    blocks: [
      section(
        `:arrows_counterclockwise: You're in the circle of ${link(from)}, and you can be in one circle at a time. Move to ${link(to)}? Your calls and streak come with you; the board and the weekly pairs you are part of become those of ${link(to)}.`,
      ),
      actions([button(`Move to ${hashName(to)}`, ACTION.moveCircle, to.channelId, 'primary'), button(`Stay in ${hashName(from)}`, ACTION.stayInCircle, from.channelId)]),
    ],
  };
}

/** After "Stay": nothing changed. */
export function stayedMessage(args: { from: ChannelRef }): SlackMessage {
  return {
    text: `You're staying in ${hashName(args.from)}.`,
    blocks: [section(`:ok_hand: You're staying in ${link(args.from)}. Nothing changed.`)],
  };
}

/** The bot is not in the channel: a circle there could not get its pairs or recaps. Nothing was created. */
export function inviteFirstMessage(args: { channel: ChannelRef }): SlackMessage {
  const where = args.channel.name ? `*#${esc(args.channel.name)}*` : 'this channel';
  return {
    text: "I'm not in this channel yet. Invite me with /invite @Call Buddy, then run /calls join again.",
    blocks: [
      section(`:wave: I'm not in ${where} yet, so I couldn't post the weekly pairs or the recap there. Invite me with \`/invite @Call Buddy\`, then run \`/calls join\` again.`),
      context('Nothing changed: no circle was started and your own circle, if you have one, is the same.'),
    ],
  };
}
