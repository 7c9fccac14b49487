/** The mid-week "Did you talk?" buttons (/^pair_check_/, value = pairing group id): record, then update the message. */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerPairCheck } from '../../../services/pairing.js';
import type { SlackDeps } from '../../deps.js';
import { errorMessage } from '../../views/commands.js';
import { pairCheckAnswer } from '../../views/ids.js';
import { apologize, logFailure } from '../support.js';

export function pairCheckClicked(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const who = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
    try {
      const answer = pairCheckAnswer(action.action_id);
      const groupId = Number(action.value);
      if (!answer || !Number.isSafeInteger(groupId)) throw new Error(`unexpected pair-check action ${action.action_id}`);
      const r = await answerPairCheck(deps, { workspaceId: who.teamId, groupId, slackUserId: who.userId, answer });
      if (!r.ok) {
        await respond({ response_type: 'ephemeral', replace_original: false, ...errorMessage("This check is for the partners it was sent to, so your answer wasn't recorded.") });
        return;
      }
      await respond({ replace_original: true, ...r.message } as Parameters<typeof respond>[0]);
    } catch (err) {
      logFailure(deps, 'pair check', who, err);
      await apologize(deps, client, who, respond);
    }
  };
}
