/** The Home's "Pause next week" button: pauses next week and republishes the Home. */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { pauseMember } from '../../../services/pauses.js';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../home.js';
import { apologize, logFailure, memberFor } from '../support.js';

export function pauseNextWeekClicked(deps: SlackDeps) {
  return async ({ ack, body, client, respond }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const who = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
    try {
      const { member } = await memberFor(deps, client, who);
      await pauseMember(deps.db, deps.clock, member, { kind: 'next' });
      await publishHome(deps, client, member);
    } catch (err) {
      logFailure(deps, 'pause next week', who, err);
      await apologize(deps, client, who, respond);
    }
  };
}
