/**
 * The answers to "Move to #x?" (after `/calls join` in another circle's channel): "Move" joins the
 * circle of the channel the question was asked in; "Stay" changes nothing. Either replaces the question.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { circleOfChannel } from '../../../services/circles.js';
import type { SlackDeps } from '../../deps.js';
import { stayedMessage } from '../../views/join.js';
import { moveToChannel } from '../commands/subcommands.js';
import { apologize, logFailure, memberFor } from '../support.js';

export function moveCircleClicked(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const who = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
    try {
      const { member } = await memberFor(deps, client, who);
      // The question was asked in the channel to move to: its id is the button's value and the message's channel.
      const channelId = action.value ?? '';
      if (!/^[CG][A-Z0-9]+$/.test(channelId)) throw new Error(`unexpected move-circle value ${JSON.stringify(action.value)}`);
      const name = body.channel?.id === channelId ? (body.channel.name ?? null) : null;
      const reply = await moveToChannel(deps, client, member, { channelId, name });
      await respond({ replace_original: true, ...reply });
    } catch (err) {
      logFailure(deps, 'move circle', who, err);
      await apologize(deps, client, who, respond);
    }
  };
}

export function stayInCircleClicked(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const who = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
    try {
      const channelId = action.value ?? '';
      const circle = channelId ? await circleOfChannel(deps.db, who.teamId, channelId) : undefined;
      await respond({ replace_original: true, ...stayedMessage({ from: { channelId, name: circle?.name ?? null } }) });
    } catch (err) {
      logFailure(deps, 'stay in circle', who, err);
      await apologize(deps, client, who, respond);
    }
  };
}
