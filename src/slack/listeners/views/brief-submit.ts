/** The brief modal submitted: inline errors, or the brief posted into the group DM (and the call time, once all shared). */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { shareBrief } from '../../../services/briefs.js';
import type { SlackDeps } from '../../deps.js';
import { briefErrors, parseBriefValues } from '../../views/briefs.js';
import { BRIEF_BLOCK } from '../../views/ids.js';
import type { ViewStateValues } from '../../views/state.js';
import { deliverNow, logFailure } from '../support.js';

export function briefSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const who = { teamId: body.team?.id ?? view.team_id, userId: body.user.id };
    let saved: Awaited<ReturnType<typeof shareBrief>>;
    try {
      const groupId = Number((JSON.parse(view.private_metadata || '{}') as { groupId?: unknown }).groupId);
      saved = await shareBrief(deps, { workspaceId: who.teamId, slackUserId: who.userId, groupId, raw: parseBriefValues(view.state.values as ViewStateValues) });
    } catch (err) {
      logFailure(deps, 'brief submit', who, err);
      await ack({ response_action: 'errors', errors: { [BRIEF_BLOCK.workingOn]: "Sorry, we couldn't share this just now. Please try again in a moment." } });
      return;
    }
    if (!saved.ok && 'errors' in saved) {
      await ack({ response_action: 'errors', errors: briefErrors(saved.errors) });
      return;
    }
    if (!saved.ok) {
      await ack({ response_action: 'errors', errors: { [BRIEF_BLOCK.workingOn]: 'Only the partners of this group can share here.' } });
      return;
    }
    await ack();
    await deliverNow(deps);
  };
}
