/** The Settings modal submitted: saved when valid (then the Home is republished), inline errors otherwise. */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { saveMemberSettings } from '../../../services/settings.js';
import type { SlackDeps } from '../../deps.js';
import { SETTINGS_BLOCK } from '../../views/ids.js';
import { parseSettingsValues, settingsErrors } from '../../views/settings.js';
import type { ViewStateValues } from '../../views/state.js';
import { publishHome } from '../home.js';
import { logFailure } from '../support.js';

export function settingsSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const who = { teamId: body.team?.id ?? view.team_id, userId: body.user.id };
    let saved: Awaited<ReturnType<typeof saveMemberSettings>>;
    try {
      saved = await saveMemberSettings(deps.db, { workspaceId: who.teamId, slackUserId: who.userId, raw: parseSettingsValues(view.state.values as ViewStateValues), at: deps.clock.now() });
    } catch (err) {
      logFailure(deps, 'settings submit', who, err);
      await ack({ response_action: 'errors', errors: { [SETTINGS_BLOCK.lane]: "Sorry, we couldn't save your settings just now. Please try again." } });
      return;
    }
    if (!saved.ok) {
      await ack({ response_action: 'errors', errors: settingsErrors(saved.errors) });
      return;
    }
    await ack();
    try {
      await publishHome(deps, client, saved.value);
    } catch (err) {
      logFailure(deps, 'home after settings', who, err);
    }
  };
}
