/** "Share my week" on the pair intro or the brief nudge (value: the pairing group id): the brief modal. */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { errorMessage } from '../../views/commands.js';
import { openBrief } from '../modals.js';
import { apologize, deliverNow, logFailure, memberFor } from '../support.js';

export function briefOpenClicked(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const who = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
    try {
      const { member, greeted } = await memberFor(deps, client, who);
      const groupId = Number(action.value);
      const opened = Number.isInteger(groupId) && groupId > 0 ? await openBrief(deps, client, body.trigger_id, member, groupId) : false;
      if (!opened) await respond({ response_type: 'ephemeral', replace_original: false, ...errorMessage('Only the partners of this group can share their week here.') });
      if (greeted) await deliverNow(deps);
    } catch (err) {
      logFailure(deps, 'open brief', who, err);
      await apologize(deps, client, who, respond);
    }
  };
}
