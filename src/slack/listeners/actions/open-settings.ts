/** The Home's Settings button (`open_settings`). */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { circleOf } from '../../../services/circles.js';
import type { SlackDeps } from '../../deps.js';
import { openSettings } from '../modals.js';
import { apologize, logFailure, memberFor } from '../support.js';

export function openSettingsClicked(deps: SlackDeps) {
  return async ({ ack, body, client, respond }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const who = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
    try {
      const { member } = await memberFor(deps, client, who);
      const circle = await circleOf(deps.db, member);
      await openSettings(client, body.trigger_id, member, circle);
    } catch (err) {
      logFailure(deps, 'open settings', who, err);
      await apologize(deps, client, who, respond);
    }
  };
}
