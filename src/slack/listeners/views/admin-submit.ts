/**
 * The circle admin modal submitted: the right to change the circle is checked again (creator, or a
 * workspace admin per users.info), then saved when valid; inline errors otherwise.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { saveCircleSettings } from '../../../services/settings.js';
import type { SlackDeps } from '../../deps.js';
import { ADMIN_BLOCK } from '../../views/ids.js';
import { parseAdminValues, settingsErrors } from '../../views/settings.js';
import type { ViewStateValues } from '../../views/state.js';
import { logFailure, slackProfile } from '../support.js';

export function adminSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const who = { teamId: body.team?.id ?? view.team_id, userId: body.user.id };
    try {
      const circleId = Number((JSON.parse(view.private_metadata || '{}') as { circleId?: unknown }).circleId);
      if (!Number.isSafeInteger(circleId)) throw new Error('admin modal without a circle id');
      const isWorkspaceAdmin = (await slackProfile(client, who.userId))?.isAdmin ?? false;
      const saved = await saveCircleSettings(deps.db, {
        workspaceId: who.teamId,
        circleId,
        slackUserId: who.userId,
        isWorkspaceAdmin,
        raw: parseAdminValues(view.state.values as ViewStateValues),
      });
      if (saved.ok) await ack();
      else if ('refused' in saved) await ack({ response_action: 'errors', errors: { [ADMIN_BLOCK.playbook]: "Only the circle's creator or a workspace admin can change these settings." } });
      else await ack({ response_action: 'errors', errors: settingsErrors(saved.errors) });
    } catch (err) {
      logFailure(deps, 'admin submit', who, err);
      await ack({ response_action: 'errors', errors: { [ADMIN_BLOCK.playbook]: "Sorry, we couldn't save the circle's settings just now. Please try again." } });
    }
  };
}
