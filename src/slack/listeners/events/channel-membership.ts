/**
 * member_left_channel: leaving a circle's channel leaves the circle. member_joined_channel changes no
 * membership (joining a circle is explicit, with `/calls join`); but when the member is the bot itself,
 * invited back into a channel whose circle the outbox worker deactivated (`not_in_channel`), the circle
 * becomes active again.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { botJoinedChannel, leaveCircleOfChannel } from '../../../services/circles.js';
import type { SlackDeps } from '../../deps.js';
import { handleWithRetries } from './retry.js';

export function memberLeftChannel(deps: SlackDeps) {
  return async ({ event, body }: SlackEventMiddlewareArgs<'member_left_channel'> & AllMiddlewareArgs): Promise<void> => {
    const who = { teamId: body.team_id, userId: event.user };
    await handleWithRetries(deps, 'member_left_channel', who, async () => {
      const left = await leaveCircleOfChannel(deps.db, deps.clock, { workspaceId: body.team_id, slackUserId: event.user, channelId: event.channel });
      if (left) deps.logger.info({ teamId: body.team_id, userId: event.user, channel: event.channel }, 'member left their circle with its channel');
    });
  };
}

export function memberJoinedChannel(deps: SlackDeps) {
  return async ({ event, body, context }: SlackEventMiddlewareArgs<'member_joined_channel'> & AllMiddlewareArgs): Promise<void> => {
    const where = { teamId: body.team_id, userId: event.user, channel: event.channel };
    if (context.botUserId === undefined || event.user !== context.botUserId) {
      deps.logger.debug(where, 'member joined a channel');
      return;
    }
    await handleWithRetries(deps, 'member_joined_channel', { teamId: body.team_id, userId: event.user }, async () => {
      const circle = await botJoinedChannel(deps.db, body.team_id, event.channel);
      if (circle) deps.logger.info({ ...where, circle: circle.id }, 'bot invited back: circle active again');
      else deps.logger.debug(where, 'bot joined a channel');
    });
  };
}
