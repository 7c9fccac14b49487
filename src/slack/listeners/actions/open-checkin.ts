/** "Log a call" and per-category buttons (action ids /^open_checkin/, value = category key or ''). */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { openCheckIn } from '../modals.js';
import { apologize, deliverNow, logFailure, memberFor } from '../support.js';

export function openCheckInClicked(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const who = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
    try {
      const { member, greeted } = await memberFor(deps, client, who);
      // The category comes from the value, or from the action id `open_checkin:<key>`.
      const category = action.value || action.action_id.split(':')[1] || null;
      await openCheckIn(deps, client, body.trigger_id, member, { category });
      if (greeted) await deliverNow(deps);
    } catch (err) {
      logFailure(deps, 'open check-in', who, err);
      await apologize(deps, client, who, respond);
    }
  };
}
