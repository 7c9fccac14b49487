/**
 * member_left_channel: leaving a circle's channel leaves the circle. member_joined_channel changes
 * nothing (joining a circle is explicit, with `/calls join`), so it is only logged.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { leaveCircleOfChannel } from '../../../services/circles.js';
import type { SlackDeps } from '../../deps.js';
import { logFailure } from '../support.js';

export function memberLeftChannel(deps: SlackDeps) {
  return async ({ event, body }: SlackEventMiddlewareArgs<'member_left_channel'> & AllMiddlewareArgs): Promise<void> => {
    const who = { teamId: body.team_id, userId: event.user };
    try {
      const left = await leaveCircleOfChannel(deps.db, deps.clock, { workspaceId: body.team_id, slackUserId: event.user, channelId: event.channel });
      if (left) deps.logger.info({ teamId: body.team_id, userId: event.user, channel: event.channel }, 'member left their circle with its channel');
    } catch (err) {
      logFailure(deps, 'member_left_channel', who, err);
      throw err; // the dedupe middleware forgets the event_id, so Slack's retry is handled
    }
  };
}

export function memberJoinedChannel(deps: SlackDeps) {
  return async ({ event, body }: SlackEventMiddlewareArgs<'member_joined_channel'> & AllMiddlewareArgs): Promise<void> => {
    deps.logger.debug({ teamId: body.team_id, userId: event.user, channel: event.channel }, 'member joined a channel');
  };
}
